"""livertx: look up liver cancer treatment options, with the source of every fact.

The library works without the CLI:

    >>> from livertx import load_catalog
    >>> catalog = load_catalog()          # the shipped catalog, validated
    >>> catalog.stage_by_id["advanced"].name
    'Advanced'

Data takes one path: the YAML file -> livertx.catalog (read, check, build records, cache) ->
livertx.query (questions asked of the records) -> livertx.render (JSON documents and table
views) -> livertx.cli (the `livertx` command). Imports run that way only. Modules load when
first used, so `import livertx` stays cheap for the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

NOTICE = (
    "Educational information with its sources, not medical advice. "
    "Talk to your care team about any treatment decision."
)

__all__ = [
    "NOTICE",
    "Catalog",
    "CatalogError",
    "NotFound",
    "QueryError",
    "__version__",
    "caveats_for_stage",
    "check_catalog",
    "compare_items",
    "find_drugs",
    "find_modality",
    "list_sources",
    "load_catalog",
    "make_filters",
    "narrow",
    "options_for_stage",
    "resolve_stage",
    "search_drugs",
    "search_text",
]

if TYPE_CHECKING:  # pragma: no cover
    from .catalog.errors import CatalogError
    from .catalog.load import check_catalog, load_catalog
    from .catalog.model import Catalog
    from .query import (
        caveats_for_stage,
        compare_items,
        find_drugs,
        find_modality,
        list_sources,
        make_filters,
        narrow,
        options_for_stage,
        resolve_stage,
        search_drugs,
        search_text,
    )
    from .query.names import NotFound, QueryError

_LAZY = {
    "load_catalog": "livertx.catalog.load",
    "check_catalog": "livertx.catalog.load",
    "Catalog": "livertx.catalog.model",
    "CatalogError": "livertx.catalog.errors",
    "QueryError": "livertx.query.names",
    "NotFound": "livertx.query.names",
    **dict.fromkeys(
        (
            "caveats_for_stage",
            "compare_items",
            "find_drugs",
            "find_modality",
            "list_sources",
            "make_filters",
            "narrow",
            "options_for_stage",
            "resolve_stage",
            "search_drugs",
            "search_text",
        ),
        "livertx.query",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'livertx' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
