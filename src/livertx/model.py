"""Typed, immutable records of the livertx catalog.

The loader builds these; everything after the loader (queries, renderers, the CLI) only reads them.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Mapping, TypeVar

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


SECTIONS = ("sources", "stages", "categories", "modalities", "drugs", "regimens", "stage_options", "caveats")
"""The catalog's record lists; a cached catalog loads each one on first use."""

META_FIELDS = ("schema_version", "version", "modified", "review_policy", "trust_tiers", "path")

PartLoader = Callable[[str], object]
"""Loads one named part of a cached catalog ("drugs", "names.drugs", "derived.relations"...);
returns None for an optional part that was not stored."""


class Catalog:
    """The whole validated catalog, with lookup tables by id. Immutable once built.

    Built from a parsed file, it holds every record. Taken from the cache, it holds the small
    metadata and loads each record list, name table and derived table the first time a query
    asks for it, so a drug lookup in a large catalog never unpickles its modalities.
    """

    __slots__ = (*META_FIELDS, "_parts", "_by_id", "_names", "_derived", "_load_part", "_pickled")
    schema_version: int
    version: str
    modified: dt.date
    review_policy: ReviewPolicy
    trust_tiers: tuple[TrustTier, ...]
    path: str
    _parts: dict[str, object]
    _by_id: dict[str, Mapping[str, object]]
    _names: object
    _derived: dict[str, object]
    _load_part: PartLoader | None
    _pickled: Mapping[str, bytes]

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
        self._setup({name: values[name] for name in META_FIELDS}, None)
        object.__setattr__(self, "_parts", {name: values[name] for name in SECTIONS})

    def _setup(self, meta: Mapping[str, object], load_part: PartLoader | None) -> None:
        for name in META_FIELDS:
            object.__setattr__(self, name, meta[name])
        object.__setattr__(self, "_parts", {})
        object.__setattr__(self, "_by_id", {})
        object.__setattr__(self, "_names", None)
        object.__setattr__(self, "_derived", {})
        object.__setattr__(self, "_load_part", load_part)
        object.__setattr__(self, "_pickled", {})

    @classmethod
    def lazy(cls, meta: Mapping[str, object], load_part: PartLoader, pickled: Mapping[str, bytes] | None = None) -> "Catalog":
        """A catalog whose parts come from `load_part` when first needed (the cache's way).

        `pickled`: parts already pickled as the cache stores them (a split load makes them in
        its worker processes), so that writing the cache need not pickle them again.
        """
        catalog = cls.__new__(cls)
        catalog._setup(meta, load_part)
        if pickled:
            object.__setattr__(catalog, "_pickled", pickled)
        return catalog

    def pickled_part(self, name: str) -> bytes | None:
        """The part as the cache stores it, if this catalog was handed it already pickled."""
        return self._pickled.get(name)

    def meta(self) -> dict[str, object]:
        """The small metadata a cached catalog keeps in memory from the start."""
        return {name: getattr(self, name) for name in META_FIELDS}

    def part(self, name: str) -> object:
        """One named part, as the cache stores it: a section, "names.<kind>" or "derived.<key>"."""
        if name in SECTIONS:
            return self._section(name)
        group, _, key = name.partition(".")
        if group == "names":
            return getattr(self.names, key)
        if group == "derived" and key in self._derived:
            return self._derived[key]
        raise KeyError(name)

    def _section(self, name: str) -> Any:
        try:
            return self._parts[name]
        except KeyError:
            if self._load_part is None:
                raise
            value = self._load_part(name)
            self._parts[name] = value
            return value

    @property
    def sources(self) -> tuple[Source, ...]:
        return self._section("sources")  # type: ignore[no-any-return]

    @property
    def stages(self) -> tuple[Stage, ...]:
        return self._section("stages")  # type: ignore[no-any-return]

    @property
    def categories(self) -> tuple[Category, ...]:
        return self._section("categories")  # type: ignore[no-any-return]

    @property
    def modalities(self) -> tuple[Modality, ...]:
        return self._section("modalities")  # type: ignore[no-any-return]

    @property
    def drugs(self) -> tuple[Drug, ...]:
        return self._section("drugs")  # type: ignore[no-any-return]

    @property
    def regimens(self) -> tuple[Regimen, ...]:
        return self._section("regimens")  # type: ignore[no-any-return]

    @property
    def stage_options(self) -> tuple[StageOption, ...]:
        return self._section("stage_options")  # type: ignore[no-any-return]

    @property
    def caveats(self) -> tuple[Caveat, ...]:
        return self._section("caveats")  # type: ignore[no-any-return]

    def _by(self, name: str, records: tuple[object, ...]) -> Any:
        table = self._by_id.get(name)
        if table is None:
            table = self._by_id[name] = _index(records)
        return table

    @property
    def tier_by_id(self) -> Mapping[str, TrustTier]:
        return self._by("tiers", self.trust_tiers)  # type: ignore[no-any-return]

    @property
    def source_by_id(self) -> Mapping[str, Source]:
        return self._by("sources", self.sources)  # type: ignore[no-any-return]

    @property
    def stage_by_id(self) -> Mapping[str, Stage]:
        return self._by("stages", self.stages)  # type: ignore[no-any-return]

    @property
    def category_by_id(self) -> Mapping[str, Category]:
        return self._by("categories", self.categories)  # type: ignore[no-any-return]

    @property
    def modality_by_id(self) -> Mapping[str, Modality]:
        return self._by("modalities", self.modalities)  # type: ignore[no-any-return]

    @property
    def drug_by_id(self) -> Mapping[str, Drug]:
        return self._by("drugs", self.drugs)  # type: ignore[no-any-return]

    @property
    def regimen_by_id(self) -> Mapping[str, Regimen]:
        return self._by("regimens", self.regimens)  # type: ignore[no-any-return]

    def derived(self, key: str, build: "Callable[[Catalog], _D]") -> "_D":
        """A table computed from the catalog once, on first use (or taken from the cache)."""
        table = self._derived.get(key)
        if table is None and self._load_part is not None:
            table = self._load_part(f"derived.{key}")
        if table is None:
            table = build(self)
        self._derived[key] = table
        return table  # type: ignore[return-value]

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenRecordError("the catalog cannot be changed")

    def __repr__(self) -> str:
        return f"Catalog(version={self.version!r}, path={self.path!r})"

    @property
    def names(self) -> "CatalogNames":
        """Name lookup tables for this catalog, built (or loaded) on first use and kept with it."""
        from .names import CatalogNames

        if self._names is None:
            object.__setattr__(self, "_names", CatalogNames(self, self._load_part))
        assert isinstance(self._names, CatalogNames)
        return self._names

    def __reduce__(self) -> tuple[Any, ...]:
        # Plain pickling carries everything; the cache stores parts separately instead.
        sections = {name: self._section(name) for name in SECTIONS}
        return (_rebuild_catalog, (self.meta(), sections))

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


def _rebuild_catalog(meta: dict[str, Any], sections: dict[str, Any]) -> Catalog:
    return Catalog(**meta, **sections)
