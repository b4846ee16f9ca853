"""`--help` shows every command whole and ends with examples that work as written."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from livertx.cli import app
from livertx.cli.help_text import EXAMPLE_WIDTH, EXAMPLES

from .conftest import ROOT, SEEDS

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _help(*args: str) -> str:
    env = {**os.environ, "COLUMNS": "80", "TERM": "dumb"}
    return subprocess.run(
        [sys.executable, "-m", "livertx", *args, "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    ).stdout


def test_the_command_list_cuts_no_description_at_80_columns() -> None:
    listed = _help().split("\nCommands:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(listed) == len(COMMANDS)
    for line in listed:
        assert not line.rstrip().endswith("..."), line
        assert len(line) <= 80, line


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_each_help_ends_with_its_examples_whole(command: str) -> None:
    shown = _help(*([command] if command else []))
    examples = EXAMPLES[command or "livertx"]
    assert 2 <= len(examples) <= 3
    tail = shown.rstrip("\n").split("\n")[-len(examples) - 1 :]
    assert tail[0].strip() == "Examples:"
    assert [line.strip() for line in tail[1:]] == list(examples)
    assert all(len(line) <= 80 for line in tail), tail
    assert all(len(example) <= EXAMPLE_WIDTH for example in examples)
    if command:
        assert all(f"livertx {command}" in example for example in examples)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the examples run: a copy of the catalog at data/treatments.yaml, committed to git
    (for `HEAD:`), with old.yaml and new.yaml beside it, a copy of the source documents as seeds/,
    and a home of its own (for `~/`)."""
    (tmp_path / "data").mkdir()
    catalog = (ROOT / "data" / "treatments.yaml").read_text(encoding="utf-8")
    for name in ("data/treatments.yaml", "old.yaml", "new.yaml"):
        (tmp_path / name).write_text(catalog, encoding="utf-8")
    if SEEDS.is_dir():  # for the fingerprint and review examples: `--documents seeds`
        shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "home" / ".config" / "fish" / "completions").mkdir(parents=True)
    if shutil.which("git"):
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(tmp_path)]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "add", "data/treatments.yaml"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", "catalog"], check=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "livertx"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m livertx "$@"\n')
    shim.chmod(0o755)
    return tmp_path


EVERY_EXAMPLE = [(command, line) for command, lines in EXAMPLES.items() for line in lines]


@pytest.mark.parametrize(("command", "example"), EVERY_EXAMPLE, ids=[e for _, e in EVERY_EXAMPLE])
def test_every_example_runs_as_written(command: str, example: str, folder: Path) -> None:
    needs = {"jq": "jq", "HEAD:": "git"}
    for word, tool in needs.items():
        if word in example and not shutil.which(tool):
            pytest.skip(f"{tool} is not installed")
    if "--documents seeds" in example and not SEEDS.is_dir():
        pytest.skip("the source documents (../shared/seeds) are not beside this checkout")
    env = {
        **os.environ,
        "PATH": f"{folder / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(folder / "home"),
        "LIVERTX_CACHE_DIR": "off",
        "COLUMNS": "80",
    }
    env.pop("LIVERTX_CATALOG", None)
    shipped = (ROOT / "data" / "treatments.yaml").read_bytes()
    ran = subprocess.run(
        ["bash", "-o", "pipefail", "-c", example],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        timeout=120,
    )
    # an example writes only in its folder, never the checkout's catalog (`fingerprint` writes one)
    assert (ROOT / "data" / "treatments.yaml").read_bytes() == shipped, example
    # Which sources are overdue depends on today's date: none is exit 1, "nothing to list".
    assert ran.returncode in ((0, 1) if "--overdue" in example else (0,)), (example, ran.stderr)
    words = shlex.split(example.split("#", 1)[0].split("|", 1)[0])
    if ">" in words:
        written: str | None = words[words.index(">") + 1]
    elif "-o" in words:
        written = words[words.index("-o") + 1]
    elif command == "export" and words[3] != "-":
        written = words[3]
    else:
        written = None
    if written is None:
        assert ran.stdout.strip() or ran.returncode == 1, example
    else:
        path = (
            Path(written.replace("~", str(folder / "home"), 1))
            if written[0] == "~"
            else folder / written
        )
        assert path.exists() and (path.is_dir() or path.stat().st_size > 0), example
