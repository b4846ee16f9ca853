"""livertx: look up liver cancer treatment options, with the source of every fact.

The library works without the CLI:

    >>> from livertx import load_catalog
    >>> catalog = load_catalog()          # the shipped catalog, validated
    >>> catalog.stage_by_id["advanced"].name
    'Advanced'

Heavy modules load only when used, so `import livertx` stays cheap for the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

NOTICE = (
    "Educational information with its sources, not medical advice. "
    "Talk to your care team about any treatment decision."
)

__all__ = ["__version__", "NOTICE", "load_catalog", "check_catalog", "Catalog", "CatalogError"]

if TYPE_CHECKING:  # pragma: no cover
    from .errors import CatalogError
    from .catalog_store import load_catalog
    from .loader import check_catalog
    from .model import Catalog


def __getattr__(name: str) -> Any:
    if name == "load_catalog":
        from .catalog_store import load_catalog

        return load_catalog
    if name == "check_catalog":
        from .loader import check_catalog

        return check_catalog
    if name == "Catalog":
        from .model import Catalog

        return Catalog
    if name == "CatalogError":
        from .errors import CatalogError

        return CatalogError
    raise AttributeError(f"module 'livertx' has no attribute {name!r}")
