"""The answers about the catalog itself: its sources (`livertx sources`) and a full-text search
(`livertx search TEXT`)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ..catalog.model import Catalog, TrustTier
from ..query import (
    Filters,
    QueryError,
    SourceState,
    TextHit,
    caveats_for_hits,
    clean_query,
    close_names,
    list_sources,
    search_text,
    slipped_words,
    source_state,
)
from .common import CaveatLine, Context, Legend, caveat_lines, context_of, filtered_line, legend

SEARCH_KINDS = ("stage", "caveat", "option")
"""What else `search --kind` takes: the other kinds of record a search result can be."""


class SourcesAnswer(NamedTuple):
    context: Context
    sources: tuple[SourceState, ...]
    tiers: tuple[TrustTier, ...]
    overdue_only: bool
    legend: Legend
    empty: str | None

    @property
    def title(self) -> str:
        return "Source documents"


def sources_answer(catalog: Catalog, as_of: dt.date, overdue_only: bool = False) -> SourcesAnswer:
    states = tuple(list_sources(catalog, as_of, overdue_only=overdue_only))
    context = context_of(catalog, as_of)
    return SourcesAnswer(
        context,
        states,
        catalog.trust_tiers,
        overdue_only,
        legend(context, statuses=False),
        None if states else f"no source is overdue as of {as_of}",
    )


class Hit(NamedTuple):
    """One search result, with the state of each source its record cites."""

    hit: TextHit
    sources: tuple[SourceState, ...]


class SearchAnswer(NamedTuple):
    context: Context
    query: str
    hits: tuple[Hit, ...]
    filters: Filters | None
    filtered: str | None
    caveats: tuple[CaveatLine, ...]
    legend: Legend
    empty: str | None
    slipped: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Each word of the query that no catalog text holds, with the catalog's words one slip from
    it that the results hold instead: the results are then approximate."""
    close: tuple[str, ...] = ()
    """When nothing is found: names in the catalog that come close (suggestions, not results)."""

    @property
    def title(self) -> str:
        return f"Catalog text matching {self.query!r}"

    @property
    def approximate(self) -> str | None:
        """The line that says the results are approximate, and why; None when they are not."""
        if not self.slipped or not self.hits:
            return None
        near = "; ".join(
            f"{word!r} is in no catalog text, so these results hold "
            + " or ".join(repr(w) for w in words)
            + ", one slip from it"
            for word, words in self.slipped
        )
        return f"Approximate: {near}"


def search_answer(
    catalog: Catalog, text: str, as_of: dt.date, limit: int, filters: Filters | None = None
) -> SearchAnswer:
    """At most `limit` results for the text, best first; the filters apply before the limit.
    QueryError (exit 2) for a text with no word in it."""
    cleaned = clean_query(text)
    if not cleaned:
        raise QueryError(
            "the search text is empty; give a word to look for, such as stent or jaundice"
        )
    found = search_text(catalog, cleaned, limit=limit if filters is None else None)
    hits, empty = found, None
    if filters is not None:
        from ..query import hit_facts, narrow_by

        kept = narrow_by(catalog, found, lambda h: hit_facts(catalog, h), filters)
        hits = kept.items[:limit]
        if kept.emptied_by is not None:
            empty = f"no search result is left after {kept.emptied_by} ({kept.before} before it)"
    close: list[str] = []
    if not found:
        close = close_names(catalog, cleaned)
        empty = f"no catalog text contains {cleaned!r}" + (
            f"; names that come close (suggestions, not results): {', '.join(close)}"
            if close
            else ""
        )
    slipped = slipped_words(catalog, cleaned) if found and found[0].approximate else {}
    context = context_of(catalog, as_of)
    return SearchAnswer(
        context,
        cleaned,
        tuple(
            Hit(h, tuple(source_state(catalog, sid, as_of) for sid in h.source_ids)) for h in hits
        ),
        filters,
        filtered_line(filters, "results"),
        caveat_lines(catalog, caveats_for_hits(catalog, hits), as_of),
        legend(context, statuses=False),
        empty,
        tuple(slipped.items()),
        tuple(close),
    )
