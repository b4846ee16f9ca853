"""Name lookup: what a person types, to the record it names; exact, then prefix and one slip.

rapidfuzz is imported only when no name matches exactly.
"""

import re
import shlex
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from ..catalog.index import NameEntry, NameTable, name_key, names_of, ref_key, relations
from ..catalog.model import Catalog, Drug, OptionKind
from ..textsafe import one_line

MAX_QUERY_LENGTH = 200
"""Longer queries are cut to this many characters before matching."""

PREFIX_MIN = 4
"""A query this long or longer may name a record by the start of one of its names, when it ends
inside a word of that name (`regoraf`, `lenv`): a whole word (`liver`, `palliative`) is matched
by the word rule instead, which never answers with one record on its own."""

SHORT_NAME = 5
"""A name, or a query, shorter than this (an abbreviation or short form such as TAE, TACE, sora or
nivo) is matched exactly only: any slip in four letters spells another word or abbreviation (ICU
is not ICI, EPI is not PEI, TAC is one letter short of TACE and one key from TAE, rami begins
ramipril, novo and ergo are words, face and race are not TACE)."""

VOWEL_WORD = 7
"""In a word this long or longer, one vowel written as another is a slip too (`sorafinib`); a
consonant is not (afatinib and lapatinib are other drugs than apatinib, photon therapy is not
proton therapy)."""

END_SLIP = 6
"""In a one-word name this long or longer, a letter added at the end, or the last letter changed
to any other (`sorafenibe`, `keytrudax`), is a slip too. A letter added or changed at the start is
not: lapatinib is another drug than apatinib."""

PRIMARY_NAME_TYPES = frozenset({"id", "name", "generic"})
"""Name types that make an exact match; every other name (brand, alias...) is an alias match."""


class QueryError(Exception):
    """A query that cannot be answered as asked (exit code 2): empty, or fits several records.
    `candidates` are record ids, which can be typed back as they are."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


class NotFound(Exception):
    """The catalog does not have what was asked for (exit code 1). `candidates` are ids of
    records whose names look similar: suggestions, never answers. `notes` are further lines that
    explain what the catalog has instead."""

    def __init__(
        self, message: str, candidates: Sequence[str] = (), notes: Sequence[str] = ()
    ) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)
        self.notes = tuple(notes)


def clean_query(text: str) -> str:
    """A query on one line, without control characters, bounded to MAX_QUERY_LENGTH."""
    if (
        text.isascii()
        and text.isprintable()
        and len(text) <= MAX_QUERY_LENGTH
        and "  " not in text
        and text.strip() == text
    ):
        return text  # already one clean line: the matching rules clean every name they try
    return one_line(text)[:MAX_QUERY_LENGTH]


class NameMatch(NamedTuple):
    """One record a query names, and how it was found."""

    query: str  # as the person typed it, cleaned
    record_id: str
    matched_on: str  # the name as the catalog writes it
    name_type: str  # id, name, generic, brand, alias, salt form...
    how: str  # exact, alias, prefix or fuzzy
    score: int  # 100 for exact and alias; prefix 90-99; fuzzy: the names' similarity, at most 89


def match_names(table: NameTable, text: str) -> list[NameMatch]:
    """Every record the text names, best first, by the first rule that finds any:

    1. exact: the whole name, id or alias (case, accents, spacing, hyphens, trademark signs and
       quotes do not count);
    2. prefix and fuzzy, together: the start of a name, at least PREFIX_MIN characters and ending
       inside one of its words; or one slip from a name (see is_slip). Both count, so that a slip
       which happens to begin another name ("chemi") lists both records instead of guessing.

    The query as a whole must resemble one name: a shared stem (-tinib, -lizumab) or a shared word
    (therapy, transplant) is never enough. Nothing is returned when no rule finds a record.
    """
    query = clean_query(text)
    key = name_key(query)
    if not key:
        return []
    exact = table.by_key.get(key)
    if exact:
        return [
            _matched(query, e, "exact" if e.name_type in PRIMARY_NAME_TYPES else "alias", 100)
            for e in exact
        ]
    found: dict[str, NameMatch] = {}
    if len(key) >= PREFIX_MIN:
        for entry in table.prefixed(key):
            name = name_key(entry.text)
            if name[len(key) : len(key) + 1] in ("", " "):
                continue  # the query is whole words of the name: not a prefix of it
            share = len(key) / len(name)
            _keep_best(found, _matched(query, entry, "prefix", min(99, 90 + int(9 * share))))
    for near, score in _one_slip(key, table.keys):
        for entry in table.by_key[near]:
            _keep_best(found, _matched(query, entry, "fuzzy", score))
    return sorted(found.values(), key=lambda m: -m.score)


LABEL_WORDS = frozenset(
    [
        "mg",
        "mcg",
        "ug",
        "g",
        "gm",
        "ml",
        "kg",
        "iu",
        "unit",
        "units",
        "tablet",
        "tablets",
        "tab",
        "tabs",
        "capsule",
        "capsules",
        "cap",
        "caps",
        "pill",
        "pills",
        "film",
        "coated",
        "filmcoated",
        "injection",
        "injectable",
        "infusion",
        "solution",
        "concentrate",
        "vial",
        "vials",
        "powder",
        "for",
        "oral",
        "orally",
        "use",
        "intravenous",
        "intravenously",
        "iv",
        "subcutaneous",
        "subcutaneously",
        "po",
        "by",
        "mouth",
        "once",
        "twice",
        "daily",
        "a",
        "day",
        "per",
        "every",
        "week",
        "weeks",
        "weekly",
        "hours",
        "usp",
        "dose",
    ]
)
"""Strength, dose form and route words on a box, a label or a prescription ("200 mg", "tablets",
"injection, for intravenous use", "twice daily"), set aside when a query is not a name."""

_UNITS = frozenset(["mg", "mcg", "ug", "g", "gm", "ml", "kg", "iu", "unit", "units"])
_STRENGTH = re.compile(r"\d+(?:mg|mcg|ug|g|ml|kg|iu)")
"""A strength written as one word ("400mg"); a bare number counts only before a unit ("200 mg"),
so that a code name's number (SHR-1210) stays part of the name."""


