"""Where a catalog comes from: the shipped file, $LIVERTX_CATALOG or --catalog; then memory,
the on-disk cache, or a full parse and validation by livertx.loader.

This module is on every call's path, so it imports only what a cache hit needs.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import CatalogError, Finding
from .model import Catalog

ENV_CATALOG = "LIVERTX_CATALOG"


def default_catalog_path() -> Path:
    """The catalog shipped with livertx: inside the installed package, else the checkout's data/."""
    packaged = Path(__file__).resolve().parent / "data" / "treatments.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "treatments.yaml"


def resolve_catalog_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The catalog to use: an explicit path, else $LIVERTX_CATALOG, else the shipped one."""
    if path is not None and str(path) != "":
        return Path(path)
    env = os.environ.get(ENV_CATALOG)
    if env:
        return Path(env)
    return default_catalog_path()


_MEMO: dict[str, tuple[tuple[int, int, int, int], Catalog]] = {}


def load_catalog(path: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> Catalog:
    """Load and validate a catalog. Raises CatalogError listing every error (warnings do not count).

    A catalog already validated is taken from this process's memory or from the on-disk cache
    (see livertx.cache) when the file has not changed; `use_cache=False` always parses.
    """
    from .cache import file_stamp, gc_paused, read_cached, write_cached

    resolved = resolve_catalog_path(path)
    stat: os.stat_result | None = None
    if use_cache:
        try:
            stat = resolved.stat() if resolved.is_file() else None
        except OSError:
            stat = None  # the full check below reports the problem
    if stat is not None:
        key = str(resolved.resolve())
        remembered = _MEMO.get(key)
        if remembered is not None and remembered[0] == file_stamp(stat):
            return remembered[1]
        cached = read_cached(resolved, stat, lambda: _parse(resolved))
        if cached is not None and Path(cached.path).resolve() == resolved.resolve():
            _MEMO[key] = (file_stamp(stat), cached)
            return cached
    with gc_paused():  # parsing, indexing and pickling build or walk every object at once
        catalog = _parse(resolved)
        if stat is not None:
            write_cached(resolved, stat, catalog)
            _MEMO[str(resolved.resolve())] = (file_stamp(stat), catalog)
    return catalog


def _parse(resolved: Path) -> Catalog:
    """Parse and validate the file itself, with no cache involved."""
    from .cache import gc_paused
    from .loader import check_catalog

    with gc_paused():
        catalog, findings = check_catalog(resolved)
    errors = [f for f in findings if f.severity == "error"]
    if errors or catalog is None:
        raise CatalogError(errors or [Finding("LTX007", "could not be loaded", str(resolved))])
    return catalog
