"""-o and export as a real machine meets them: only regular files are written, never a device or
a link to a descriptor; a replaced file keeps its mode; an interruption at any step of a write
leaves the old file or folder as it was, and nothing beside it."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from livertx.cli import app, formats

from .conftest import AS_OF


def _run(*args: str) -> object:
    return CliRunner().invoke(app, ["--as-of", AS_OF, *args])


@pytest.mark.parametrize("link_to", ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/1", "/dev/null"])
def test_a_link_into_dev_or_proc_is_refused_even_with_force(tmp_path: Path, link_to: str) -> None:
    link = tmp_path / "out.txt"
    link.symlink_to(link_to)
    for args in (
        ["drug", "sorafenib", "-o", str(link), "--force"],
        ["drug", "sorafenib", f"--output={link}", "--force"],
        ["export", "json", str(link), "--force"],
    ):
        result = _run(*args)
        assert result.exit_code == 2, (args, result.output)  # type: ignore[attr-defined]
        assert "a device or process file (in /dev or /proc)" in result.stderr  # type: ignore[attr-defined]
    assert link.is_symlink() and os.readlink(link) == link_to


def test_a_replaced_file_keeps_its_mode_and_a_link_to_a_file_stays_a_link(tmp_path: Path) -> None:
    private = tmp_path / "private.md"
    private.write_text("old\n", encoding="utf-8")
    private.chmod(0o600)
    assert (
        _run("drug", "sorafenib", "--format", "markdown", "-o", str(private), "--force").exit_code
        == 0
    )  # type: ignore[attr-defined]
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and "sorafenib" in private.read_text()
    link = tmp_path / "link.md"
    link.symlink_to(private)
    assert (
        _run("drug", "lenvatinib", "--format", "markdown", "-o", str(link), "--force").exit_code
        == 0
    )  # type: ignore[attr-defined]
    assert link.is_symlink() and "lenvatinib" in private.read_text().lower()
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


class Interrupted(BaseException):
    """Stands for Ctrl-C (KeyboardInterrupt) or SIGTERM (SystemExit) at one step."""


def _interrupt_at(
    monkeypatch: pytest.MonkeyPatch, module: object, name: str, nth: int
) -> Callable[[], int]:
    real = getattr(module, name)
    calls = [0]

    def step(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] == nth:
            raise Interrupted
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, step)
    return lambda: calls[0]


FILE_STEPS = [
    (tempfile, "mkstemp", 1),
    (formats, "fill", 1),  # the answer being written into the temporary file
    (os, "chmod", 1),
    (os, "replace", 1),
]


@pytest.mark.parametrize(
    ("module", "name", "nth"), FILE_STEPS, ids=lambda s: getattr(s, "__name__", s)
)
def test_an_interrupted_file_write_leaves_the_old_file_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: object, name: str, nth: int
) -> None:
    target = tmp_path / "answer.txt"
    target.write_text("the old answer\n", encoding="utf-8")

    def fill(temp: Path) -> None:
        temp.write_text("the new answer\n", encoding="utf-8")

    if module is formats:

        def fill(temp: Path) -> None:  # this step is the one interrupted
            temp.write_text("half", encoding="utf-8")
            raise Interrupted

    else:
        calls = _interrupt_at(monkeypatch, module, name, nth)
    with pytest.raises(Interrupted):
        formats.write_file(target, fill, force=True)
    if module is not formats:
        assert calls() >= nth
    assert target.read_text(encoding="utf-8") == "the old answer\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answer.txt"]


def test_an_interrupted_new_file_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _interrupt_at(monkeypatch, os, "link", 1)
    with pytest.raises(Interrupted):
        formats.write_text(tmp_path / "new.txt", "text\n", force=False)
    assert list(tmp_path.iterdir()) == []


FOLDER_STEPS = [
    (tempfile, "mkdtemp", 1),  # the new folder
    (os, "chmod", 1),
    (tempfile, "mkdtemp", 2),  # the name the old folder waits under
    (os, "replace", 1),  # the old folder out of the way
    (os, "replace", 2),  # the new folder in place: between the two renames
]


@pytest.mark.parametrize(
    ("module", "name", "nth"),
    FOLDER_STEPS,
    ids=[f"{m.__name__}.{n}#{k}" for m, n, k in FOLDER_STEPS],
)
def test_an_interrupted_csv_export_leaves_the_old_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: object, name: str, nth: int
) -> None:
    target = tmp_path / "tables"
    assert _run("export", "csv", str(target)).exit_code == 0  # type: ignore[attr-defined]
    (target / "README.txt").write_text("the old export\n", encoding="utf-8")
    before = sorted(p.name for p in target.iterdir())
    calls = _interrupt_at(monkeypatch, module, name, nth)
    with pytest.raises(Interrupted):
        formats.write_folder(target, lambda folder: (folder / "a.csv").write_text("x\n"), True)
    assert calls() >= nth
    monkeypatch.undo()
    assert sorted(p.name for p in target.iterdir()) == before
    assert (target / "README.txt").read_text(encoding="utf-8") == "the old export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["tables"]  # no temporary folder left


def test_a_replaced_folder_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "tables"
    assert _run("export", "csv", str(target)).exit_code == 0  # type: ignore[attr-defined]
    target.chmod(0o700)
    assert _run("export", "csv", str(target), "--force").exit_code == 0  # type: ignore[attr-defined]
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
