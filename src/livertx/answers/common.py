"""What every answer shares: the catalog it was drawn from, its citations and caveats, its legend,
and the sentences that more than one format prints, each decided here once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..catalog.model import (
    STATUS_MEANINGS,
    Catalog,
    Caveat,
    CaveatKind,
    Drug,
    OptionKind,
    OptionRef,
    Provenance,
    ReviewStatus,
    StageOption,
    Statement,
    Status,
)
from ..query import (
    Filters,
    NameMatch,
    SourceState,
    how_found,
    most_trusted_first,
    source_state,
    statuses_of,
)
from ..query.lookups import Note
from ..textsafe import strip_controls

REVIEW_MEANINGS = "current; overdue (past its next review date); undated (no date: age unknown)."
NOTE_MARKER = (
    "[note]: the curator added a note, such as a reading of unclear text; --by-source shows it."
)
SCOPE_MARKER = "[for X]: the source lists it for X only."
CURATOR_SUPPLIED = "Curator-supplied, not from the documents"
NOT_LISTED_ANYWHERE = "no source lists it for a stage or situation"


class Context(NamedTuple):
    """The catalog an answer comes from, the review date it used and the day it was made."""

    catalog_version: str
    catalog_schema_version: int
    as_of: dt.date
    made: dt.date
    tiers: tuple[tuple[int, str], ...]
    """Each trust tier as (rank, id), most trusted first, for the legend."""
    catalog_modified: dt.date | None = None
    """The catalog's own date (its `modified` field)."""


def context_of(catalog: Catalog, as_of: dt.date) -> Context:
    return Context(
        catalog.version,
        catalog.schema_version,
        as_of,
        dt.date.today(),
        tuple((tier.rank, tier.id) for tier in catalog.trust_tiers),
        catalog.modified,
    )


class Cited(NamedTuple):
    """One source for a fact: its state on the answer's review date, and the section."""

    state: SourceState
    section: str | None

    @property
    def source_id(self) -> str:
        return self.state.source.id


class Said(NamedTuple):
    """A statement in the catalog's words, with its sources, most trusted first."""

    text: str
    cited: tuple[Cited, ...]


class CaveatLine(NamedTuple):
    """A caveat or conflict of an answer, numbered as the rows that point at it name it."""

    number: int
    id: str
    kind: CaveatKind
    summary: str
    statements: tuple[Said, ...]

    @property
    def kind_words(self) -> str:
        """The kind as people read it: "promotional claim", "limitation"."""
        return self.kind.value.replace("_", " ")


class SourceLine(NamedTuple):
    """One source an answer cites, once, with the sections it cites (none for a listing)."""

    state: SourceState
    sections: tuple[str, ...] = ()


class Legend(NamedTuple):
    """What the statuses, trust tiers, review states and row markers of an answer mean."""

    statuses: str | None
    tiers: str
    review: str
    markers: tuple[str, ...] = ()


def clean(text: object) -> str:
    """Text from the catalog or a person with no control, bidi-override or zero-width characters."""
    return strip_controls(str(text))


def cited(catalog: Catalog, items: Iterable[Provenance], as_of: dt.date) -> tuple[Cited, ...]:
    """Citations most trusted source first, as everywhere else; otherwise in catalog order."""
    ordered = sorted(items, key=lambda p: catalog.tier_rank(p.source))
    return tuple(Cited(source_state(catalog, p.source, as_of), p.section) for p in ordered)


def said(catalog: Catalog, items: Iterable[Statement], as_of: dt.date) -> tuple[Said, ...]:
    return tuple(Said(st.text, cited(catalog, st.provenance, as_of)) for st in items)


def caveat_lines(
    catalog: Catalog, caveats: Sequence[Caveat], as_of: dt.date
) -> tuple[CaveatLine, ...]:
    return tuple(
        CaveatLine(n, c.id, c.kind, c.summary, said(catalog, c.statements, as_of))
        for n, c in enumerate(caveats, 1)
    )


def legend(
    context: Context, statuses: bool = True, notes: bool = False, scoped: bool = False
) -> Legend:
    markers = ((NOTE_MARKER,) if notes else ()) + ((SCOPE_MARKER,) if scoped else ())
    return Legend(
        STATUS_MEANINGS if statuses else None,
        ", ".join(f"{rank} {tier}" for rank, tier in context.tiers) + ".",
        REVIEW_MEANINGS,
        markers,
    )


def found_line(shown: str, match: NameMatch | None) -> str | None:
    """The line above an answer found by anything but its own name: "Showing sorafenib for
    'sorafinib' (one slip from its name; similarity 89)", so that nobody takes one name for
    another."""
    if match is None:
        return None
    return found_as(shown, match.query, match.how, match.name_type, match.score)


def found_as(shown: str, query: str, how: str, name_type: str, score: int) -> str | None:
    detail = how_found(how, name_type, score)
    return None if detail is None else f"Showing {shown} for {clean(query)!r} ({detail})"


