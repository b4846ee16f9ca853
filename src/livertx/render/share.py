"""What the share formats (Markdown, CSV, HTML) have in common: which answer a JSON document is,
its title, the sources it cites, and its statements as flat rows.

Every share renderer takes the very document `--json` prints (livertx.render.json_docs), never
the terminal views. To give a new command's document the share formats, add one `Kind` to KINDS
(its distinctive key, a title and its rows), then one body function in markdown and html_page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from .. import NOTICE
from ..catalog.model import MODALITY_STATEMENTS, Status
from ..query import Filters, how_found

Doc = dict[str, Any]

STATUS_LABELS = {
    "standard": "standard",
    "clinical_trial": "in clinical trials",
    "supportive": "supportive care",
    "reported": "reported",
    "promotional": "promotional claim",
}
"""How each status is worded for people, as the tables word it (catalog.model.STATUS_LABELS)."""


class Share(NamedTuple):
    """One answer to share: the command's JSON document and the day the file was made."""

    doc: Doc
    made: dt.date

    @property
    def kind(self) -> Kind:
        """Which answer the document is (see KINDS)."""
        return kind_of(self.doc)

    @property
    def title(self) -> str:
        return self.kind.title(self.doc)


class Row(NamedTuple):
    """One statement as a flat row: the unit of the CSV output and of the handout's tables."""

    part: str
    record_kind: str
    record_id: str
    name: str
    status: str
    qualifier: str
    text: str
    source_id: str
    source_title: str
    tier: str
    section: str
    review_status: str
    listed_for: str = ""
    about: str = ""
    """In a comparison, which of the things compared the row is about."""
    caveats: str = ""
    """The numbers of the caveats about the row's treatment, or the caveat's own number."""


COLUMNS = Row._fields
"""The CSV header, in order."""


class Kind(NamedTuple):
    """One kind of answer: the top-level key that tells its document apart, and how to read it."""

    name: str
    key: str
    title: Callable[[Doc], str]
    rows: Callable[[Doc], Iterator[Row]]


def status_label(status: str | None) -> str:
    """A status as people read it; an unknown one is shown as it is, never upgraded."""
    return STATUS_LABELS.get(status or "", status or "")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _row(
    part: str, kind: str, rid: str, name: str, text: str, source: Doc | None, **extra: str
) -> Row:
    src = source or {}
    return Row(
        part=part,
        record_kind=kind,
        record_id=rid,
        name=name,
        status=extra.get("status", ""),
        qualifier=extra.get("qualifier", ""),
        text=text,
        source_id=_text(src.get("id")),
        source_title=_text(src.get("title")),
        tier=_text(src.get("tier")),
        section=_text(src.get("section")),
        review_status=_text(src.get("review_status")),
        listed_for=extra.get("listed_for", ""),
    )


def section_of(row: Row) -> str:
    """The heading a row is shown under in a handout: every caveat under one, whatever its kind;
    in a comparison, each under the thing compared."""
    part = "caveats and conflicting statements" if row.part.startswith("caveat: ") else row.part
    return f"{row.about}: {part}" if row.about else part


def record_kind_of(row: Row) -> str:
    """What the record is, in words: for a caveat, its kind (limitation, conflict, ...)."""
    return row.part.partition(": ")[2] if row.part.startswith("caveat: ") else row.record_kind


def _by_source(sources: Sequence[Doc]) -> list[Doc | None]:
    """A statement's citations, one per source: two sections of one source are one row, its
    sections joined ("§ Immunotherapy; Treatment of ..."), not the same row twice."""
    merged: dict[str, Doc] = {}
    for src in sources:
        seen = merged.get(src.get("id", ""))
        if seen is None:
            merged[src.get("id", "")] = dict(src)
        elif src.get("section") and src["section"] not in _text(seen.get("section")).split("; "):
            seen["section"] = "; ".join(filter(None, [_text(seen.get("section")), src["section"]]))
    return list(merged.values()) or [None]


def _statements(part: str, kind: str, rid: str, name: str, items: Sequence[Doc]) -> Iterator[Row]:
    """A statement with several sources gives one row per source, so every row has one source."""
    for st in items:
        for src in _by_source(st.get("sources") or []):
            yield _row(part, kind, rid, name, _text(st.get("text")), src)


def _caveats(doc: Doc) -> Iterator[Row]:
    for c in doc.get("caveats") or []:
        if isinstance(c, dict):
            yield from _statements(
                f"caveat: {c['kind'].replace('_', ' ')}",
                "caveat",
                c["id"],
                c["summary"],
                c["statements"],
            )


def _stage_rows(doc: Doc) -> Iterator[Row]:
    stage = doc["stage"]
    yield from _statements("stage note", stage["kind"], stage["id"], stage["name"], stage["notes"])
    for o in doc["options"]:
        for src in _by_source(o["sources"]):
            yield _row(
                "option",
                o["kind"],
                o["id"],
                o["name"],
                _text(o.get("note")),
                src,
                status=status_label(o["status"]),
                qualifier=_text(o.get("qualifier")),
                listed_for=", ".join(o["matched"]),
            )
    yield from _caveats(doc)


