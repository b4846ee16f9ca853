"""The catalog cache: checked catalog data kept as JSON, so that a call answers without a YAML parser.

Where: $LIVERTX_CACHE_DIR, else $XDG_CACHE_HOME/livertx, else ~/.cache/livertx. Setting
LIVERTX_CACHE_DIR to an empty string or `off` turns the cache off.

Each catalog path has one cache file, named from the path, livertx's version and the schema
version. It holds plain data only, never code: a first line naming the format, a line with the
catalog file's size, modification and change times and inode (a file whose stamp differs is
stale) and the CRC-32 of its bytes (checked on every call: a filesystem with whole-second
timestamps cannot tell an edit that keeps the size from the original), a JSON index, then one JSON text per part, each with its length and CRC-32. The parts are
the header, each record section as the schema check gave it, the name tables, the relation table,
one view per stage, and the caveats about each option that a caveat names; a query decodes only the parts it uses. Files are written to a temporary name and
renamed into place, so a reader never sees a partial file. Anything wrong with the cache
(corrupt, truncated, stale, unreadable, unwritable) falls back to parsing the catalog, even when
the damage is found only in a part read later: the cache can make an answer faster, never
different.
"""

from __future__ import annotations

import binascii
import contextlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import __version__
from .build import Builder
from .index import (
    NAME_KINDS,
    NameTable,
    Relations,
    StageView,
    caveats_by_ref,
    names_of,
    relations,
    stage_view,
    stage_views,
)
from .model import SCHEMA_VERSION, SECTIONS, Catalog

ENV_CACHE_DIR = "LIVERTX_CACHE_DIR"
_MAGIC = b"livertx-catalog-cache 6 json\n"

Stamp = tuple[int, int, int, int]
"""What identifies one version of a catalog file: size, modification and change times, inode."""


def cache_dir() -> Path | None:
    """The cache directory, or None when the cache is turned off."""
    override = os.environ.get(ENV_CACHE_DIR)
    if override is not None:
        return None if override.strip() in ("", "off") else Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "livertx"


def file_stamp(catalog_path: Path) -> Stamp | None:
    """The stamp of a regular catalog file; None when it is something else or cannot be read
    (the loader then reports the problem, and nothing is cached)."""
    try:
        stat = catalog_path.stat()
    except OSError:
        return None
    if not catalog_path.is_file():
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def cache_file(catalog_path: Path) -> Path | None:
    """Where the cache for this catalog lives (one file per catalog path and livertx version)."""
    directory = cache_dir()
    if directory is None:
        return None
    ident = f"{catalog_path.resolve()}\0{__version__}\0{SCHEMA_VERSION}".encode(
        "utf-8", "surrogateescape"
    )
    # Two CRC-32s make a 64-bit file name without loading hashlib (and OpenSSL) on every call;
    # a collision could only make two catalogs share one cache file, and the path stored inside
    # it is checked, so it would cost a re-parse, never a wrong answer.
    name = f"{binascii.crc32(ident):08x}{binascii.crc32(ident[::-1]):08x}"
    return directory / f"catalog-{name}.json"


def _stamp_line(stamp: Stamp, digest: int) -> bytes:
    return ":".join(str(part) for part in (*stamp, digest)).encode() + b"\n"


def _same_bytes(catalog_path: Path, size: int, digest: int) -> bool:
    try:
        with catalog_path.open("rb") as handle:
            return binascii.crc32(handle.read(size + 1)) == digest
    except OSError:
        return False


class CacheWarning(UserWarning):
    """The cache is not used, for a reason a person should know (it is not theirs alone)."""


_WARNED: set[str] = set()


def _untrusted(info: os.stat_result, what: str) -> bool:
    """Whether a cache folder or file is someone else's, or writable by others: then it is not
    used, and livertx says why, once. Another user could plant answers in it."""
    reason = ""
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        reason = f"{what} belongs to another user"
    elif info.st_mode & 0o022:
        reason = f"{what} can be written by other users"
    if reason and reason not in _WARNED:
        _WARNED.add(reason)
        import warnings

        warnings.warn(f"not using the catalog cache: {reason}", CacheWarning, stacklevel=3)
    return bool(reason)


