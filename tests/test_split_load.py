"""A large catalog loaded by two processes is the same catalog, with the same findings.

The split load (livertx.split_load) reads, checks and builds the catalog's sections in two
processes and runs the rules that span records in one. Its promise: the same Catalog as the
one-process load, and the same findings, with their lines, for a catalog that has any; and when
a worker fails, still the right answer.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livertx import split_load
from livertx.block_yaml import read_block_yaml, top_level_pieces
from livertx.cache import part_names
from livertx import load_catalog
from livertx.loader import check_catalog
from livertx.model import Catalog
from livertx.names import NameTable
from livertx.query import PerKey

from .conftest import AS_OF, FIXTURES, ROOT
from .test_block_yaml import EXAMPLES, MUTATIONS, mutate_lines

SHIPPED = ROOT / "data" / "treatments.yaml"
TEXT = SHIPPED.read_text(encoding="utf-8")


def read_in_pieces(text: str) -> Any:
    """What the split load reads: each top-level piece alone, put back together."""
    merged: dict[str, Any] = {}
    for key, piece in top_level_pieces(text):
        data = read_block_yaml(piece)
        if data is None or list(data) != [key] or key in merged:
            return None
        merged[key] = data[key]
    return merged or None


@pytest.fixture()
def split_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split even the small shipped catalog, in two processes."""
    monkeypatch.setattr(split_load, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setenv(split_load.ENV_WORKERS, "2")


def parts(catalog: Catalog) -> dict[str, Any]:
    """Every part the cache would store, as plain values, so two catalogs compare part by part."""
    from livertx.cache import _pickled_parts

    def plain(value: Any) -> Any:
        if isinstance(value, PerKey):
            return {key: value.get(key) for key in value.keys()}
        if isinstance(value, NameTable):
            return (value.by_key, value.keys)
        return value

    return {name: plain(pickle.loads(blob)) for name, blob in _pickled_parts(catalog).items()}


def test_reading_the_top_level_pieces_apart_gives_the_whole_catalog() -> None:
    pieces = top_level_pieces(TEXT)
    assert [key for key, _ in pieces][:3] == ["schema_version", "version", "modified"]
    assert "".join(piece for _, piece in pieces) == TEXT
    assert read_in_pieces(TEXT) == read_block_yaml(TEXT)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1), st.integers(1, 4))
def test_a_catalog_mutated_line_by_line_reads_the_same_in_pieces(seed: int, count: int) -> None:
    # Besides the reader's own mutations, lines that start at column 0: top-level keys, items,
    # and quoted, flow and block scalars that open there.
    text = mutate_lines(TEXT, seed, count, MUTATIONS + ["x: ", "\nx: 1", "\n- ", "\n'", '\n"', "\n[", "\n|\n"])
    whole = read_block_yaml(text)
    pieces = read_in_pieces(text)
    if whole is None:
        assert pieces is None, "the pieces read a text that the whole-text reading hands to PyYAML"
    else:
        assert pieces is None or pieces == whole