def filtered_line(filters: Filters | None, whole: str = "") -> str | None:
    """What a narrowed answer shows. A stage's statements are narrowed one by one; a listing
    keeps each record that passes whole, with sources and statuses that do not pass."""
    if not filters:
        return None
    if not whole:
        return f"Showing only: {filters.described()}"
    return (
        f"Showing only {whole} that pass: {filters.described()} (each is shown whole, with "
        "every source and status)"
    )


def catalog_release(context: Context) -> str:
    """The catalog an answer comes from, as its version and date: "1.3.2 of 2026-12-07"."""
    date = context.catalog_modified
    return context.catalog_version + (f" of {date.isoformat()}" if date else "")


def review_date_words(state: SourceState) -> str | None:
    """When the source was last reviewed, or else published ("reviewed 2025-12-30"); None for
    an undated source."""
    s = state.source
    date = s.last_reviewed or s.published
    if state.status is ReviewStatus.UNDATED or date is None:
        return None
    return f"{'reviewed' if s.last_reviewed else 'published'} {date}"


def review_state_words(state: SourceState, short: bool = False) -> str:
    """The source's review state: "overdue (due 2026-03-30)", "current (due ...)", or for an
    undated source "undated: no review date"; `short` (a compact view's foot, beside the date
    it was reviewed): "overdue", "current", "undated"."""
    if short:
        return state.status.value
    if state.status is ReviewStatus.UNDATED:
        return "undated: no review date"
    return f"{state.status.value} (due {state.next_review})"


def count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class SourceStatus(NamedTuple):
    """The status one source gives an option in its stage lists, with the curator's notes on
    those statements and the stages they name (see query.statuses_of)."""

    status: Status
    source_id: str
    tier: str
    notes: tuple[Note, ...]
    stages: tuple[str, ...]


def source_statuses(catalog: Catalog, ref: OptionRef) -> tuple[SourceStatus, ...]:
    return tuple(
        SourceStatus(
            s.status, s.source_id, catalog.source_by_id[s.source_id].tier, s.notes, s.stages
        )
        for s in statuses_of(catalog, ref)
    )


class Noted(NamedTuple):
    """A curator's note on one source's status for an option, shown under a table of statuses
    that marks it [note]."""

    name: str
    source_id: str
    status: Status
    text: str
    stages: tuple[str, ...]


def noted(name: str, said: Iterable[SourceStatus]) -> list[Noted]:
    return [Noted(name, s.source_id, s.status, n.text, n.stages) for s in said for n in s.notes]


class Listed(NamedTuple):
    """One stage option that names a record: where, as what, with what status, and who says so."""

    entry: StageOption
    name: str
    where: str
    named_as: str | None
    """The option's name where it is not the record itself: a regimen, or a modality's drug
    shown in its place ("(as atezolizumab with bevacizumab)")."""
    cited: tuple[Cited, ...]


def listed(
    catalog: Catalog,
    options: Iterable[StageOption],
    as_of: dt.date,
    record_id: str | None = None,
) -> tuple[Listed, ...]:
    """Stage options most trusted source first, then most established status; an option that is
    not the record `record_id` itself (a regimen, a modality's drug) is named."""
    return tuple(
        Listed(
            o,
            catalog.option_name(o.option),
            ", ".join((*o.stages, *o.situations)),
            catalog.option_name(o.option)
            if o.option.kind is OptionKind.REGIMEN
            or (record_id is not None and o.option.id != record_id)
            else None,
            cited(catalog, o.provenance, as_of),
        )
        for o in most_trusted_first(catalog, options)
    )


def curator_line(drugs: Sequence[Drug]) -> str | None:
    """Which drug fields the curator supplied (no source document states them): each field once,
    with the drugs it applies to when not all of them (apatinib's class, say)."""
    fields: dict[str, list[str]] = {}
    for d in drugs:
        for name in d.curator_supplied:
            fields.setdefault(name.replace("_", " "), []).append(d.name)
    parts = [
        name if len(names) == len(drugs) else f"{name} ({', '.join(names)})"
        for name, names in fields.items()
    ]
    return f"{CURATOR_SUPPLIED}: {'; '.join(parts)}." if parts else None


def sources_of(items: Iterable[Cited]) -> tuple[SourceLine, ...]:
    """Each source the citations name, once, most trusted first, with the sections cited (a
    citation with no section, `Cited(state, None)`, names only its source)."""
    states: dict[str, SourceState] = {}
    sections: dict[str, list[str]] = {}
    for c in items:
        states[c.source_id] = c.state
        listed = sections.setdefault(c.source_id, [])
        if c.section and c.section not in listed:
            listed.append(c.section)
    return tuple(
        SourceLine(states[sid], tuple(sections[sid]))
        for sid in sorted(states, key=lambda s: states[s].tier_rank)
    )


def all_cited(*groups: Iterable[Said] | Iterable[Cited]) -> list[Cited]:
    """Every citation in statements or lists of citations, in order."""
    out: list[Cited] = []
    for group in groups:
        for item in group:
            out.extend(item.cited if isinstance(item, Said) else (item,))
    return out
