"""File and folder paths are used byte for byte in every form an argument can take (`-o X`,
`-oX`, `--output=X`, positional), whatever bytes they hold: undecodable ones, tabs, newlines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st

from livertx.cli import app
from livertx.cli.argv import PATH_ARGUMENTS, PATH_OPTIONS, VALUE_OPTIONS

from .conftest import FIXTURES

ODD_NAMES = [b"caf\xe9", b"e\tx", b"new\nline", b"sp ace"]


def _livertx(cwd: Path, *args: bytes | str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "livertx", "--as-of", "2026-11-23", *args],
        capture_output=True,
        timeout=120,
        cwd=cwd,
    )


@pytest.mark.parametrize("name", ODD_NAMES, ids=repr)
def test_output_paths_in_every_form_are_the_bytes_given(tmp_path: Path, name: bytes) -> None:
    # a file whose name the old cleaning would have made (a tab became a space, a bad byte U+FFFD)
    decoy = tmp_path / "decoy"
    decoy.mkdir()
    cleaned = name.decode("utf-8", "replace").replace("\t", " ").replace("\n", "")
    (decoy / cleaned).write_text("keep me\n", encoding="utf-8")
    forms = {
        b"-o": [b"-o", name + b".1.json"],
        b"-oX": [b"-o" + name + b".2.json"],
        b"--output=": [b"--output=" + name + b".3.json"],
        b"--output": [b"--output", name + b".4.json"],
    }
    for form, args in forms.items():
        result = _livertx(decoy, "drug", "sorafenib", "--json", *args)
        written = decoy / os.fsdecode(
            args[-1].removeprefix(b"--output=").removeprefix(b"-o") or args[-1]
        )
        assert result.returncode == 0, (form, result.stderr)
        assert json.loads(written.read_bytes())["matches"][0]["name"] == "sorafenib", form
    assert (decoy / cleaned).read_text(encoding="utf-8") == "keep me\n"
    for fmt, suffix in (("sqlite", b".db"), ("json", b".json"), ("csv", b"")):
        target = name + b".export" + suffix
        result = _livertx(decoy, "export", fmt, target, "--force")
        assert result.returncode == 0, result.stderr
        assert os.fsencode(decoy / os.fsdecode(target)) in [os.fsencode(p) for p in decoy.iterdir()]
        assert b"\x1b" not in result.stderr and b"\n" not in result.stderr.splitlines()[-1]
    assert (decoy / cleaned).read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("name", ODD_NAMES, ids=repr)
def test_catalog_and_folder_paths_are_the_bytes_given(tmp_path: Path, name: bytes) -> None:
    catalog = os.fsencode(tmp_path) + b"/" + name + b".yaml"
    shutil.copy(FIXTURES / "minimal.yaml", catalog)
    documents = os.fsencode(tmp_path) + b"/" + name + b"-documents"
    shutil.copytree(FIXTURES / "documents", os.fsdecode(documents))
    same = _livertx(tmp_path, "diff", catalog, catalog)
    assert same.returncode == 0, same.stderr
    checked = _livertx(tmp_path, "validate", "--format", "text", catalog, b"--documents", documents)
    assert checked.returncode == 0, checked.stderr
    attached = _livertx(tmp_path, b"--catalog=" + catalog, "sources", "--json")
    assert attached.returncode == 0 and json.loads(attached.stdout)["sources"]


def test_every_option_that_takes_a_value_is_known_to_the_argument_cleaner() -> None:
    group = typer.main.get_command(app)
    taking = {
        opt
        for command in [group, *group.commands.values()]  # type: ignore[attr-defined]
        for param in command.params
        if param.param_type_name == "option" and not param.is_flag  # type: ignore[attr-defined]
        for opt in param.opts
    }
    assert taking == VALUE_OPTIONS
    assert PATH_OPTIONS <= VALUE_OPTIONS
    paths = {
        name: tuple(
            i
            for i, p in enumerate(p for p in command.params if p.param_type_name == "argument")
            if p.metavar in ("PATH", "OLD", "NEW")
        )
        for name, command in group.commands.items()  # type: ignore[attr-defined]
    }
    assert {k: v for k, v in paths.items() if v} == PATH_ARGUMENTS


@settings(max_examples=200, deadline=None)
@given(
    st.binary(min_size=1, max_size=12).filter(lambda b: not b.startswith(b"-") and b"\0" not in b),
    st.sampled_from(["stage", "validate", "export", "diff"]),
)
def test_the_argument_cleaner_never_changes_a_path(raw: bytes, command: str) -> None:
    from livertx.cli.argv import clean_args

    path = os.fsdecode(raw)
    lines = {
        "stage": (
            ["--catalog", path, "stage", "-o", path, f"-o{path}", f"--output={path}"],
            [1, 4, 5, 6],
        ),
        "validate": (["validate", "--format", "text", path, "--documents", path], [3, 5]),
        "export": (["--as-of", "2026-01-01", "export", "json", path, "--force"], [4]),
        "diff": (["diff", "--format", "json", "--", path, path], [4, 5]),
    }
    args, where = lines[command]
    cleaned = clean_args(args)
    assert [cleaned[i] for i in where] == [args[i] for i in where]
    assert len(cleaned) == len(args)
