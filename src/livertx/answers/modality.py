"""The modality answer (`livertx explain NAME`) and the list of modalities (`livertx explain`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from ..catalog.model import MODALITY_STATEMENTS, Catalog, Modality, OptionKind, OptionRef, Status
from ..query import (
    Filters,
    NameMatch,
    ShownStatus,
    caveats_for_modality,
    drugs_and_regimens_of,
    modality_match,
    modality_refs,
    modality_status,
    most_trusted_first,
    options_naming,
    regimens_with,
    source_state,
    stages_listing,
)
from .common import (
    CURATOR_SUPPLIED,
    CaveatLine,
    Cited,
    Context,
    Legend,
    Listed,
    Noted,
    Said,
    SourceLine,
    SourceStatus,
    all_cited,
    caveat_lines,
    cited,
    context_of,
    filtered_line,
    found_line,
    legend,
    listed,
    noted,
    said,
    source_statuses,
    sources_of,
)
from .compact import (
    CompactAnswer,
    CompactThing,
    Numbering,
    also_called,
    aspect_words,
    compact_answer,
    listing_lines,
    own_status,
    with_others,
)

ONLY_IN_A_COMBINATION = "listed only within a combination (below)"
NOT_LISTED = "no source lists it for a stage"


class StatusClaim(NamedTuple):
    """A status a source gives the modality itself."""

    status: Status
    cited: tuple[Cited, ...]


class Aspect(NamedTuple):
    """One kind of statement about a modality (how it works, who it is for...)."""

    field: str
    title: str
    said: tuple[Said, ...]


class MemberStatuses(NamedTuple):
    """A drug or combination of a modality's class, with each source's status for it."""

    ref: OptionRef
    name: str
    kind_words: str
    said: tuple[SourceStatus, ...]
    instead: str | None
    """What the row says when no source gives it a status of its own."""


class ModalityFacts(NamedTuple):
    """Everything the catalog says of one modality, as explain and compare show it."""

    modality: Modality
    category: str
    """The category's name, as people read it ("Systemic drug therapy")."""
    status: ShownStatus
    status_line: str
    statuses: tuple[StatusClaim, ...]
    aspects: tuple[Aspect, ...]
    listed: tuple[Listed, ...]
    stages: tuple[str, ...]
    not_listed: str | None
    members: tuple[MemberStatuses, ...]
    members_title: str
    member_notes: tuple[Noted, ...]
    caveats: tuple[CaveatLine, ...]
    cited: tuple[Cited, ...]
    curator_supplied: str | None
    sources: tuple[SourceLine, ...]
    """Every source cited anywhere in the facts, once, with its sections."""

    @property
    def drugs(self) -> tuple[MemberStatuses, ...]:
        return tuple(m for m in self.members if m.ref.kind is OptionKind.DRUG)

    @property
    def regimens(self) -> tuple[MemberStatuses, ...]:
        return tuple(m for m in self.members if m.ref.kind is OptionKind.REGIMEN)


class ExplainAnswer(NamedTuple):
    context: Context
    facts: ModalityFacts
    match: NameMatch | None
    found: str | None
    legend: Legend
    detail: bool = False
    """Whether the table view is the full one (`--detail`): a choice of view only, the JSON is
    the same either way."""
    catalog: Catalog | None = None
    """The catalog the answer was drawn from, for its compact reading."""

    @property
    def compact(self) -> CompactAnswer | None:
        """The compact reading (livertx.answers.compact) that the default table view draws,
        worked out only when it is drawn: JSON and the detail views never pay for it."""
        return None if self.catalog is None else compact_explain(self.catalog, self)

    @property
    def title(self) -> str:
        return self.facts.modality.name


class ModalityRow(NamedTuple):
    modality: Modality
    category: str
    status: ShownStatus