def names_in_label(table: NameTable, text: str) -> list[NameMatch]:
    """The record a pasted label, box or prescription names once its strength, dose form and
    route words (LABEL_WORDS) are set aside: "Nexavar 200 mg", "sorafinib 400mg twice daily",
    "NEXAVAR (sorafenib) tablets, for oral use". What is left must be one name (by the rules of
    match_names), or two whole names of one record (a brand and its generic). Empty otherwise:
    names of two records, or any word that is no name, are never read as one of them."""
    query = clean_query(text)
    words = name_key(query).split()
    kept = [
        w
        for i, w in enumerate(words)
        if w not in LABEL_WORDS and not (w[:1].isdigit() and _is_strength(table.keys, words, i))
    ]
    if not kept or len(kept) == len(words):
        return []
    found = match_names(table, " ".join(kept))
    if found:
        how = {"exact": "in-text", "alias": "in-text"}
        return [m._replace(query=query, how=how.get(m.how, m.how)) for m in found]
    for cut in range(1, len(kept)):
        first = table.by_key.get(" ".join(kept[:cut]), [])
        second = table.by_key.get(" ".join(kept[cut:]), [])
        ids = {e.record_id for e in (*first, *second)}
        if first and second and len(ids) == 1:
            return [_matched(query, first[0], "in-text", 100)]
    return []


def _matched(query: str, entry: NameEntry, how: str, score: int) -> NameMatch:
    return NameMatch(query, entry.record_id, entry.text, entry.name_type, how, score)


def _keep_best(found: dict[str, NameMatch], match: NameMatch) -> None:
    current = found.get(match.record_id)
    if current is None or match.score > current.score:
        found[match.record_id] = match


def _one_slip(key: str, keys: tuple[str, ...]) -> list[tuple[str, int]]:
    """Names one slip away from the key, with their similarity (rapidfuzz's ratio), at most 89."""
    if len(key) < 3:
        return []
    by_length = _keys_by_length(keys)  # is_slip adds, drops or changes one letter at most
    sized = [k for n in (len(key) - 1, len(key), len(key) + 1) for k in by_length.get(n, ())]
    if not sized:
        return []
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    within_one = (
        k
        for k, _distance, _ in process.extract(
            key, sized, scorer=OSA.distance, score_cutoff=1, limit=None
        )
    )
    near = [k for k in within_one if is_slip(key, k)]
    return [(k, min(89, round(fuzz.ratio(key, k)))) for k in near]  # below every prefix match


@lru_cache(maxsize=16)
def _first_words(keys: tuple[str, ...]) -> frozenset[str]:
    """The first word of each of a name table's keys."""
    return frozenset(k.split(" ", 1)[0] for k in keys)


