"""Tables derived from a catalog's records: name tables, and who points at whom.

Name tables hold every name, alias and abbreviation a person might type, keyed for matching: the
rules use them to refuse an alias claimed by two records of one kind, and the queries use the
same tables for exact and prefix lookups before any fuzzy matching. The relation table and the
per-stage views are what the queries need to answer without scanning every record; the cache
stores them, so that a query on a large catalog decodes little more than it shows.
"""

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from .model import Caveat, Drug, Modality, OptionKind, OptionRef, Regimen, Stage, StageOption

if TYPE_CHECKING:  # pragma: no cover
    from .model import Catalog

_SEPARATORS = re.compile(r"[\s\-_/+.,;:()!?]+")
"""White space, and punctuation that separates words in a name as a space would."""

_IGNORED = re.compile(
    "[\u2122\u00ae\u00a9\u2120'\"`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f]"
)
"""Trademark signs and quotes, straight or curly, as pasted from a label or a web page."""


def name_key(text: str) -> str:
    """Normalise a name for matching: case, accents, hyphens, slashes, spacing, trailing
    punctuation, quotes and trademark signs do not count (`Nexavar®` is `nexavar`)."""
    if text.isascii():  # nothing to decompose, and casefold() is lower() for ASCII
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKD", _IGNORED.sub("", text)).casefold()
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    if "'" in folded or '"' in folded or "`" in folded:
        folded = _IGNORED.sub("", folded)
    return _SEPARATORS.sub(" ", folded).strip()


class NameEntry(NamedTuple):
    """One name of one record: the record id, the name as written, and what kind of name it is."""

    record_id: str
    text: str
    name_type: str  # e.g. "generic", "brand", "salt form", "alias", "id", "name"


class NameTable:
    """Maps a normalised name to the records that carry it, in catalog order."""

    __slots__ = ("by_key", "keys")
    by_key: dict[str, list[NameEntry]]
    keys: tuple[str, ...]

    def __init__(self, by_key: dict[str, list[NameEntry]]) -> None:
        self.by_key = by_key
        self.keys = tuple(sorted(by_key))

    @classmethod
    def of(cls, entries: Iterable[NameEntry]) -> "NameTable":
        """The table of these names: one entry per record under each key, first name first."""
        by_key: dict[str, list[NameEntry]] = {}
        for entry in entries:
            key = name_key(entry.text)
            if not key:
                continue
            bucket = by_key.get(key)
            if bucket is None:
                by_key[key] = [entry]
            elif not any(e.record_id == entry.record_id for e in bucket):
                bucket.append(entry)
        return cls(by_key)

    def rows(self) -> list[list[str]]:
        """The table as plain data, as the cache stores it: [key, record id, text, name type]."""
        return [[key, *entry] for key, bucket in self.by_key.items() for entry in bucket]

    @classmethod
    def from_rows(cls, rows: Iterable[list[str]]) -> "NameTable":
        """The table back from rows(), without normalising any name again."""
        by_key: dict[str, list[NameEntry]] = {}
        for key, record_id, text, name_type in rows:
            by_key.setdefault(key, []).append(NameEntry(record_id, text, name_type))
        return cls(by_key)

    def exact(self, query: str) -> list[NameEntry]:
        return list(self.by_key.get(name_key(query), ()))

    def prefixed(self, query: str) -> list[NameEntry]:
        """Entries whose key starts with the query's key (binary search over sorted keys)."""
        import bisect

        key = name_key(query)
        if not key:
            return []
        out: list[NameEntry] = []
        start = bisect.bisect_left(self.keys, key)
        for candidate in self.keys[start:]:
            if not candidate.startswith(key):
                break
            out.extend(self.by_key[candidate])
        return out

    def conflicts(self) -> list[tuple[str, list[NameEntry]]]:
        """Names claimed by more than one record."""
        return [(key, entries) for key, entries in self.by_key.items() if len(entries) > 1]


def named_entries(records: Iterable[Stage | Modality | Regimen]) -> list[NameEntry]:
    """Id, name and aliases of stages, modalities or regimens."""
    out: list[NameEntry] = []
    add = out.append
    for record in records:
        rid = record.id
        add(NameEntry(rid, rid, "id"))
        add(NameEntry(rid, record.name, "name"))
        for alias in record.aliases:
            add(NameEntry(rid, alias, "alias"))
    return out


_DRUG_NAMES = (
    ("brands", "brand"),
    ("salt_forms", "salt form"),
    ("short_forms", "short form"),
    ("synonyms", "synonym"),
)