class ModalitiesAnswer(NamedTuple):
    context: Context
    rows: tuple[ModalityRow, ...]
    filters: Filters | None
    filtered: str | None
    aliases_note: str | None
    legend: Legend
    empty: str | None
    sources: tuple[SourceLine, ...]
    """The sources the statuses shown are recorded from."""
    detail: bool = False
    """Whether the table view gives every other name of each modality rather than the first
    few and a count; a choice of view only: the JSON and the handouts carry them all."""

    @property
    def title(self) -> str:
        return "Treatment modalities"


def modality_facts(catalog: Catalog, m: Modality, as_of: dt.date) -> ModalityFacts:
    refs = modality_refs(catalog, m)
    options = options_naming(catalog, refs)
    drugs, regimens = drugs_and_regimens_of(catalog, m)
    member_refs = [(OptionRef(OptionKind.DRUG, d.id), d.name) for d in drugs] + [
        (OptionRef(OptionKind.REGIMEN, r.id), r.name) for r in regimens
    ]
    listed_for = stages_listing(catalog, [ref for ref, _ in member_refs])
    members = tuple(_member(catalog, ref, name) for ref, name in member_refs)
    title = "Drugs and regimens, each with the status recorded from each source"
    if listed_for:
        title += f" (listed for: {', '.join(listed_for)}; `livertx drug NAME` shows where)"
    not_listed = None
    if not options:
        not_listed = "No source lists it by this name for a stage or situation" + (
            "; the sources' stage lists name its drugs and combinations instead (below)."
            if listed_for
            else "."
        )
    shown = modality_status(catalog, m)
    aspects = tuple(
        Aspect(field, title, said(catalog, getattr(m, field), as_of))
        for field, title in MODALITY_STATEMENTS
    )
    statuses = tuple(
        StatusClaim(c.status, cited(catalog, c.provenance, as_of))
        for c in most_trusted_first(catalog, m.statuses)
    )
    where = listed(catalog, options, as_of)
    caveats = caveat_lines(catalog, caveats_for_modality(catalog, m), as_of)
    own = cited(catalog, m.provenance, as_of)
    return ModalityFacts(
        modality=m,
        category=catalog.category_by_id[m.category].name,
        status=shown,
        status_line=f"(recorded from {shown.source_id}, the most trusted source that gives one)",
        statuses=statuses,
        aspects=aspects,
        listed=where,
        stages=tuple(stages_listing(catalog, refs)),
        not_listed=not_listed,
        members=members,
        members_title=title,
        member_notes=tuple(
            dict.fromkeys(n for member in members for n in noted(member.name, member.said))
        ),
        caveats=caveats,
        cited=own,
        curator_supplied=(
            f"{CURATOR_SUPPLIED}: {', '.join(m.curator_supplied)}" if m.curator_supplied else None
        ),
        sources=sources_of(
            all_cited(
                own,
                *(c.cited for c in statuses),
                *(a.said for a in aspects),
                *(o.cited for o in where),
                *(c.statements for c in caveats),
            )
        ),
    )


def _member(catalog: Catalog, ref: OptionRef, name: str) -> MemberStatuses:
    said_of = source_statuses(catalog, ref)
    instead = None
    if not said_of:
        in_pairs = ref.kind is OptionKind.DRUG and any(
            source_statuses(catalog, OptionRef(OptionKind.REGIMEN, r.id))
            for r in regimens_with(catalog, ref.kind, ref.id)
        )
        # atezolizumab: on no list by itself, on NCI's within a pair; not "unused"
        instead = ONLY_IN_A_COMBINATION if in_pairs else NOT_LISTED
    kind = "combination" if ref.kind is OptionKind.REGIMEN else ref.kind.value
    return MemberStatuses(ref, name, kind, said_of, instead)


def explain_answer(
    catalog: Catalog, name: str, as_of: dt.date, detail: bool = False
) -> ExplainAnswer:
    """The answer for a modality as a person names it (NotFound when there is none); `detail`
    chooses the full table view."""
    match = modality_match(catalog, name)
    m = catalog.modality_by_id[match.record_id]
    context = context_of(catalog, as_of)
    return ExplainAnswer(
        context,
        modality_facts(catalog, m, as_of),
        match,
        found_line(m.name, match),
        legend(context),
        detail,
        catalog,
    )