@lru_cache(maxsize=16)
def _numbered_pairs(keys: tuple[str, ...]) -> frozenset[str]:
    """Each word and the number after it, in a name table's keys ("shr 1210")."""
    out: set[str] = set()
    for k in keys:
        words = k.split()
        out.update(f"{a} {b}" for a, b in pairwise(words) if b.isdigit())
    return frozenset(out)


def _is_strength(keys: tuple[str, ...], words: Sequence[str], i: int) -> bool:
    """Whether the i-th word is a strength: "400mg", or a number before a unit ("200 mg"),
    unless the number belongs to the name before it ("SHR-1210 g" is camrelizumab's code name,
    then a unit)."""
    w = words[i]
    if _STRENGTH.fullmatch(w):
        return True
    if not (w.isdigit() and words[i + 1 : i + 2] and words[i + 1] in _UNITS):
        return False
    return not (i and f"{words[i - 1]} {w}" in _numbered_pairs(keys))


@lru_cache(maxsize=16)
def _keys_by_length(keys: tuple[str, ...]) -> dict[int, tuple[str, ...]]:
    """A name table's keys by their length, in their order."""
    out: dict[int, list[str]] = {}
    for k in keys:
        out.setdefault(len(k), []).append(k)
    return {n: tuple(ks) for n, ks in out.items()}


QWERTY_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _row, _line in enumerate(QWERTY_ROWS):
    for _col, _char in enumerate(_line):
        _NEIGHBOURS[_char] = "".join(
            other[c]
            for r, other in enumerate(QWERTY_ROWS)
            if abs(r - _row) <= 1
            for c in range(max(0, _col - 1), min(len(other), _col + 2))
            if (r, c) != (_row, _col)
        )


_VOWELS = frozenset("aeiouy")


def is_slip(typed: str, name: str) -> bool:
    """Whether `typed` is `name` with one slip, when both have SHORT_NAME letters or more: a
    letter doubled, two neighbouring letters swapped, a letter dropped or replaced by a
    neighbouring key (QWERTY), or, in a word of VOWEL_WORD letters or more, one vowel written as
    another; in a name of END_SLIP letters or more, a letter added at its end or its last letter
    changed. Never at the start: real drugs differ there (lapatinib is not apatinib)."""
    if len(typed) == len(name) + 1:  # doubled, or one letter added at an end
        if len(name) >= END_SLIP and name.isalpha() and typed[:-1] == name:
            return True
        return len(name) >= SHORT_NAME and any(
            typed[i] == typed[i + 1] and typed[:i] + typed[i + 1 :] == name
            for i in range(len(typed) - 1)
        )
    if len(typed) == len(name) - 1:  # dropped
        return len(typed) >= SHORT_NAME and any(
            name[:i] + name[i + 1 :] == typed for i in range(len(name))
        )
    if len(typed) != len(name) or typed == name or len(name) < SHORT_NAME:
        return False
    diffs = [i for i, (a, b) in enumerate(zip(typed, name, strict=False)) if a != b]
    if len(diffs) == 2:  # swapped
        i, j = diffs
        return j == i + 1 and typed[i] == name[j] and typed[j] == name[i]
    if len(diffs) != 1:
        return False
    i = diffs[0]
    if typed[i] in _NEIGHBOURS.get(name[i], ""):
        return True
    if i == len(name) - 1 and len(name) >= END_SLIP and name.isalpha() and typed[i].isalpha():
        return True  # the last letter changed
    end = name.find(" ", i)
    word = name[name.rfind(" ", 0, i) + 1 : end if end != -1 else len(name)]
    return typed[i] in _VOWELS and name[i] in _VOWELS and len(word) >= VOWEL_WORD


def records_sharing_words(table: NameTable, text: str) -> list[str]:
    """Ids of the records with a name that holds every word of the text as a whole word."""
    words = set(name_key(text).split())
    if not words:
        return []
    out: list[str] = []
    for key, entries in table.by_key.items():
        if words <= set(key.split()):
            out.extend(e.record_id for e in entries if e.record_id not in out)
    return out


FILLER_WORDS = frozenset(
    ["procedure", "procedures", "treatment", "treatments", "therapy", "for", "the", "of", "a"]
)
"""Words that carry no meaning in a suggestion ("tace procedure", "TACE treatment", "therapy for
..."): suggestions are ranked by the other words."""


