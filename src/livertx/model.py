"""Typed, immutable records of the livertx catalog.

The loader builds these; everything after the loader (queries, renderers, the CLI) only reads them.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from types import MappingProxyType
from typing import TYPE_CHECKING, Callable, Mapping, TypeVar

from .records import FrozenRecordError, Record

SCHEMA_VERSION = 1
"""The catalog schema version this livertx reads."""

_D = TypeVar("_D")

if TYPE_CHECKING:  # pragma: no cover
    from .names import CatalogNames


class Status(str, Enum):
    """How a source presents an option. Ordered from least to most established."""

    PROMOTIONAL = "promotional"
    REPORTED = "reported"
    CLINICAL_TRIAL = "clinical_trial"
    SUPPORTIVE = "supportive"
    STANDARD = "standard"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def rank(self) -> int:
        """Higher means more established; used to sort, never to upgrade."""
        return list(Status).index(self)


STATUS_LABELS: Mapping[Status, str] = MappingProxyType(
    {
        Status.STANDARD: "standard",
        Status.CLINICAL_TRIAL: "in clinical trials",
        Status.SUPPORTIVE: "supportive care",
        Status.REPORTED: "reported",
        Status.PROMOTIONAL: "promotional claim",
    }
)


class StageKind(str, Enum):
    STAGE = "stage"
    GROUP = "group"
    SITUATION = "situation"


class CaveatKind(str, Enum):
    LIMITATION = "limitation"
    CONFLICT = "conflict"
    DEFINITION = "definition"
    PROMOTIONAL_CLAIM = "promotional_claim"
    UNSUPPORTED_CLAIM = "unsupported_claim"


class Frequency(str, Enum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    ANNUAL = "annual"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}[self.value]


class ReviewStatus(str, Enum):
    CURRENT = "current"
    OVERDUE = "overdue"
    UNDATED = "undated"


class OptionKind(str, Enum):
    MODALITY = "modality"
    DRUG = "drug"
    REGIMEN = "regimen"


class Provenance(Record):
    """Where a fact stands: a source id and a heading as it appears in that document."""

    source: str
    section: str


class Statement(Record):
    """One fact in the catalog's own words, with where it comes from."""

    text: str
    provenance: tuple[Provenance, ...]


class TrustTier(Record):
    id: str
    rank: int
    description: str


class ReviewPolicy(Record):
    dated_without_frequency: Frequency
    rationale: str


class Source(Record):
    id: str
    title: str
    kind: str
    tier: str
    language: str
    audience: str
    reviewed: dt.date
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    license: str | None = None
    published: dt.date | None = None
    last_reviewed: dt.date | None = None
    review_frequency: Frequency | None = None
    review_frequency_basis: str | None = None
    undated: bool = False
    document: str | None = None

    @property
    def latest_date(self) -> dt.date | None:
        """The newest date the document gives about itself."""
        dates = [d for d in (self.published, self.last_reviewed) if d is not None]
        return max(dates) if dates else None


class Stage(Record):
    """A stage, a group of stages, or a situation that options can be tied to."""

    id: str
    name: str
    kind: StageKind
    definition: str
    reviewed: dt.date
    provenance: tuple[Provenance, ...]
    aliases: tuple[str, ...] = ()
    includes: tuple[str, ...] = ()
    notes: tuple[Statement, ...] = ()
    curator_supplied: tuple[str, ...] = ()


class Category(Record):
    id: str
    name: str


class StatusClaim(Record):
    """The status one source gives an option."""

    status: Status
    provenance: tuple[Provenance, ...]


class Modality(Record):
    id: str
    name: str
    category: str
    summary: str
    statuses: tuple[StatusClaim, ...]
    provenance: tuple[Provenance, ...]
    reviewed: dt.date
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    how_it_works: tuple[Statement, ...] = ()
    who_for: tuple[Statement, ...] = ()
    side_effects: tuple[Statement, ...] = ()
    limits: tuple[Statement, ...] = ()
    notes: tuple[Statement, ...] = ()
    related: tuple[str, ...] = ()
    curator_supplied: tuple[str, ...] = ()


class SourceSpelling(Record):
    """A name as a document (mis)spells it, with the curator's reading of it."""

    text: str
    note: str
    provenance: tuple[Provenance, ...]


class Drug(Record):
    id: str
    name: str
    drug_class: str
    modality: str
    provenance: tuple[Provenance, ...]
    reviewed: dt.date
    target: str | None = None
    brands: tuple[str, ...] = ()
    salt_forms: tuple[str, ...] = ()
    short_forms: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    source_spellings: tuple[SourceSpelling, ...] = ()
    notes: tuple[Statement, ...] = ()
    curator_supplied: tuple[str, ...] = ()


class Component(Record):
    kind: OptionKind
    id: str


class Regimen(Record):
    id: str
    name: str
    kind: str
    components: tuple[Component, ...]
    provenance: tuple[Provenance, ...]
    reviewed: dt.date
    aliases: tuple[str, ...] = ()
    notes: tuple[Statement, ...] = ()
    curator_supplied: tuple[str, ...] = ()


class OptionRef(Record):
    kind: OptionKind
    id: str


class StageOption(Record):
    """One source's statement that an option applies to some stages or situations."""

    id: str
    option: OptionRef
    status: Status
    provenance: tuple[Provenance, ...]
    reviewed: dt.date
    stages: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()
    qualifier: str | None = None
    note: str | None = None


