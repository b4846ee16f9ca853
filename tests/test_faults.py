"""Faults a real machine has: catalogs from pipes, odd files, absurd widths, patterned fields with
a trailing newline, and cache files that are not files or were left half written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from livertx.catalog import load as catalog_store
from livertx.catalog.load import check_catalog, load_catalog
from livertx.catalog.store import cache_file

from .conftest import FIXTURES, ROOT

SHIPPED = ROOT / "data" / "treatments.yaml"


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "livertx", "--as-of", "2026-11-23", *args],
        input=stdin, capture_output=True, timeout=120, env={**os.environ, **(env or {})},
    )  # fmt: skip


def test_a_catalog_read_from_a_pipe_is_read_to_the_end() -> None:
    result = run("validate", "/dev/stdin", "--json", stdin=SHIPPED.read_bytes())
    doc = json.loads(result.stdout)
    assert result.returncode == 0 and doc["valid"] and doc["counts"]["stage options"] == 71
    result = run("--catalog", "/dev/stdin", "drug", "nexavar", "--json", stdin=SHIPPED.read_bytes())
    assert result.returncode == 0 and json.loads(result.stdout)["matches"][0]["name"] == "sorafenib"


def test_a_device_is_named_as_one() -> None:
    _, findings = check_catalog("/dev/null")
    assert [(f.code, f.message) for f in findings] == [
        ("LTX001", "is a device, not a catalog file")
    ]


@pytest.mark.parametrize("field, value", [("id", "examplinib\\n"), ("reviewed", "2026-01-01\\n")])
def test_patterned_fields_refuse_a_trailing_newline(tmp_path: Path, field: str, value: str) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    catalog = load_catalog(FIXTURES / "minimal.yaml", use_cache=False)
    drug = catalog.drugs[0]
    old = f"id: {drug.id}" if field == "id" else f'reviewed: "{drug.reviewed.isoformat()}"'
    assert old in text
    # a double-quoted YAML string with an escaped newline at its end
    target = tmp_path / "newline.yaml"
    target.write_text(text.replace(old, f'{field}: "{value}"', 1), encoding="utf-8")
    _, findings = check_catalog(target)
    assert any(f.code in ("LTX013", "LTX014") for f in findings), findings


@pytest.mark.parametrize("columns", ["100000000", "1" * 31, "0", "-3", "wide"])
def test_absurd_widths_are_clamped(columns: str) -> None:
    result = run("stage", "localized", env={"COLUMNS": columns, "LIVERTX_CACHE_DIR": "off"})
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert max(len(line) for line in result.stdout.decode().splitlines()) <= 1000


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_device_at_the_cache_path_is_not_read(cache_dir: Path) -> None:
    load_catalog(SHIPPED)
    target = cache_file(SHIPPED)
    assert target is not None
    for make in (lambda: os.mkfifo(target), lambda: os.symlink("/dev/zero", target)):
        target.unlink()
        make()
        catalog_store._MEMO.clear()
        started = time.monotonic()
        assert len(load_catalog(SHIPPED).stage_options) == 71  # parsed instead, at once
        assert time.monotonic() - started < 30


def test_stale_temporary_files_are_removed_on_the_next_write(
    cache_dir: Path, tmp_path: Path
) -> None:
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(SHIPPED, catalog)
    load_catalog(catalog)
    old, fresh = cache_dir / ".tmp-killed.json", cache_dir / ".tmp-writing.json"
    old.write_bytes(b"half a cache file")
    fresh.write_bytes(b"another process's file, being written now")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # an edit
    catalog_store._MEMO.clear()
    load_catalog(catalog)
    assert not old.exists() and fresh.exists()


def test_an_interrupted_cache_write_leaves_no_partial_file(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import livertx.catalog.store as store

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_catalog(SHIPPED)
    assert [p.name for p in cache_dir.iterdir()] == []


def test_a_cache_is_found_whatever_the_size_of_the_file_stamp(cache_dir: Path) -> None:
    # Some filesystems hand out 20-digit inode numbers; the stamp line grows with them.
    from livertx.catalog.load import _parse
    from livertx.catalog.store import read_cached, write_cached

    catalog, data, digest = _parse(SHIPPED)
    stamp = (SHIPPED.stat().st_size, 10**19 - 1, 10**19 - 1, 10**20 - 1)
    assert write_cached(SHIPPED, stamp, digest, catalog, data)
    cached = read_cached(SHIPPED, stamp, lambda: catalog)
    assert cached is not None and len(cached.stage_options) == 71
    assert read_cached(SHIPPED, (*stamp[:3], 10**20 - 2), lambda: catalog) is None  # another file


def test_an_edit_in_the_same_second_with_the_same_size_is_seen(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a filesystem with whole-second timestamps, an edit that keeps the size within the same
    # second leaves the file's stamp as it was: the cache must look at the bytes.
    from livertx.catalog import store

    catalog = tmp_path / "catalog.yaml"
    shutil.copy(SHIPPED, catalog)
    assert load_catalog(catalog).drug_by_id["sorafenib"].brands == ("Nexavar",)
    before = store.file_stamp(catalog)
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("brands: [Nexavar]", "brands: [Nexavaz]"), encoding="utf-8")
    monkeypatch.setattr(
        store, "file_stamp", lambda path: before
    )  # the clock could not tell them apart
    catalog_store._MEMO.clear()
    assert load_catalog(catalog).drug_by_id["sorafenib"].brands == ("Nexavaz",)


def test_a_cache_folder_others_can_write_is_not_used_and_livertx_says_why(tmp_path: Path) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)
    theirs = shared / ".tmp-someone-elses.json"  # an old temporary file: not ours to delete
    theirs.write_bytes(b"{}")
    os.utime(theirs, (0, 0))
    result = run("drug", "nexavar", "--json", env={"LIVERTX_CACHE_DIR": str(shared)})
    assert result.returncode == 0 and json.loads(result.stdout)["matches"][0]["name"] == "sorafenib"
    lines = result.stderr.decode().splitlines()
    assert (
        lines.count(
            f"livertx: not using the catalog cache: the cache folder {shared} can be written by other users."
        )
        == 1
    )
    assert list(shared.iterdir()) == [theirs]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="giving a file to another user needs root",
)
def test_a_cache_file_of_another_user_is_not_read(cache_dir: Path) -> None:
    import warnings

    from livertx.catalog import store

    load_catalog(SHIPPED)
    target = cache_file(SHIPPED)
    assert target is not None
    os.chown(target, 65534, 65534)
    catalog_store._MEMO.clear()
    store._WARNED.clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert (
            store.read_cached(
                SHIPPED, store.file_stamp(SHIPPED), lambda: load_catalog(SHIPPED, use_cache=False)
            )
            is None
        )  # type: ignore[arg-type]
    assert [str(w.message) for w in caught] == [
        f"not using the catalog cache: the cache file {target} belongs to another user"
    ]


def _closed(*args: str, close: int) -> subprocess.CompletedProcess[bytes]:
    """livertx run with one of its standard streams closed, as `<&-`, `>&-` or `2>&-` do."""
    code = f"import os, sys; os.close({close}); os.execv(sys.executable, [sys.executable, '-m', 'livertx', *sys.argv[1:]])"
    return subprocess.run(
        [sys.executable, "-c", code, "--as-of", "2026-11-23", *args],
        capture_output=True,
        timeout=120,
    )


def test_closed_streams_get_one_line_and_an_exit_code_never_a_traceback() -> None:
    no_stdin = _closed("drug", "--stdin", close=0)
    assert no_stdin.returncode == 2 and b"standard input is closed" in no_stdin.stderr
    no_stdout = _closed("drug", "sorafenib", close=1)
    assert no_stdout.returncode == 4 and b"standard output is closed" in no_stdout.stderr
    assert _closed("--help", close=1).returncode == 4
    no_stderr = _closed("drug", "sorafenib", "--json", close=2)
    assert (
        no_stderr.returncode == 0
        and json.loads(no_stderr.stdout)["matches"][0]["name"] == "sorafenib"
    )
    for result in (no_stdin, no_stdout, no_stderr):
        assert b"Traceback" not in (result.stderr or b"")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_disk_is_one_line_and_exit_4() -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "livertx", "stage", "advanced"],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    assert result.returncode == 4
    assert (
        result.stderr.decode().splitlines()[-1]
        == "livertx: the answer could not be written (No space left on device)."
    )


def test_file_paths_are_used_byte_for_byte(tmp_path: Path) -> None:
    odd = os.fsencode(tmp_path) + b"/caf\xe9 \x1b[31m.yaml"
    shutil.copy(SHIPPED, odd)
    argv = [sys.executable, "-m", "livertx", "--as-of", "2026-11-23"]
    found = subprocess.run(
        [*argv, "--catalog", odd, "drug", "nexavar", "--json"], capture_output=True, timeout=120
    )
    assert found.returncode == 0 and json.loads(found.stdout)["matches"][0]["name"] == "sorafenib"
    wide = {**os.environ, "COLUMNS": "1000"}  # one line per finding, however long the path
    checked = subprocess.run([*argv, "validate", odd], capture_output=True, timeout=120, env=wide)
    assert (
        checked.returncode == 0 and b"\x1b" not in checked.stdout + checked.stderr
    )  # shown cleaned
    assert "caf\ufffd [31m.yaml".encode() in checked.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_named_pipe_is_read_to_its_end_and_one_nobody_writes_to_does_not_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    pipe = tmp_path / "catalog.fifo"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_bytes(SHIPPED.read_bytes()))
    writer.start()
    catalog, findings = check_catalog(pipe)
    writer.join()
    assert catalog is not None and not [f for f in findings if f.severity == "error"]
    monkeypatch.setattr(catalog_store, "FIFO_WAIT_SECONDS", 0.3)
    started = time.monotonic()
    _, findings = check_catalog(pipe)
    assert [f.code for f in findings] == ["LTX001"] and "named pipe that gave no data" in findings[
        0
    ].message
    assert time.monotonic() - started < 10


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_sigterm_ends_a_command_through_python_so_cleanup_runs(tmp_path: Path) -> None:
    import signal

    pipe = tmp_path / "waiting.fifo"
    os.mkfifo(pipe)  # nothing will write to it: livertx waits, and is terminated meanwhile
    proc = subprocess.Popen(
        [sys.executable, "-m", "livertx", "validate", str(pipe)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM and b"Traceback" not in err


def test_an_exit_during_a_cache_write_leaves_no_partial_file(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import livertx.catalog.store as store

    def terminated(*_args: object, **_kwargs: object) -> None:
        raise SystemExit(143)  # what the CLI's SIGTERM handler raises

    monkeypatch.setattr(store.os, "replace", terminated)
    with pytest.raises(SystemExit):
        load_catalog(SHIPPED)
    assert [p.name for p in cache_dir.iterdir()] == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_named_pipe_whose_writer_stalls_does_not_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    pipe = tmp_path / "stalling.fifo"
    os.mkfifo(pipe)
    release = threading.Event()

    def stall() -> None:
        with pipe.open("wb") as handle:
            handle.write(SHIPPED.read_bytes()[:1000])
            handle.flush()
            release.wait(30)  # keeps the pipe open, writing nothing more

    writer = threading.Thread(target=stall)
    writer.start()
    monkeypatch.setattr(catalog_store, "FIFO_WAIT_SECONDS", 0.5)
    try:
        _, findings = check_catalog(pipe)
    finally:
        release.set()
        writer.join()
    assert [f.code for f in findings] == ["LTX001"] and "stopped giving data" in findings[0].message


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["drug", "--help"]])
def test_help_and_version_into_a_full_disk_are_one_line_and_exit_4(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "livertx", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert result.returncode == 4 and b"Traceback" not in result.stderr


def test_the_catalog_and_the_queries_cannot_share_stdin() -> None:
    result = run("--catalog", "/dev/stdin", "drug", "--stdin", stdin=SHIPPED.read_bytes())
    assert result.returncode == 2 and b"standard input carries the catalog" in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_failing_standard_error_never_costs_the_answer_or_its_exit_code(tmp_path: Path) -> None:
    def with_full_stderr(*args: str) -> subprocess.CompletedProcess[bytes]:
        with open("/dev/full", "wb") as full:
            return subprocess.run(
                [sys.executable, "-m", "livertx", "--as-of", "2026-11-23", *args],
                stdout=subprocess.PIPE,
                stderr=full,
                timeout=120,
            )

    table = with_full_stderr("stage", "advanced")
    assert table.returncode == 0 and b"Options for advanced" in table.stdout
    as_json = with_full_stderr("stage", "advanced", "--json")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)["stage"]["id"] == "advanced"
    assert with_full_stderr("stage", "--bogus").returncode == 2
    assert with_full_stderr("drug", "aspirin").returncode == 1
    # a standard error whose reader has gone away: the same
    reader = subprocess.Popen(["true"], stdin=subprocess.PIPE)
    reader.wait()
    gone = subprocess.run(
        [sys.executable, "-m", "livertx", "stage", "advanced", "--json"],
        stdout=subprocess.PIPE,
        stderr=reader.stdin,
        timeout=120,
    )
    assert reader.stdin is not None
    reader.stdin.close()
    assert gone.returncode == 0 and json.loads(gone.stdout)["stage"]["id"] == "advanced"


def test_with_standard_output_closed_a_file_is_still_written(tmp_path: Path) -> None:
    answer, export = tmp_path / "answer.json", tmp_path / "catalog.json"
    wrote = _closed("drug", "sorafenib", "--json", "-o", str(answer), close=1)
    assert wrote.returncode == 0 and json.loads(answer.read_text())["matches"]
    exported = _closed("export", "json", str(export), close=1)
    assert exported.returncode == 0 and "tables" in json.loads(export.read_text())
    printed = _closed("export", "json", "-", close=1)
    assert printed.returncode == 4 and b"standard output is closed" in printed.stderr


@pytest.mark.parametrize("module", ["typer", "yaml"])
def test_ctrl_c_while_the_command_loads_is_exit_130_without_a_traceback(module: str) -> None:
    # Ctrl-C in the first tenth of a second lands in an import: of typer as the command loads,
    # of yaml as the catalog is read (the cache is empty); made certain here by raising
    # KeyboardInterrupt from that import
    code = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def interrupted(name, *args, **kwargs):\n"
        f"    if name == {module!r}:\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = interrupted\n"
        "sys.argv = ['livertx', 'stage', 'advanced']\n"
        "from livertx.__main__ import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=120, text=True
    )
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr
