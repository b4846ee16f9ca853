"""Grouping a stage's statements by treatment, and the filters that narrow an answer.

A stage answer is a list of statements (OptionRow): one source saying one thing of one option.
`group_by_treatment` gathers them under each modality, drug or regimen, most trusted first,
without merging any away. `Filters` keeps the statements a person asked for (by source, trust
tier, status or kind); `narrow` applies them one at a time, so that an empty answer can say
which filter emptied it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

from ..catalog.model import Catalog, Drug, Modality, OptionKind, OptionRef, Status
from .lookups import TextHit, statuses_of
from .names import QueryError
from .stages import OptionRow

T = TypeVar("T")

OPTION_KINDS = tuple(k.value for k in OptionKind)
"""modality, drug, regimen: the kinds of option a stage can list."""


class Treatment(NamedTuple):
    """One modality, drug or regimen in a stage answer, with every statement that lists it."""

    kind: OptionKind
    id: str
    name: str
    label: str
    rows: tuple[OptionRow, ...]


def group_by_treatment(rows: Sequence[OptionRow]) -> list[Treatment]:
    """The statements gathered per treatment, in the order of each treatment's first (most
    trusted, then most established) statement; within one, the rows keep that order."""
    grouped: dict[tuple[OptionKind, str], list[OptionRow]] = {}
    for row in rows:
        grouped.setdefault((row.kind, row.entry.option.id), []).append(row)
    return [
        Treatment(kind, oid, members[0].name, members[0].label, tuple(members))
        for (kind, oid), members in grouped.items()
    ]


class Filters(NamedTuple):
    """What a person asked to keep. An empty field keeps everything."""

    sources: tuple[str, ...] = ()
    min_trust: str | None = None
    statuses: tuple[Status, ...] = ()
    kinds: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.sources or self.min_trust or self.statuses or self.kinds)

    def described(self) -> str:
        """The filters in words, as the header of a narrowed answer says them."""
        parts = []
        if self.sources:
            parts.append("source " + " or ".join(self.sources))
        if self.min_trust:
            parts.append(f"trust {self.min_trust} or higher")
        if self.statuses:
            parts.append("status " + " or ".join(s.label for s in self.statuses))
        if self.kinds:
            parts.append("kind " + " or ".join(self.kinds))
        return "; ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "sources": list(self.sources),
            "min_trust": self.min_trust,
            "statuses": [s.value for s in self.statuses],
            "kinds": list(self.kinds),
        }


def _key(value: str) -> str:
    return value.strip().lower().replace(" ", "_")


_STATUS_WORDS = {_key(s.label): s.value for s in Status}
"""--status also takes a status as the tables word it: `in clinical trials`, `promotional claim`."""


def _choose(given: Iterable[str], valid: Sequence[str], what: str, option: str) -> tuple[str, ...]:
    out = []
    for value in given:
        key = _key(value)
        if key not in valid:
            raise QueryError(
                f"{value!r} is not a {what} for {option}; choose one of: {', '.join(valid)}"
            )
        out.append(key)
    return tuple(dict.fromkeys(out))


def kind_names(catalog: Catalog) -> list[str]:
    """What --kind accepts: the option kinds, then the catalog's modality categories."""
    return [*OPTION_KINDS, *(c.id for c in catalog.categories)]


def make_filters(
    catalog: Catalog,
    sources: Iterable[str] = (),
    min_trust: str | None = None,
    statuses: Iterable[str] = (),
    kinds: Iterable[str] = (),
    extra_kinds: Sequence[str] = (),
) -> Filters:
    """Filters from what was typed; QueryError (exit 2) names the valid values of a bad one.
    `extra_kinds` are further --kind values a command accepts (search: stage, caveat, option)."""
    status_names = [s.value for s in reversed(Status)]  # most established first
    tier_names = [t.id for t in catalog.trust_tiers]
    return Filters(
        sources=_choose(
            sources,
            sorted((s.id for s in catalog.sources), key=catalog.tier_rank),
            "source id",
            "--source",
        ),
        min_trust=(
            _choose([min_trust], tier_names, "trust tier", "--min-trust")[0]
            if min_trust is not None
            else None
        ),
        statuses=tuple(
            Status(s)
            for s in _choose(
                (_STATUS_WORDS.get(_key(v), v) for v in statuses),
                status_names,
                "status",
                "--status",
            )
        ),
        kinds=_choose(kinds, [*kind_names(catalog), *extra_kinds], "kind", "--kind"),
    )


def kinds_of(catalog: Catalog, ref: OptionRef) -> frozenset[str]:
    """The --kind values an option answers to: its own kind (a regimen is not a drug), and the
    category of its modality (a drug's modality; the modalities of a regimen's components)."""
    out = {ref.kind.value}
    if ref.kind is OptionKind.MODALITY:
        out.add(catalog.modality_by_id[ref.id].category)
    elif ref.kind is OptionKind.DRUG:
        out.add(catalog.modality_by_id[catalog.drug_by_id[ref.id].modality].category)
    else:
        for comp in catalog.regimen_by_id[ref.id].components:
            out |= kinds_of(catalog, OptionRef(comp.kind, comp.id)) - set(OPTION_KINDS)
    return frozenset(out)


