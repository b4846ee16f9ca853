"""Grouping a stage's statements by treatment, and the filters that narrow an answer.

A stage answer is a list of statements (OptionRow): one source saying one thing of one option.
`group_by_treatment` gathers them under each modality, drug or regimen, most trusted first,
without merging any away. `Filters` keeps the statements a person asked for (by source, trust
tier, status or kind); `narrow` applies them one at a time, so that an empty answer can say
which filter emptied it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from ..catalog.model import Catalog, OptionKind, OptionRef, Status
from .names import QueryError
from .stages import OptionRow

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


def _choose(given: Iterable[str], valid: Sequence[str], what: str, option: str) -> tuple[str, ...]:
    out = []
    for value in given:
        key = value.strip().lower().replace(" ", "_")
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
) -> Filters:
    """Filters from what was typed; QueryError (exit 2) names the valid values of a bad one."""
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
        statuses=tuple(Status(s) for s in _choose(statuses, status_names, "status", "--status")),
        kinds=_choose(kinds, kind_names(catalog), "kind", "--kind"),
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


def _tests(catalog: Catalog, filters: Filters) -> list[tuple[str, Callable[[OptionRow], bool]]]:
    tests: list[tuple[str, Callable[[OptionRow], bool]]] = []
    if filters.sources:
        wanted = frozenset(filters.sources)
        tests.append(
            (
                f"--source {' '.join(filters.sources)}",
                lambda r: any(s.source.id in wanted for s in r.sources),
            )
        )
    if filters.min_trust:
        floor = next(t.rank for t in catalog.trust_tiers if t.id == filters.min_trust)
        tests.append((f"--min-trust {filters.min_trust}", lambda r: r.tier_rank <= floor))
    if filters.statuses:
        statuses = frozenset(filters.statuses)
        tests.append(
            (
                f"--status {' '.join(s.value for s in filters.statuses)}",
                lambda r: r.status in statuses,
            )
        )
    if filters.kinds:
        kinds = frozenset(filters.kinds)
        tests.append(
            (
                f"--kind {' '.join(filters.kinds)}",
                lambda r: bool(kinds & kinds_of(catalog, r.entry.option)),
            )
        )
    return tests


class Narrowed(NamedTuple):
    """The rows a filter kept; `emptied_by` names the filter that left none (None if some remain)."""

    rows: list[OptionRow]
    emptied_by: str | None
    before: int


def narrow(catalog: Catalog, rows: Sequence[OptionRow], filters: Filters) -> Narrowed:
    """Apply each filter in turn (source, trust, status, kind). When none are left, say which
    filter emptied the answer and how many statements there were before it."""
    kept = list(rows)
    for label, test in _tests(catalog, filters):
        before = len(kept)
        kept = [r for r in kept if test(r)]
        if not kept:
            return Narrowed([], label, before)
    return Narrowed(kept, None, len(kept))
