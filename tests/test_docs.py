"""Docs are part of the feature: the README is short and true, and every command and option is
documented in it or in the reference under docs/, with examples that run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from livertx.cli import app

from .conftest import ROOT
from .readme_examples import NOTICE_LINE, PAGES, docs_text, example_folder, printed, runs

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = docs_text()  # the README and every page under docs/


def _commands() -> dict[str, list[str]]:
    group = typer.main.get_command(app)
    out: dict[str, list[str]] = {
        "": [opt for p in group.params for opt in p.opts if opt.startswith("-")]
    }
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        out[name] = [
            opt
            for p in command.params
            for opt in (*p.opts, *p.secondary_opts)
            if opt.startswith("-")
        ]
    return out


def test_every_command_has_a_reference_section_with_an_example() -> None:
    for name in _commands():
        if name:
            assert f"### `livertx {name}" in DOCS, name
            assert f"$ livertx {name}" in DOCS, name


def test_the_readme_shows_every_command_in_an_example() -> None:
    for name in _commands():
        if name:
            assert f"$ livertx {name}" in README, name


def test_every_option_is_documented() -> None:
    for name, options in _commands().items():
        for option in options:
            assert f"`{option}" in DOCS or f"{option} " in DOCS, (name, option)


def test_the_readme_stays_short_and_keeps_what_a_newcomer_needs() -> None:
    assert len(README.encode("utf-8")) <= 20 * 1024, "README.md is over 20 KB: move detail to docs/"
    for heading in (
        "## Quick start",
        "## How to read an answer",
        "## Exit codes",
        "## Performance",
    ):
        assert f"\n{heading}\n" in README, heading
    assert "It is not medical advice." in README.split("## Quick start", 1)[0]
    for page in PAGES[1:]:
        assert f"](docs/{page.name}" in README, f"the README does not link to docs/{page.name}"


def _anchor(heading: str) -> str:
    """The anchor a Markdown heading gets on the usual renderers: lower case, punctuation dropped,
    spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_every_link_between_the_pages_leads_somewhere() -> None:
    anchors = {
        page.resolve(): {
            _anchor(h) for h in re.findall(r"^#+ (.*)$", page.read_text(encoding="utf-8"), re.M)
        }
        for page in PAGES
    }
    for page in PAGES:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target) or target.startswith("<"):
                continue
            path, _, anchor = target.partition("#")
            where = (page.parent / path).resolve() if path else page.resolve()
            assert where.exists(), (page.name, target)
            if anchor and where.suffix == ".md":
                assert anchor in anchors.get(where, set()), (page.name, target)


def test_quick_start_is_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1
    commands = [line for line in blocks[0].splitlines() if line.strip()]
    assert len(commands) == 2
    assert commands[0].endswith("livertx stage advanced")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "## Quick start" in ci  # .ci/run reads the commands out of the README itself


def _console_examples(text: str) -> list[tuple[str, list[str]]]:
    """(command, the output the page shows under it) for each `$ livertx ...` example that runs
    on its own (see readme_examples.runs), up to a line that ends with `…`."""
    out = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        lines = block.rstrip("\n").split("\n")
        for i, line in enumerate(lines):
            if not runs(line):
                continue
            shown = []
            for later in lines[i + 1 :]:
                if later.startswith("$ ") or later.strip() == "…":
                    break
                shown.append(later)
            out.append((line[2:], shown))
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_the_examples_show_what_livertx_prints(page: Path, tmp_path: Path) -> None:
    # The README says its examples were run with --as-of 2026-11-23 at 100 columns. Each page's
    # run in an empty folder of their own, in order, so that the files the examples write (-o,
    # export) land there and an example that refuses to overwrite one sees it.
    examples = _console_examples(page.read_text(encoding="utf-8"))
    folder = example_folder(tmp_path)
    for command, shown in examples:
        notice_first = bool(shown) and shown[0] == NOTICE_LINE
        assert printed(command, folder, notice_first)[: len(shown)] == shown, (page.name, command)


def test_there_are_examples_to_run() -> None:
    assert len(_console_examples(README)) >= 10
    assert len(_console_examples(DOCS)) >= 30


GOLDEN_HELP = ROOT / "tests" / "golden" / "help"


def test_help_is_what_users_have_been_shown() -> None:
    """A dependency upgrade that changes what `--help` prints (typer 0.29 writes `STAGE <str>`)
    fails here. Regenerate on purpose with:
    for c in "" stage explain drug compare sources search validate schema completion diff export fingerprint review
    do COLUMNS=80 TERM=dumb python -m livertx $c --help > tests/golden/help/${c:-livertx}.txt; done"""
    import os
    import subprocess
    import sys

    commands = ["", *(name for name in _commands() if name)]
    assert {p.stem for p in GOLDEN_HELP.glob("*.txt")} == {c or "livertx" for c in commands}
    env = {**os.environ, "COLUMNS": "80", "TERM": "dumb"}
    for command in commands:
        args = [command, "--help"] if command else ["--help"]
        shown = subprocess.run(
            [sys.executable, "-m", "livertx", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert shown.stdout == (GOLDEN_HELP / f"{command or 'livertx'}.txt").read_text(
            encoding="utf-8"
        ), command


def _four_mistakes(text: str) -> str:
    """The shipped catalog with the README's four typical mistakes made in it."""

    def after(anchor: str, old: str, new: str, text: str) -> str:
        start = text.index(anchor)
        at = text.index(old, start)
        return text[:at] + new + text[at + len(old) :]

    text = after("\n  - id: advanced\n", "source: nci,", "source: ncii,", text)
    thirteenth = [
        m.start() for m in re.finditer(r"\n  - id: ", text[text.index("\nmodalities:") :])
    ]
    anchor = text[text.index("\nmodalities:") + thirteenth[12] :].split("\n", 2)[1]
    text = after(anchor + "\n", 'reviewed: "2026-12-02"', 'reviewed: "2026-02-30"', text)
    text = after("\n  - id: lenvatinib\n", "brands: [Lenvima]", "brands: [Lenvima, Lenvima]", text)
    return after(
        "\n  - id: nci-localized-transplant\n", "stages: [localized]", "stages: [localised]", text
    )


def test_the_four_typical_mistakes_are_reported_as_the_catalog_guide_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    guide = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    shown = guide.split("four typical mistakes (`--as-of 2026-11-23`):\n\n```\n", 1)[1]
    shown = shown.split("```", 1)[0]
    catalog = (ROOT / "data" / "treatments.yaml").read_text(encoding="utf-8")
    (tmp_path / "treatments.yaml").write_text(_four_mistakes(catalog), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["validate", "treatments.yaml", "--as-of", "2026-11-23"], env={"COLUMNS": "1000"}
    )
    assert result.exit_code == 3
    assert result.stdout == shown, result.stdout


def test_the_readme_counts_the_catalog_it_ships() -> None:
    # "19 caveats ... catalog version 1.3.0" stood in the README two catalog versions later
    from livertx import load_catalog

    c = load_catalog()
    text = " ".join(README.split())
    said = (
        f"It holds {len(c.stages)} stages and situations, {len(c.modalities)} modalities, "
        f"{len(c.drugs)} drugs, {len(c.regimens)} regimens, {len(c.stage_options)} stage options "
        f"(one per source statement) and {len(c.caveats)} caveats and conflicts (catalog version "
        f"{c.version};"
    )
    assert said in text
