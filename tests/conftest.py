"""Shared fixtures: the shipped catalog, a CLI runner pinned to a fixed review date, and paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from livertx import load_catalog
from livertx.catalog.model import Catalog
from livertx.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
AS_OF = "2026-11-23"
"""Tests pin the review date so that 'overdue' does not drift with the calendar."""


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(ROOT / "data" / "treatments.yaml")


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's own catalog override, colour settings or cache."""
    for name in ("LIVERTX_CATALOG", "NO_COLOR", "LIVERTX_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of the test's own, and no catalog remembered in memory."""
    from livertx.catalog import load as catalog_store

    directory = tmp_path / "cache"
    monkeypatch.setenv("LIVERTX_CACHE_DIR", str(directory))
    catalog_store._MEMO.clear()
    return directory


def invoke(
    runner: CliRunner, *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> Any:
    """Run the CLI in-process with the pinned review date, 200 columns wide unless env says otherwise.

    Width matters because Rich wraps cells: content tests read unwrapped rows, and the
    80-column tests set COLUMNS themselves.
    """
    return runner.invoke(
        app, ["--as-of", AS_OF, *args], input=input, env={"COLUMNS": "200", **(env or {})}
    )


def invoke_json(runner: CliRunner, *args: str) -> tuple[int, dict[str, Any]]:
    result = invoke(runner, *args, "--json")
    return result.exit_code, json.loads(result.stdout)
