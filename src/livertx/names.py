"""Name lookup tables: every name, alias and abbreviation a person might type, keyed for matching.

The loader uses these tables to refuse an alias claimed by two records of one kind; the queries
use the same tables for exact and prefix lookups before any fuzzy matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from typing import Callable, Iterable, Mapping

from .records import Record

_SEPARATORS = re.compile(r"[\s\-_/+.,;:()]+")


def name_key(text: str) -> str:
    """Normalise a name for matching: case, accents, hyphens, slashes and spacing do not count."""
    key = _KEYS.get(text)
    if key is None:
        if text.isascii():  # nothing to decompose, and casefold() is lower() for ASCII
            folded = text.lower()
        else:
            folded = unicodedata.normalize("NFKD", text).casefold()
            folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
        key = _SEPARATORS.sub(" ", folded).strip()
        if len(_KEYS) < _KEYS_MAX:
            _KEYS[text] = key
    return key


# The loader's duplicate-name rules and the lookup tables key the same names: remember them.
_KEYS: dict[str, str] = {}
_KEYS_MAX = 1 << 18


class NameEntry(Record):
    """One name of one record: the record id, the name as written, and what kind of name it is."""

    record_id: str
    text: str
    name_type: str  # e.g. "generic", "brand", "salt form", "alias", "id", "name"


class NameTable:
    """Maps a normalised name to the records that carry it, in catalog order."""

    __slots__ = ("by_key", "keys")
    by_key: Mapping[str, list[NameEntry]]
    keys: tuple[str, ...]

    def __getstate__(self) -> tuple[dict[str, list[NameEntry]], tuple[str, ...]]:
        return (dict(self.by_key), self.keys)

    def __setstate__(self, state: tuple[dict[str, list[NameEntry]], tuple[str, ...]]) -> None:
        self.by_key, self.keys = state

    def __init__(self, entries: Iterable[NameEntry]) -> None:
        by_key: dict[str, list[NameEntry]] = {}
        for entry in entries:
            key = name_key(entry[1])  # entry.text, without the property call: this runs per name
            if not key:
                continue
            bucket = by_key.get(key)
            if bucket is None:
                by_key[key] = [entry]
            elif not any(e[0] == entry[0] for e in bucket):  # one entry per record id
                bucket.append(entry)
        self.by_key = by_key
        self.keys = tuple(sorted(by_key))

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


# NameEntry((record_id, text, name_type)) in one C call: the loader makes one per name.
_entry = partial(tuple.__new__, NameEntry)


def named_entries(records: Iterable[object]) -> list[NameEntry]:
    """Id, name and aliases of stages, modalities or regimens."""
    out: list[NameEntry] = []
    add = out.append
    for record in records:
        rid = getattr(record, "id")
        add(_entry((rid, rid, "id")))
        add(_entry((rid, getattr(record, "name"), "name")))
        for alias in getattr(record, "aliases"):
            add(_entry((rid, alias, "alias")))
    return out


_DRUG_NAMES = (("brands", "brand"), ("salt_forms", "salt form"), ("short_forms", "short form"), ("synonyms", "synonym"))


def drug_entries(drugs: Iterable[object]) -> list[NameEntry]:
    """Generic names first, then brands, then every other form, so exact ties rank sensibly."""
    out: list[NameEntry] = []
    add = out.append
    for drug in drugs:
        did = getattr(drug, "id")
        add(_entry((did, getattr(drug, "name"), "generic")))
        for field, name_type in _DRUG_NAMES:
            for text in getattr(drug, field):
                add(_entry((did, text, name_type)))
        for spelling in getattr(drug, "source_spellings"):
            add(_entry((did, spelling.text, "source spelling")))
    return out


NAME_KINDS = ("stages", "modalities", "drugs", "regimens")
"""The sections whose records a person looks up by name; each has a NameTable."""


def name_table(kind: str, records: Iterable[object]) -> NameTable:
    """The name table of one kind of record, from that section's records alone."""
    return NameTable((drug_entries if kind == "drugs" else named_entries)(records))


class CatalogNames:
    """The four name tables of one catalog, each built on first use."""

    __slots__ = ("_catalog", "_tables", "_load")

    def __init__(self, catalog: object, load: Callable[[str], object] | None = None) -> None:
        self._catalog = catalog
        self._tables: dict[str, NameTable] = {}
        self._load = load

    def _table(self, kind: str) -> NameTable:
        table = self._tables.get(kind)
        if table is None:
            stored = self._load(f"names.{kind}") if self._load is not None else None
            table = stored if isinstance(stored, NameTable) else name_table(kind, getattr(self._catalog, kind))
            self._tables[kind] = table
        return table

    @property
    def stages(self) -> NameTable:
        return self._table("stages")

    @property
    def modalities(self) -> NameTable:
        return self._table("modalities")

    @property
    def drugs(self) -> NameTable:
        return self._table("drugs")

    @property
    def regimens(self) -> NameTable:
        return self._table("regimens")

