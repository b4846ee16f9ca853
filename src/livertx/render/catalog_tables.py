"""The whole catalog as relational tables: the one shape behind `livertx export` (SQLite, CSV
files and one JSON document), so the three always hold the same rows.

Each record section becomes a table with its id as primary key; lists inside records (stages of
an option, names, statements, provenance) become tables of their own that point back with
foreign keys. Statements and provenance get integer ids in catalog order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from ..catalog.model import MODALITY_STATEMENTS, Catalog, Provenance, Statement


class Column(NamedTuple):
    """One column: its name, SQL type, and the table whose `id` it refers to, if any."""

    name: str
    type: str = "TEXT"
    references: str | None = None
    not_null: bool = False


class Table(NamedTuple):
    """A table's name, columns, primary key and rows (tuples in column order)."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def _table(name: str, columns: str, rows: list[tuple[Any, ...]], key: str | None = None) -> Table:
    """A table from its columns in order, separated by spaces, each a name with marks after it:
    `#` INTEGER (else TEXT), `>table` a reference to that table's id, `!` NOT NULL. The primary
    key is `key` (names separated by spaces); without one, `id` where there is one, else every
    column (a table of links)."""
    cols = tuple(
        Column(m[1], "INTEGER" if m[2] else "TEXT", m[3] or None, bool(m[4]))
        for m in map(_COLUMN.fullmatch, columns.split())
        if m is not None
    )
    names = tuple(c.name for c in cols)
    if len(cols) != len(columns.split()):
        raise ValueError(f"a column of table {name} is not name#>table!: {columns}")
    return Table(
        name, cols, tuple(key.split()) if key else ("id",) if "id" in names else names, rows
    )


_COLUMN = re.compile(r"(\w+)(#?)(?:>(\w+))?(!?)")