def suggest(table: NameTable, text: str, limit: int = 3) -> list[str]:
    """Ids of records whose names look like a text the catalog does not have, for a message:
    suggestions, never answers. In order: names that hold every word of the text; names at most
    two edits away (one, for a text shorter than VOWEL_WORD); names with a word one edit from a
    word of the text, where that word belongs to no more than two records. What the words that
    carry meaning suggest comes first (FILLER_WORDS are set aside)."""
    key = name_key(clean_query(text))
    meant = " ".join(w for w in key.split() if w not in FILLER_WORDS)
    out = _similar(table, meant) if meant and meant != key else []
    out.extend(i for i in _similar(table, key) if i not in out)
    return out[:limit]


def _similar(table: NameTable, key: str) -> list[str]:
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    if len(key) < 3:
        return []
    out = records_sharing_words(table, key)

    def add(near_keys: Iterable[str]) -> None:
        for near in near_keys:
            out.extend(e.record_id for e in table.by_key[near] if e.record_id not in out)

    edits = 2 if len(key) >= VOWEL_WORD else 1
    add(
        k
        for k, _d, _ in process.extract(
            key, table.keys, scorer=OSA.distance, score_cutoff=edits, limit=None
        )
    )
    owners: dict[str, set[str]] = {}
    for name, entries in table.by_key.items():
        for word in name.split():
            owners.setdefault(word, set()).update(e.record_id for e in entries)
    distinctive = [w for w, ids in owners.items() if len(ids) <= 2 and len(w) >= VOWEL_WORD]
    for word in key.split():
        if len(word) >= VOWEL_WORD:
            close = {
                w
                for w, _d, _ in process.extract(
                    word, distinctive, scorer=OSA.distance, score_cutoff=1, limit=None
                )
            }
            add(k for k in table.keys if close & set(k.split()))
    return out


KINDS: dict[str, tuple[str, str, str]] = {
    "stages": ("stage or situation", "stages and situations", "stage"),
    "modalities": ("modality", "modalities", "explain"),
    "drugs": ("drug", "drugs", "drug"),
}
"""For each kind of named record: what one is called, what several are called, and the command
that looks it up."""


def resolve_name(catalog: Catalog, kind: str, text: str) -> NameMatch:
    """The one record of a kind (a key of KINDS) that a query names (see match_names).

    Raises QueryError when the query is empty or fits several records (a prefix, a slip or a whole
    word they share), and not_found() when the catalog has no such name.
    """
    what, plural, command = KINDS[kind]
    table = names_of(catalog, kind)
    query = clean_query(text)
    if not name_key(query):
        raise QueryError(
            f"the {what} name is empty; give a name, or run `livertx {command}` to list them all"
        )
    found = match_names(table, query)
    if len(found) == 1:
        return found[0]
    if found:
        raise QueryError(f"{query!r} fits several {plural}", [m.record_id for m in found])
    group = ""
    if kind == "modalities":
        key = name_key(query)
        for category in catalog.categories:
            members = [m.id for m in catalog.modalities if m.category == category.id]
            if key not in (name_key(category.id), name_key(category.name)):
                continue
            # "surgery" names a group: a suggestion of one (palliative surgery) would pick for the
            # person. A group of one is no such choice, and "cell therapy" is no name of the one
            # cell therapy the catalog has (a clinic's product): that stays not found.
            if len(members) > 1:
                raise QueryError(
                    f"{query!r} names a group of {plural}, not one; "
                    f"`livertx explain --kind {category.id}` lists them",
                    members,
                )
            # Say whose claim the one member is, so a generic phrase is not read as established.
            only = next((m for m in catalog.modalities if m.category == category.id), None)
            whose = ""
            if only is not None:
                claims = ", ".join(
                    dict.fromkeys(
                        f"{p.source} ({claim.status.value})"
                        for claim in only.statuses
                        for p in claim.provenance
                    )
                )
                whose = f"the catalog has one, {only.name}, described by {claims or 'no source'}; "
            group = (
                f"{query!r} names a group of {plural}: {whose}"
                f"`livertx explain --kind {category.id}` lists it."
            )
    sharing = records_sharing_words(table, query)
    if len(sharing) > 1:
        raise QueryError(f"{query!r} is part of several {plural}' names", sharing)
    missing = not_found(catalog, kind, query)
    if group:
        raise NotFound(str(missing), missing.candidates, (*missing.notes, group))
    raise missing