class AppliesTo(Record):
    modalities: tuple[str, ...] = ()
    drugs: tuple[str, ...] = ()
    regimens: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()


class Caveat(Record):
    id: str
    kind: CaveatKind
    summary: str
    applies_to: AppliesTo
    statements: tuple[Statement, ...]
    reviewed: dt.date


def _index(records: tuple[object, ...]) -> Mapping[str, object]:
    return MappingProxyType({getattr(r, "id"): r for r in records})


class Catalog:
    """The whole validated catalog, with lookup tables by id. Immutable once built."""

    __slots__ = (
        "schema_version", "version", "modified", "review_policy", "trust_tiers", "sources", "stages",
        "categories", "modalities", "drugs", "regimens", "stage_options", "caveats", "path",
        "tier_by_id", "source_by_id", "stage_by_id", "category_by_id", "modality_by_id", "drug_by_id",
        "regimen_by_id", "_names", "_derived",
    )  # fmt: skip
    schema_version: int
    version: str
    modified: dt.date
    review_policy: ReviewPolicy
    trust_tiers: tuple[TrustTier, ...]
    sources: tuple[Source, ...]
    stages: tuple[Stage, ...]
    categories: tuple[Category, ...]
    modalities: tuple[Modality, ...]
    drugs: tuple[Drug, ...]
    regimens: tuple[Regimen, ...]
    stage_options: tuple[StageOption, ...]
    caveats: tuple[Caveat, ...]
    path: str
    tier_by_id: Mapping[str, TrustTier]
    source_by_id: Mapping[str, Source]
    stage_by_id: Mapping[str, Stage]
    category_by_id: Mapping[str, Category]
    modality_by_id: Mapping[str, Modality]
    drug_by_id: Mapping[str, Drug]
    regimen_by_id: Mapping[str, Regimen]
    _names: object
    _derived: dict[str, object]

    def __init__(
        self,
        *,
        schema_version: int,
        version: str,
        modified: dt.date,
        review_policy: ReviewPolicy,
        trust_tiers: tuple[TrustTier, ...],
        sources: tuple[Source, ...],
        stages: tuple[Stage, ...],
        categories: tuple[Category, ...],
        modalities: tuple[Modality, ...],
        drugs: tuple[Drug, ...],
        regimens: tuple[Regimen, ...],
        stage_options: tuple[StageOption, ...],
        caveats: tuple[Caveat, ...],
        path: str = "",
    ) -> None:
        values = locals()
        for name in _CATALOG_DATA_FIELDS:
            object.__setattr__(self, name, values[name])
        object.__setattr__(self, "_names", None)
        self._index()

    def derived(self, key: str, build: "Callable[[Catalog], _D]") -> "_D":
        """A table computed from the catalog once, on first use (for example, options by record)."""
        table = self._derived.get(key)
        if table is None:
            table = self._derived[key] = build(self)
        return table  # type: ignore[return-value]

    def _index(self) -> None:
        object.__setattr__(self, "_derived", {})
        for name, records in (
            ("tier_by_id", self.trust_tiers),
            ("source_by_id", self.sources),
            ("stage_by_id", self.stages),
            ("category_by_id", self.categories),
            ("modality_by_id", self.modalities),
            ("drug_by_id", self.drugs),
            ("regimen_by_id", self.regimens),
        ):
            object.__setattr__(self, name, _index(records))

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenRecordError("the catalog cannot be changed")

    def __repr__(self) -> str:
        return f"Catalog(version={self.version!r}, path={self.path!r})"

    @property
    def names(self) -> "CatalogNames":
        """Name lookup tables for this catalog, built on first use and kept (and cached) with it."""
        from .names import CatalogNames

        if self._names is None:
            object.__setattr__(self, "_names", CatalogNames(self))
        assert isinstance(self._names, CatalogNames)
        return self._names

    def __getstate__(self) -> dict[str, object]:
        # The data, the name tables and the derived tables are pickled; the by-id indexes are
        # rebuilt on load (cheap, and they would double the pickle).
        return {f: getattr(self, f) for f in (*_CATALOG_DATA_FIELDS, "_names", "_derived")}

    def __setstate__(self, state: dict[str, object]) -> None:
        derived = state.pop("_derived", None)
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self._index()
        if isinstance(derived, dict):
            object.__setattr__(self, "_derived", derived)

    def tier_rank(self, source_id: str) -> int:
        """Rank of a source's trust tier: 1 is the most trusted."""
        return self.tier_by_id[self.source_by_id[source_id].tier].rank

    def option_name(self, ref: OptionRef | Component) -> str:
        """Display name of the modality, drug or regimen a reference points at."""
        table: Mapping[str, object] = {
            OptionKind.MODALITY: self.modality_by_id,
            OptionKind.DRUG: self.drug_by_id,
            OptionKind.REGIMEN: self.regimen_by_id,
        }[ref.kind]
        return str(getattr(table[ref.id], "name"))


_CATALOG_DATA_FIELDS = (
    "schema_version",
    "version",
    "modified",
    "review_policy",
    "trust_tiers",
    "sources",
    "stages",
    "categories",
    "modalities",
    "drugs",
    "regimens",
    "stage_options",
    "caveats",
    "path",
)