class CacheDamaged(Exception):
    """A part of a cache file does not match its recorded length or checksum, or will not decode."""


class _Parts:
    """Random access to the parts of one cache file: each part is read from the file only when
    it is first asked for. The file stays open (a raw descriptor) while the catalog lives, so a
    cache file replaced meanwhile by another process cannot mix two versions."""

    __slots__ = ("_base", "_fd", "_index")

    def __init__(self, index: dict[str, list[int]], fd: int, base: int) -> None:
        self._index = index
        self._fd = fd
        self._base = base

    def __del__(self, _close: Callable[[int], None] = os.close) -> None:
        # os.close is bound here: at interpreter exit the module's globals may already be gone.
        try:  # noqa: SIM105 - contextlib may be gone at interpreter exit
            _close(self._fd)
        except OSError:
            pass

    def __contains__(self, name: str) -> bool:
        return name in self._index

    def load(self, name: str) -> Any:
        offset, length, crc = self._index[name]
        try:
            chunk = os.pread(self._fd, length, self._base + offset)
        except OSError as exc:
            raise CacheDamaged(name) from exc
        if len(chunk) != length or binascii.crc32(chunk) != crc:
            raise CacheDamaged(name)
        try:
            return json.loads(chunk)
        except ValueError as exc:
            raise CacheDamaged(name) from exc


def read_cached(catalog_path: Path, stamp: Stamp, reparse: Callable[[], Catalog]) -> Catalog | None:
    """The cached catalog if it is there and matches the file on disk; None otherwise.

    Parts are decoded when first used; if one turns out damaged then, `reparse()` supplies the
    part from a fresh parse instead.
    """
    target = cache_file(catalog_path)
    if target is None:
        return None
    try:
        if _untrusted(os.stat(target.parent), f"the cache folder {target.parent}"):
            return None
    except OSError:
        return None  # no cache folder yet
    try:
        # Not blocking on a FIFO, not following a link (to /dev/zero, say): only a regular file.
        fd = os.open(
            target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        )
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or _untrusted(info, f"the cache file {target}"):
                return None
            size = info.st_size
            if handle.readline(len(_MAGIC)) != _MAGIC:
                return None
            recorded = (
                handle.readline(len(_stamp_line(stamp, 0xFFFFFFFF))).rstrip(b"\n").split(b":")
            )
            if [int(part) for part in recorded[:4]] != list(stamp) or len(recorded) != 5:
                return None
            # The bytes too, every time: a clock with whole seconds cannot tell an edit that keeps
            # the size from the original. It costs 0.05 ms on the shipped catalog (7 ms at 10 MB).
            if not _same_bytes(catalog_path, stamp[0], int(recorded[4])):
                return None
            index = json.loads(handle.readline(size))
            base = handle.tell()
            if sum(entry[1] for entry in index.values()) != size - base:
                return None
            parts = _Parts(index, os.dup(handle.fileno()), base)
        meta = parts.load("meta")
        if Path(meta["path"]).resolve() != catalog_path.resolve() or not all(
            name in parts for name in SECTIONS
        ):
            return None
        builder = Builder()
        header = builder.header(meta["header"])
    except Exception:  # corrupt, truncated, unreadable or from another version: parse instead
        return None
    fresh: list[Catalog] = []

    def load_part(name: str) -> Any:
        if name not in parts:
            # The cache stores the caveats of every option a caveat names; any other has none.
            # Anything else not stored is built by the catalog from its records.
            return () if name.startswith("caveats_about.") else None
        try:
            return _decode(builder, name, parts.load(name))
        except (CacheDamaged, LookupError, TypeError, ValueError):
            if not fresh:
                fresh.append(reparse())
            return _part_of(fresh[0], name)

    return Catalog(**header, path=str(catalog_path), parts=load_part)