def test_the_split_load_builds_the_same_catalog(split_everything: None, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = split_load.split_load

    def counting(text: str, path: str, processes: int) -> Catalog | None:
        calls.append(processes)
        return real(text, path, processes)

    monkeypatch.setattr(split_load, "split_load", counting)
    split, findings = check_catalog(SHIPPED)
    assert calls == [2] and findings == []
    assert split is not None
    monkeypatch.setenv(split_load.ENV_WORKERS, "1")
    one = load_catalog(SHIPPED, use_cache=False)
    assert calls == [2], "the catalog to compare with was loaded in one process"
    assert split.meta() == one.meta()
    assert parts(split).keys() == set(part_names())
    assert parts(split) == parts(one)


@pytest.mark.parametrize("processes", [2, 3, 8])
def test_any_number_of_processes_builds_the_same_catalog(processes: int) -> None:
    split = split_load.split_load(TEXT, str(SHIPPED), processes)
    assert split is not None
    assert parts(split) == parts(load_catalog(SHIPPED, use_cache=False))


@pytest.mark.parametrize("rule", ["LTX005", "LTX011", "LTX013", "LTX020", "LTX021", "LTX022", "LTX030", "LTX035"])
def test_a_catalog_with_findings_is_reported_with_the_same_lines(rule: str, split_everything: None, monkeypatch: pytest.MonkeyPatch) -> None:
    path = FIXTURES / "rules" / f"{rule}.yaml"
    with pytest.raises(split_load.NotClean):
        split_load.split_load(path.read_text(encoding="utf-8"), str(path), 2)
    split_findings = check_catalog(path)[1]
    monkeypatch.setenv(split_load.ENV_WORKERS, "1")
    assert split_findings == check_catalog(path)[1]
    assert any(f.code == rule and f.line for f in split_findings)


def test_an_overdue_source_is_reported_with_its_line(split_everything: None) -> None:
    import datetime as dt

    _, findings = check_catalog(SHIPPED, as_of=dt.date.fromisoformat(AS_OF))
    overdue = [f for f in findings if f.code == "LTX033"]
    assert overdue and all(f.line for f in overdue)


def test_a_worker_that_fails_still_gives_the_right_catalog(split_everything: None, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = split_load._build

    def dies_in_the_worker(pieces: Any, path: str) -> Any:
        if os.getpid() != parent:
            os._exit(3)
        return real(pieces, path)

    monkeypatch.setattr(split_load, "_build", dies_in_the_worker)
    assert split_load.split_load(TEXT, str(SHIPPED), 2) is None
    catalog, findings = check_catalog(SHIPPED)
    assert catalog is not None and findings == []
    monkeypatch.setenv(split_load.ENV_WORKERS, "1")
    assert parts(catalog) == parts(load_catalog(SHIPPED, use_cache=False))


def test_no_worker_is_left_behind_when_this_process_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = split_load._build

    def fails_here(pieces: Any, path: str) -> Any:
        if os.getpid() == parent:
            raise KeyboardInterrupt
        return real(pieces, path)

    monkeypatch.setattr(split_load, "_build", fails_here)
    with pytest.raises(KeyboardInterrupt):
        split_load.split_load(TEXT, str(SHIPPED), 2)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every worker has been reaped


def test_how_many_processes_share_a_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(split_load.ENV_WORKERS, "1")
    assert split_load.workers() == 1
    monkeypatch.setenv(split_load.ENV_WORKERS, "3")
    assert split_load.workers() == 3
    monkeypatch.setenv(split_load.ENV_WORKERS, "two")
    assert split_load.workers() == min(len(os.sched_getaffinity(0)), 2)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        monkeypatch.setenv(split_load.ENV_WORKERS, "3")
        assert split_load.workers() == 1, "a process with other threads running must not fork"
    finally:
        stop.set()
        thread.join()


def test_a_large_catalog_answers_the_same_whether_split_or_not(tmp_path: Path) -> None:
    script = ROOT / "benchmarks" / "make_catalogs.py"
    subprocess.run([sys.executable, str(script), "--factor", "6", "--out", str(tmp_path)], check=True, capture_output=True)
    catalog = tmp_path / "treatments-x6.yaml"
    assert catalog.stat().st_size > split_load.SPLIT_MIN_BYTES
    outputs = {}
    for workers in ("1", "2"):
        env = {**os.environ, "LIVERTX_CACHE_DIR": str(tmp_path / f"cache-{workers}"), split_load.ENV_WORKERS: workers}
        answers = []
        for _ in range(2):  # the cold load, then the cache it wrote
            for args in (["drug", "nexavar", "--json"], ["stage", "advanced", "--json"]):
                run = subprocess.run(
                    [sys.executable, "-m", "livertx", "--as-of", AS_OF, *args, "--catalog", str(catalog)],
                    env=env, capture_output=True, text=True, timeout=120,
                )
                assert run.returncode == 0, run.stderr
                answers.append(run.stdout)
        assert answers[:2] == answers[2:]
        outputs[workers] = answers
    assert outputs["1"] == outputs["2"]


def test_a_machine_that_cannot_fork_now_loads_in_one_process(split_everything: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert split_load.split_load(TEXT, str(SHIPPED), 3) is None
    catalog, findings = check_catalog(SHIPPED)
    assert catalog is not None and findings == []


@pytest.mark.parametrize("rule", [None, "LTX021"])
def test_a_checking_worker_that_fails_leaves_the_rules_to_this_process(rule: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = split_load._clean

    def dies_in_the_worker(catalog: Catalog) -> bool:
        if os.getpid() != parent:
            os._exit(3)
        return real(catalog)

    monkeypatch.setattr(split_load, "_clean", dies_in_the_worker)
    path = SHIPPED if rule is None else FIXTURES / "rules" / f"{rule}.yaml"
    text = path.read_text(encoding="utf-8")
    if rule is None:
        split = split_load.split_load(text, str(path), 2)
        assert split is not None and parts(split) == parts(load_catalog(path, use_cache=False))
    else:
        with pytest.raises(split_load.NotClean):
            split_load.split_load(text, str(path), 2)
