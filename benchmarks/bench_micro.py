"""In-process micro-benchmarks (pytest-benchmark): run by benchmarks/run.py, or directly with

    python -m pytest benchmarks/bench_micro.py --benchmark-only

They report timings; they assert only that each call returns the expected answer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from livertx.catalog.load import default_catalog_path, load_catalog
from livertx.catalog.store import file_stamp, read_cached
from livertx.query import options_for_stage, resolve_stage, search_drugs, search_text

AS_OF = dt.date(2026, 11, 23)
X100 = Path(__file__).resolve().parent / "catalogs" / "treatments-x100.yaml"


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return load_catalog(use_cache=False)


def test_load_shipped_catalog_parse_and_validate(benchmark) -> None:  # type: ignore[no-untyped-def]
    result = benchmark(load_catalog, default_catalog_path(), use_cache=False)
    assert len(result.stage_options) == 71


def test_load_shipped_catalog_from_disk_cache(benchmark, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LIVERTX_CACHE_DIR", str(tmp_path))
    path = default_catalog_path()
    load_catalog(path)  # writes the cache
    stamp = file_stamp(path)
    assert stamp is not None

    def load_and_touch() -> int:
        cached = read_cached(path, stamp, lambda: load_catalog(path, use_cache=False))
        assert cached is not None
        return len(cached.drugs)

    assert benchmark(load_and_touch) == 14


def test_resolve_stage_by_alias(benchmark, catalog) -> None:  # type: ignore[no-untyped-def]
    assert benchmark(resolve_stage, catalog, "Late Stage").id == "advanced"


def test_options_for_advanced(benchmark, catalog) -> None:  # type: ignore[no-untyped-def]
    stage = resolve_stage(catalog, "advanced")
    assert len(benchmark(options_for_stage, catalog, stage, AS_OF)) == 45


def test_drug_search_exact_brand(benchmark, catalog) -> None:  # type: ignore[no-untyped-def]
    assert benchmark(search_drugs, catalog, "nexavar")[0].drug.id == "sorafenib"


def test_drug_search_misspelled(benchmark, catalog) -> None:  # type: ignore[no-untyped-def]
    assert benchmark(search_drugs, catalog, "sorafinib")[0].drug.id == "sorafenib"


def test_full_text_search(benchmark, catalog) -> None:  # type: ignore[no-untyped-def]
    assert benchmark(search_text, catalog, "jaundice")


@pytest.mark.skipif(not X100.exists(), reason="run benchmarks/make_catalogs.py first")
def test_drug_search_misspelled_100x(benchmark, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LIVERTX_CACHE_DIR", str(tmp_path))
    big = load_catalog(X100)
    assert benchmark(search_drugs, big, "sorafinib")[0].drug.id == "sorafenib"