class Elsewhere(NamedTuple):
    """Where a name the asked-for kind lacks does stand: what it is, and the command for it."""

    what: str  # "drug", "modality", "stage or situation", "combination"
    match: NameMatch
    command: str  # `livertx drug Keytruda`

    @property
    def claim(self) -> str:
        """What the text is, no surer than the match: "it is a drug" for a name, but only "a drug
        has a name one slip from it" for a slip."""
        if self.match.how == "fuzzy":
            return f"a {self.what} has a name one slip from it"
        return f"it is a {self.what}"


def how_found(how: str, name_type: str, score: int) -> str | None:
    """How a query found its record, in the words every answer says it above itself ("one slip
    from its name; similarity 89"); None for its own name, which needs no such line."""
    if how == "exact":
        return None
    alias = {"alias": "an alias", "source spelling": "a document's spelling: the curator's reading"}
    return {
        "alias": alias.get(name_type, f"its {name_type}"),
        "prefix": "the start of its name",
        "fuzzy": f"one slip from its name; similarity {score}",
        "in-text": f"{alias.get(name_type, f'its {name_type}')}, found in your text",
        "combination": "the drugs of a combination the catalog lists",
        "unlisted-combination": "the catalog lists no combination of these drugs; each is shown "
        "on its own",
    }.get(how, how)


def known_as(catalog: Catalog, text: str, skip: str = "") -> Elsewhere | None:
    """What a text names when exactly one record of one kind other than `skip` fits it, with the
    command that shows it. A combination (a regimen) is shown by `drug` for its first drug, or
    `explain` for its first modality. None when no other kind has the name."""
    for kind in (*KINDS, "regimens"):
        found = match_names(names_of(catalog, kind), text) if kind != skip else []
        if len(found) != 1:
            continue
        match = found[0]
        if kind != "regimens":
            return Elsewhere(
                KINDS[kind][0], match, f"livertx {KINDS[kind][2]} {shlex.quote(match.matched_on)}"
            )
        return _combination(catalog, match)
    regimen_id = combination_of(catalog, text)
    if regimen_id is not None:
        query = clean_query(text)
        return _combination(catalog, NameMatch(query, regimen_id, query, "parts", "alias", 100))
    return None


def _combination(catalog: Catalog, match: NameMatch) -> Elsewhere:
    first = catalog.regimen_by_id[match.record_id].components[0]
    command = "drug" if first.kind.value == "drug" else "explain"
    what = f"combination ({catalog.regimen_by_id[match.record_id].name})"
    return Elsewhere(what, match, f"livertx {command} {shlex.quote(catalog.option_name(first))}")


_PARTS = r"(?i)\s*(?:\+|/|&|,|\bwith\b|\band\b|\bplus\b|\s)\s*|-"
"""What joins the drugs of a combination as people type it (compiled only when a name is not
found, so re's pattern cache keeps it)."""


def combination_of(catalog: Catalog, text: str) -> str | None:
    """The regimen whose drugs a text names exactly, in any order and by any of their names
    ("Lenvima + Keytruda", "pembrolizumab-lenvatinib"); None unless every part is exactly one
    drug's name and one regimen has just those drugs. No slip is forgiven in a part."""
    drugs = names_of(catalog, "drugs")
    named: set[str] = set()
    for part in re.split(_PARTS, clean_query(text)):
        if not part:
            continue
        ids = {e.record_id for e in drugs.by_key.get(name_key(part), ())}
        if len(ids) != 1:
            return None
        named |= ids
    if len(named) < 2:
        return None
    return regimen_of_drugs(catalog, named)


JOINERS = frozenset(["and", "with", "plus", "&"])
"""Words that join the drugs of a combination as people write it ("A and B", "A with B"); `+`,
`/` and commas are separators already."""

ALTERNATIVES = frozenset(["or", "vs", "versus"])
"""Words that set drugs side by side as alternatives ("A or B", "A vs B"): no combination."""

_LONGEST_NAME = 4
"""Names are looked for in a text up to this many words long ("cabozantinib s malate")."""


class TextReading(NamedTuple):
    """The drug names a text holds as whole words once label words and joiners are set aside
    (see read_text)."""

    query: str
    named: tuple[NameMatch, ...]
    """One match per drug, in the order the text names them."""
    unknown: tuple[str, ...]
    """The words, or runs of words, that name nothing the catalog has."""
    several: tuple[str, ...]
    """Words that fit the names of several drugs (a prefix, a slip)."""
    disagree: tuple[str, ...]
    """Names in brackets that name another drug than the name before them ("Nexavar
    (regorafenib)"): the label disagrees with itself."""
    alternatives: bool
    """The text sets its names side by side with "or" or "vs"."""


