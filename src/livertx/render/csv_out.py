"""One answer as CSV: a header row, then one row per statement and source (RFC 4180, UTF-8).

The first data row carries the notice, the day the file was made, the review date and the
catalog version, so that the file says what it is wherever it goes.

Spreadsheet formula injection: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return (or their full-width forms) could be run as a formula by a spreadsheet. By default such a
cell is defused as OWASP's CSV injection advice has it: a single quote is put in front of it,
after the cell is cleaned of control characters (so that a cleaned "\t=1+1" is defused too).
The quote is visible; `--raw-csv` writes the cells as the catalog has them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from .. import NOTICE
from ..answers import Answer, Drawing
from ..answers.catalog_text import SearchAnswer, SourcesAnswer
from ..answers.common import CaveatLine, Cited, Said, SourceStatus
from ..answers.compare import CompareAnswer
from ..answers.drug import DrugAnswer, DrugFacts, DrugsAnswer
from ..answers.modality import ModalitiesAnswer, ModalityFacts
from ..answers.stage import CURATOR_DEFINITION, StageAnswer, StagesAnswer, curator_worded
from ..catalog.model import OptionKind
from ..textsafe import strip_controls
from .outline import Handout, sentence

HEADER = (
    "part",
    "record_kind",
    "record_id",
    "name",
    "status",
    "qualifier",
    "text",
    "source_id",
    "source_title",
    "tier",
    "section",
    "review_status",
    "listed_for",
    "about",
    "caveats",
)
"""The CSV header, in order: `about` is, in a comparison, the thing compared that the row is
about; `caveats` the numbers of the caveats about a row's treatment, or a caveat's own number."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""How a cell a spreadsheet would run as a formula begins (OWASP), full-width forms included."""


def spreadsheet_safe(cell: object) -> object:
    """A cell that no spreadsheet runs as a formula: text that begins like one gets a leading
    single quote; anything else (numbers, empty cells) as it is."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return f"'{cell}"
    return cell


def _source_fields(c: Cited | None) -> dict[str, str]:
    if c is None:
        return {"source_id": "", "source_title": "", "tier": "", "section": "", "review_status": ""}
    s = c.state.source
    return {
        "source_id": s.id,
        "source_title": s.title,
        "tier": s.tier,
        "section": c.section or "",
        "review_status": c.state.status.value,
    }


def _by_source(items: Sequence[Cited]) -> list[dict[str, str]]:
    """A statement's citations, one per source: two sections of one source are one row, its
    sections joined ("Immunotherapy; Treatment of ..."), not the same row twice."""
    merged: dict[str, dict[str, str]] = {}
    for c in items:
        seen = merged.get(c.source_id)
        if seen is None:
            merged[c.source_id] = _source_fields(c)
        elif c.section and c.section not in seen["section"].split("; "):
            seen["section"] = "; ".join(filter(None, [seen["section"], c.section]))
    return list(merged.values()) or [_source_fields(None)]


def _line(**fields: str) -> list[str]:
    return [fields.get(name, "") for name in HEADER]


def _said_rows(
    part: str, kind: str, rid: str, name: str, items: Sequence[Said]
) -> Iterator[list[str]]:
    """A statement with several sources gives one row per source, so every row has one source."""
    for st in items:
        for source in _by_source(st.cited):
            yield _line(
                part=part, record_kind=kind, record_id=rid, name=name, text=st.text, **source
            )


def _caveat_rows(caveats: Sequence[CaveatLine]) -> Iterator[list[str]]:
    for c in caveats:
        for row in _said_rows(f"caveat: {c.kind_words}", "caveat", c.id, c.summary, c.statements):
            row[HEADER.index("caveats")] = str(c.number)
            yield row


def _stage_rows(answer: StageAnswer) -> Iterator[list[str]]:
    stage = answer.stage
    yield from _said_rows("stage note", stage.kind.value, stage.id, stage.name, answer.notes)
    numbers = {
        id(s): ",".join(map(str, tr.caveats)) for tr in answer.treatments for s in tr.statements
    }
    for s in answer.statements:
        row, entry = s.row, s.row.entry
        for source in _by_source(s.cited):
            yield _line(
                part="option",
                record_kind=row.kind.value,
                record_id=entry.option.id,
                name=row.name,
                status=row.status.label,
                qualifier=entry.qualifier or "",
                text=entry.note or "",
                listed_for=", ".join(row.matched_stages),
                caveats=numbers.get(id(s), ""),
                **source,
            )
    yield from _caveat_rows(answer.caveats)


def _stages_rows(answer: StagesAnswer) -> Iterator[list[str]]:
    for st in answer.stages:
        yield _line(
            part="stage",
            record_kind=st.kind.value,
            record_id=st.id,
            name=st.name,
            text=st.definition + (f" ({CURATOR_DEFINITION})" if curator_worded(st) else ""),
        )


def _modalities_rows(answer: ModalitiesAnswer) -> Iterator[list[str]]:
    for r in answer.rows:
        m = r.modality
        yield _line(
            part="modality",
            record_kind="modality",
            record_id=m.id,
            name=m.name,
            status=r.status.status.label,
            text=m.summary,
            source_id=r.status.source_id,
        )


def _drug_rows(answer: DrugAnswer) -> Iterator[list[str]]:
    for line in answer.matches:
        yield from drug_rows(line.facts, line.facts.drug.name)
    yield from _caveat_rows(answer.caveats)


def _drugs_rows(answer: DrugsAnswer) -> Iterator[list[str]]:
    for f in answer.drugs:
        yield from drug_rows(f, f.drug.name)
    yield from _caveat_rows(answer.caveats)


def _compare_rows(answer: CompareAnswer) -> Iterator[list[str]]:
    for item in answer.items:
        if isinstance(item.facts, ModalityFacts):
            yield from modality_rows(item.facts, item.name)
        else:
            yield from drug_rows(item.facts, item.name)


def _sources_rows(answer: SourcesAnswer) -> Iterator[list[str]]:
    for state in answer.sources:
        doc = state.source
        yield _line(
            part="source",
            record_kind=doc.kind,
            record_id=doc.id,
            name=doc.title,
            text=doc.url or "",
            source_id=doc.id,
            source_title=doc.title,
            tier=doc.tier,
            review_status=state.status.value,
        )


def _search_rows(answer: SearchAnswer) -> Iterator[list[str]]:
    for found in answer.hits:
        h = found.hit
        for src in found.sources or (None,):
            yield _line(
                part=f"match in {h.field}" + (" (approximate)" if h.approximate else ""),
                record_kind=h.kind,
                record_id=h.id,
                name=h.name,
                text=h.excerpt,
                **_source_fields(Cited(src, None) if src else None),
            )
    yield from _caveat_rows(answer.caveats)


def _status_rows(
    part: str, kind: str, rid: str, name: str, said: Sequence[SourceStatus], about: str
) -> Iterator[list[str]]:
    for s in said:
        yield _line(
            part=part,
            record_kind=kind,
            record_id=rid,
            name=name,
            status=s.status.label,
            # the curator's notes; no words put in a source's mouth
            text=" ".join(f"({', '.join(n.stages)}) {n.text}" for n in s.notes),
            source_id=s.source_id,
            tier=s.tier,
            listed_for=", ".join(s.stages),
            about=about,
        )


def drug_rows(f: DrugFacts, about: str) -> Iterator[list[str]]:
    """A drug's statuses and its combinations', its documents' spellings and its notes."""
    d = f.drug
    yield from _status_rows("status", "drug", d.id, d.name, f.statuses, about)
    for r in f.regimens:
        yield from _status_rows("regimen status", "regimen", r.id, r.name, r.said, about)
    spellings = [Said(f"{sp.text}: {sp.note}", sp.cited) for sp in f.spellings]
    for row in [
        *_said_rows("source spelling", "drug", d.id, d.name, spellings),
        *_said_rows("notes", "drug", d.id, d.name, f.notes),
    ]:
        row[HEADER.index("about")] = about
        yield row


