"""Questions asked of a catalog: pure functions that return records and rows, and never print.

`livertx.query.names` turns what a person types into records (exact, then prefix, then fuzzy);
`livertx.query.stages` answers stage questions; `livertx.query.lookups` the rest. Everything
public is importable from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .lookups import (
    Note,
    SaidStatus,
    ShownStatus,
    SourceState,
    TextHit,
    caveats_about,
    caveats_for_drugs,
    caveats_for_hits,
    caveats_for_modality,
    drug_refs,
    drugs_and_regimens_of,
    find_modality,
    list_sources,
    modality_match,
    modality_refs,
    modality_status,
    most_trusted_first,
    options_naming,
    regimen_ids_with,
    regimens_with,
    search_text,
    source_state,
    stages_listing,
    statuses_of,
)
from .names import (
    KINDS,
    MAX_QUERY_LENGTH,
    PREFIX_MIN,
    SHORT_NAME,
    VOWEL_WORD,
    DrugMatch,
    Elsewhere,
    NameMatch,
    NotFound,
    QueryError,
    clean_query,
    drugs_in_text,
    find_drugs,
    how_found,
    is_slip,
    known_as,
    match_names,
    not_found,
    read_text,
    records_sharing_words,
    resolve_name,
    search_drugs,
    suggest,
)
from .stages import (
    OTHER_STAGING,
    OptionRow,
    caveat_pointers,
    caveats_for_stage,
    options_for_stage,
    resolve_stage,
    stage_match,
    stage_scope,
)

__all__ = [
    "KINDS",
    "MAX_COMPARED",
    "MAX_QUERY_LENGTH",
    "OPTION_KINDS",
    "OTHER_STAGING",
    "PREFIX_MIN",
    "SHORT_NAME",
    "VOWEL_WORD",
    "Compared",
    "DrugMatch",
    "Elsewhere",
    "Facts",
    "Filters",
    "NameMatch",
    "Narrowed",
    "NotFound",
    "Note",
    "OptionRow",
    "QueryError",
    "SaidStatus",
    "ShownStatus",
    "SourceState",
    "TextHit",
    "Treatment",
    "caveat_pointers",
    "caveats_about",
    "caveats_for_drugs",
    "caveats_for_hits",
    "caveats_for_modality",
    "caveats_for_stage",
    "clean_query",
    "compare_items",
    "drug_facts",
    "drug_refs",
    "drugs_and_regimens_of",
    "drugs_in_text",
    "find_drugs",
    "find_modality",
    "group_by_treatment",
    "hit_facts",
    "how_found",
    "is_slip",
    "kind_names",
    "kinds_of",
    "known_as",
    "list_sources",
    "make_filters",
    "match_names",
    "modality_facts",
    "modality_match",
    "modality_refs",
    "modality_status",
    "most_trusted_first",
    "narrow",
    "narrow_by",
    "not_found",
    "options_for_stage",
    "options_naming",
    "read_text",
    "record_facts",
    "records_sharing_words",
    "regimen_ids_with",
    "regimens_with",
    "resolve_name",
    "resolve_stage",
    "row_facts",
    "search_drugs",
    "search_text",
    "source_state",
    "stage_match",
    "stage_scope",
    "stages_listing",
    "statuses_of",
    "suggest",
]


if TYPE_CHECKING:  # pragma: no cover - the lazy names below, for type checkers
    from .compare import MAX_COMPARED, Compared, compare_items
    from .filters import (
        OPTION_KINDS,
        Facts,
        Filters,
        Narrowed,
        Treatment,
        drug_facts,
        group_by_treatment,
        hit_facts,
        kind_names,
        kinds_of,
        make_filters,
        modality_facts,
        narrow,
        narrow_by,
        record_facts,
        row_facts,
    )

_LAZY = {
    "Compared": "compare",
    "Facts": "filters",
    "Filters": "filters",
    "MAX_COMPARED": "compare",
    "Narrowed": "filters",
    "OPTION_KINDS": "filters",
    "Treatment": "filters",
    "compare_items": "compare",
    "drug_facts": "filters",
    "group_by_treatment": "filters",
    "hit_facts": "filters",
    "kind_names": "filters",
    "kinds_of": "filters",
    "make_filters": "filters",
    "modality_facts": "filters",
    "narrow": "filters",
    "narrow_by": "filters",
    "record_facts": "filters",
    "row_facts": "filters",
}
"""Names whose modules load only when first used: narrowing and comparing are not needed to
answer a plain lookup, which is most calls."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'livertx.query' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"livertx.query.{module}"), name)
