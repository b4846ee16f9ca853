"""Shell completion as people meet it: in a real interactive bash and zsh, driven through a
terminal, and in fish, asked what it would offer."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from shlex import quote as shlex_quote

import pytest

from .conftest import FIXTURES

BASH = shutil.which("bash")
ZSH = shutil.which("zsh")
FISH = shutil.which("fish")
MINIMAL = FIXTURES / "minimal.yaml"
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")
needs_zsh = pytest.mark.skipif(ZSH is None, reason="zsh is not installed")
needs_fish = pytest.mark.skipif(FISH is None, reason="fish is not installed")


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
    return _interactive(
        ["bash", "--norc", "--noprofile", "-i"],
        'eval "$(livertx completion bash)"',
        keys,
        cwd,
        env,
    )


def _interactive_zsh(keys: list[str], cwd: Path, env: dict[str, str]) -> str:
    """The same in an interactive zsh with no startup files, completion set up as its README
    line says (after compinit)."""
    return _interactive(
        ["zsh", "-f", "-i"],
        'autoload -U compinit && compinit -u && eval "$(livertx completion zsh)"',
        keys,
        cwd,
        env,
    )


def _interactive(
    argv: list[str], setup: str, keys: list[str], cwd: Path, env: dict[str, str]
) -> str:
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(cwd)
        os.execvpe(argv[0], argv, env)
    seen = bytearray()
    try:
        os.write(fd, f"{setup}; echo loaded-$((6*7))\n".encode())
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
    assert "Transarterial chemoembolization (interventional)" in screen


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


@needs_zsh
def test_zsh_completes_a_name_of_two_words_and_offers_no_file_names(
    shim: Path, tmp_path: Path
) -> None:
    (tmp_path / "zzqnotes.txt").write_text("x", encoding="utf-8")
    screen = _interactive_zsh(
        ["livertx explain transarterial\\ chemoemboliz\t", "livertx drug zzq\t"],
        tmp_path,
        _env(shim),
    )
    assert "livertx explain transarterial\\ chemoembolization" in screen  # completed, quoted
    assert "Transarterial chemoembolization (interventional)" in screen  # one argument
    assert "zzqnotes" not in screen and "'zzq' is not in the catalog" in screen


def _fish_completes(line: str, cwd: Path, env: dict[str, str]) -> list[str]:
    """What fish offers at the end of `line`, with livertx's completion loaded (complete -C)."""
    script = f"livertx completion fish | source\ncomplete -C {shlex_quote(line)}\n"
    result = subprocess.run(
        [FISH or "fish", "--no-config", "-c", script],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [row.split("\t")[0] for row in result.stdout.splitlines()]


@needs_fish
def test_fish_completes_names_values_and_paths(shim: Path, tmp_path: Path) -> None:
    (tmp_path / "zzqnotes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "mycatalog.yaml").write_text("x", encoding="utf-8")
    env = _env(shim)
    assert "drug" in _fish_completes("livertx dr", tmp_path, env)
    assert "sorafenib" in _fish_completes("livertx drug sor", tmp_path, env)
    assert _fish_completes("livertx explain transarterial\\ chemoemboliz", tmp_path, env) == [
        "transarterial chemoembolization"
    ]
    # typed with a space where the catalog's name has a hyphen: still offered
    assert _fish_completes("livertx explain 'radiofrequency a", tmp_path, env) == [
        "radiofrequency ablation"
    ]
    assert "standard" in _fish_completes("livertx stage advanced --status ", tmp_path, env)
    assert _fish_completes("livertx drug zzq", tmp_path, env) == []  # never the file names
    assert _fish_completes("livertx --catalog mycat", tmp_path, env) == ["mycatalog.yaml"]


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


def test_a_documents_garbled_spelling_is_never_offered() -> None:
    # "Vulumab" is how one article misspells nivolumab: typed, it is found with a note, but
    # completion does not offer it as if it were a drug's name
    assert _candidates("drug", "Vu") == []
    assert "nivolumab" in _candidates("drug", "niv")


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
