"""The pre-commit hooks livertx offers, and this repository's own pre-commit configuration."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from typing import Any

import pytest
import yaml

from .conftest import FIXTURES, ROOT

OFFERED = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
OWN = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))


def _run(entry: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A hook's `livertx ...` entry, run as pre-commit would, with this checkout's livertx."""
    command = shlex.split(entry)
    assert command[0] == "livertx"
    return subprocess.run(
        [sys.executable, "-m", "livertx", *command[1:], *args],
        capture_output=True,
        text=True,
        env={**os.environ, "LIVERTX_CACHE_DIR": "off", "COLUMNS": "40"},
        timeout=60,
        cwd=ROOT,
    )


def _hook(hooks: list[dict[str, Any]], ident: str) -> dict[str, Any]:
    return next(h for h in hooks if h["id"] == ident)


def test_the_offered_hooks_are_validate_and_the_documents_check() -> None:
    assert [h["id"] for h in OFFERED] == ["livertx-validate", "livertx-validate-documents"]
    for hook in OFFERED:
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert re.search(hook["files"], "catalog/treatments.yaml")


def test_the_validate_hook_passes_a_valid_catalog_and_fails_a_broken_one() -> None:
    entry = _hook(OFFERED, "livertx-validate")["entry"]
    assert _run(entry, "tests/fixtures/minimal.yaml").returncode == 0
    broken = _run(entry, str(FIXTURES / "rules" / "LTX015.yaml"))
    assert broken.returncode == 3 and " error LTX015 " in broken.stdout


def test_the_documents_hook_checks_citations_with_the_documents_given_in_args() -> None:
    entry = _hook(OFFERED, "livertx-validate-documents")["entry"]
    args = ["--documents", "tests/fixtures/documents"]
    assert _run(entry, *args, "tests/fixtures/minimal.yaml").returncode == 0
    broken = _run(entry, *args, "tests/fixtures/rules/LTX040.yaml")
    assert broken.returncode == 3 and " error LTX040 " in broken.stdout


def test_this_repository_runs_only_local_hooks() -> None:
    repos = OWN["repos"]
    assert [r["repo"] for r in repos] == ["local"]  # nothing to download
    hooks = repos[0]["hooks"]
    ids = {h["id"] for h in hooks}
    assert {"ruff-format", "ruff-check", "mypy", "livertx-validate"} <= ids
    for hook in hooks:
        assert hook["language"] == "system"
        if hook["id"].startswith("livertx"):
            assert re.search(hook["files"], "data/treatments.yaml")


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "livertx").exists(), reason="no .venv here")
def test_this_repositorys_validate_hook_passes_on_the_shipped_catalog() -> None:
    entry = _hook(OWN["repos"][0]["hooks"], "livertx-validate")["entry"]
    proc = subprocess.run(
        shlex.split(entry),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "LIVERTX_CACHE_DIR": "off"},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
