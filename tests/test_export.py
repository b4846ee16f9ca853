"""`livertx export`: the whole catalog as SQLite, one JSON document, or a folder of CSV files,
each read back and counted against the catalog."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

from livertx import NOTICE
from livertx.catalog.model import Catalog

from .conftest import invoke

SECTIONS = ("sources", "stages", "modalities", "drugs", "regimens", "stage_options", "caveats")


def _export(runner: Any, fmt: str, target: Path, *more: str) -> Any:
    return invoke(runner, "export", fmt, str(target), *more)


def test_sqlite_passes_its_checks_and_holds_every_record(
    runner: Any, tmp_path: Path, catalog: Catalog
) -> None:
    db = tmp_path / "livertx.db"
    result = _export(runner, "sqlite", db)
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    for section in SECTIONS:
        (count,) = con.execute(f"SELECT count(*) FROM {section}").fetchone()
        assert count == len(getattr(catalog, section)), section
    (statements,) = con.execute("SELECT count(*) FROM statements").fetchone()
    assert statements > len(catalog.caveats)
    # every foreign key is declared, so sqlite-utils and Datasette can follow it
    keys = {(row[2], row[3]) for row in con.execute("PRAGMA foreign_key_list(stage_options)")}
    keys |= {(row[2], row[3]) for row in con.execute("PRAGMA foreign_key_list(provenance)")}
    assert ("sources", "source_id") in keys
    pk = [row[1] for row in con.execute("PRAGMA table_info(stage_options)") if row[5]]
    assert pk == ["id"]
    # published as it is (Datasette), the database carries the notice in its own text
    assert con.execute("SELECT notice, catalog_version FROM about").fetchall() == [
        (NOTICE, catalog.version)
    ]


def test_sqlite_view_and_full_text_index_answer_real_questions(
    runner: Any, tmp_path: Path, catalog: Catalog
) -> None:
    db = tmp_path / "livertx.db"
    assert _export(runner, "sqlite", db).exit_code == 0
    con = sqlite3.connect(db)
    nci_standard = {
        o.id
        for o in catalog.stage_options
        if o.status.value == "standard" and o.provenance[0].source == "nci"
    }
    from_view = {
        row[0]
        for row in con.execute(
            "SELECT stage_option_id FROM option_sources WHERE source_id = 'nci' AND status = 'standard'"
        )
    }
    assert from_view == nci_standard
    hits = {
        row[0]
        for row in con.execute(
            "SELECT record_id FROM catalog_text WHERE catalog_text MATCH 'jaundice'"
        )
    }
    assert "palliative-surgery" in hits
    # reading a foreign key: with enforcement on, a dangling reference is refused
    con.execute("PRAGMA foreign_keys = ON")
    try:
        with con:
            con.execute(
                "INSERT INTO provenance VALUES (100000, 'x', 'x', 'x', NULL, 'no-such-source', 's')"
            )
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("a provenance row naming no source was accepted")


def test_json_export_is_one_document_with_every_table(
    runner: Any, tmp_path: Path, catalog: Catalog
) -> None:
    target = tmp_path / "catalog.json"
    assert _export(runner, "json", target).exit_code == 0
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["notice"] == NOTICE and doc["catalog"]["version"] == catalog.version
    for section in SECTIONS:
        assert len(doc["tables"][section]) == len(getattr(catalog, section))
    assert doc["tables"]["sources"][0]["id"] == catalog.sources[0].id


def test_csv_export_is_a_folder_with_one_file_per_table(
    runner: Any, tmp_path: Path, catalog: Catalog
) -> None:
    folder = tmp_path / "tables"
    assert _export(runner, "csv", folder).exit_code == 0
    assert NOTICE in (folder / "README.txt").read_text(encoding="utf-8")
    for section in SECTIONS:
        with open(folder / f"{section}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0][0] == "id"
        assert len(rows) - 1 == len(getattr(catalog, section)), section
    with open(folder / "stage_options.csv", encoding="utf-8", newline="") as f:
        stage_options = list(csv.DictReader(f))
    assert {r["id"] for r in stage_options} == {o.id for o in catalog.stage_options}


def test_export_refuses_to_overwrite_without_force_and_replaces_with_it(
    runner: Any, tmp_path: Path
) -> None:
    db, folder = tmp_path / "livertx.db", tmp_path / "tables"
    db.write_text("mine", encoding="utf-8")
    assert _export(runner, "csv", folder).exit_code == 0
    (folder / "sources.csv").write_text("old", encoding="utf-8")
    for fmt, target in (("sqlite", db), ("csv", folder)):
        refused = _export(runner, fmt, target)
        assert refused.exit_code == 2 and "--force" in refused.stderr
    assert db.read_text(encoding="utf-8") == "mine"
    assert (folder / "sources.csv").read_text(encoding="utf-8") == "old"
    assert _export(runner, "sqlite", db, "--force").exit_code == 0
    assert _export(runner, "csv", folder, "--force").exit_code == 0
    assert sqlite3.connect(db).execute("SELECT count(*) FROM sources").fetchone()[0] == 5
    assert (folder / "sources.csv").read_text(encoding="utf-8").startswith("id,title")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_force_never_deletes_a_folder_of_other_files(runner: Any, tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("mine", encoding="utf-8")
    refused = _export(runner, "csv", folder, "--force")
    assert refused.exit_code == 2 and "did not write" in refused.stderr
    assert (folder / "letter.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in folder.iterdir()) == ["letter.txt"]


def test_export_into_a_missing_folder_or_as_an_unknown_format(runner: Any, tmp_path: Path) -> None:
    missing = _export(runner, "sqlite", tmp_path / "no" / "x.db")
    assert missing.exit_code == 4 and "does not exist" in missing.stderr
    assert _export(runner, "xml", tmp_path / "x.xml").exit_code == 2
    assert not (tmp_path / "x.xml").exists()


def test_the_documented_queries_run_and_find_something(
    runner: Any, tmp_path: Path, catalog: Catalog
) -> None:
    import re

    from .conftest import ROOT

    page = (ROOT / "docs" / "sharing.md").read_text(encoding="utf-8")
    queries = [
        q for q in re.findall(r"```sql\n(.*?)```", page, flags=re.S)[0].split(";") if q.strip()
    ]
    assert len(queries) == 3
    db = tmp_path / "livertx.db"
    assert _export(runner, "sqlite", db).exit_code == 0
    con = sqlite3.connect(db)
    for query in queries:
        assert con.execute(query).fetchall(), query
    # the first query's answer is the one `livertx stage advanced` gives: every statement once
    import json

    from .conftest import invoke

    statements = json.loads(invoke(runner, "stage", "advanced", "--json").stdout)["options"]
    assert len(con.execute(queries[0]).fetchall()) == len(statements)
    # the second, every promotional statement of the catalog, whatever its stage
    promotional = sorted((r[0], r[1]) for r in con.execute(queries[1]))
    assert promotional == sorted(
        (catalog.option_name(o.option), stage)
        for o in catalog.stage_options
        if o.status.value == "promotional"
        for stage in (*o.stages, *o.situations)
    )


def test_a_full_disk_during_a_sqlite_export_is_one_line_and_exit_4(tmp_path: Path) -> None:
    # SQLite reports a full disk as its own error, not an OSError; a file-size limit is how a
    # full disk looks to it (Python ignores SIGXFSZ, so the write fails instead of the process)
    import os
    import resource
    import subprocess
    import sys

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))

    env = {**os.environ, "LIVERTX_CACHE_DIR": "off"}
    proc = subprocess.run(
        [sys.executable, "-m", "livertx", "export", "sqlite", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=small_files,
        timeout=60,
    )
    assert proc.returncode == 4, proc.stderr
    said = [line for line in proc.stderr.splitlines() if line != "Note: " + NOTICE]
    assert len(said) == 1 and "could not be written" in said[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_dash_is_standard_output_for_json_and_refused_for_files(
    runner: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    # it wrote a 258 KB file named "-" into the current folder
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "export", "json", "-")
    assert result.exit_code == 0 and not (tmp_path / "-").exists()
    doc = json.loads(result.stdout)
    assert doc["notice"] == NOTICE and "stage_options" in doc["tables"]
    assert "wrote" not in result.stderr  # a reader may close the pipe having read 100 bytes
    for fmt in ("sqlite", "csv"):
        refused = invoke(runner, "export", fmt, "-")
        assert refused.exit_code == 2 and "give its path" in refused.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_to_a_pipe_closed_early_claims_no_rows() -> None:
    import subprocess
    import sys

    shell = f"{sys.executable} -m livertx export json - | head -c 100 >/dev/null"
    proc = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "rows" not in proc.stderr and "Traceback" not in proc.stderr