def drug_entries(drugs: Iterable[Drug]) -> list[NameEntry]:
    """Generic names first, then brands, then every other form, so exact ties rank sensibly."""
    out: list[NameEntry] = []
    add = out.append
    for drug in drugs:
        did = drug.id
        add(NameEntry(did, drug.name, "generic"))
        for field, name_type in _DRUG_NAMES:
            for text in getattr(drug, field):
                add(NameEntry(did, text, name_type))
        for spelling in drug.source_spellings:
            add(NameEntry(did, spelling.text, "source spelling"))
    return out


def closest_id(ident: str, entries: Iterable[NameEntry]) -> str | None:
    """The id a mistyped or misspelled id was probably meant as: the record one of whose names
    it is (`localised` is an alias of `localized`), else the one whose id or name is closest in
    spelling (`ncii`, `nci`); None when nothing is close."""
    import difflib

    by_key: dict[str, str] = {}
    for entry in entries:
        by_key.setdefault(name_key(entry.text), entry.record_id)
    key = name_key(ident)
    if key in by_key:
        return by_key[key]
    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.75)
    return by_key[close[0]] if close else None


NAME_KINDS = ("stages", "modalities", "drugs", "regimens")
"""The sections whose records a person looks up by name; each has a NameTable."""


def name_table(kind: str, records: Iterable[Any]) -> NameTable:
    """The name table of one kind of record, from that section's records alone."""
    return NameTable.of(drug_entries(records) if kind == "drugs" else named_entries(records))


def names_of(catalog: "Catalog", kind: str) -> NameTable:
    """The name table of one kind of record (one of NAME_KINDS), built once per catalog."""
    return catalog.derived(f"names.{kind}", lambda c: name_table(kind, getattr(c, kind)))


def ref_key(kind: OptionKind, ident: str) -> str:
    """How the derived tables name a modality, drug or regimen: "drug:sorafenib"."""
    return f"{kind.value}:{ident}"


class Relations(NamedTuple):
    """Who points at whom, as plain ids and positions, so that the cache can keep it as it is.

    Keys are "kind:id" (see ref_key); values are positions in the catalog's regimens or stage
    options, or stage ids in vocabulary order.
    """

    regimens_by_component: dict[str, list[int]]
    regimen_ids_by_component: dict[str, list[str]]
    options_by_ref: dict[str, list[int]]
    stages_by_ref: dict[str, list[str]]
    stage_order: dict[str, int]
    # [status, source id, [[a curator's note on those statements, [the stage and situation ids
    # it is about]], ...], [the stage and situation ids they name]], in catalog order
    statuses_by_ref: dict[str, list[list[Any]]]


def _relations(catalog: "Catalog") -> Relations:
    regimens: dict[str, list[int]] = {}
    for index, r in enumerate(catalog.regimens):
        for c in r.components:
            regimens.setdefault(ref_key(c.kind, c.id), []).append(index)
    options: dict[str, list[int]] = {}
    named: dict[str, set[str]] = {}
    statuses: dict[str, list[list[Any]]] = {}
    for index, o in enumerate(catalog.stage_options):
        key = ref_key(o.option.kind, o.option.id)
        options.setdefault(key, []).append(index)
        named.setdefault(key, set()).update(o.stages, o.situations)
        said = statuses.setdefault(key, [])
        for source in dict.fromkeys(p.source for p in o.provenance):
            entry = next((e for e in said if e[:2] == [o.status.value, source]), None)
            if entry is None:
                entry = [o.status.value, source, [], []]
                said.append(entry)
            about = [*o.stages, *o.situations]
            if o.note is not None:
                noted = next((n for n in entry[2] if n[0] == o.note), None)
                if noted is None:
                    entry[2].append([o.note, about])
                else:
                    noted[1].extend(s for s in about if s not in noted[1])
            entry[3].extend(s for s in about if s not in entry[3])
    order = {s.id: i for i, s in enumerate(catalog.stages)}
    return Relations(
        regimens_by_component=regimens,
        regimen_ids_by_component={
            k: [catalog.regimens[i].id for i in v] for k, v in regimens.items()
        },
        options_by_ref=options,
        stages_by_ref={k: sorted(v, key=order.__getitem__) for k, v in named.items()},
        stage_order=order,
        statuses_by_ref=statuses,
    )


def relations(catalog: "Catalog") -> Relations:
    """The catalog's relation table (built once, or taken from the cache)."""
    return catalog.derived("relations", _relations)


LOW_TRUST_RANK = 3
"""Sources of this tier rank or lower in trust (unattributed articles, promotional pages) bring
the caveats about their options with them wherever those options are shown."""


