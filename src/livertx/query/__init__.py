"""Questions asked of a catalog: pure functions that return records and rows, and never print.

`livertx.query.names` turns what a person types into records (exact, then prefix, then fuzzy);
`livertx.query.stages` answers stage questions; `livertx.query.lookups` the rest. Everything
public is importable from here.
"""

from __future__ import annotations

from .lookups import (
    ShownStatus,
    SourceState,
    TextHit,
    caveats_for,
    drug_refs,
    drugs_and_regimens_of,
    find_modality,
    list_sources,
    modality_refs,
    modality_status,
    options_naming,
    regimen_ids_with,
    regimens_with,
    search_text,
    source_state,
    stages_listing,
)
from .names import (
    AMBIGUITY_MARGIN,
    FUZZY_THRESHOLD,
    MAX_QUERY_LENGTH,
    SUGGEST_THRESHOLD,
    DrugMatch,
    NotFound,
    QueryError,
    clean_query,
    search_drugs,
    suggest,
)
from .stages import OptionRow, caveats_for_stage, options_for_stage, resolve_stage, stage_scope

__all__ = [
    "AMBIGUITY_MARGIN",
    "FUZZY_THRESHOLD",
    "MAX_QUERY_LENGTH",
    "SUGGEST_THRESHOLD",
    "DrugMatch",
    "NotFound",
    "OptionRow",
    "QueryError",
    "ShownStatus",
    "SourceState",
    "TextHit",
    "caveats_for",
    "caveats_for_stage",
    "clean_query",
    "drug_refs",
    "drugs_and_regimens_of",
    "find_modality",
    "list_sources",
    "modality_refs",
    "modality_status",
    "options_for_stage",
    "options_naming",
    "regimen_ids_with",
    "regimens_with",
    "resolve_stage",
    "search_drugs",
    "search_text",
    "source_state",
    "stage_scope",
    "stages_listing",
    "suggest",
]
