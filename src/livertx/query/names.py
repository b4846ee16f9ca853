"""Name lookup: what a person types, to the record it names; exact, then prefix, then fuzzy.

Fuzzy matching (rapidfuzz) is imported only when the cheaper lookups miss.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple, Sequence

from ..catalog.index import NameEntry, NameTable, name_key, names_of
from ..catalog.model import Catalog, Drug
from ..textsafe import one_line

FUZZY_THRESHOLD = 70
"""Fuzzy matches scoring below this (0-100) are not claimed as matches."""

AMBIGUITY_MARGIN = 4
"""Two fuzzy candidates this close in score are too close to choose between."""

MAX_QUERY_LENGTH = 200
"""Longer queries are cut to this many characters before matching."""


class QueryError(Exception):
    """A query that cannot be answered as asked (usage error, exit code 2)."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


class NotFound(Exception):
    """Nothing in the catalog matches (exit code 1). The message says what to try instead."""


def clean_query(text: str) -> str:
    """A query on one line, without control characters, bounded to MAX_QUERY_LENGTH."""
    return one_line(text)[:MAX_QUERY_LENGTH]


def _fuzzy(query: str, table: NameTable, limit: int, by_words: bool = False) -> list[tuple[NameEntry, float]]:
    """Fuzzy candidates at or above FUZZY_THRESHOLD.

    With `by_words`, a query that is one whole word of a longer name scores as high as that
    name (token-set ratio), so "hepatectomy" fits partial and total hepatectomy equally and
    the caller can report the ambiguity instead of guessing.
    """
    from rapidfuzz import fuzz, process

    key = name_key(query)
    if not key:
        return []
    scorer = fuzz.token_set_ratio if by_words else fuzz.ratio
    found = process.extract(key, table.keys, scorer=scorer, score_cutoff=FUZZY_THRESHOLD, limit=limit)
    out: list[tuple[NameEntry, float]] = []
    for matched_key, score, _ in found:
        out.extend((entry, float(score)) for entry in table.by_key[matched_key])
    return out


def _best_per_record(hits: Iterable[tuple[NameEntry, float]]) -> list[tuple[NameEntry, float]]:
    best: dict[str, tuple[NameEntry, float]] = {}
    for entry, score in hits:
        if entry.record_id not in best or score > best[entry.record_id][1]:
            best[entry.record_id] = (entry, score)
    return sorted(best.values(), key=lambda pair: -pair[1])


def _resolve(query: str, table: NameTable, what: str, plural: str, command: str) -> str:
    """One record id for a query, or QueryError when ambiguous, NotFound when nothing fits.

    Candidates in a QueryError are record ids, which can be typed back as they are.
    """
    text = clean_query(query)
    if not text:
        raise QueryError(f"the {what} name is empty; give a name, or run `livertx {command}` to list them all")
    exact = table.exact(text)
    if exact:
        return exact[0].record_id
    prefixed = {e.record_id: e for e in table.prefixed(text)}
    if len(prefixed) == 1:
        return next(iter(prefixed))
    if len(prefixed) > 1:
        raise QueryError(f"{text!r} is the start of several {plural}' names", list(prefixed))
    ranked = _best_per_record(_fuzzy(text, table, 50, by_words=True))
    if not ranked:
        raise NotFound(f"no {what} matches {text!r}; run `livertx {command}` to list them all")
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < AMBIGUITY_MARGIN:
        top = ranked[0][1]
        ids = [e.record_id for e, score in ranked if top - score < AMBIGUITY_MARGIN]
        raise QueryError(f"{text!r} fits several {plural} about equally well", ids)
    return ranked[0][0].record_id


SUGGEST_THRESHOLD = 62
"""Names less similar than this (edit-distance ratio, 0-100) are not offered as suggestions."""


def suggest(query: str, table: NameTable, limit: int = 3) -> list[str]:
    """Ids of the records closest to a query that matched nothing, for error messages."""
    from rapidfuzz import fuzz, process

    key = name_key(clean_query(query))
    if not key:
        return []
    found = process.extract(key, table.keys, scorer=fuzz.ratio, score_cutoff=SUGGEST_THRESHOLD, limit=limit * 5)
    out: list[str] = []
    for matched_key, _score, _ in found:
        ident = table.by_key[matched_key][0].record_id
        if ident not in out:
            out.append(ident)
    return out[:limit]


# -- drugs ---------------------------------------------------------------------------------
_ALIAS_KINDS = {"generic": "generic", "brand": "brand"}


class DrugMatch(NamedTuple):
    drug: Drug
    score: int
    matched_on: str
    name_kind: str  # generic, brand, salt form, short form, synonym, source spelling
    how: str  # exact, prefix, fuzzy

    @property
    def match_type(self) -> str:
        """Which name matched (generic, brand or alias) and how: e.g. `brand-exact`."""
        return f"{_ALIAS_KINDS.get(self.name_kind, 'alias')}-{self.how}"


def search_drugs(catalog: Catalog, query: str, limit: int = 10) -> list[DrugMatch]:
    """Drugs ranked best first. Exact names score 100, prefixes 90-99, fuzzy matches 70-89.

    Nothing below FUZZY_THRESHOLD is returned; fuzzy matching runs only when exact and prefix
    lookups find nothing.
    """
    text = clean_query(query)
    table = names_of(catalog, "drugs")
    if not text:
        return []
    found: dict[str, DrugMatch] = {}

    def offer(match: DrugMatch) -> None:
        current = found.get(match.drug.id)
        if current is None or match.score > current.score:
            found[match.drug.id] = match

    for entry in table.exact(text):
        offer(DrugMatch(catalog.drug_by_id[entry.record_id], 100, entry.text, entry.name_type, "exact"))
    key = name_key(text)
    if len(key) >= 2:
        for entry in table.prefixed(text):
            if entry.record_id in found and found[entry.record_id].how == "exact":
                continue
            share = len(key) / max(len(name_key(entry.text)), 1)
            offer(DrugMatch(catalog.drug_by_id[entry.record_id], min(99, 90 + int(9 * share)), entry.text, entry.name_type, "prefix"))
    if not found:
        for entry, score in _fuzzy(text, table, max(limit * 3, 10)):
            scaled = min(89, int(round(score)))
            offer(DrugMatch(catalog.drug_by_id[entry.record_id], scaled, entry.text, entry.name_type, "fuzzy"))
    order = {d.id: i for i, d in enumerate(catalog.drugs)}
    ranked = sorted(found.values(), key=lambda m: (-m.score, order[m.drug.id]))
    return ranked[: max(limit, 0)]


