"""Docs are part of the feature: every command and option is in the README, and Quick start is true."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from livertx.catalog.load import default_catalog_path
from livertx.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


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


def test_every_command_has_a_readme_section_with_an_example() -> None:
    for name in _commands():
        if name:
            assert f"### `livertx {name}" in README, name
            assert f"$ livertx {name}" in README, name


def test_every_option_is_in_the_readme() -> None:
    for name, options in _commands().items():
        for option in options:
            assert f"`{option}" in README or f"{option} " in README, (name, option)


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


NOTICE_LINE = "Note: Educational information with its sources, not medical advice. Talk to your care team about any treatment decision."


def _console_examples() -> list[tuple[str, list[str]]]:
    """(command, the output the README shows under it) for each `$ livertx ...` example that runs
    on its own (no pipe, no shell completion), up to a line that ends with `…`."""
    out = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        lines = block.rstrip("\n").split("\n")
        for i, line in enumerate(lines):
            if (
                not line.startswith("$ livertx ")
                or "|" in line
                or "completion" in line
                or "<TAB>" in line
            ):
                continue
            shown = []
            for later in lines[i + 1 :]:
                if later.startswith("$ ") or later.strip() == "…":
                    break
                shown.append(later)
            out.append((line[2:], shown))
    return out


def test_the_readme_examples_show_what_livertx_prints(tmp_path: Path) -> None:
    # The README says its examples were run with --as-of 2026-11-23 at 100 columns. They run in
    # an empty folder of their own, in order, so that the files the examples write (-o, export)
    # land there and an example that refuses to overwrite one sees it.
    import os
    import shlex
    import subprocess
    import sys

    examples = _console_examples()
    assert len(examples) >= 12
    (tmp_path / "tests").symlink_to(ROOT / "tests")  # for the examples that name a fixture
    env = {**os.environ, "COLUMNS": "100", "LIVERTX_CACHE_DIR": "off"}
    for command, shown in examples:
        args = shlex.split(command)[1:]
        if "--as-of" not in args:
            args = ["--as-of", "2026-11-23", *args]
        if args[-1:] == ["validate"] or "validate" in args:
            env_run = {
                **env,
                "COLUMNS": "1000",
            }  # one line per finding, wherever the checkout lives
        else:
            env_run = env
        proc = subprocess.run(
            [sys.executable, "-m", "livertx", *args],
            capture_output=True,
            text=True,
            env=env_run,
            timeout=120,
            cwd=tmp_path,  # where `-o` and `export` examples write; tests/ is linked in
        )
        printed = proc.stdout.rstrip("\n").split("\n") if proc.stdout else []
        printed += [
            line for line in proc.stderr.rstrip("\n").split("\n") if line and line != NOTICE_LINE
        ]
        if shown and shown[0] == NOTICE_LINE:
            printed = [NOTICE_LINE, *printed]
        # The shipped catalog's path: the checkout's, or the installed package's (from an sdist)
        for catalog in (str(ROOT / "data" / "treatments.yaml"), str(default_catalog_path())):
            printed = [line.replace(catalog, "…/data/treatments.yaml") for line in printed]
        assert printed[: len(shown)] == shown, command


GOLDEN_HELP = ROOT / "tests" / "golden" / "help"


def test_help_is_what_users_have_been_shown() -> None:
    """A dependency upgrade that changes what `--help` prints (typer 0.29 writes `STAGE <str>`)
    fails here. Regenerate on purpose with:
    for c in "" stage explain drug sources search validate; do
        COLUMNS=80 python -m livertx $c --help > tests/golden/help/${c:-livertx}.txt; done"""
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
