"""The whole catalog as a SQLite database (standard library sqlite3): the tables of
livertx.render.catalog_tables with primary and foreign keys, a view that joins each stage
option to its source, an FTS5 full-text index over the catalog's text, and a one-row table
`about` with the educational notice and the catalog's version.

The database opens as it is in sqlite3, sqlite-utils and Datasette.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .. import NOTICE
from ..catalog.model import Catalog
from .catalog_tables import Table, catalog_tables

OPTION_SOURCES_VIEW = """
CREATE VIEW option_sources AS
SELECT so.id AS stage_option_id, sos.stage_id, st.name AS stage_name, so.option_kind,
       so.option_id, so.option_name, so.status, so.qualifier, so.note,
       p.source_id, s.title AS source_title, s.tier, t.rank AS tier_rank, p.section, s.url
FROM stage_options so
JOIN stage_option_stages sos ON sos.stage_option_id = so.id
JOIN stages st ON st.id = sos.stage_id
JOIN provenance p ON p.record_kind = 'stage_option' AND p.record_id = so.id
JOIN sources s ON s.id = p.source_id
JOIN trust_tiers t ON t.id = s.tier
"""

FTS_FILL = """
INSERT INTO catalog_text (record_kind, record_id, field, text)
SELECT 'stage', id, 'definition', name || ': ' || definition FROM stages
UNION ALL SELECT 'modality', id, 'summary', name || ': ' || summary FROM modalities
UNION ALL SELECT 'drug', id, 'name', name || ' (' || drug_class || ')' FROM drugs
UNION ALL SELECT 'regimen', id, 'name', name FROM regimens
UNION ALL SELECT 'stage_option', id, 'qualifier',
    option_name || ': ' || coalesce(qualifier, '') || ' ' || coalesce(note, '') FROM stage_options
UNION ALL SELECT 'caveat', id, 'summary', summary FROM caveats
UNION ALL SELECT record_kind, record_id, field, text FROM statements
UNION ALL SELECT record_kind, record_id, name_kind, name FROM names
"""


def _create(table: Table) -> str:
    columns = []
    for c in table.columns:
        column = f'"{c.name}" {c.type}' + (" NOT NULL" if c.not_null else "")
        if c.references:
            column += f' REFERENCES "{c.references}"(id) DEFERRABLE INITIALLY DEFERRED'
        columns.append(column)
    key = ", ".join(f'"{k}"' for k in table.primary_key)
    return f'CREATE TABLE "{table.name}" ({", ".join(columns)}, PRIMARY KEY ({key}))'


def write_sqlite(catalog: Catalog, path: Path) -> dict[str, int]:
    """Write the database to `path` (an empty or new file); return the row count of each table."""
    tables = catalog_tables(catalog)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        with con:
            for table in tables:
                con.execute(_create(table))
                marks = ", ".join("?" for _ in table.columns)
                con.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', table.rows)
            con.execute(OPTION_SOURCES_VIEW)
            con.execute(
                "CREATE VIRTUAL TABLE catalog_text USING fts5(record_kind UNINDEXED, "
                "record_id UNINDEXED, field UNINDEXED, text)"
            )
            con.execute(FTS_FILL)
            # a database published as it is (Datasette) carries the notice in its own text
            con.execute("CREATE TABLE about (notice TEXT NOT NULL, catalog_version TEXT NOT NULL)")
            con.execute("INSERT INTO about VALUES (?, ?)", (NOTICE, catalog.version))
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # the loader's rules make this impossible; never ship a broken file
            raise sqlite3.IntegrityError(f"foreign keys do not hold: {problems[:3]}")
    finally:
        con.close()
    return {t.name: len(t.rows) for t in tables}
