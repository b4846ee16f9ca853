"""Typed, immutable records of the livertx catalog, and the Catalog that holds them.

livertx.catalog.build makes these; everything after the loader (queries, renderers, the CLI) only
reads them. Records are `typing.NamedTuple`s: immutable, typed, and cheap to define at start-up.
"""

# No `from __future__ import annotations` in the modules that define NamedTuples: with it, each
# field's annotation is a string that typing compiles when the class is made (callgrind: 6
# million instructions for this module, 2% of a warm query).

import datetime as dt
from collections.abc import Callable, Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

SCHEMA_VERSION = 1
"""The catalog schema version this livertx reads."""

_D = TypeVar("_D")


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

STATUS_MEANINGS = (
    "standard (an authoritative source lists it for the stage, not as a trial: the curator's "
    "reading); in clinical trials; supportive care; reported (named, not called standard); "
    "promotional claim (made on a clinic's promotional page)."
)
"""What each status means, in one sentence: under every table that shows statuses, and in every
shared file. "Standard" is the curator's reading of NCI's stage lists, and says so."""


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


class Provenance(NamedTuple):
    """Where a fact stands: a source id and a heading as it appears in that document."""

    source: str
    section: str


class Statement(NamedTuple):
    """One fact in the catalog's own words, with where it comes from."""

    text: str
    provenance: tuple[Provenance, ...]


class TrustTier(NamedTuple):
    id: str
    rank: int
    description: str


class ReviewPolicy(NamedTuple):
    dated_without_frequency: Frequency
    rationale: str


class Fingerprint(NamedTuple):
    """What a curator checked a cited section against: a digest of the section's normalised
    text (livertx.catalog.documents.reader_text) and the date of the check."""

    section: str
    text: str
    checked: dt.date


class Source(NamedTuple):
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
    fingerprints: tuple[Fingerprint, ...] = ()
    short_name: str | None = None
    """The curator's short readable name for the compact views ("NCI", "clinic page"); the id
    where there is none."""

    @property
    def latest_date(self) -> dt.date | None:
        """The newest date the document gives about itself."""
        dates = [d for d in (self.published, self.last_reviewed) if d is not None]
        return max(dates) if dates else None


class Stage(NamedTuple):
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


class Category(NamedTuple):
    id: str
    name: str


class StatusClaim(NamedTuple):
    """The status one source gives an option."""

    status: Status
    provenance: tuple[Provenance, ...]


class Modality(NamedTuple):
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


MODALITY_STATEMENTS: tuple[tuple[str, str], ...] = (
    ("how_it_works", "How it works"),
    ("who_for", "Who it is for"),
    ("side_effects", "Side effects"),
    ("limits", "Limits"),
    ("notes", "Notes"),
)
"""A modality's fields of sourced statements, in the order they are shown, with their headings."""


class SourceSpelling(NamedTuple):
    """A name as a document (mis)spells it, with the curator's reading of it."""

    text: str
    note: str
    provenance: tuple[Provenance, ...]


class NotBrand(NamedTuple):
    """A product name of this drug that is not the liver-cancer product, so a query for it is
    told what it is instead of being answered with the drug (the curator's knowledge)."""

    name: str
    note: str


class Drug(NamedTuple):
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
    not_brands: tuple[NotBrand, ...] = ()


class OptionRef(NamedTuple):
    """A pointer to a modality, drug or regimen: what a stage option offers, or a regimen's part."""

    kind: OptionKind
    id: str


class Regimen(NamedTuple):
    id: str
    name: str
    kind: str
    components: tuple[OptionRef, ...]
    provenance: tuple[Provenance, ...]
    reviewed: dt.date
    aliases: tuple[str, ...] = ()
    notes: tuple[Statement, ...] = ()
    curator_supplied: tuple[str, ...] = ()


class StageOption(NamedTuple):
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
    brief: str | None = None
    """The curator's shortening of the qualifier for the compact views: every limit the
    qualifier states, in fewer words ("locally advanced only, not metastatic")."""

    @property
    def short_qualifier(self) -> str | None:
        """What the compact views show of the qualifier: the brief, else the qualifier."""
        return self.brief or self.qualifier


class AppliesTo(NamedTuple):
    modalities: tuple[str, ...] = ()
    drugs: tuple[str, ...] = ()
    regimens: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()


class Caveat(NamedTuple):
    id: str
    kind: CaveatKind
    summary: str
    applies_to: AppliesTo
    statements: tuple[Statement, ...]
    reviewed: dt.date


