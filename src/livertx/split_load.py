"""Load a large catalog in two processes: each reads, checks and builds some of its sections.

A catalog's sections (sources, stages, modalities...) can be read, shape-checked and built into
records apart from one another; only the rules that span records (unique ids, references, name
clashes between records, quality rules) need the whole catalog. So for a large catalog in plain
block YAML the loader cuts the text at its top-level keys (`block_yaml.top_level_pieces`), forks
a worker process that builds some of the sections while this process builds the rest, and
receives the worker's sections already pickled: the form the cache stores anyway, so they are
never pickled twice. Then the worker is sent the sections it lacks and runs the rules that span
records over the whole catalog, while this process builds the tables the cache derives from it.

It is an accelerator only. Anything unusual means the ordinary one-process load runs instead:
text outside the fast reader's subset, any finding, no `os.fork`, one CPU, other threads running,
a worker that fails. `load_split()` says which: it returns the catalog, raises NotClean when the
catalog needs the line-numbered reader to report something, or returns None when the split
could not be made or is not worth it (the one-process load then starts from the beginning).

LIVERTX_LOAD_WORKERS sets how many processes may share a load (1 turns the split off); by
default, two when this process may run on two or more CPUs.
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import Any

from .block_yaml import read_block_yaml, top_level_pieces
from .loader import _Builder
from .model import SECTIONS, Catalog
from .names import NAME_KINDS, name_table
from .schema import CATALOG
from .schema_fast import check_field_fast, compiled

SPLIT_MIN_BYTES = 512 * 1024
"""Smaller catalogs (counted in characters, which is about bytes) load in one process: starting
a worker would cost more than it saves."""

ENV_WORKERS = "LIVERTX_LOAD_WORKERS"
_FIELDS = sorted(field.name for field in CATALOG.fields)
_PROTOCOL = pickle.HIGHEST_PROTOCOL


class NotClean(Exception):
    """The catalog has something to report: the line-numbered reader must read it."""


Piece = tuple[str, str]
Built = tuple[dict[str, Any], dict[str, bytes]]
"""What a group of pieces becomes: values by part name (top-level fields, records, name tables),
and the record lists and name tables pickled as the cache stores them."""


def workers() -> int:
    """How many processes may share a load: LIVERTX_LOAD_WORKERS, else two if there are two CPUs."""
    if not hasattr(os, "fork"):
        return 1
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return 1  # forking a process with other threads running is not safe
    asked = os.environ.get(ENV_WORKERS, "").strip()
    if asked.isdigit() and int(asked) >= 1:
        return min(int(asked), len(SECTIONS))
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without sched_getaffinity
        cpus = os.cpu_count() or 1
    return min(cpus, 2)


def load_split(text: str, path: str) -> Catalog | None:
    """The catalog loaded by several processes, when it is large enough and this process can
    fork; raises NotClean; None when the one-process load should run instead."""
    if len(text) < SPLIT_MIN_BYTES:
        return None
    processes = workers()
    return split_load(text, path, processes) if processes > 1 else None


def split_load(text: str, path: str, processes: int) -> Catalog | None:
    """The catalog, loaded by `processes` processes; raises NotClean; None if it could not split.

    Two rounds. First each process builds its group of sections, and the workers send theirs
    here, pickled. Then the first worker is sent every section it lacks, runs the rules that
    span records and builds the relation table, while this process builds the stage views.
    """
    pieces = top_level_pieces(text)
    if sorted(key for key, _ in pieces) != _FIELDS:
        raise NotClean  # a top-level key missing, unknown or given twice
    compiled()  # compile the shape checks once, before the workers are forked
    groups = _partition(pieces, processes)
    if len(groups) < 2:
        return None
    started: list[_Worker] = []
    try:
        for index, group in enumerate(groups[1:]):
            try:
                started.append(_Worker(group, path, checks=index == 0))
            except OSError:  # no more processes or memory to fork with
                return None
        own = _build(groups[0], path)
        received = [worker.parts() for worker in started]
        if own is None or any(parts is None for parts in received):
            raise NotClean
        if any(parts is False for parts in received):
            return None
        values, pickled = own
        for parts in received:
            assert isinstance(parts, dict)
            pickled.update(parts)
        checker = started[0]
        header = {key: value for key, value in values.items() if key not in SECTIONS and "." not in key}
        checker.send((header, {name: blob for name, blob in pickled.items() if name not in checker.own}))
        catalog = _assemble(values, pickled, path)
        _derive(catalog, pickled)
        verdict, relations = checker.verdict()
        if relations is not None:
            pickled["derived.relations"] = relations
    finally:
        for worker in started:
            worker.close()
    if verdict is None:  # the worker failed before it could say: run the rules here
        verdict = _clean(catalog)
    if not verdict:
        raise NotClean
    return catalog


def _partition(pieces: list[Piece], processes: int) -> list[list[Piece]]:
    """Groups of pieces with about equal numbers of lines; the first (this process's) has the
    top-level fields that are not record lists."""
    groups: list[list[Piece]] = [[piece for piece in pieces if piece[0] not in SECTIONS]]
    groups += [[] for _ in range(processes - 1)]
    loads = [0] * processes
    sections = sorted(((piece[1].count("\n"), piece) for piece in pieces if piece[0] in SECTIONS), key=lambda pair: -pair[0])
    for lines, piece in sections:
        lightest = loads.index(min(loads))
        groups[lightest].append(piece)
        loads[lightest] += lines
    return [groups[0], *(group for group in groups[1:] if group)]


def _build(pieces: list[Piece], path: str) -> Built | None:
    """Read, check and build some pieces; None when one of them has anything to report."""
    builder = _Builder(path, {})
    values: dict[str, Any] = {}
    pickled: dict[str, bytes] = {}
    for key, piece in pieces:
        data = read_block_yaml(piece)
        if data is None or len(data) != 1 or key not in data:
            return None
        value = check_field_fast(key, data[key])
        if value is None:
            return None
        if key not in SECTIONS:
            values[key] = value
            continue
        records = values[key] = builder.section(key, value)
        pickled[key] = pickle.dumps(records, protocol=_PROTOCOL)
        if key in NAME_KINDS:
            table = values[f"names.{key}"] = name_table(key, records)
            if table.conflicts():
                return None  # LTX022: a name claimed by two records of this kind
            pickled[f"names.{key}"] = pickle.dumps(table, protocol=_PROTOCOL)
    return values, pickled


class _Worker:
    """A forked process that builds one group of sections and sends them back pickled; the
    checking worker then receives the other sections and runs the rules that span records.

    Messages are pickles, each behind its length, on one pipe each way."""

    def __init__(self, pieces: list[Piece], path: str, checks: bool) -> None:
        self.own = {key for key, _ in pieces} | {f"names.{key}" for key, _ in pieces if key in NAME_KINDS}
        self.pid = 0
        down_read, down_write = os.pipe()  # this process to the worker
        try:
            up_read, up_write = os.pipe()  # the worker to this process
        except OSError:
            os.close(down_read)
            os.close(down_write)
            raise
        try:
            self.pid = os.fork()
        except BaseException:
            for fd in (down_read, down_write, up_read, up_write):
                os.close(fd)
            raise
        if self.pid == 0:  # the worker: never return into the caller, never run its exit handlers
            code = 1
            try:
                os.close(down_write)
                os.close(up_read)
                _work(pieces, path, checks, down_read, up_write)
                code = 0
            finally:
                os._exit(code)
        os.close(down_read)
        os.close(up_write)
        self.down, self.up = down_write, up_read

    def parts(self) -> dict[str, bytes] | None | bool:
        """The worker's sections pickled; None if they are not clean; False if it failed."""
        try:
            parts = _receive(self.up)
        except (OSError, EOFError, pickle.UnpicklingError):
            return False
        return parts if parts is None or isinstance(parts, dict) else False

    def send(self, parts: tuple[dict[str, Any], dict[str, bytes]]) -> None:
        """What this (checking) worker lacks: the top-level fields, and the other sections pickled."""
        try:
            _send(self.down, parts)
        except OSError:  # the worker is gone: verdict() says so
            pass

    def verdict(self) -> tuple[bool | None, bytes | None]:
        """Whether the rules that span records found nothing (None if the worker failed), and
        the catalog's relation table pickled, when the worker could build it."""
        try:
            answer = _receive(self.up)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None, None
        if not isinstance(answer, tuple) or len(answer) != 2 or not isinstance(answer[0], bool):
            return None, None
        clean, relations = answer
        return clean, relations if isinstance(relations, bytes) else None

    def close(self) -> None:
        """Close the pipes and reap the worker, stopping it first if it is still at work."""
        import signal

        for fd in (self.down, self.up):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            finished, _ = os.waitpid(self.pid, os.WNOHANG)
            if not finished:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except (ChildProcessError, ProcessLookupError):  # reaped already (SIGCHLD ignored)
            pass


def _work(pieces: list[Piece], path: str, checks: bool, down: int, up: int) -> None:
    """The worker's side: build, send, and if asked, receive the rest and check."""
    built = _build(pieces, path)
    _send(up, None if built is None else built[1])
    if built is None or not checks:
        return
    values, pickled = built
    header, others = _receive(down)
    values.update(header)
    pickled.update(others)
    catalog = _assemble(values, pickled, path)
    clean = _clean(catalog)
    _send(up, (clean, _pickled_derived(catalog, "relations") if clean else None))


def _send(fd: int, message: object) -> None:
    payload = pickle.dumps(message, protocol=_PROTOCOL)
    data = memoryview(len(payload).to_bytes(8, "big") + payload)
    while data:
        data = data[os.write(fd, data) :]


def _receive(fd: int) -> Any:
    size = int.from_bytes(_read_exactly(fd, 8), "big")
    return pickle.loads(_read_exactly(fd, size))  # from our own worker or parent


def _read_exactly(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError("the other process closed the pipe")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _assemble(values: dict[str, Any], pickled: dict[str, bytes], path: str) -> Catalog:
    """The whole catalog, each part unpickled when the rules or a query first need it."""

    def load_part(name: str) -> object:
        value = values.get(name)
        if value is None:
            blob = pickled.get(name)
            if blob is not None:
                value = values[name] = pickle.loads(blob)
        return value

    return Catalog.lazy({**_Builder(path, {}).header(values), "path": path}, load_part, pickled)


def _clean(catalog: Catalog) -> bool:
    """Whether the rules that span records find nothing (each group checked its own names)."""
    builder = _Builder(catalog.path, {})
    return builder.check(catalog, names_checked=NAME_KINDS) and not builder.findings


def _derive(catalog: Catalog, pickled: dict[str, bytes]) -> None:
    """Build and pickle the stage views the cache stores, while the worker checks the catalog
    (and builds the relation table)."""
    blob = _pickled_derived(catalog, "stage_views")
    if blob is not None:
        pickled["derived.stage_views"] = blob


def _pickled_derived(catalog: Catalog, key: str) -> bytes | None:
    """One derived table (see livertx.query) pickled; None if a broken reference stops it (the
    rules report that; the cache writer builds any table missing here)."""
    from .query import DERIVED_TABLES

    try:
        return pickle.dumps(DERIVED_TABLES[key](catalog), protocol=_PROTOCOL)
    except (KeyError, TypeError, AttributeError):
        return None