def _skipped(keys: tuple[str, ...], words: Sequence[str], i: int) -> bool:
    """Whether the i-th word is a label word, a strength (see _is_strength) or a joiner. Any
    other number or letter stays: `Y-90` is no strength."""
    w = words[i]
    if w in LABEL_WORDS or w in JOINERS:
        return True
    return w[:1].isdigit() and _is_strength(keys, words, i)  # a strength begins with a digit


@lru_cache(maxsize=64)
def read_text(table: NameTable, text: str) -> TextReading:
    """The names a text holds: each run of words that is a whole name, exactly (the longest
    first), in the order written; a run of other words that match_names reads as one record
    (a slip: "sorafinib") counts too, but never the start of a name. Label words (LABEL_WORDS),
    strengths ("400mg", a number before a unit) and joiners (JOINERS) are set aside; every other
    word is `unknown`, or `several` when it fits several drugs. Matching is done per bracketed
    part, so that "NEXAVAR (sorafenib)" can be checked for agreement. The last few readings are
    kept: `drug` reads a text once for a combination the catalog lists, and again for one it
    does not (see combination_drugs and drugs_in_text)."""
    query = clean_query(text)
    named: dict[str, NameMatch] = {}
    unknown: list[str] = []
    several: list[str] = []
    disagree: list[str] = []
    alternatives = False
    previous: str | None = None  # the record the last name outside brackets named
    starts = _first_words(table.keys)

    def matched(words: str) -> list[NameMatch]:
        # a start of a name is no name in free text ("came" begins camrelizumab); a slip is
        return [m for m in match_names(table, words) if m.how != "prefix"]

    def settle(run: list[str]) -> list[NameMatch]:
        if not run:
            return []
        found = matched(" ".join(run))
        if len({m.record_id for m in found}) == 1:
            return found[:1]
        out: list[NameMatch] = []
        for word in run:
            one = matched(word)
            if len({m.record_id for m in one}) == 1:
                out.append(one[0])
            else:
                (several if one else unknown).append(word)
        return out

    for depth, part in enumerate(re.split(r"[()\[\]]", query)):
        bracketed = depth % 2 == 1
        words = name_key(part).split()
        here: list[NameMatch] = []
        run: list[str] = []
        i = 0
        while i < len(words):
            longest = min(_LONGEST_NAME, len(words) - i) if words[i] in starts else 0
            for size in range(longest, 0, -1):
                entries = table.by_key.get(" ".join(words[i : i + size]), [])
                if len(entries) == 1:
                    break
            else:
                size, entries = 1, []
            if entries:
                here += settle(run)
                run = []
                e = entries[0]
                how = "exact" if e.name_type in PRIMARY_NAME_TYPES else "alias"
                here.append(_matched(query, e, how, 100))
                i += size
                continue
            if words[i] in ALTERNATIVES or _skipped(table.keys, words, i):
                alternatives = alternatives or words[i] in ALTERNATIVES
                here += settle(run)
                run = []
            else:
                run.append(words[i])
            i += 1
        here += settle(run)
        for m in here:
            if bracketed and previous is not None and m.record_id != previous:
                disagree.append(m.matched_on)
            named.setdefault(m.record_id, m._replace(query=query))
        if not bracketed and here:
            previous = here[-1].record_id
    return TextReading(
        query, tuple(named.values()), tuple(unknown), tuple(several), tuple(disagree), alternatives
    )


def not_found(catalog: Catalog, kind: str, text: str) -> NotFound:
    """The answer for a name the catalog does not have among records of this kind: it says so,
    names the command that shows the record when another kind of record has the name, and
    otherwise suggests similar names."""
    what, _plural, command = KINDS[kind]
    query = clean_query(text)
    elsewhere = known_as(catalog, query, skip=kind)
    if elsewhere is not None:
        return NotFound(f"{query!r} is not a {what}; {elsewhere.claim}: try `{elsewhere.command}`")
    if kind == "drugs":
        for drug in catalog.drugs:
            for other in drug.not_brands:
                if name_key(other.name) == name_key(query):
                    return NotFound(
                        f"{other.name} is not a brand of a liver-cancer drug in this catalog: "
                        f"{other.note} (the curator's note); try `livertx drug {drug.id}`",
                        (drug.id,),
                    )
    # a missing treatment is no verdict on it: the catalog holds what its documents say
    about = "" if kind == "stages" else f", which says nothing about the {what} itself"
    return NotFound(
        f"{what} {query!r} is not in the catalog{about}; run `livertx {command}` to list them all",
        suggest(names_of(catalog, kind), query),
    )