def modalities_answer(
    catalog: Catalog, as_of: dt.date, filters: Filters | None = None, detail: bool = False
) -> ModalitiesAnswer:
    listed_ones: Sequence[Modality] = catalog.modalities
    empty = None
    if filters is not None:
        from ..query import modality_facts as facts_of
        from ..query import narrow_by

        kept = narrow_by(catalog, catalog.modalities, lambda m: facts_of(catalog, m), filters)
        listed_ones = kept.items
        if kept.emptied_by is not None:
            empty = f"no modality is left after {kept.emptied_by} ({kept.before} before it)"
    context = context_of(catalog, as_of)
    rows = tuple(
        ModalityRow(m, catalog.category_by_id[m.category].name, modality_status(catalog, m))
        for m in listed_ones
    )
    sources = sources_of(
        Cited(source_state(catalog, r.status.source_id, as_of), None)
        for r in rows
        if r.status.source_id
    )
    return ModalitiesAnswer(
        context,
        rows,
        filters,
        filtered_line(filters, "modalities"),
        (
            f"Also called: {CURATOR_SUPPLIED.lower()}."
            if any("aliases" in m.curator_supplied for m in listed_ones)
            else None
        ),
        legend(context),
        empty,
        sources,
        detail,
    )


def compact_modality(
    catalog: Catalog,
    f: ModalityFacts,
    numbering: Numbering,
    found: str | None,
    as_of: dt.date,
    compared: bool = False,
) -> CompactThing:
    """A modality as the compact views show it (livertx.answers.compact): its status is built
    from the stage listings, naming stage and source; a class that sources list only through its
    drugs and combinations says so. `compared`: one of several things side by side, so one
    statement of each kind, and no other names or related modalities (--detail has them)."""
    m = f.modality
    refs = [member.ref for member in f.members]
    through = listed(catalog, options_naming(catalog, refs), as_of, m.id) if refs else ()
    through = tuple(o for o in through if o.entry not in {x.entry for x in f.listed})
    # a class that only a less trusted source lists as a whole ("targeted therapy": the
    # clinic) leads with what the more trusted source says of its drugs
    own = own_status(catalog, f.listed, OptionKind.MODALITY, m.id)
    via = "listed through its drugs and combinations"
    status = with_others(catalog, f.listed, own, through, via, via, "as a class")
    if status is None:
        status = NOT_LISTED + (
            f"; {f.status.source_id} gives it the status {f.status.status.label}"
            if f.status.source_id
            else ""
        )
    listings = listing_lines(catalog, (*f.listed, *through))
    unlisted = []
    for instead, words in (
        (ONLY_IN_A_COMBINATION, "Listed only within a combination"),
        (NOT_LISTED, "No source lists by itself for a stage"),
    ):
        names = [member.name for member in f.members if member.instead == instead]
        if names:
            unlisted.append(f"{words}: {', '.join(names)}.")
    return CompactThing(
        name=m.name,
        kind_words=f.category.lower(),
        found=found,
        also=None if compared else also_called(m.aliases, "aliases" in m.curator_supplied),
        what=m.summary,
        status=status + ".",
        aspects=tuple(
            a
            for a in (
                aspect_words(aspect.title, aspect.said, 1 if compared else None)
                for aspect in f.aspects
            )
            if a is not None
        ),
        listings_title="Where sources list it"
        + (", and its drugs and combinations" if through else ""),
        listings=listings,
        unlisted=tuple(unlisted),
        related=(
            "Related: "
            + ", ".join(
                catalog.modality_by_id[r].name for r in m.related if r in catalog.modality_by_id
            )
            if m.related and not compared
            else None
        ),
        caveats=numbering.caveats(f.caveats),
    )


def compact_explain(catalog: Catalog, answer: ExplainAnswer) -> CompactAnswer:
    """The compact reading of an explain answer."""
    numbering = Numbering()
    thing = compact_modality(catalog, answer.facts, numbering, answer.found, answer.context.as_of)
    return compact_answer([thing], numbering, answer.facts.sources, None)
