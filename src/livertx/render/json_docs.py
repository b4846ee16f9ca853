"""JSON documents for `--json`: each a serialization of one typed answer (livertx.answers),
plain dicts with `schema_version` first, never styled.

The shape of each document is fixed by the JSON Schemas in schemas/output/ and documented in
the README. Add fields freely; never rename or remove one without bumping OUTPUT_SCHEMA_VERSION.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .. import NOTICE
from ..answers import Drawing
from ..answers.catalog_text import SearchAnswer, SourcesAnswer
from ..answers.common import CaveatLine, Cited, Context, Listed, Said, SourceStatus
from ..answers.compare import CompareAnswer
from ..answers.drug import Combination, DrugAnswer, DrugFacts, DrugsAnswer, MatchLine
from ..answers.modality import ExplainAnswer, ModalitiesAnswer, ModalityFacts
from ..answers.stage import StageAnswer, StagesAnswer, StatementLine
from ..catalog.errors import Finding
from ..catalog.model import (
    MODALITY_STATEMENTS,
    Stage,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..query.filters import Filters

from ..query import (
    NameMatch,
    SourceState,
)

OUTPUT_SCHEMA_VERSION = 2

Doc = dict[str, Any]


def dumps(doc: Doc) -> str:
    """One JSON document, UTF-8 friendly (no \\u escapes for non-ASCII but control and invisible
    characters), stable key order."""
    from ..textsafe import escape_controls

    return escape_controls(json.dumps(doc, ensure_ascii=False, indent=2))


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _envelope(as_of: dt.date, **body: Any) -> Doc:
    # The notice travels with the answer, so a file saved with -o or `> x.json` carries it too.
    return {
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "notice": NOTICE,
        "as_of": as_of.isoformat(),
        **body,
    }


def source_ref(state: SourceState, section: str | None) -> Doc:
    s = state.source
    return {
        "id": s.id,
        "title": s.title,
        "publisher": s.publisher,
        "url": s.url,
        "tier": s.tier,
        "tier_rank": state.tier_rank,
        "section": section,
        "published": _date(s.published),
        "last_reviewed": _date(s.last_reviewed),
        "next_review": _date(state.next_review),
        "review_status": state.status.value,
    }


def stage_record(stage: Stage) -> Doc:
    return {
        "id": stage.id,
        "name": stage.name,
        "kind": stage.kind.value,
        "definition": stage.definition,
        "aliases": list(stage.aliases),
        "includes": list(stage.includes),
        "curator_supplied": list(stage.curator_supplied),
    }


def name_match(match: NameMatch) -> Doc:
    """How the query named the record: `matched_by` is exact, alias, prefix or fuzzy."""
    return {
        "query": match.query,
        "matched_on": match.matched_on,
        "matched_by": match.how,
        "name_type": match.name_type,
        "score": match.score,
    }


def _cited(items: Iterable[Cited]) -> list[Doc]:
    return [source_ref(c.state, c.section) for c in items]


def _said(items: Iterable[Said]) -> list[Doc]:
    return [{"text": s.text, "sources": _cited(s.cited)} for s in items]


def _caveat_lines(items: Iterable[CaveatLine]) -> list[Doc]:
    return [
        {"id": c.id, "kind": c.kind.value, "summary": c.summary, "statements": _said(c.statements)}
        for c in items
    ]


def _context(context: Context, **body: Any) -> Doc:
    # The notice travels with the answer, so a file saved with -o or `> x.json` carries it too.
    return {
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "notice": NOTICE,
        "catalog": {
            "version": context.catalog_version,
            "modified": _date(context.catalog_modified),
            "schema_version": context.catalog_schema_version,
        },
        "as_of": context.as_of.isoformat(),
        **body,
    }


def _statement_line(line: StatementLine) -> Doc:
    row = line.row
    entry = row.entry
    return {
        "id": entry.option.id,
        "name": row.name,
        "kind": row.kind.value,
        "entry_id": entry.id,
        "qualifier": entry.qualifier,
        "status": row.status.value,
        "stages": list(entry.stages),
        "situations": list(entry.situations),
        "matched": list(row.matched_stages),
        "note": entry.note,
        "sources": _cited(line.cited),
    }


def stage_doc(answer: StageAnswer) -> Doc:
    """Every statement (`options`, one per source statement) and, beside it, the same
    statements grouped per treatment (`treatments`, each with its statements)."""
    record = stage_record(answer.stage)
    record["notes"] = _said(answer.notes)
    record["sources"] = _cited(answer.stage_sources)
    return _context(
        answer.context,
        **({"match": name_match(answer.match)} if answer.match else {}),
        **_filters(answer.filters),
        stage=record,
        # what the table says above the options, for every reader of the answer
        warnings=[answer.warning] if answer.warning else [],
        options=[_statement_line(s) for s in answer.statements],
        treatments=[
            {
                "id": tr.id,
                "name": tr.name,
                "kind": tr.kind.value,
                "label": tr.label,
                # one entry per statement: its status and the sources that make it
                "statements": [
                    {
                        "entry_id": s.row.entry.id,
                        "status": s.row.status.value,
                        "sources": list(s.source_ids),
                    }
                    for s in tr.statements
                ],
                # the caveats about it, as the table's "see caveats" (ids from `caveats`)
                "caveats": [answer.caveats[n - 1].id for n in tr.caveats],
            }
            for tr in answer.treatments
        ],
        caveats=_caveat_lines(answer.caveats),
    )


def stages_doc(answer: StagesAnswer) -> Doc:
    return _context(answer.context, stages=[stage_record(s) for s in answer.stages])


def compare_doc(answer: CompareAnswer) -> Doc:
    """Each thing compared, in the order asked, with its whole explain or drug record."""
    return _context(
        answer.context,
        items=[
            {
                "kind": item.kind.value,
                "match": name_match(item.match),
                **(
                    {"modality": modality_doc(item.facts)}
                    if isinstance(item.facts, ModalityFacts)
                    else {"drug": drug_record(item.facts)}
                ),
            }
            for item in answer.items
        ],
    )


def _filters(filters: Filters | None) -> Doc:
    return {"filters": filters.as_dict()} if filters else {}


def drug_record(f: DrugFacts) -> Doc:
    d = f.drug
    return {
        "id": d.id,
        "name": d.name,
        "class": d.drug_class,
        "target": d.target,
        "modality": d.modality,
        "brands": list(d.brands),
        "salt_forms": list(d.salt_forms),
        "short_forms": list(d.short_forms),
        "synonyms": list(d.synonyms),
        "source_spellings": [
            {"text": sp.text, "note": sp.note, "sources": _cited(sp.cited)} for sp in f.spellings
        ],
        "regimens": [r.id for r in f.regimens],
        "regimen_names": {r.id: r.name for r in f.regimens},
        "statuses": _source_statuses(f.statuses),
        "regimen_statuses": {r.id: _source_statuses(r.said) for r in f.regimens},
        "stages": list(f.stages),
        "caveats": list(f.caveat_ids),
        "notes": _said(f.notes),
        "curator_supplied": list(d.curator_supplied),
        "sources": _cited(f.cited),
    }


def drug_match(line: MatchLine) -> Doc:
    doc = drug_record(line.facts)
    m = line.match
    return {
        "name": doc.pop("name"),
        "score": m.score,
        "matched_on": m.matched_on,
        "match_type": m.match_type,
        "matched_by": m.how,
        "matched_name_kind": m.name_kind,
        "matched_regimen": m.regimen_id,
        **doc,
    }


def combination_doc(c: Combination | None) -> Doc | None:
    """The combination a drug query named: the regimen the catalog lists, or none listed."""
    if c is None:
        return None
    return {"regimen": c.regimen_id, "name": c.name, "listed": c.listed, "drugs": list(c.drug_ids)}


def drug_doc(answer: DrugAnswer) -> Doc:
    return _context(
        answer.context,
        query=answer.query,
        combination=combination_doc(answer.combination),
        matches=[drug_match(line) for line in answer.matches],
        caveats=_caveat_lines(answer.caveats),
    )


def drugs_doc(answer: DrugsAnswer) -> Doc:
    return _context(
        answer.context,
        **_filters(answer.filters),
        drugs=[drug_record(f) for f in answer.drugs],
        caveats=_caveat_lines(answer.caveats),
    )


def sources_doc(answer: SourcesAnswer) -> Doc:
    tiers = [{"id": t.id, "rank": t.rank, "description": t.description} for t in answer.tiers]
    items = []
    for st in answer.sources:
        s = st.source
        items.append(
            {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "author": s.author,
                "url": s.url,
                "kind": s.kind,
                "tier": s.tier,
                "tier_rank": st.tier_rank,
                "language": s.language,
                "audience": s.audience,
                "license": s.license,
                "published": _date(s.published),
                "last_reviewed": _date(s.last_reviewed),
                "undated": s.undated,
                "review_frequency": st.review_frequency,
                "review_frequency_basis": st.frequency_basis,
                "next_review": _date(st.next_review),
                "review_status": st.status.value,
                "overdue_days": st.overdue_days,
            }
        )
    return _context(
        answer.context, overdue_only=answer.overdue_only, trust_tiers=tiers, sources=items
    )


def search_doc(answer: SearchAnswer) -> Doc:
    return _context(
        answer.context,
        **_filters(answer.filters),
        query=answer.query,
        results=[
            {
                "kind": found.hit.kind,
                "id": found.hit.id,
                "name": found.hit.name,
                "field": found.hit.field,
                "text": found.hit.excerpt,
                "score": found.hit.score,
                "approximate": found.hit.approximate,
                "sources": [source_ref(state, None) for state in found.sources],
            }
            for found in answer.hits
        ],
        slipped={word: list(words) for word, words in answer.slipped},
        close_names=list(answer.close),
        caveats=_caveat_lines(answer.caveats),
    )


def finding(f: Finding) -> Doc:
    """A finding of validate, its fields in the order of the findings schema."""
    return {
        key: getattr(f, key) for key in ("code", "severity", "path", "line", "column", "message")
    }


def validate_doc(
    path: str,
    findings: Sequence[Finding],
    counts: dict[str, int],
    valid: bool,
    strict: bool,
    as_of: dt.date,
) -> Doc:
    return _envelope(
        as_of,
        path=path,
        valid=valid,
        strict=strict,
        errors=sum(1 for f in findings if f.severity == "error"),
        warnings=sum(1 for f in findings if f.severity == "warning"),
        counts=counts,
        findings=[finding(f) for f in findings],
    )


def error_doc(
    message: str, candidates: Sequence[str], exit_code: int, notes: Sequence[str] = ()
) -> Doc:
    """The document --json prints when a command ends with any exit but 0 and has no result to
    show (1 nothing found, 2 usage, 3 catalog unusable, 4 the answer's file cannot be written).
    On exit 1 the candidates are suggestions (similar names), never matches."""
    return {
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "error": {
            "message": message,
            "candidates": list(candidates),
            "exit_code": exit_code,
            "notes": list(notes),
        },
    }


def _source_statuses(items: Iterable[SourceStatus]) -> list[Doc]:
    """Each source's status for one option, most trusted source first, with the curator's notes
    on it and the stages it is given for."""
    return [
        {
            "status": s.status.value,
            "source": s.source_id,
            "tier": s.tier,
            "notes": [{"text": n.text, "stages": list(n.stages)} for n in s.notes],
            "stages": list(s.stages),
        }
        for s in items
    ]


def _listed(items: Iterable[Listed]) -> list[Doc]:
    return [
        {
            "entry_id": o.entry.id,
            "option": o.entry.option.id,
            "kind": o.entry.option.kind.value,
            "name": o.name,
            "stages": list(o.entry.stages),
            "situations": list(o.entry.situations),
            "qualifier": o.entry.qualifier,
            "note": o.entry.note,
            "status": o.entry.status.value,
            "sources": _cited(o.cited),
        }
        for o in items
    ]


def modality_doc(f: ModalityFacts, full: bool = True) -> Doc:
    m = f.modality
    doc: Doc = {
        "id": m.id,
        "name": m.name,
        "category": m.category,
        "aliases": list(m.aliases),
        "status": f.status.status.value,
        "status_source": f.status.source_id,
        "summary": m.summary,
    }
    if not full:
        return doc
    aspects = {a.field: _said(a.said) for a in f.aspects}
    doc.update(
        {
            "parent": m.parent,
            "statuses": [
                {"status": c.status.value, "sources": _cited(c.cited)} for c in f.statuses
            ],
            **{field: aspects[field] for field, _ in MODALITY_STATEMENTS},
            "related": list(m.related),
            "stages": list(f.stages),
            "stage_options": _listed(f.listed),
            "drugs": [d.ref.id for d in f.drugs],
            "regimens": [r.ref.id for r in f.regimens],
            "regimen_names": {r.ref.id: r.name for r in f.regimens},
            "drug_statuses": {d.ref.id: _source_statuses(d.said) for d in f.drugs},
            "regimen_statuses": {r.ref.id: _source_statuses(r.said) for r in f.regimens},
            "caveats": _caveat_lines(f.caveats),
            "curator_supplied": list(m.curator_supplied),
            "sources": _cited(f.cited),
            "reviewed": _date(m.reviewed),
        }
    )
    return doc


def explain_doc(answer: ExplainAnswer) -> Doc:
    extra = {"match": name_match(answer.match)} if answer.match else {}
    return _context(answer.context, **extra, modality=modality_doc(answer.facts))


def modalities_doc(answer: ModalitiesAnswer) -> Doc:
    return _context(
        answer.context,
        **_filters(answer.filters),
        modalities=[
            {
                "id": r.modality.id,
                "name": r.modality.name,
                "category": r.modality.category,
                "aliases": list(r.modality.aliases),
                "status": r.status.status.value,
                "status_source": r.status.source_id,
                "summary": r.modality.summary,
            }
            for r in answer.rows
        ],
    )


document = Drawing[Doc](
    stage_doc,
    stages_doc,
    explain_doc,
    modalities_doc,
    drug_doc,
    drugs_doc,
    compare_doc,
    sources_doc,
    search_doc,
)
"""The `--json` document of an answer."""