class StageView(NamedTuple):
    """All a stage query needs about one stage or situation id: the options that name it, with
    their positions in the catalog, the name and kind of each option, and the caveats to show
    with them: those that name the stage, and those that name an option a source of low trust
    (LOW_TRUST_RANK) lists for it. The cache keeps one per id, so that a stage query decodes only
    its own stage's records."""

    options: tuple[tuple[int, StageOption], ...]
    labels: dict[str, tuple[str, str]]  # "kind:id" -> (display name, kind label)
    caveats: tuple[tuple[int, Caveat], ...]


EMPTY_VIEW = StageView((), {}, ())


def option_label(catalog: "Catalog", ref: OptionRef) -> tuple[str, str]:
    """An option's display name, and what sort of option it is in words: a modality's category,
    a regimen's kind, or "drug"."""
    if ref.kind is OptionKind.MODALITY:
        kind = catalog.category_by_id[catalog.modality_by_id[ref.id].category].name.lower()
    elif ref.kind is OptionKind.REGIMEN:
        kind = catalog.regimen_by_id[ref.id].kind
    else:
        kind = "drug"
    return catalog.option_name(ref), kind


def named_refs(caveat: Caveat) -> list[tuple[OptionKind, str]]:
    """The modalities, drugs and regimens a caveat names, as (kind, id)."""
    a = caveat.applies_to
    return [
        *((OptionKind.MODALITY, ident) for ident in a.modalities),
        *((OptionKind.DRUG, ident) for ident in a.drugs),
        *((OptionKind.REGIMEN, ident) for ident in a.regimens),
    ]


def _caveats_by_ref(catalog: "Catalog") -> dict[str, tuple[tuple[int, Caveat], ...]]:
    out: dict[str, list[tuple[int, Caveat]]] = {}
    for index, caveat in enumerate(catalog.caveats):
        for kind, ident in named_refs(caveat):
            out.setdefault(ref_key(kind, ident), []).append((index, caveat))
    return {key: tuple(found) for key, found in out.items()}


def caveats_by_ref(catalog: "Catalog") -> dict[str, tuple[tuple[int, Caveat], ...]]:
    """For each modality, drug and regimen that a caveat names ("kind:id"), those caveats with
    their positions in the catalog, built from the records."""
    return catalog.derived("caveats_by_ref", _caveats_by_ref)


def caveats_naming(catalog: "Catalog", ref: OptionRef) -> tuple[tuple[int, Caveat], ...]:
    """The caveats that name one modality, drug or regimen, with their positions (the cache keeps
    them per option, so that a drug query decodes only its own caveats)."""
    key = ref_key(ref.kind, ref.id)
    return catalog.derived(f"caveats_about.{key}", lambda c: caveats_by_ref(c).get(key, ()))


def _stage_views(catalog: "Catalog") -> dict[str, StageView]:
    options: dict[str, list[tuple[int, StageOption]]] = {s.id: [] for s in catalog.stages}
    for index, entry in enumerate(catalog.stage_options):
        for sid in (*entry.stages, *entry.situations):
            options[sid].append((index, entry))
    about_stage: dict[str, list[tuple[int, Caveat]]] = {s.id: [] for s in catalog.stages}
    for index, caveat in enumerate(catalog.caveats):
        for sid in caveat.applies_to.stages:
            about_stage[sid].append((index, caveat))
    about_option = caveats_by_ref(catalog)
    every_label: dict[str, tuple[str, str]] = {}  # one per option, though it may list many stages
    views: dict[str, StageView] = {}
    for sid, listed in options.items():
        labels = {}
        caveats = dict(about_stage[sid])
        for _, entry in listed:
            key = ref_key(entry.option.kind, entry.option.id)
            label = every_label.get(key)
            if label is None:
                label = every_label[key] = option_label(catalog, entry.option)
            labels[key] = label
            if max(catalog.tier_rank(p.source) for p in entry.provenance) >= LOW_TRUST_RANK:
                caveats.update(about_option.get(key, ()))
        views[sid] = StageView(tuple(listed), labels, tuple(sorted(caveats.items())))
    return views


def stage_views(catalog: "Catalog") -> dict[str, StageView]:
    """The view of every stage and situation id, built from the records."""
    return catalog.derived("stage_views", _stage_views)


def stage_view(catalog: "Catalog", stage_id: str) -> StageView:
    """The view of one stage or situation id (taken from the cache when it stored one)."""
    return catalog.derived(
        f"stage_view.{stage_id}", lambda c: stage_views(c).get(stage_id, EMPTY_VIEW)
    )