# -- drugs ---------------------------------------------------------------------------------
_NAME_GROUPS = {"generic": "generic", "brand": "brand", "regimen": "regimen"}


class DrugMatch(NamedTuple):
    drug: Drug
    score: int
    matched_on: str
    name_kind: str  # generic, brand, salt form, short form, synonym, source spelling
    how: str  # exact, alias, prefix, fuzzy (see match_names), in-text (names_in_label),
    # combination (combination_drugs: matched_on is then the regimen's name) or
    # unlisted-combination (drugs_in_text: a drug of a combination the catalog does not list)
    regimen_id: str | None = None
    """The regimen a combination query named (how is combination); None otherwise."""

    @property
    def match_type(self) -> str:
        """Which name matched (generic, brand or alias) and how (exact, prefix, fuzzy, or in-text
        for a name found inside a label's words): for example `brand-exact`, `brand-in-text`."""
        mode = "exact" if self.how in ("exact", "alias") else self.how
        return f"{_NAME_GROUPS.get(self.name_kind, 'alias')}-{mode}"


def search_drugs(catalog: Catalog, query: str, limit: int = 10) -> list[DrugMatch]:
    """The drugs a query names (see match_names), best first: exact names score 100, prefixes
    90-99, one slip its similarity (at most 89). A name the catalog lacks gives an empty list."""
    order = {d.id: i for i, d in enumerate(catalog.drugs)}
    table = names_of(catalog, "drugs")
    found = sorted(
        match_names(table, clean_query(query)) or names_in_label(table, query),
        key=lambda m: (-m.score, order[m.record_id]),
    )
    if not found:
        return combination_drugs(catalog, query)[: max(limit, 0)]
    return [
        DrugMatch(catalog.drug_by_id[m.record_id], m.score, m.matched_on, m.name_type, m.how)
        for m in found[: max(limit, 0)]
    ]


def combination_drugs(catalog: Catalog, text: str) -> list[DrugMatch]:
    """The drugs of the one combination a text names, in the regimen's order: by its name or
    alias ("atezolizumab with bevacizumab"), or by names of just its drugs and nothing else but
    label words and joiners ("Tecentriq + Avastin", "Lenvima 12 mg with Keytruda"; see
    read_text), the lowest score of those names. Each match is `matched_on` the regimen's name,
    `how` "combination". Empty for a combination the catalog does not list ("durvalumab with
    bevacizumab"), and for one that includes a modality."""
    query = clean_query(text)
    exact = {e.record_id for e in names_of(catalog, "regimens").by_key.get(name_key(query), ())}
    if len(exact) == 1:
        regimen_id = next(iter(exact))
        regimen = catalog.regimen_by_id[regimen_id]
        if any(c.kind.value != "drug" for c in regimen.components):
            return []
        return regimen_drugs(catalog, regimen_id)
    reading = read_text(names_of(catalog, "drugs"), query)
    if (
        len(reading.named) < 2
        or reading.unknown
        or reading.several
        or reading.disagree
        or reading.alternatives
    ):
        return []
    listed = regimen_of_drugs(catalog, (m.record_id for m in reading.named))
    if listed is None:
        return []
    return regimen_drugs(catalog, listed, min(m.score for m in reading.named))


def regimen_drugs(catalog: Catalog, regimen_id: str, score: int = 100) -> list[DrugMatch]:
    """The drugs of a regimen as the matches of a query that named it, in the regimen's order."""
    regimen = catalog.regimen_by_id[regimen_id]
    return [
        DrugMatch(
            catalog.drug_by_id[c.id], score, regimen.name, "regimen", "combination", regimen.id
        )
        for c in regimen.components
    ]


def regimen_of_drugs(catalog: Catalog, drug_ids: Iterable[str]) -> str | None:
    """The regimen made of exactly these drugs and nothing else; None when the catalog has none."""
    wanted = set(drug_ids)
    with_each = relations(catalog).regimen_ids_by_component  # the regimens that use a drug
    candidates: set[str] | None = None
    for drug_id in wanted:
        using = set(with_each.get(ref_key(OptionKind.DRUG, drug_id), ()))
        candidates = using if candidates is None else candidates & using
    first = with_each.get(ref_key(OptionKind.DRUG, next(iter(wanted), "")), ())
    for regimen_id in (r for r in first if r in (candidates or ())):  # in catalog order
        components = catalog.regimen_by_id[regimen_id].components
        if len(components) == len(wanted) and all(c.kind is OptionKind.DRUG for c in components):
            return regimen_id
    return None


