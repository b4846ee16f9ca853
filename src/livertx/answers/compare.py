"""The comparison answer (`livertx compare A B ...`): modalities and drugs side by side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from ..catalog.model import MODALITY_STATEMENTS, Catalog, Modality, OptionKind
from ..query import NameMatch, compare_items
from .common import (
    CaveatLine,
    Cited,
    Context,
    Legend,
    Listed,
    Said,
    SourceLine,
    all_cited,
    caveat_lines,
    context_of,
    curator_line,
    found_line,
    legend,
    listed,
    said,
    sources_of,
)
from .compact import CompactAnswer, Numbering, compact_answer
from .drug import DrugFacts, compact_drug, drug_facts
from .modality import ModalityFacts, compact_modality, modality_facts

NOTHING_RECORDED = "nothing in the catalog"
SIDE_EFFECTS = dict(MODALITY_STATEMENTS)["side_effects"]
"""An empty aspect in `compare`: a dash read as "none" (no side effects), which the catalog
does not say."""


class ComparedThing(NamedTuple):
    """One modality or drug in a comparison, aspect by aspect."""

    facts: ModalityFacts | DrugFacts
    match: NameMatch
    found: str | None
    name: str
    kind_words: str
    """Its category in lower case ("interventional"), or "drug"."""
    aspects: tuple[tuple[str, tuple[Said, ...]], ...]
    nothing: tuple[tuple[str, str], ...]
    """For each empty aspect, what the cell says instead (and where else it is recorded)."""
    listed: tuple[Listed, ...]
    caveats: tuple[CaveatLine, ...]

    @property
    def kind(self) -> OptionKind:
        return OptionKind.MODALITY if isinstance(self.facts, ModalityFacts) else OptionKind.DRUG


class CompareAnswer(NamedTuple):
    context: Context
    items: tuple[ComparedThing, ...]
    labels: tuple[str, ...]
    """The aspects that at least one thing compared has, in order."""
    sources: tuple[SourceLine, ...]
    legend: Legend
    curator: str | None
    detail: bool = False
    """Whether the table view is the full one (`--detail`): a choice of view only, the JSON is
    the same either way."""
    catalog: Catalog | None = None
    """The catalog the answer was drawn from, for its compact reading."""

    @property
    def compact(self) -> CompactAnswer | None:
        """The compact reading (livertx.answers.compact) that the default table view draws,
        worked out only when it is drawn: JSON and the detail views never pay for it."""
        return None if self.catalog is None else compact_compare(self.catalog, self)

    @property
    def title(self) -> str:
        return "Compared: " + " · ".join(item.name for item in self.items)


def compare_answer(
    catalog: Catalog, names: Sequence[str], as_of: dt.date, detail: bool = False
) -> CompareAnswer:
    """The comparison of two to six names (QueryError, exit 2, for a wrong number of names,
    a name of nothing or two names of one record); `detail` chooses the full table view."""
    items = []
    for c in compare_items(catalog, names):
        aspects = tuple((label, said(catalog, sts, as_of)) for label, sts in c.aspects)
        facts: ModalityFacts | DrugFacts
        if c.kind is OptionKind.MODALITY:
            m = catalog.modality_by_id[c.record.id]
            facts = modality_facts(catalog, m, as_of)
            kind_words = facts.category.lower()
            nothing = [(label, _nothing(catalog, m, label)) for label, sts in aspects if not sts]
        else:
            facts = drug_facts(catalog, catalog.drug_by_id[c.record.id], as_of)
            kind_words = "drug"
            nothing = [(label, NOTHING_RECORDED) for label, sts in aspects if not sts]
        items.append(
            ComparedThing(
                facts,
                c.match,
                found_line(c.record.name, c.match),
                c.record.name,
                kind_words,
                aspects,
                tuple(nothing),
                listed(catalog, c.options, as_of, c.record.id),
                caveat_lines(catalog, c.caveats, as_of),
            )
        )
    # an aspect no source fills is left out, but for side effects: that no source describes
    # any is worth saying, where a missing row would read as none
    labels = tuple(
        label
        for label in dict.fromkeys(label for item in items for label, _ in item.aspects)
        if label == SIDE_EFFECTS or any(dict(item.aspects).get(label) for item in items)
    )
    drugs = [i.facts.drug for i in items if isinstance(i.facts, DrugFacts)]
    context = context_of(catalog, as_of)
    cited: list[Sequence[Said] | Sequence[Cited]] = []
    for i in items:
        cited += [i.facts.cited, *(o.cited for o in i.listed), *(sts for _, sts in i.aspects)]
    return CompareAnswer(
        context,
        tuple(items),
        labels,
        sources_of(all_cited(*cited)),
        legend(context),
        curator_line(drugs),
        detail,
        catalog,
    )


def _nothing(catalog: Catalog, m: Modality, label: str) -> str:
    """What a modality's empty aspect says instead: nothing recorded, and for which of its
    parent and related modalities that aspect is recorded."""
    field = {title: field for field, title in MODALITY_STATEMENTS}[label]
    near = dict.fromkeys((*([m.parent] if m.parent else []), *m.related))
    has = [other for other in near if getattr(catalog.modality_by_id[other], field)]
    return f"{NOTHING_RECORDED} for it; recorded for {', '.join(has)}" if has else NOTHING_RECORDED


def compact_compare(catalog: Catalog, answer: CompareAnswer) -> CompactAnswer:
    """The compact reading of a comparison: each thing in the compact shape of `explain` or
    `drug`, one after the other, a caveat about several of them numbered once."""
    numbering = Numbering()
    things = tuple(
        compact_modality(catalog, i.facts, numbering, i.found, answer.context.as_of, True)
        if isinstance(i.facts, ModalityFacts)
        else compact_drug(catalog, i.facts, numbering, i.found)
        for i in answer.items
    )
    for i in answer.items:  # the caveats the comparison names, each once
        numbering.caveats(i.caveats)
    every = all_cited(
        *(i.facts.cited for i in answer.items),
        *(o.cited for i in answer.items for o in i.listed),
        *(sts for i in answer.items for _, sts in i.aspects),
        *(cav.statements for i in answer.items for cav in i.caveats),
        # a modality's statuses and caveats, as explain names them
        *(
            [Cited(line.state, None) for line in i.facts.sources]
            for i in answer.items
            if isinstance(i.facts, ModalityFacts)
        ),
    )
    return compact_answer(things, numbering, sources_of(every), answer.curator)
