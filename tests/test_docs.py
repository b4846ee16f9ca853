"""Docs are part of the feature: every command and option is in the README, and Quick start is true."""

from __future__ import annotations

import re

import typer.main

from livertx.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, list[str]]:
    group = typer.main.get_command(app)
    out: dict[str, list[str]] = {"": [opt for p in group.params for opt in p.opts if opt.startswith("-")]}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        out[name] = [opt for p in command.params for opt in (*p.opts, *p.secondary_opts) if opt.startswith("-")]
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
