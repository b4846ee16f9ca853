"""The drug answer (`livertx drug QUERY`) and the list of drugs (`livertx drug`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from ..catalog.model import Catalog, Drug, OptionKind, OptionRef
from ..query import (
    DrugMatch,
    Filters,
    caveats_about,
    caveats_for_drugs,
    drug_refs,
    options_naming,
    regimens_with,
    stages_listing,
)
from .common import (
    NOT_LISTED_ANYWHERE,
    CaveatLine,
    Cited,
    Context,
    Legend,
    Noted,
    Said,
    SourceStatus,
    all_cited,
    caveat_lines,
    cited,
    context_of,
    curator_line,
    filtered_line,
    found_as,
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
)


class Spelling(NamedTuple):
    """How a source document writes the drug's name, and the curator's reading of it."""

    text: str
    note: str
    cited: tuple[Cited, ...]


class RegimenStatuses(NamedTuple):
    """A combination the drug is part of, with each source's status for it."""

    id: str
    name: str
    said: tuple[SourceStatus, ...]


class DrugFacts(NamedTuple):
    """Everything the catalog says of one drug, as `drug`, its list and `compare` show it."""

    drug: Drug
    statuses: tuple[SourceStatus, ...]
    regimens: tuple[RegimenStatuses, ...]
    stages: tuple[str, ...]
    own_stages: tuple[str, ...]
    combined_stages: tuple[str, ...]
    spellings: tuple[Spelling, ...]
    notes: tuple[Said, ...]
    caveat_ids: tuple[str, ...]
    cited: tuple[Cited, ...]
    """The drug's own sources."""
    brands: str | None
    """ "Nexavar (curator-supplied)": the brands, and where they come from."""
    target: str | None
    member_notes: tuple[Noted, ...]
    catalog: Catalog
    as_of: dt.date

    @property
    def row_cited(self) -> tuple[Cited, ...]:
        """Its own sources, then those of the stage lists its statuses come from (worked out
        only for the formats that show them: JSON never reads every stage option)."""
        refs = drug_refs(self.catalog, self.drug)
        options = options_naming(self.catalog, refs)
        here = dict.fromkeys([*self.drug.provenance, *(p for o in options for p in o.provenance)])
        return cited(self.catalog, here, self.as_of)


def drug_facts(catalog: Catalog, d: Drug, as_of: dt.date) -> DrugFacts:
    refs = drug_refs(catalog, d)  # the drug, then each regimen that uses it
    own = source_statuses(catalog, OptionRef(OptionKind.DRUG, d.id))
    regimens = tuple(
        RegimenStatuses(r.id, r.name, source_statuses(catalog, OptionRef(OptionKind.REGIMEN, r.id)))
        for r in regimens_with(catalog, OptionKind.DRUG, d.id)
    )
    notes = noted(d.name, own) + [n for r in regimens for n in noted(r.name, r.said)]

    def marked(field: str, text: str) -> str:
        return f"{text} (curator-supplied)" if field in d.curator_supplied else text

    return DrugFacts(
        drug=d,
        statuses=own,
        regimens=regimens,
        stages=tuple(stages_listing(catalog, refs)),
        own_stages=tuple(stages_listing(catalog, refs[:1])),
        combined_stages=tuple(stages_listing(catalog, refs[1:])),
        spellings=tuple(
            Spelling(sp.text, sp.note, cited(catalog, sp.provenance, as_of))
            for sp in d.source_spellings
        ),
        notes=said(catalog, d.notes, as_of),
        caveat_ids=tuple(c.id for c in caveats_about(catalog, refs)),
        cited=cited(catalog, d.provenance, as_of),
        brands=marked("brands", ", ".join(d.brands)) if d.brands else None,
        target=marked("target", d.target) if d.target else None,
        member_notes=tuple(notes),
        catalog=catalog,
        as_of=as_of,
    )


class MatchLine(NamedTuple):
    """One drug a query matched, with how it matched."""

    facts: DrugFacts
    match: DrugMatch

    @property
    def matched_words(self) -> str:
        """Which kind of name matched, and how: "brand, fuzzy"."""
        return f"{self.match.name_kind}, {self.match.match_type.split('-', 1)[1]}"


class Combination(NamedTuple):
    """The combination a query named: the regimen the catalog lists (`regimen_id`), or, when it
    lists none of just those drugs, None and `listed` False."""

    regimen_id: str | None
    name: str | None
    listed: bool
    drug_ids: tuple[str, ...]


def combination_of_matches(catalog: Catalog, matches: Sequence[DrugMatch]) -> Combination | None:
    """The combination that the matches answer, if the query named one (see query.drugs_in_text)."""
    if not matches or matches[0].how not in ("combination", "unlisted-combination"):
        return None
    ids = tuple(m.drug.id for m in matches)
    if all(m.how == "combination" and m.regimen_id for m in matches):
        regimen = catalog.regimen_by_id[matches[0].regimen_id or ""]
        return Combination(regimen.id, regimen.name, True, ids)
    if all(m.how == "unlisted-combination" for m in matches):
        return Combination(None, None, False, ids)
    return None


class DrugAnswer(NamedTuple):
    context: Context
    query: str
    matches: tuple[MatchLine, ...]
    found: str | None
    notes: tuple[Noted, ...]
    caveats: tuple[CaveatLine, ...]
    interpretations: tuple[str, ...]
    """The curator's reading of a document's spelling that the query matched."""
    curator: str | None
    legend: Legend
    detail: bool = False
    """Whether the table view is the full one (`--detail`): a choice of view only, the JSON is
    the same either way."""
    catalog: Catalog | None = None
    """The catalog the answer was drawn from, for its compact reading."""
    combination: Combination | None = None
    """The combination the query named, listed or not; None for a query of one drug."""

    @property
    def compact(self) -> CompactAnswer | None:
        """The compact reading (livertx.answers.compact) that the default table view draws,
        worked out only when it is drawn: JSON and the detail views never pay for it."""
        return None if self.catalog is None else compact_drugs(self.catalog, self)

    @property
    def title(self) -> str:
        return f"Drugs matching {self.query!r}"