def _stages_rows(doc: Doc) -> Iterator[Row]:
    for s in doc["stages"]:
        yield _row("stage", s["kind"], s["id"], s["name"], s["definition"], None)


_MODALITY_PARTS = tuple((field, title.lower()) for field, title in MODALITY_STATEMENTS)


def _explain_rows(doc: Doc) -> Iterator[Row]:
    m = doc["modality"]
    for claim in m["statuses"]:
        for src in _by_source(claim["sources"]):
            yield _row(
                "status",
                "modality",
                m["id"],
                m["name"],
                "",
                src,
                status=status_label(claim["status"]),
            )
    for key, part in _MODALITY_PARTS:
        yield from _statements(part, "modality", m["id"], m["name"], m[key])
    for o in m["stage_options"]:
        for src in _by_source(o["sources"]):
            yield _row(
                "stage option",
                o["kind"],
                o["option"],
                o["name"],
                _text(o.get("note")),
                src,
                status=status_label(o["status"]),
                qualifier=_text(o.get("qualifier")),
                listed_for=", ".join([*o["stages"], *o["situations"]]),
            )
    yield from _caveats(m)


def _modalities_rows(doc: Doc) -> Iterator[Row]:
    for m in doc["modalities"]:
        yield _row(
            "modality",
            "modality",
            m["id"],
            m["name"],
            m["summary"],
            {"id": m["status_source"]},
            status=status_label(m["status"]),
        )


def _notes_text(notes: Sequence[Doc]) -> str:
    """The curator's notes on a status, each with the stages it is about."""
    return " ".join(f"({', '.join(n['stages'])}) {n['text']}" for n in notes)


def _drug_rows_of(d: Doc) -> Iterator[Row]:
    for said in d["statuses"]:
        yield _row(
            "status",
            "drug",
            d["id"],
            d["name"],
            _notes_text(said["notes"]),
            {"id": said["source"], "tier": said["tier"]},
            status=status_label(said["status"]),
            listed_for=", ".join(said["stages"]),
        )
    names = d.get("regimen_names") or {}
    for regimen, statuses in d["regimen_statuses"].items():
        for said in statuses:
            yield _row(
                "regimen status",
                "regimen",
                regimen,
                names.get(regimen, regimen),
                _notes_text(said["notes"]),  # the curator's; no words put in a source's mouth
                {"id": said["source"], "tier": said["tier"]},
                status=status_label(said["status"]),
                listed_for=", ".join(said["stages"]),
            )
    for sp in d["source_spellings"]:
        yield from _statements(
            "source spelling",
            "drug",
            d["id"],
            d["name"],
            [{"text": f"{sp['text']}: {sp['note']}", "sources": sp["sources"]}],
        )
    yield from _statements("notes", "drug", d["id"], d["name"], d["notes"])


def _drug_rows(doc: Doc) -> Iterator[Row]:
    for d in doc["matches"]:  # each drug's parts under its own name
        yield from (row._replace(about=d["name"]) for row in _drug_rows_of(d))
    yield from _caveats(doc)


def _drugs_rows(doc: Doc) -> Iterator[Row]:
    for d in doc["drugs"]:
        yield from (row._replace(about=d["name"]) for row in _drug_rows_of(d))
    yield from _caveats(doc)


def _compare_rows(doc: Doc) -> Iterator[Row]:
    for item in doc["items"]:
        if "modality" in item:
            found = _explain_rows({"modality": item["modality"]})
        else:
            found = _drug_rows_of(item["drug"])
        name = (item.get("modality") or item["drug"])["name"]
        yield from (row._replace(about=name) for row in found)


def _compared(doc: Doc) -> str:
    names = [(item.get("modality") or item["drug"])["name"] for item in doc["items"]]
    return "Compared: " + " · ".join(names)


def _sources_rows(doc: Doc) -> Iterator[Row]:
    for s in doc["sources"]:
        yield _row(
            "source",
            _text(s.get("kind")),
            s["id"],
            s["title"],
            _text(s.get("url")),
            {**s, "section": None},
        )


def _search_rows(doc: Doc) -> Iterator[Row]:
    for r in doc["results"]:
        for src in r["sources"] or [None]:
            yield _row(f"match in {r['field']}", r["kind"], r["id"], r["name"], r["text"], src)
    yield from _caveats(doc)


