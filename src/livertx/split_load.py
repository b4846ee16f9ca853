"""Load a large catalog in two processes: each reads, checks and builds some of its sections.

A catalog's sections (sources, stages, modalities...) can be read, shape-checked and built into
records apart from one another; only the rules that span records (unique ids, references, name
clashes between records, quality rules) need the whole catalog. So for a large catalog in plain
block YAML the loader cuts the text at its top-level keys (`block_yaml.top_level_pieces`), forks
a worker process that builds some of the sections while this process builds the rest, and
receives the worker's sections already pickled: the form the cache stores anyway, so they are
never pickled twice. This process then runs the rules that span records over the whole catalog.

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
"""Smaller catalogs load in one process: starting a worker would cost more than it saves."""

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
    """The catalog, loaded by `processes` processes; raises NotClean; None if it could not split."""
    pieces = top_level_pieces(text)
    if sorted(key for key, _ in pieces) != _FIELDS:
        raise NotClean  # a top-level key missing, unknown or given twice
    compiled()  # compile the shape checks once, before the workers are forked
    groups = _partition(pieces, processes)
    children: list[tuple[int, int]] = []
    try:
        for group in groups[1:]:
            try:
                children.append(_spawn(group, path))
            except OSError:  # no more processes or memory to fork with
                return None
        own = _build(groups[0], path)
        received = [_collect(*children.pop()) for _ in range(len(children))]
    finally:
        for pid, fd in children:  # only when this process failed: stop the workers left
            _abandon(pid, fd)
    if own is None or any(blobs is None for blobs in received if blobs is not False):
        raise NotClean
    if any(blobs is False for blobs in received):
        return None
    values, pickled = own
    for blobs in received:
        assert isinstance(blobs, dict)
        pickled.update(blobs)
    return _assemble(values, pickled, path)


def _partition(pieces: list[Piece], processes: int) -> list[list[Piece]]:
    """Groups of pieces with about equal numbers of lines; the first (this process's) has the
    top-level fields that are not record lists."""
    groups: list[list[Piece]] = [[piece for piece in pieces if piece[0] not in SECTIONS]]
    groups += [[] for _ in range(processes - 1)]
    loads = [0] * processes
    sections = sorted((piece for piece in pieces if piece[0] in SECTIONS), key=lambda piece: -piece[1].count("\n"))
    for piece in sections:
        lightest = loads.index(min(loads))
        groups[lightest].append(piece)
        loads[lightest] += piece[1].count("\n")
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


def _spawn(pieces: list[Piece], path: str) -> tuple[int, int]:
    """Fork a worker that builds these pieces and writes back their pickled parts (or None)."""
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except BaseException:
        os.close(read_fd)
        os.close(write_fd)
        raise
    if pid == 0:  # the worker: never return into the caller, never run its exit handlers
        code = 1
        try:
            os.close(read_fd)
            built = _build(pieces, path)
            payload = memoryview(pickle.dumps(None if built is None else built[1], protocol=_PROTOCOL))
            while payload:
                payload = payload[os.write(write_fd, payload) :]
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def _collect(pid: int, fd: int) -> dict[str, bytes] | None | bool:
    """A worker's pickled parts; None if its pieces are not clean; False if the worker failed."""
    try:
        with os.fdopen(fd, "rb") as pipe:
            payload = pipe.read()
    except OSError:
        payload = b""
    try:
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
    except ChildProcessError:  # reaped already (SIGCHLD ignored): a whole payload still counts
        code = 0
    if code != 0 or not payload:
        return False
    try:
        result = pickle.loads(payload)  # from our own worker; a cut-off payload does not load
    except Exception:
        return False
    return result if result is None or isinstance(result, dict) else False


def _abandon(pid: int, fd: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        os.close(fd)
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _assemble(values: dict[str, Any], pickled: dict[str, bytes], path: str) -> Catalog:
    """The whole catalog, its parts unpickled as the rules or a query need them; NotClean if a
    rule that spans records finds anything."""
    builder = _Builder(path, {})

    def load_part(name: str) -> object:
        value = values.get(name)
        if value is None:
            blob = pickled.get(name)
            if blob is not None:
                value = values[name] = pickle.loads(blob)
        return value

    catalog = Catalog.lazy({**builder.header(values), "path": path}, load_part, pickled)
    if not builder.check(catalog, names_checked=NAME_KINDS) or builder.findings:
        raise NotClean
    return catalog