def _d(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _cs(fields: tuple[str, ...]) -> str | None:
    """The record's fields that are the curator's, not a source's ("definition, aliases")."""
    return ", ".join(fields) or None


def catalog_tables(catalog: Catalog) -> list[Table]:
    """Every table of the catalog, each text cleaned of control characters once, here, for every
    export (SQLite, CSV and JSON get the same text; see livertx.textsafe.strip_controls)."""
    from ..textsafe import strip_controls

    return [
        t._replace(
            rows=[
                tuple(strip_controls(v) if v.__class__ is str else v for v in row) for row in t.rows
            ]
        )
        for t in _tables(catalog)
    ]


def _tables(catalog: Catalog) -> list[Table]:
    """Every table of the export, parents before children (the order to create and fill them)."""
    statements: list[tuple[Any, ...]] = []
    provenance: list[tuple[Any, ...]] = []

    def prov(kind: str, rid: str, field: str, items: Iterable[Provenance], sid: int | None) -> None:
        for p in items:
            provenance.append((len(provenance) + 1, kind, rid, field, sid, p.source, p.section))

    def said(kind: str, rid: str, field: str, items: Iterable[Statement]) -> None:
        for position, st in enumerate(items, 1):
            sid = len(statements) + 1
            statements.append((sid, kind, rid, field, position, st.text))
            prov(kind, rid, field, st.provenance, sid)

    names: list[tuple[Any, ...]] = []

    def named(kind: str, rid: str, name_kind: str, values: Iterable[str]) -> None:
        names.extend((kind, rid, name_kind, v) for v in values)

    for st in catalog.stages:
        prov("stage", st.id, "record", st.provenance, None)
        said("stage", st.id, "notes", st.notes)
        named("stage", st.id, "alias", st.aliases)
    modality_statuses = []
    for m in catalog.modalities:
        prov("modality", m.id, "record", m.provenance, None)
        for field, _title in MODALITY_STATEMENTS:
            said("modality", m.id, field, getattr(m, field))
        named("modality", m.id, "alias", m.aliases)
        for claim in m.statuses:
            for p in claim.provenance:
                modality_statuses.append((m.id, claim.status.value, p.source, p.section))
    for d in catalog.drugs:
        prov("drug", d.id, "record", d.provenance, None)
        said("drug", d.id, "notes", d.notes)
        for name_kind, values in (
            ("brand", d.brands),
            ("salt_form", d.salt_forms),
            ("short_form", d.short_forms),
            ("synonym", d.synonyms),
        ):
            named("drug", d.id, name_kind, values)
        for sp in d.source_spellings:
            named("drug", d.id, "source_spelling", [sp.text])
    for r in catalog.regimens:
        prov("regimen", r.id, "record", r.provenance, None)
        said("regimen", r.id, "notes", r.notes)
        named("regimen", r.id, "alias", r.aliases)
    for o in catalog.stage_options:
        prov("stage_option", o.id, "record", o.provenance, None)
    for c in catalog.caveats:
        said("caveat", c.id, "statements", c.statements)

    return [
        _table(
            "trust_tiers",
            "id! rank#! description",
            [(t.id, t.rank, t.description) for t in catalog.trust_tiers],
        ),
        _table(
            "sources",
            "id! title! kind tier>trust_tiers! publisher author url license language audience"
            " published last_reviewed review_frequency undated# reviewed",
            [
                (
                    s.id,
                    s.title,
                    s.kind,
                    s.tier,
                    s.publisher,
                    s.author,
                    s.url,
                    s.license,
                    s.language,
                    s.audience,
                    _d(s.published),
                    _d(s.last_reviewed),
                    s.review_frequency.value if s.review_frequency else None,
                    int(s.undated),
                    _d(s.reviewed),
                )
                for s in catalog.sources
            ],
        ),
        _table(
            "stages",
            "id! name! kind definition reviewed curator_supplied",
            [
                (s.id, s.name, s.kind.value, s.definition, _d(s.reviewed), _cs(s.curator_supplied))
                for s in catalog.stages
            ],
        ),
        _table(
            "stage_includes",
            "stage_id>stages! includes>stages!",
            [(s.id, i) for s in catalog.stages for i in s.includes],
        ),
        _table("categories", "id! name!", [(c.id, c.name) for c in catalog.categories]),
        _table(
            "modalities",
            "id! name! category>categories parent>modalities summary reviewed curator_supplied",
            [
                (
                    m.id,
                    m.name,
                    m.category,
                    m.parent,
                    m.summary,
                    _d(m.reviewed),
                    _cs(m.curator_supplied),
                )
                for m in catalog.modalities
            ],
        ),
        _table(
            "modality_statuses",
            "modality_id>modalities! status! source_id>sources! section",
            modality_statuses,
        ),
        _table(
            "drugs",
            "id! name! drug_class target modality>modalities reviewed curator_supplied",
            [
                (
                    d.id,
                    d.name,
                    d.drug_class,
                    d.target,
                    d.modality,
                    _d(d.reviewed),
                    _cs(d.curator_supplied),
                )
                for d in catalog.drugs
            ],
        ),
        _table(
            "regimens",
            "id! name! kind reviewed curator_supplied",
            [
                (r.id, r.name, r.kind, _d(r.reviewed), _cs(r.curator_supplied))
                for r in catalog.regimens
            ],
        ),
        _table(
            "regimen_components",
            "regimen_id>regimens! position#! component_kind! component_id!",
            [
                (r.id, i, part.kind.value, part.id)
                for r in catalog.regimens
                for i, part in enumerate(r.components, 1)
            ],
            key="regimen_id position",
        ),
        _table(
            "stage_options",
            "id! option_kind! option_id! option_name! status! qualifier note reviewed",
            [
                (
                    o.id,
                    o.option.kind.value,
                    o.option.id,
                    catalog.option_name(o.option),
                    o.status.value,
                    o.qualifier,
                    o.note,
                    _d(o.reviewed),
                )
                for o in catalog.stage_options
            ],
        ),
        _table(
            "stage_option_stages",
            "stage_option_id>stage_options! stage_id>stages!",
            [(o.id, s) for o in catalog.stage_options for s in (*o.stages, *o.situations)],
        ),
        _table(
            "caveats",
            "id! kind! summary! reviewed",
            [(c.id, c.kind.value, c.summary, _d(c.reviewed)) for c in catalog.caveats],
        ),
        _table(
            "caveat_applies_to",
            "caveat_id>caveats! record_kind! record_id!",
            [
                (c.id, kind, rid)
                for c in catalog.caveats
                for kind, ids in (
                    ("modality", c.applies_to.modalities),
                    ("drug", c.applies_to.drugs),
                    ("regimen", c.applies_to.regimens),
                    ("stage", c.applies_to.stages),
                )
                for rid in ids
            ],
        ),
        _table(
            "names",
            "record_kind! record_id! name_kind! name!",
            sorted(set(names), key=names.index),
        ),
        _table(
            "statements",
            "id#! record_kind! record_id! field! position#! text!",
            statements,
        ),
        _table(
            "provenance",
            "id#! record_kind! record_id! field! statement_id#>statements source_id>sources!"
            " section!",
            provenance,
        ),
    ]


def catalog_document(catalog: Catalog, tables: list[Table], notice: str) -> dict[str, Any]:
    """The whole catalog as one JSON document: each table a list of objects."""
    return {
        "schema_version": 1,
        "notice": notice,
        "catalog": {
            "version": catalog.version,
            "schema_version": catalog.schema_version,
            "modified": catalog.modified.isoformat(),
        },
        "tables": {
            t.name: [dict(zip((c.name for c in t.columns), row, strict=True)) for row in t.rows]
            for t in tables
        },
    }