def modality_rows(f: ModalityFacts, about: str = "") -> Iterator[list[str]]:
    """A modality's statuses, statements, stage options and caveats, one row per source."""
    m = f.modality
    rows: list[list[str]] = []
    for claim in f.statuses:
        for source in _by_source(claim.cited):
            rows.append(
                _line(
                    part="status",
                    record_kind="modality",
                    record_id=m.id,
                    name=m.name,
                    status=claim.status.label,
                    **source,
                )
            )
    for aspect in f.aspects:
        rows += _said_rows(aspect.title.lower(), "modality", m.id, m.name, aspect.said)
    for o in f.listed:
        for source in _by_source(o.cited):
            rows.append(
                _line(
                    part="stage option",
                    record_kind=o.entry.option.kind.value,
                    record_id=o.entry.option.id,
                    name=o.name,
                    status=o.entry.status.label,
                    qualifier=o.entry.qualifier or "",
                    text=o.entry.note or "",
                    listed_for=o.where,
                    **source,
                )
            )
    for member in f.members:
        part = "drug status" if member.ref.kind is OptionKind.DRUG else "regimen status"
        rows += _status_rows(
            part, member.ref.kind.value, member.ref.id, member.name, member.said, about
        )
    rows += _caveat_rows(f.caveats)
    for row in rows:
        if about:
            row[HEADER.index("about")] = about
        yield row


def draw_csv(answer: Answer, handout: Handout, defuse: bool = True) -> str:
    """The whole CSV text, lines ending in CRLF as RFC 4180 has them. The notice row says what
    the handout's head says: when it was made, how the answer was found, any warning. With
    `defuse`, no cell begins like a formula (see spreadsheet_safe)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    said = " ".join([NOTICE, handout.about, *(sentence(p.text) for p in handout.head if p.role)])
    for row in [_line(part="notice", name=handout.title, text=said), *_ROWS(answer)]:
        cells = [" ".join(strip_controls(cell).split()) for cell in row]
        writer.writerow(map(spreadsheet_safe, cells) if defuse else cells)
    return out.getvalue()


_ROWS = Drawing[Iterator[list[str]]](
    _stage_rows,
    _stages_rows,
    lambda answer: modality_rows(answer.facts),
    _modalities_rows,
    _drug_rows,
    _drugs_rows,
    _compare_rows,
    _sources_rows,
    _search_rows,
)
"""The answer's statements, one row per statement and source."""
