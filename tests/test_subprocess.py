"""What only a real process shows: pipes, no ANSI codes, exit codes, a closed pipe, `python -m`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ANSI = "\x1b["


def run(
    *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "LIVERTX_CATALOG", "COLUMNS")
    }
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "livertx", "--as-of", "2026-11-23", *args],
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        timeout=120,
    )


def test_piped_table_has_no_ansi_codes_unless_colour_is_asked_for() -> None:
    plain = run("stage", "advanced", env={"TERM": "xterm-256color"})
    assert plain.returncode == 0 and "Options for advanced" in plain.stdout
    assert ANSI not in plain.stdout and ANSI not in plain.stderr
    for env, args in (({"FORCE_COLOR": "1"}, []), ({}, ["--color", "always"])):
        forced = run("stage", "advanced", *args, env={"TERM": "xterm-256color", **env})
        assert forced.returncode == 0 and ANSI in forced.stdout, (env, args)  # for `less -R`
        assert ANSI not in forced.stderr
    for env, args in (
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, []),
        ({"FORCE_COLOR": "1"}, ["--color=never"]),
    ):
        refused = run("stage", "advanced", *args, env={"TERM": "xterm-256color", **env})
        assert refused.returncode == 0 and ANSI not in refused.stdout, (env, args)


def test_json_pipes_cleanly_into_a_parser() -> None:
    result = run("stage", "advanced", "--json")
    assert result.returncode == 0
    doc = json.loads(result.stdout)
    assert doc["stage"]["id"] == "advanced"
    assert "not medical advice" in result.stderr


@pytest.mark.parametrize(
    "args, code",
    [(["stage", "advanced"], 0), (["drug", "aspirin"], 1), (["stage", "nowhere at all"], 1), (["explain", "hepatectomy"], 2),
     (["stage", "--bogus"], 2), (["stage", "advanced", "--catalog", "/nonexistent/catalog.yaml"], 3)],
)  # fmt: skip
def test_exit_codes_in_a_real_process(args: list[str], code: int) -> None:
    result = run(*args)
    assert result.returncode == code
    assert "Traceback" not in result.stderr


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`livertx ... | head -1`: the reader leaves early; no traceback, no error exit."""
    queries = tmp_path / "queries.txt"
    queries.write_text("nexavar\nsorafinib\nKeytruda\n" * 20000, encoding="utf-8")
    with queries.open("rb") as stdin:
        proc = subprocess.Popen(
            [sys.executable, "-m", "livertx", "drug", "--stdin"],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0
    assert first.startswith(b"nexavar\tsorafenib")
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_head_minus_one_through_a_shell(json_flag: list[str]) -> None:
    command = f"{sys.executable} -m livertx stage advanced {' '.join(json_flag)} | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_no_color_and_dumb_terminal_are_respected() -> None:
    for env in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):
        result = run("sources", env=env)
        assert result.returncode == 0 and ANSI not in result.stdout


def test_version_through_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "livertx", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and result.stdout.startswith("livertx ")


@pytest.mark.parametrize(
    "args", [["stage", "advanced", "--json", "--as-of", "notadate"], ["stage", "--bogus", "--json"]]
)
def test_a_usage_error_under_json_prints_the_error_document(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "livertx", *args], capture_output=True, text=True, timeout=60
    )
    error = json.loads(result.stdout)["error"]
    assert result.returncode == 2 and error["exit_code"] == 2 and error["message"]
    # one line on stderr: what was wrong, and where the help is
    assert result.stderr.splitlines() == [
        f"livertx stage: {error['message'].rstrip('.')} (see `livertx stage -h`)"
    ]


@pytest.mark.parametrize(
    "args, line",
    [
        (
            ["stage", "advanced", "--format", "pdf"],
            "livertx stage: Invalid value for '--format': 'pdf' is not one of",
        ),
        (["stagez"], "livertx: No such command 'stagez'. Did you mean 'stage'? (see `livertx -h`)"),
        (
            ["stage", "--color", "sometimes"],
            "livertx: Invalid value for '--color': 'sometimes' is not one of: auto, always, never",
        ),
        # an option with no value was Click's bare "Error: Option ... requires an argument."
        (
            ["stage", "advanced", "--source"],
            "livertx: Option '--source' requires an argument (see `livertx -h`)",
        ),
        # extra words were two lines: Click's "unexpected extra argument", then the hint
        (
            ["drug", "sorafenib", "lenvatinib"],
            "livertx: drug takes one name; to weigh several side by side: livertx compare",
        ),
        # "cell therapy" unquoted was sent to `compare cell therapy`, which names nothing
        (
            ["explain", "cell", "therapy"],
            "livertx: to give a name of several words, quote them: livertx explain 'cell therapy'",
        ),
    ],
)
def test_a_usage_error_is_one_line_on_stderr(args: list[str], line: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "livertx", *args], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(line)
