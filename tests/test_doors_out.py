"""Every door out of livertx cleans control characters by the one rule (livertx.textsafe), and
a CSV cell never starts a spreadsheet formula unless --raw-csv asks for the raw text."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from livertx.cli import app

from .conftest import FIXTURES

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
RAW_CONTROLS = ("\x1b", "\x07", "\x00", "\u200b")


def _hostile(tmp_path: Path) -> Path:
    """A catalog with escape, bell and NUL characters (YAML escapes) and formula-like cells."""
    text = (
        MINIMAL.replace("    aliases: [CUT]\n", '    aliases: [CUT, "cuty\\nrm -rf ~"]\n')
        .replace("    summary: Placeholder surgery.\n", '    summary: "=1+1 \\e[31mred\\a\\0"\n')
        .replace("    summary: Placeholder drug therapy.\n", '    summary: "\\t=2+2"\n')
        .replace("    name: Pills\n", '    name: "@Pills\\u200b"\n')
        .replace("    qualifier: placeholder qualifier\n", '    qualifier: "=1+1 \\e[31mred"\n')
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str) -> object:
    result = CliRunner().invoke(app, ["--as-of", "2026-02-01", *args])
    assert result.exit_code == 0, result.output
    return result


def test_exports_hold_no_raw_control_characters(tmp_path: Path) -> None:
    catalog = _hostile(tmp_path)
    _run("--catalog", str(catalog), "export", "csv", str(tmp_path / "tables"))
    _run("--catalog", str(catalog), "export", "sqlite", str(tmp_path / "cat.db"))
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "tables").iterdir()]
    con = sqlite3.connect(tmp_path / "cat.db")
    for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        rows = con.execute(f'SELECT * FROM "{table}"')
        texts += [v for row in rows for v in row if isinstance(v, str)]
    con.close()
    joined = "".join(texts)
    assert "red" in joined and not any(c in joined for c in RAW_CONTROLS)


def test_csv_cells_that_begin_like_a_formula_are_defused_unless_raw_is_asked(
    tmp_path: Path,
) -> None:
    catalog = _hostile(tmp_path)
    _run("--catalog", str(catalog), "export", "csv", str(tmp_path / "safe"))
    _run("--raw-csv", "--catalog", str(catalog), "export", "csv", str(tmp_path / "raw"))
    for folder, raw in (("safe", False), ("raw", True)):
        with open(tmp_path / folder / "modalities.csv", encoding="utf-8", newline="") as f:
            rows = {r["id"]: r for r in csv.DictReader(f)}
        assert rows["cutting"]["summary"].startswith("=" if raw else "'=")
        # the tab that would have defused it is cleaned away first, so the cell is defused again
        assert rows["pills"]["summary"].startswith((" =", "=") if raw else "'")
        assert rows["pills"]["name"].startswith("@" if raw else "'@")
    for args, raw in (((), False), (("--raw-csv",), True)):
        share = _run(*args, "--catalog", str(catalog), "stage", "late", "--format", "csv")
        cells = [c for row in csv.reader(share.stdout.splitlines()) for c in row]  # type: ignore[attr-defined]
        assert any(c.startswith("=1+1") for c in cells) is raw
        assert any(c.startswith("'=1+1") for c in cells) is not raw
        for cell in cells:
            assert raw or not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_a_completion_candidate_is_one_line_with_no_control_characters(tmp_path: Path) -> None:
    catalog = _hostile(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "livertx", "__complete", "bash", "explain", "cut"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LIVERTX_CATALOG": str(catalog)},
    )
    candidates = result.stdout.splitlines()
    assert "rm -rf ~" not in candidates and "cuty" not in candidates, candidates
    assert any("cuty" in c and "rm -rf" in c for c in candidates), candidates
    assert not any(c in result.stdout for c in RAW_CONTROLS)
