"""The catalog cache never changes an answer; cheap paths stay cheap; batch mode keeps order."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from livertx.catalog import load as catalog_store
from livertx.catalog.load import default_catalog_path, load_catalog
from livertx.catalog.store import cache_file

from .conftest import FIXTURES, ROOT, invoke

SHIPPED = ROOT / "data" / "treatments.yaml"


def fresh_process_env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LIVERTX_CATALOG", "COLUMNS")}
    env["LIVERTX_CACHE_DIR"] = str(cache)
    return env


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "livertx", "--as-of", "2026-11-23", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_a_cache_hit_gives_the_same_answer_as_a_miss(cache_dir: Path) -> None:
    env = fresh_process_env(cache_dir)
    miss = run_cli("stage", "advanced", "--json", env=env)
    used = cache_file(default_catalog_path())  # the catalog the command uses, installed or not
    assert used is not None and used.exists()
    hit = run_cli("stage", "advanced", "--json", env=env)
    off = run_cli("stage", "advanced", "--json", env=dict(env, LIVERTX_CACHE_DIR="off"))
    assert miss.returncode == hit.returncode == off.returncode == 0
    assert miss.stdout == hit.stdout == off.stdout


def test_a_changed_catalog_invalidates_the_cache(cache_dir: Path, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(FIXTURES / "minimal.yaml", catalog)
    assert load_catalog(catalog).drug_by_id["examplinib"].brands == ("Exampla",)
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("Exampla", "Examplora"), encoding="utf-8"
    )
    catalog_store._MEMO.clear()  # a new process would start without the in-memory copy
    assert load_catalog(catalog).drug_by_id["examplinib"].brands == ("Examplora",)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "other-version"])
def test_a_corrupt_or_truncated_cache_file_is_rebuilt(cache_dir: Path, damage: str) -> None:
    load_catalog(SHIPPED)
    target = cache_file(SHIPPED)
    assert target is not None
    good = target.read_bytes()
    damaged = {
        "garbage": b"\x80\x04not a cache file at all",
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "other-version": b"livertx-catalog-cache 0\n" + good.split(b"\n", 1)[1],
    }[damage]
    assert damaged != good
    target.write_bytes(damaged)
    catalog_store._MEMO.clear()
    catalog = load_catalog(SHIPPED)
    assert len(catalog.stage_options) == 71
    assert target.read_bytes()[:24] == good[:24] and len(target.read_bytes()) > len(good) // 2


def test_damage_found_only_when_a_later_part_loads_still_gives_the_right_answer(
    cache_dir: Path,
) -> None:
    expected = load_catalog(SHIPPED, use_cache=False)
    load_catalog(SHIPPED)  # writes the cache
    target = cache_file(SHIPPED)
    assert target is not None
    data = bytearray(target.read_bytes())
    header_end = data.index(b"\n", data.index(b"\n", data.index(b"\n") + 1) + 1) + 1
    offset, length, _crc = json.loads(data[:header_end].split(b"\n")[2])["modalities"]
    middle = header_end + offset + length // 2
    data[middle] ^= 0xFF  # flip one byte inside the modalities part only
    target.write_bytes(bytes(data))
    catalog_store._MEMO.clear()
    catalog = load_catalog(SHIPPED)
    assert catalog.drug_by_id["sorafenib"].brands == ("Nexavar",)  # parts that are intact
    assert catalog.modalities == expected.modalities  # the damaged part comes from a fresh parse


def test_a_cached_catalog_loads_only_the_parts_a_query_uses(cache_dir: Path) -> None:
    import datetime as dt

    from livertx.answers.drug import drug_answer
    from livertx.query import search_drugs
    from livertx.render.json_docs import drug_doc

    load_catalog(SHIPPED)
    catalog_store._MEMO.clear()
    catalog = load_catalog(SHIPPED)
    drug_doc(
        drug_answer(catalog, "nexavar", search_drugs(catalog, "nexavar"), dt.date(2026, 11, 23))
    )
    assert (
        "modalities" not in catalog._memo
        and "stage_options" not in catalog._memo
        and "caveats" not in catalog._memo
    )


def test_a_stage_answer_from_the_cache_reads_neither_every_option_nor_every_modality(
    cache_dir: Path,
) -> None:
    import datetime as dt

    from livertx.query import caveats_for_stage, options_for_stage, resolve_stage

    load_catalog(SHIPPED)
    catalog_store._MEMO.clear()
    catalog = load_catalog(SHIPPED)
    stage = resolve_stage(catalog, "advanced")
    assert options_for_stage(catalog, stage, dt.date(2026, 11, 23))
    caveats_for_stage(catalog, stage)
    for part in ("stage_options", "modalities", "drugs", "regimens", "caveats"):
        assert part not in catalog._memo, part


def test_every_stage_gets_the_same_options_and_caveats_from_the_cache_as_from_a_full_scan(
    cache_dir: Path,
) -> None:
    """The per-stage tables the cache carries give exactly what scanning every option gives."""
    import datetime as dt

    from livertx.query import caveats_for_stage, options_for_stage, stage_scope

    as_of = dt.date(2026, 11, 23)
    fresh = load_catalog(SHIPPED, use_cache=False)
    load_catalog(SHIPPED)
    catalog_store._MEMO.clear()
    cached = load_catalog(SHIPPED)
    for stage in fresh.stages:
        stage_ids, situation_ids = stage_scope(fresh, stage)
        scanned = [
            (o.id, fresh.option_name(o.option))
            for o in fresh.stage_options
            if set(o.stages) & stage_ids or set(o.situations) & situation_ids
        ]
        for catalog in (fresh, cached):
            rows = options_for_stage(catalog, catalog.stage_by_id[stage.id], as_of)
            assert sorted((r.entry.id, r.name) for r in rows) == sorted(scanned), stage.id
            assert [r.tier_rank for r in rows] == sorted(r.tier_rank for r in rows)
        wanted = stage_ids | situation_ids | {stage.id}
        naming_stage = [c.id for c in fresh.caveats if wanted & set(c.applies_to.stages)]
        # ...and a stage answer adds those about any option a source of low trust lists there
        doubtful = {
            (o.option.kind.value, o.option.id)
            for o in fresh.stage_options
            if (set(o.stages) & stage_ids or set(o.situations) & situation_ids)
            and max(fresh.tier_rank(p.source) for p in o.provenance) >= 3
        }
        expected = [
            c.id
            for c in fresh.caveats
            if c.id in naming_stage
            or any(
                (kind, i) in doubtful
                for kind, ids in (
                    ("modality", c.applies_to.modalities),
                    ("drug", c.applies_to.drugs),
                    ("regimen", c.applies_to.regimens),
                )
                for i in ids
            )
        ]
        # ...but never one tied only to other stages or situations
        tied = {c.id: set(c.applies_to.stages) for c in fresh.caveats}
        expected = [cid for cid in expected if not tied[cid] or tied[cid] & wanted]
        assert [
            c.id for c in caveats_for_stage(cached, cached.stage_by_id[stage.id])
        ] == expected, stage.id
    rows = options_for_stage(cached, cached.stage_by_id["advanced"], as_of)
    labels = {r.name: r.label for r in rows}
    assert (
        labels["sorafenib"] == "drug"
        and labels["Transarterial chemoembolization"] == "interventional"
    )


def test_an_unwritable_cache_location_still_answers(tmp_path: Path, runner: CliRunner) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    catalog_store._MEMO.clear()
    result = invoke(
        runner, "drug", "nexavar", "--json", env={"LIVERTX_CACHE_DIR": str(blocker / "cache")}
    )
    assert result.exit_code == 0 and json.loads(result.stdout)["matches"][0]["name"] == "sorafenib"


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions"
)
def test_a_read_only_cache_directory_still_answers(tmp_path: Path, runner: CliRunner) -> None:
    read_only = tmp_path / "ro"
    read_only.mkdir()
    read_only.chmod(0o555)
    catalog_store._MEMO.clear()
    result = invoke(runner, "drug", "nexavar", "--json", env={"LIVERTX_CACHE_DIR": str(read_only)})
    assert result.exit_code == 0 and list(read_only.iterdir()) == []


def test_sixteen_concurrent_cold_starts_all_answer_and_leave_one_cache_file(tmp_path: Path) -> None:
    cache = tmp_path / "shared-cache"
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(SHIPPED, catalog)
    env = fresh_process_env(cache)
    argv = [
        sys.executable,
        "-m",
        "livertx",
        "--as-of",
        "2026-11-23",
        "drug",
        "nexavar",
        "--json",
        "--catalog",
        str(catalog),
    ]
    procs = [
        subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(16)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 16
    docs = [json.loads(out) for out, _ in outputs]
    assert all(d == docs[0] for d in docs) and docs[0]["matches"][0]["name"] == "sorafenib"
    leftovers = [p.name for p in cache.iterdir() if p.name.startswith(".tmp-")]
    assert leftovers == []
    assert len(list(cache.glob("catalog-*.json"))) == 1


def _modules_after(args: list[str], env: dict[str, str], terminal: bool = False) -> set[str]:
    """Top-level modules a real process imported for one command. With `terminal`, its stdout is a
    pseudo-terminal, as for a person typing the command; otherwise a pipe."""
    code = (
        "import sys, json, os\n"
        f"sys.argv = ['livertx', '--as-of', '2026-11-23', *{args!r}]\n"
        "from livertx.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\n"
        "sys.stderr.write('\\nMODULES ' + json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    argv = [sys.executable, "-c", code]
    if not terminal:
        result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
        return set(json.loads(result.stderr.rsplit("MODULES ", 1)[1]))
    import pty

    controller, follower = pty.openpty()
    try:
        # the table is what is looked at here, not the pager (tests/test_stage_view.py)
        quiet = {**env, "LIVERTX_PAGER": ""}
        proc = subprocess.Popen(argv, stdout=follower, stderr=subprocess.PIPE, env=quiet)
        os.close(follower)
        screen = b""
        while True:  # drain the terminal, or a long table would block the writer
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the process has closed its end
                break
            if not chunk:
                break
            screen += chunk
        _, err = proc.communicate(timeout=120)
    finally:
        os.close(controller)
    assert b"\x1b[" in screen  # a terminal gets Rich's colours and bold
    return set(json.loads(err.decode().rsplit("MODULES ", 1)[1]))


def test_json_and_tables_into_a_pipe_do_not_import_rich(cache_dir: Path) -> None:
    env = fresh_process_env(cache_dir)
    for args in (
        ["stage", "advanced", "--json"],
        ["drug", "sorafenib", "--json"],
        ["explain", "tace", "--json"],
        ["sources", "--json"],
    ):
        assert "rich" not in _modules_after(args, env), args
    for args in (["stage", "advanced"], ["explain", "tace"], ["drug", "nexavar"]):
        assert "rich" not in _modules_after(args, env), args  # plain text into a pipe
    assert "rich" in _modules_after(
        ["stage", "advanced"], env, terminal=True
    )  # a terminal gets Rich


def test_an_exact_drug_name_does_not_import_rapidfuzz_and_a_cache_hit_needs_no_yaml(
    cache_dir: Path,
) -> None:
    env = fresh_process_env(cache_dir)
    # Cold: PyYAML reads the shipped catalog, and the answer fills the cache.
    assert "yaml" in _modules_after(["drug", "sorafenib", "--json"], env)
    assert "yaml" in _modules_after(["validate"], env)  # validate always reads the file
    warm = _modules_after(["drug", "nexavar", "--json"], env)
    assert "rapidfuzz" not in warm and "yaml" not in warm
    assert "rapidfuzz" in _modules_after(
        ["drug", "sorafinib", "--json"], env
    )  # a misspelling needs it


def test_batch_keeps_order_and_gives_every_query_a_line(runner: CliRunner) -> None:
    queries = ["Keytruda", "", "aspirin", "sorafinib", "nexavar", "x" * 300]
    result = invoke(runner, "drug", "--stdin", "--json", input="\n".join(queries) + "\n")
    lines = result.stdout.splitlines()
    assert result.exit_code == 1  # some queries went unmatched
    assert len(lines) == len(queries)
    docs = [json.loads(line) for line in lines]
    assert [d["query"] for d in docs] == [q[:200] for q in queries]
    assert all("not medical advice" in d["notice"] for d in docs)  # a saved file carries it
    assert [d["matches"][0]["name"] if d["matches"] else None for d in docs] == [
        "pembrolizumab",
        None,
        None,
        "sorafenib",
        "sorafenib",
        None,
    ]
    schema = json.loads(
        (ROOT / "schemas" / "output" / "drug.schema.json").read_text(encoding="utf-8")
    )
    for doc in docs:
        jsonschema.validate(doc, schema)


def test_batch_tab_separated_and_exit_0_when_all_match(runner: CliRunner) -> None:
    result = invoke(runner, "drug", "--stdin", input="nexavar\nopdivo\n")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "nexavar\tsorafenib\t100\tbrand-exact",
        "opdivo\tnivolumab\t100\tbrand-exact",
    ]


def test_batch_json_matches_single_query_json(runner: CliRunner) -> None:
    single = json.loads(invoke(runner, "drug", "sorafinib", "--json").stdout)
    batch = json.loads(invoke(runner, "drug", "--stdin", "--json", input="sorafinib\n").stdout)
    assert batch["matches"] == single["matches"]


def test_the_docs_name_the_cache_format_that_is_written() -> None:
    from livertx.catalog.store import _MAGIC

    from .conftest import ROOT

    page = (ROOT / "docs" / "terminals.md").read_text(encoding="utf-8")
    assert f"Its first line names the format (`{_MAGIC.decode().strip()}`)" in page