KINDS: tuple[Kind, ...] = (
    Kind("stage", "options", lambda d: f"Options for {d['stage']['name']}", _stage_rows),
    Kind("stages", "stages", lambda d: "Stages and situations", _stages_rows),
    Kind("explain", "modality", lambda d: d["modality"]["name"], _explain_rows),
    Kind("modalities", "modalities", lambda d: "Treatment modalities", _modalities_rows),
    Kind("drug", "matches", lambda d: f"Drugs matching '{d['query']}'", _drug_rows),
    Kind("drugs", "drugs", lambda d: "Drugs", _drugs_rows),
    Kind("sources", "trust_tiers", lambda d: "Source documents", _sources_rows),
    Kind("search", "results", lambda d: f"Catalog text matching '{d['query']}'", _search_rows),
    Kind("compare", "items", _compared, _compare_rows),
)
"""Every answer the share formats know, told apart by one top-level key. Order matters only
where a document has two of these keys (a stage document has no `stages` key, so none do)."""


def kind_of(doc: Doc) -> Kind:
    """The kind of answer a JSON document is; LookupError for one no share format knows."""
    for kind in KINDS:
        if kind.key in doc:
            return kind
    raise LookupError("this document has no share format")


def rows(doc: Doc) -> list[Row]:
    """The document's statements, one row per statement and source."""
    return list(kind_of(doc).rows(doc))


def cited_sources(doc: Doc) -> list[Doc]:
    """Every source the document names, once each, most trusted first: the handout's "Sources".

    Sources are found wherever the document lists them (any `sources` list of objects with an
    `id`), so a new command's document needs nothing more to get its list.
    """
    found: dict[str, Doc] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "sources" and isinstance(value, list):
                    for src in value:
                        if isinstance(src, dict) and "id" in src and "title" in src:
                            found.setdefault(src["id"], src)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(doc)
    return sorted(found.values(), key=lambda s: (s.get("tier_rank") or 99, s["id"]))


def filters_of(given: Doc) -> Filters:
    """The filters a document's `filters` field records, to describe them as the table does."""
    return Filters(
        sources=tuple(given["sources"]),
        min_trust=given["min_trust"],
        statuses=tuple(Status(s) for s in given["statuses"]),
        kinds=tuple(given["kinds"]),
    )


def _shown_for(name: str, query: str, how: str, name_type: str, score: int) -> str | None:
    """ "sorafenib shown for 'sorafinib' (one slip from its name; similarity 89)", as the table
    says it above the answer; None for an exact name."""
    detail = how_found(how, name_type, score) if how else None
    return None if detail is None else f"{name} shown for {query!r} ({detail})"


def compared_things(doc: Doc) -> list[tuple[str, str, str]]:
    """Each thing in a comparison as (name, kind, what it is), as its table's first row says it;
    the Markdown and HTML renderers only mark it up."""
    out = []
    for item in doc["items"]:
        if "modality" in item:
            m = item["modality"]
            what = (
                f"{m['summary']} Status: {status_label(m['status'])} (recorded from "
                f"{m['status_source']}, the most trusted source that gives one)."
            )
            out.append((m["name"], m["category"], what))
        else:
            out.append((item["drug"]["name"], "drug", item["drug"]["class"]))
    return out


def matched_lines(doc: Doc) -> list[str]:
    """How the answer was found, where not by its own name: a handout must not drop the line
    that says "one slip from its name" any more than the table does."""
    found: list[tuple[str, Doc]] = []
    if isinstance(doc.get("match"), dict):
        record = doc.get("modality") or doc.get("stage") or {}
        found.append((record.get("name", ""), doc["match"]))
    for item in doc.get("items") or []:
        if isinstance(item, dict) and isinstance(item.get("match"), dict):
            found.append(((item.get("modality") or item.get("drug") or {})["name"], item["match"]))
    lines = [
        _shown_for(
            name, m["query"], m["matched_by"], m.get("name_type", ""), int(m.get("score", 0))
        )
        for name, m in found
    ]
    if doc.get("matches") and isinstance(doc["matches"][0], dict):
        best = doc["matches"][0]
        lines.append(
            _shown_for(
                best["name"],
                doc["query"],
                best["matched_by"],
                best.get("matched_name_kind") or "",
                int(best["score"]),
            )
        )
    return [line for line in lines if line]


def about_line(share: Share) -> str:
    """When the file was made, the review date it used and the catalog's version."""
    doc = share.doc
    parts = [f"Made {share.made.isoformat()} with livertx"]
    if doc.get("as_of"):
        parts.append(f"review status as of {doc['as_of']}")
    if doc.get("catalog"):
        parts.append(f"catalog version {doc['catalog']['version']}")
    if doc.get("filters"):
        described = filters_of(doc["filters"]).described()
        whole = {"modalities": "modalities", "drugs": "drugs", "search": "results"}.get(
            share.kind.name
        )
        parts.append(
            f"showing only {whole} that pass: {described}, each shown whole"
            if whole
            else f"showing only: {described}"
        )
    return "; ".join(parts) + "."


__all__ = [
    "COLUMNS",
    "KINDS",
    "NOTICE",
    "Doc",
    "Kind",
    "Row",
    "Share",
    "about_line",
    "cited_sources",
    "compared_things",
    "kind_of",
    "matched_lines",
    "record_kind_of",
    "rows",
    "section_of",
    "status_label",
]