class DrugsAnswer(NamedTuple):
    context: Context
    drugs: tuple[DrugFacts, ...]
    filters: Filters | None
    filtered: str | None
    notes: tuple[Noted, ...]
    caveats: tuple[CaveatLine, ...]
    curator: str | None
    legend: Legend
    empty: str | None
    detail: bool = False
    """Whether the table view is the full one (each drug's target, every regimen's statuses,
    the sections, the curator's notes and the caveats in full) rather than the list; a choice
    of view only: the JSON and the handouts carry every field either way."""

    @property
    def title(self) -> str:
        return "Drugs"


def drug_answer(
    catalog: Catalog,
    query: str,
    matches: Sequence[DrugMatch],
    as_of: dt.date,
    detail: bool = False,
) -> DrugAnswer:
    """The answer for a query and the drugs it matched (see query.find_drugs); `detail` chooses
    the full table view."""
    found = None
    best = matches[0] if matches else None
    if best is not None and best.how != "exact":
        shown = ", ".join(m.drug.name for m in matches)
        found = found_as(shown, query, best.how, best.name_kind, best.score)
    lines = tuple(MatchLine(drug_facts(catalog, m.drug, as_of), m) for m in matches)
    drugs = [m.drug for m in matches]
    context = context_of(catalog, as_of)
    return DrugAnswer(
        context,
        query,
        lines,
        found,
        tuple(dict.fromkeys(n for line in lines for n in line.facts.member_notes)),
        caveat_lines(catalog, caveats_for_drugs(catalog, drugs), as_of),
        tuple(
            f"Interpretation: {sp.note}"
            for m in matches
            for sp in m.drug.source_spellings
            if m.matched_on == sp.text
        ),
        curator_line(drugs),
        legend(context),
        detail,
        catalog,
        combination_of_matches(catalog, matches),
    )


def drugs_answer(
    catalog: Catalog, as_of: dt.date, filters: Filters | None = None, detail: bool = False
) -> DrugsAnswer:
    listed: Sequence[Drug] = catalog.drugs
    empty = None
    if filters is not None:
        from ..query import drug_facts as facts_of
        from ..query import narrow_by

        kept = narrow_by(catalog, catalog.drugs, lambda d: facts_of(catalog, d), filters)
        listed = kept.items
        if kept.emptied_by is not None:
            empty = f"no drug is left after {kept.emptied_by} ({kept.before} before it)"
    facts = tuple(drug_facts(catalog, d, as_of) for d in listed)
    context = context_of(catalog, as_of)
    return DrugsAnswer(
        context,
        facts,
        filters,
        filtered_line(filters, "drugs"),
        tuple(dict.fromkeys(n for f in facts for n in f.member_notes)),
        caveat_lines(catalog, caveats_for_drugs(catalog, listed), as_of),
        curator_line(listed),
        legend(context),
        empty,
        detail,
    )


def compact_drug(
    catalog: Catalog, f: DrugFacts, numbering: Numbering, found: str | None
) -> CompactThing:
    """A drug as the compact views show it (livertx.answers.compact): what it is, a status that
    names its stages and sources, one line per listing (its own, then each combination's), and
    what the sources note of it in the most trusted one's words."""
    d = f.drug
    refs = drug_refs(catalog, d)
    where = listed(catalog, options_naming(catalog, refs), f.as_of, d.id)
    status = own_status(catalog, where, OptionKind.DRUG, d.id) or NOT_LISTED_ANYWHERE
    what = d.drug_class[0].upper() + d.drug_class[1:]
    if f.target:
        what += f"; target: {f.target}"
    if f.brands:
        what += f"; brands: {f.brands}"
    others = [*d.salt_forms, *d.short_forms, *d.synonyms]
    notes = aspect_words("What sources note", f.notes)
    caveats = caveat_lines(catalog, caveats_about(catalog, refs), f.as_of)
    listings = listing_lines(catalog, where)
    return CompactThing(
        name=d.name,
        kind_words="drug",
        found=found,
        also=also_called(
            others, any(k in d.curator_supplied for k in ("salt_forms", "short_forms", "synonyms"))
        ),
        what=what + ".",
        status=status + ".",
        aspects=(notes,) if notes else (),
        listings_title="Where sources list it",
        listings=listings,
        unlisted=(),
        related=None,
        caveats=numbering.caveats(caveats),
    )


def compact_drugs(catalog: Catalog, answer: DrugAnswer) -> CompactAnswer:
    """The compact reading of a drug answer: each drug matched, best first."""
    numbering = Numbering()
    things = []
    for i, line in enumerate(answer.matches):
        m = line.match
        how = None
        if len(answer.matches) > 1:  # which name of each drug the query matched, and how well
            how = f"{i + 1}. matched on {m.matched_on!r} ({line.matched_words}, score {m.score})"
        found = answer.found if i == 0 else None
        things.append(
            compact_drug(
                catalog, line.facts, numbering, "\n".join(filter(None, (found, how))) or None
            )
        )
    numbering.caveats(answer.caveats)  # each caveat of the answer, if about no drug shown first
    cited = all_cited(
        *(line.facts.row_cited for line in answer.matches),
        *(line.facts.notes for line in answer.matches),
        *(cav.statements for cav in answer.caveats),
    )
    return compact_answer(things, numbering, sources_of(cited), answer.curator)