def _decode(builder: Builder, name: str, value: Any) -> Any:
    """A stored part as the catalog uses it: records for a section, tables for the rest."""
    if name in SECTIONS:
        return builder.section(name, value)
    if name == "relations":
        return Relations(*value)
    kind, _, _ = name.partition(".")
    if kind == "names":
        return NameTable.from_rows(value)
    if kind == "caveats_about":
        return tuple((index, builder.caveat(raw)) for index, raw in value)
    if kind == "stage_view":
        return StageView(
            options=tuple((index, builder.option(raw)) for index, raw in value["options"]),
            labels={key: (label[0], label[1]) for key, label in value["labels"].items()},
            caveats=tuple((index, builder.caveat(raw)) for index, raw in value["caveats"]),
        )
    raise LookupError(name)


def _part_of(catalog: Catalog, name: str) -> Any:
    """The same part, taken from a freshly parsed catalog."""
    if name in SECTIONS:
        return getattr(catalog, name)
    if name == "relations":
        return relations(catalog)
    kind, _, key = name.partition(".")
    if kind == "names":
        return names_of(catalog, key)
    if kind == "caveats_about":
        return caveats_by_ref(catalog).get(key, ())
    return stage_view(catalog, key)


def _stored_parts(catalog: Catalog, data: dict[str, Any]) -> dict[str, Any]:
    """Every part the cache stores, as plain JSON data. `data` is the checked data the catalog
    was built from: sections and stage views are stored as that, and rebuilt with the builder."""
    header = {
        key: data[key]
        for key in ("schema_version", "version", "modified", "review_policy", "trust_tiers")
    }
    parts: dict[str, Any] = {"meta": {"header": header, "path": catalog.path}}
    parts.update((section, data[section]) for section in SECTIONS)
    parts.update((f"names.{kind}", names_of(catalog, kind).rows()) for kind in NAME_KINDS)
    parts["relations"] = list(relations(catalog))
    options, caveats = data["stage_options"], data["caveats"]
    for key, about in caveats_by_ref(catalog).items():
        parts[f"caveats_about.{key}"] = [[index, caveats[index]] for index, _ in about]
    for stage_id, view in stage_views(catalog).items():
        parts[f"stage_view.{stage_id}"] = {
            "options": [[index, options[index]] for index, _ in view.options],
            "labels": view.labels,
            "caveats": [[index, caveats[index]] for index, _ in view.caveats],
        }
    return parts


def write_cached(
    catalog_path: Path, stamp: Stamp, digest: int, catalog: Catalog, data: dict[str, Any]
) -> bool:
    """Store a validated catalog atomically. Returns False (and changes nothing) when it cannot."""
    target = cache_file(catalog_path)
    if target is None:
        return False
    import tempfile

    tmp_name: str | None = None
    try:
        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        blobs = {
            name: encode(value).encode("utf-8")
            for name, value in _stored_parts(catalog, data).items()
        }
        index, offset = {}, 0
        for name, blob in blobs.items():
            index[name] = [offset, len(blob), binascii.crc32(blob)]
            offset += len(blob)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if _untrusted(os.stat(target.parent), f"the cache folder {target.parent}"):
            return False  # and nothing in it is touched, other users' files least of all
        _remove_stale_temporaries(target.parent)
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC)
            handle.write(_stamp_line(stamp, digest))
            handle.write(json.dumps(index, separators=(",", ":")).encode("utf-8") + b"\n")
            for blob in blobs.values():
                handle.write(blob)
        os.replace(tmp_name, target)
        tmp_name = None
        return True
    except Exception:  # read-only, full or missing directory: answer without a cache
        return False
    finally:  # also on Ctrl-C or SIGTERM's exception: never leave a partial file behind
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


STALE_SECONDS = 3600
"""A temporary cache file older than this was left by a process that was killed while writing."""


def _remove_stale_temporaries(directory: Path) -> None:
    """Remove this user's temporary cache files left by a killed process, in a trusted folder."""
    import time

    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    limit = time.time() - STALE_SECONDS
    for entry in entries:
        if entry.name.startswith(".tmp-") and entry.is_file(follow_symlinks=False):
            try:
                info = entry.stat(follow_symlinks=False)
                mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
                if mine and info.st_mtime < limit:
                    os.unlink(entry.path)
            except OSError:
                pass