SECTIONS = (
    "sources",
    "stages",
    "categories",
    "modalities",
    "drugs",
    "regimens",
    "stage_options",
    "caveats",
)
"""The catalog's record lists, in file order."""

PartLoader = Callable[[str], Any]
"""Gives one named part of a catalog: a section's records ("drugs"), or a table derived from the
records that the cache stored ("relations", "stage_view.advanced"); None when it has no such part."""


class CatalogChangeError(AttributeError):
    """Raised on any attempt to change a catalog after it is built."""


class Catalog:
    """The whole validated catalog, with lookup tables by id. Immutable once built.

    Every section comes from `parts`, asked once, on first use: a parsed catalog hands over
    records it already holds; a cached one reads them from the cache file (livertx.catalog.store),
    so a drug lookup never decodes the stage options of a large catalog. Tables derived from the
    records (see livertx.catalog.index) are built on first use, or taken from the cache.
    """

    __slots__ = (
        "_memo",
        "_parts",
        "modified",
        "path",
        "review_policy",
        "schema_version",
        "trust_tiers",
        "version",
    )
    schema_version: int
    version: str
    modified: dt.date
    review_policy: ReviewPolicy
    trust_tiers: tuple[TrustTier, ...]
    path: str
    _parts: PartLoader
    _memo: dict[str, Any]

    def __init__(
        self,
        *,
        schema_version: int,
        version: str,
        modified: dt.date,
        review_policy: ReviewPolicy,
        trust_tiers: tuple[TrustTier, ...],
        path: str,
        parts: PartLoader,
    ) -> None:
        for name, value in (
            ("schema_version", schema_version),
            ("version", version),
            ("modified", modified),
            ("review_policy", review_policy),
            ("trust_tiers", trust_tiers),
            ("path", path),
            ("_parts", parts),
            ("_memo", {}),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise CatalogChangeError("the catalog cannot be changed")

    def __repr__(self) -> str:
        return f"Catalog(version={self.version!r}, path={self.path!r})"

    def derived(self, name: str, build: "Callable[[Catalog], _D]") -> "_D":
        """A table computed from the records once, on first use, unless the cache stored it."""
        memo = self._memo
        if name in memo:
            return memo[name]  # type: ignore[no-any-return]
        value = self._parts(name)
        if value is None:
            value = build(self)
        memo[name] = value
        return value  # type: ignore[no-any-return]

    def _section(self, name: str) -> Any:
        return self.derived(name, _no_section)

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

    def _by_id(self, section: str) -> Any:
        return self.derived(
            f"by_id.{section}", lambda c: MappingProxyType({r.id: r for r in getattr(c, section)})
        )

    @property
    def tier_by_id(self) -> Mapping[str, TrustTier]:
        return self._by_id("trust_tiers")  # type: ignore[no-any-return]

    @property
    def source_by_id(self) -> Mapping[str, Source]:
        return self._by_id("sources")  # type: ignore[no-any-return]

    @property
    def stage_by_id(self) -> Mapping[str, Stage]:
        return self._by_id("stages")  # type: ignore[no-any-return]

    @property
    def category_by_id(self) -> Mapping[str, Category]:
        return self._by_id("categories")  # type: ignore[no-any-return]

    @property
    def modality_by_id(self) -> Mapping[str, Modality]:
        return self._by_id("modalities")  # type: ignore[no-any-return]

    @property
    def drug_by_id(self) -> Mapping[str, Drug]:
        return self._by_id("drugs")  # type: ignore[no-any-return]

    @property
    def regimen_by_id(self) -> Mapping[str, Regimen]:
        return self._by_id("regimens")  # type: ignore[no-any-return]

    def tier_rank(self, source_id: str) -> int:
        """Rank of a source's trust tier: 1 is the most trusted."""
        return self.tier_by_id[self.source_by_id[source_id].tier].rank

    def option_name(self, ref: OptionRef) -> str:
        """Display name of the modality, drug or regimen a reference points at."""
        if ref.kind is OptionKind.MODALITY:
            return self.modality_by_id[ref.id].name
        if ref.kind is OptionKind.DRUG:
            return self.drug_by_id[ref.id].name
        return self.regimen_by_id[ref.id].name


def _no_section(catalog: Catalog) -> Any:
    raise LookupError("a catalog's parts gave no records for one of its sections")
