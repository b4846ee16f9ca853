"""Shell completion as people meet it: in a real interactive bash, driven through a terminal."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FIXTURES

BASH = shutil.which("bash")
MINIMAL = FIXTURES / "minimal.yaml"
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


@pytest.fixture
def shim(tmp_path: Path) -> Path:
    """A folder whose `livertx` runs this checkout's livertx, to put first on PATH."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "livertx"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m livertx "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return folder


def _env(shim: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LIVERTX_CATALOG"}
    env.update(
        PATH=f"{shim}{os.pathsep}{env.get('PATH', '')}",
        PS1="$ ",
        TERM="dumb",
        COLUMNS="200",
        LIVERTX_CACHE_DIR="off",
    )
    return env


def _wait_for(fd: int, seen: bytearray, marker: bytes, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                return


def _interactive_bash(keys: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Type each string into an interactive bash with livertx's completion loaded; each is
    followed by a command that prints a marker, so that every step is waited for."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(cwd)
        os.execvpe(BASH or "bash", ["bash", "--norc", "--noprofile", "-i"], env)
    seen = bytearray()
    try:
        os.write(fd, b'eval "$(livertx completion bash)"; echo loaded-$((6*7))\n')
        _wait_for(fd, seen, b"loaded-42")
        for n, typed in enumerate(keys):
            marker = f"step-{n}-done"
            os.write(fd, typed.encode())
            time.sleep(2.5)  # the completion runs livertx once per TAB
            os.write(fd, f"\necho step-{n}'-done'\n".encode())  # the echo, not the typing, matches
            _wait_for(fd, seen, marker.encode())
        os.write(fd, b"exit\n")
        _wait_for(fd, seen, b"\x00", timeout=2)
    finally:
        os.close(fd)
        os.waitpid(pid, 0)
    return seen.decode("utf-8", "replace")


@needs_bash
def test_a_name_of_two_words_completes_quoted_and_reaches_livertx_as_one_argument(
    shim: Path, tmp_path: Path
) -> None:
    screen = _interactive_bash(
        ["livertx explain transarterial\\ chemoemboliz\t"], tmp_path, _env(shim)
    )
    assert "livertx explain transarterial\\ chemoembolization " in screen
    assert "Transarterial chemoembolization  (Interventional)" in screen


@needs_bash
def test_no_match_offers_nothing_not_the_file_names_of_the_folder(
    shim: Path, tmp_path: Path
) -> None:
    (tmp_path / "zzqnotes.txt").write_text("x", encoding="utf-8")
    screen = _interactive_bash(["livertx drug zzq\t"], tmp_path, _env(shim))
    assert "zzqnotes" not in screen
    assert "'zzq' is not in the catalog" in screen


@needs_bash
def test_a_catalog_path_completes_from_the_file_names(shim: Path, tmp_path: Path) -> None:
    (tmp_path / "mycatalog.yaml").write_text("x", encoding="utf-8")
    screen = _interactive_bash(["livertx --catalog mycat\t validate"], tmp_path, _env(shim))
    assert "invalid: mycatalog.yaml: 1 error(s)" in screen  # validate got the completed name


def _candidates(*words: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "LIVERTX_CATALOG"}
    result = subprocess.run(
        [sys.executable, "-m", "livertx", "__complete", "bash", *words],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0 and result.stderr == ""
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    "words, expected",
    [
        (["explain", "cry"], "cryoablation"),
        (["stage", "metas"], "metastatic"),
        (["drug", "nex"], "nexavar"),
        (["drug", "Nex"], "Nexavar"),
        (["stage", "late"], "late stage"),
        (["st"], "stage"),
        (["stage", "advanced", "--j"], "--json"),
        (["schema", "sta"], "stages"),
        (["--catalog", str(MINIMAL), "drug", "exa"], "examplinib"),
    ],
)
def test_completion_offers_commands_options_and_catalog_names(
    words: list[str], expected: str
) -> None:
    assert expected in _candidates(*words)


def test_options_after_a_command_are_that_commands_own() -> None:
    found = _candidates("stage", "--")
    assert "--json" in found and "--help" in found and "--version" not in found


def test_completion_scripts_for_each_shell_and_a_clear_refusal(shim: Path) -> None:
    for shell, line in (
        ("bash", "complete -F _livertx_complete livertx"),
        ("zsh", "compdef _livertx livertx"),
        ("fish", "complete -c livertx -f"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "livertx", "completion", shell], capture_output=True, text=True
        )
        assert result.returncode == 0 and line in result.stdout, shell
        assert "-o default livertx" not in result.stdout  # no fallback to file names
    refused = subprocess.run(
        [sys.executable, "-m", "livertx", "completion", "tcsh"], capture_output=True, text=True
    )
    assert refused.returncode == 2 and "choose bash, zsh or fish" in refused.stderr


@pytest.mark.parametrize(
    "words, expected",
    [
        (
            ["stage", "advanced", "--status", ""],
            ["standard", "supportive", "clinical_trial", "reported", "promotional"],
        ),
        (["stage", "advanced", "--source", "n"], ["nci"]),
        (["explain", "--kind", "local"], ["local-ablation"]),
        (["stage", "advanced", "--color", "n"], ["never"]),
        (["compare", "tace", "sorafenib"], ["sorafenib", "sorafenib tosylate"]),
        (["diff", ""], ["__files__"]),
    ],
)
def test_completion_offers_filter_values_and_compare_names(
    words: list[str], expected: list[str]
) -> None:
    assert _candidates(*words) == expected
