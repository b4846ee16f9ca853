"""Golden answers: what livertx prints for a dozen answers, in every format, checked in.

Every visible change to an answer shows in the diff of tests/golden/answers/. Regenerate them on
purpose, and read the diff before committing it:

    python -m tests.golden_answers --update

Each answer runs in-process with a fixed review date (--as-of 2026-11-23), 100 columns wide, from
the root of the checkout (so a custom catalog is named by its relative path). The Rich table is
drawn with colour and its escape codes are stripped; "Made YYYY-MM-DD" in a handout is the day the
file was made, so it is written as "Made <today>". tests/golden/answers/index.txt lists every
command with its exit code and what it said on stderr.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "answers"
AS_OF = "2026-11-23"
WIDTH = "100"


@dataclass(frozen=True)
class Case:
    """One answer of the golden set: a name for its files and the command's arguments."""

    name: str
    args: tuple[str, ...]
    formats: tuple[str, ...] = ("table", "plain", "json", "markdown", "csv", "html")


CASES: tuple[Case, ...] = (
    Case("stage-advanced", ("stage", "advanced")),
    Case("stage-localized", ("stage", "early")),
    Case("stage-poor-liver-function", ("stage", "poor-liver-function")),
    Case("stage-advanced-by-source", ("stage", "advanced", "--by-source"), ("plain",)),
    Case(
        "stage-advanced-filtered",
        ("stage", "advanced", "--source", "palliative-surgery-qa"),
    ),
    Case("stage-list", ("stage",)),
    Case("explain-tace", ("explain", "tace")),
    Case("explain-targeted-therapy", ("explain", "targeted-therapy")),
    Case("explain-list", ("explain",)),
    Case("drug-list", ("drug",), ("table", "plain")),
    Case("drug-fuzzy", ("drug", "nexavr")),
    Case("drug-combination", ("drug", "atezolizumab")),
    Case("compare", ("compare", "tace", "rfa")),
    Case("search", ("search", "embolization")),
    Case("sources", ("sources",)),
    Case("custom-catalog", ("--catalog", "tests/fixtures/minimal.yaml", "stage", "late")),
    Case("validate", ("validate", "data/treatments.yaml"), ("plain", "json")),
    Case(
        "diff",
        ("diff", "tests/fixtures/minimal.yaml", "tests/fixtures/minimal-next.yaml"),
        ("plain", "json", "markdown"),
    ),
    Case(
        "validate-drift",
        ("validate", "tests/fixtures/minimal.yaml", "--documents", "tests/fixtures/documents-next"),
        ("plain", "json"),
    ),
    Case(
        "review",
        (
            "review",
            "--catalog",
            "tests/fixtures/minimal.yaml",
            "--documents",
            "tests/fixtures/documents-next",
            "--previous",
            "tests/fixtures/documents",
        ),
        ("plain", "json", "markdown", "html"),
    ),
    # bad input: the same sentences and exit codes as before
    Case("error-drug-not-found", ("drug", "zzqx"), ("plain", "json")),
    Case("combination-typed", ("drug", "atezolizumab + bevacizumab"), ("plain", "json")),
    Case("error-stage-unknown", ("stage", "nowhere"), ("plain", "json")),
    Case(
        "stage-nothing-left",
        ("stage", "advanced", "--min-trust", "attributed", "--status", "clinical_trial"),
        ("plain", "json"),
    ),
    Case("error-two-formats", ("sources", "--json", "--format", "csv"), ("plain",)),
    # issue 28: names as people paste them
    Case("combination-unlisted", ("drug", "atezolizumab and sorafenib"), ("plain", "json")),
    Case("drug-beside-unknown-word", ("drug", "sorafenib capecitabine tablets"), ("plain",)),
    Case("search-approximate", ("search", "sorafinib"), ("plain", "json", "markdown")),
    # the full tables, one option away from the compact default
    Case("stage-advanced-detail", ("stage", "advanced", "--detail"), ("plain",)),
    Case("explain-tace-detail", ("explain", "tace", "--detail"), ("plain",)),
    Case("drug-fuzzy-detail", ("drug", "nexavr", "--detail"), ("plain",)),
    Case("compare-detail", ("compare", "tace", "rfa", "--detail"), ("plain",)),
    Case("drug-list-detail", ("drug", "--detail"), ("plain",)),
)

SUFFIX = {
    "table": "table.txt",
    "plain": "plain.txt",
    "json": "json",
    "markdown": "md",
    "csv": "csv",
    "html": "html",
}
FORMAT_ARGS = {
    "table": ("--color", "always"),
    "plain": ("--color", "never"),
    "json": ("--json",),
    "markdown": ("--format", "markdown"),
    "csv": ("--format", "csv"),
    "html": ("--format", "html"),
}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_MADE = re.compile(r"Made \d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Shown:
    """What one command printed."""

    command: str
    exit_code: int
    stdout: str
    stderr: str


def command_line(case: Case, fmt: str) -> tuple[str, ...]:
    """The arguments after `livertx` for one case in one format."""
    root = ("--as-of", AS_OF)
    if fmt in ("table", "plain"):  # --color is a root option (the CLI also takes it anywhere)
        return (*root, *FORMAT_ARGS[fmt], *case.args)
    if case.args[0] in ("validate", "diff", "review") and fmt != "json":  # their own --format
        return (*root, *case.args, "--format", fmt)
    return (*root, *case.args, *FORMAT_ARGS[fmt])


@contextmanager
def _fixed_environment(width: str = WIDTH) -> Iterator[None]:
    """The root of the checkout as working folder, 100 columns, no colour or catalog settings."""
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    for name in ("LIVERTX_CATALOG", "NO_COLOR", "FORCE_COLOR", "LIVERTX_PAGER", "PAGER"):
        os.environ.pop(name, None)
    os.environ.update({"COLUMNS": width, "TERM": "xterm"})
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def run(case: Case, fmt: str, width: str = WIDTH) -> Shown:
    """Run one case in-process, as a pipe would see it, `width` columns wide."""
    import shlex

    from typer.testing import CliRunner

    from livertx.cli import app

    args = command_line(case, fmt)
    with _fixed_environment(width):
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": width, "TERM": "xterm"})
    stdout = _MADE.sub("Made <today>", _ANSI.sub("", result.stdout))
    return Shown("livertx " + shlex.join(args), result.exit_code, stdout, result.stderr)


def expected_files() -> dict[str, str]:
    """Every golden file, by its name under tests/golden/answers/, with its text."""
    files: dict[str, str] = {}
    index: list[str] = []
    for case in CASES:
        for fmt in case.formats:
            shown = run(case, fmt)
            files[f"{case.name}.{SUFFIX[fmt]}"] = shown.stdout
            index.append(f"$ {shown.command}\nexit {shown.exit_code}\n")
            index.extend(f"stderr: {line}\n" for line in shown.stderr.splitlines())
            index.append("\n")
    files["index.txt"] = "".join(index)
    return files


def update() -> list[str]:
    """Write every golden file, remove the ones no case makes; the names of files that changed."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    files = expected_files()
    changed = []
    for name, text in files.items():
        path = GOLDEN / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(name)
    for path in GOLDEN.iterdir():
        if path.name not in files:
            path.unlink()
            changed.append(path.name)
    return changed


def main(argv: list[str]) -> int:
    if argv != ["--update"]:
        print("usage: python -m tests.golden_answers --update", file=sys.stderr)
        return 2
    changed = update()
    print(f"{len(changed)} golden file(s) changed" + (": " + ", ".join(changed) if changed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