def drugs_in_text(catalog: Catalog, text: str, explain: bool = True) -> list[DrugMatch]:
    """The drugs a text names when it is not one name (see read_text), for a command:

    - names of one drug only (a brand and its generic, "sorafenib + Nexavar"): that drug, in-text;
    - names of two or more drugs: the regimen the catalog lists with just those drugs
      (combination), or else each drug on its own (unlisted-combination): never a regimen of
      other drugs;
    - empty when the text holds no drug name at all.

    Raises NotFound when a word beside the names names nothing the catalog has (or another kind
    of record): the names found are said, never given as the answer. Raises QueryError when the
    names disagree ("Nexavar (regorafenib)") or are set side by side with "or" or "vs". Without
    `explain` (drug --stdin, which prints no message), NotFound carries no message."""
    table = names_of(catalog, "drugs")
    reading = read_text(table, text)
    query = reading.query
    if not reading.named:
        return []
    drugs = [catalog.drug_by_id[m.record_id] for m in reading.named]
    found = " and ".join(d.name for d in drugs)
    if (reading.unknown or reading.several) and not explain:
        raise NotFound(query)
    if reading.unknown or reading.several:
        why, nothing = [], []
        for word in reading.unknown:
            starts = {catalog.drug_by_id[m.record_id].name for m in match_names(table, word)}
            elsewhere = known_as(catalog, word, skip="drugs")
            if starts:  # read_text takes no start of a name as a name in free text
                why.append(f"{word!r} is only the start of a name ({', '.join(sorted(starts))})")
            elif (
                elsewhere is not None
                and elsewhere.match.how != "prefix"
                and not elsewhere.what.startswith("combination")
            ):
                why.append(f"{word!r} is not a drug ({elsewhere.claim}: `{elsewhere.command}`)")
            else:
                nothing.append(repr(word))
        if nothing:
            many = len(nothing) > 1
            words = f"{', '.join(nothing[:-1])} and {nothing[-1]}" if many else nothing[0]
            why.insert(0, f"{words} name{'' if many else 's'} nothing the catalog has")
        why += [f"{word!r} fits several drug names" for word in reading.several]
        look = ", ".join(f"`livertx drug {shlex.quote(d.name)}`" for d in drugs)
        suggested = [
            i
            for word in (*reading.unknown, *reading.several)
            for i in suggest(table, word)
            if i not in {d.id for d in drugs}
        ]
        raise NotFound(
            f"found {found} in {query!r}, but {'; '.join(why)}; {look} shows what the catalog "
            f"has on {'it' if len(drugs) == 1 else 'each'}",
            list(dict.fromkeys(suggested)),
        )
    ids = [d.id for d in drugs]
    if reading.disagree:
        raise QueryError(
            f"{query!r} names different drugs ({', '.join(d.name for d in drugs)}): the name in "
            "brackets is not the same drug as the name before it",
            ids,
        )
    if reading.alternatives and len(drugs) > 1:
        raise QueryError(
            f"{query!r} names {found} as alternatives; look each up, or compare them: "
            f"`livertx compare {' '.join(shlex.quote(d.name) for d in drugs)}`",
            ids,
        )
    scores = [m.score for m in reading.named]
    if len(drugs) == 1:
        m = reading.named[0]
        how = "in-text" if m.how in ("exact", "alias") else m.how
        return [DrugMatch(drugs[0], m.score, m.matched_on, m.name_type, how)]
    regimen_id = regimen_of_drugs(catalog, ids)
    if regimen_id is not None:
        return regimen_drugs(catalog, regimen_id, min(scores))
    return [
        DrugMatch(d, m.score, m.matched_on, m.name_type, "unlisted-combination")
        for d, m in zip(drugs, reading.named, strict=True)
    ]


def find_drugs(catalog: Catalog, query: str, limit: int = 10) -> list[DrugMatch]:
    """search_drugs() for a command, then drugs_in_text() for a text that is no one name:
    QueryError when the query is empty, and not_found() when the catalog has no drug of that
    name and the text holds none."""
    if not name_key(clean_query(query)):
        raise QueryError(
            "the drug name is empty; give a name, or run `livertx drug` to list them all"
        )
    matches = search_drugs(catalog, query, limit) or drugs_in_text(catalog, query)[: max(limit, 0)]
    if not matches:
        raise not_found(catalog, "drugs", query)
    return matches