class Facts(NamedTuple):
    """What the filters look at in one row or record: who says it, how trusted the most trusted
    of them is, the statuses given, and the kinds it answers to."""

    sources: frozenset[str]
    rank: int
    statuses: frozenset[Status]
    kinds: frozenset[str]


def _tests(catalog: Catalog, filters: Filters) -> list[tuple[str, Callable[[Facts], bool]]]:
    tests: list[tuple[str, Callable[[Facts], bool]]] = []
    if filters.sources:
        wanted = frozenset(filters.sources)
        tests.append((f"--source {' '.join(filters.sources)}", lambda f: bool(f.sources & wanted)))
    if filters.min_trust:
        floor = next(t.rank for t in catalog.trust_tiers if t.id == filters.min_trust)
        tests.append((f"--min-trust {filters.min_trust}", lambda f: f.rank <= floor))
    if filters.statuses:
        statuses = frozenset(filters.statuses)
        label = f"--status {' '.join(s.value for s in filters.statuses)}"
        tests.append((label, lambda f: bool(f.statuses & statuses)))
    if filters.kinds:
        kinds = frozenset(filters.kinds)
        tests.append((f"--kind {' '.join(filters.kinds)}", lambda f: bool(f.kinds & kinds)))
    return tests


@dataclass(frozen=True)
class Narrowed(Generic[T]):
    """The items the filters kept; `emptied_by` names the filter that left none (None if some
    remain), and `before` how many there were before it."""

    items: list[T]
    emptied_by: str | None
    before: int


def narrow_by(
    catalog: Catalog, items: Sequence[T], facts: Callable[[T], Facts], filters: Filters
) -> Narrowed[T]:
    """Apply each filter in turn (source, trust, status, kind) to each item's facts. When none
    are left, say which filter emptied the answer and how many items there were before it."""
    kept = list(items)
    if not filters:
        return Narrowed(kept, None, len(kept))
    known = {id(item): facts(item) for item in kept}
    for label, test in _tests(catalog, filters):
        before = len(kept)
        kept = [item for item in kept if test(known[id(item)])]
        if not kept:
            return Narrowed([], label, before)
    return Narrowed(kept, None, len(kept))


def row_facts(catalog: Catalog, row: OptionRow) -> Facts:
    """A stage statement: its source, that source's rank, its status, its option's kinds."""
    return Facts(
        frozenset(s.source.id for s in row.sources),
        row.tier_rank,
        frozenset({row.status}),
        kinds_of(catalog, row.entry.option),
    )


def narrow(catalog: Catalog, rows: Sequence[OptionRow], filters: Filters) -> Narrowed[OptionRow]:
    """A stage's statements narrowed by the filters (see narrow_by)."""
    return narrow_by(catalog, rows, lambda r: row_facts(catalog, r), filters)


def record_facts(
    catalog: Catalog, ref: OptionRef | None, sources: Iterable[str], statuses: Iterable[Status]
) -> Facts:
    """A modality, drug or regimen in a listing (or another record, with `ref` None): the
    sources it cites or that list it, the most trusted of them, the statuses they give."""
    ids = frozenset(sources)
    rank = min((catalog.tier_rank(s) for s in ids), default=len(catalog.trust_tiers) + 1)
    kinds = kinds_of(catalog, ref) if ref is not None else frozenset()
    return Facts(ids, rank, frozenset(statuses), kinds)


def modality_facts(catalog: Catalog, m: Modality) -> Facts:
    """A modality in `explain`'s listing: the sources it cites and that list it for a stage,
    and the statuses they give it."""
    ref = OptionRef(OptionKind.MODALITY, m.id)
    said = statuses_of(catalog, ref)
    claims = list(m.statuses)
    sources = [p.source for p in m.provenance]
    sources += [s.source_id for s in said] + [p.source for c in claims for p in c.provenance]
    statuses = [s.status for s in said] + [c.status for c in claims]
    return record_facts(catalog, ref, sources, statuses)


def drug_facts(catalog: Catalog, d: Drug) -> Facts:
    """A drug in `drug`'s listing: the sources it cites and that list it, their statuses."""
    ref = OptionRef(OptionKind.DRUG, d.id)
    said = statuses_of(catalog, ref)
    sources = [p.source for p in d.provenance] + [s.source_id for s in said]
    return record_facts(catalog, ref, sources, [s.status for s in said])


def hit_facts(catalog: Catalog, hit: TextHit) -> Facts:
    """A search result: the sources of the text that matched; for a modality, drug, regimen or
    stage option, the statuses sources give that option, and its kinds."""
    ref: OptionRef | None = None
    statuses: list[Status] = []
    if hit.kind in OPTION_KINDS:
        ref = OptionRef(OptionKind(hit.kind), hit.id)
        statuses = [s.status for s in statuses_of(catalog, ref)]
    elif hit.kind == "option":
        entry = next(o for o in catalog.stage_options if o.id == hit.id)
        ref, statuses = entry.option, [entry.status]
    facts = record_facts(catalog, ref, hit.source_ids, statuses)
    if ref is None:  # a stage or a caveat
        return facts._replace(kinds=frozenset({hit.kind}))
    # a stage option's qualifier is both `--kind option` and its treatment's kinds
    return facts._replace(kinds=facts.kinds | {hit.kind})
