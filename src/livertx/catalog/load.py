"""Load a catalog: find the file, read it, check it, build it, and keep it in the cache.

The one path a catalog takes: the file's text (read_catalog_text), PyYAML's events with line
numbers (livertx.catalog.yaml_reader), the field rules (livertx.catalog.schema), records
(livertx.catalog.build), then the rules that span records (livertx.catalog.rules). A catalog
that passes is stored in the cache (livertx.catalog.store), and later calls answer from it while
the file is unchanged.
"""

from __future__ import annotations

import binascii
import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any, NamedTuple

from .errors import MAX_CATALOG_BYTES, CatalogError, Finding
from .model import SECTIONS, Catalog

ENV_CATALOG = "LIVERTX_CATALOG"


def default_catalog_path() -> Path:
    """The catalog shipped with livertx: inside the installed package, else the checkout's data/."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data" / "treatments.yaml"
    if packaged.is_file():
        return packaged
    return package.parents[1] / "data" / "treatments.yaml"


def resolve_catalog_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The catalog to use: an explicit path, else $LIVERTX_CATALOG, else the shipped one."""
    if path is not None and str(path) != "":
        return Path(path)
    env = os.environ.get(ENV_CATALOG)
    if env:
        return Path(env)
    return default_catalog_path()


def _no_such_file(name: str) -> str:
    """What to check when a catalog file is missing: LIVERTX_CATALOG when it names that file."""
    if os.environ.get(ENV_CATALOG) == name:
        return f"no such file; check {ENV_CATALOG}, which names it, or unset it"
    return "no such file; check the path"


def read_catalog_text(path: Path) -> str:
    """Read the file with the size, encoding and type checks (LTX001, LTX002, LTX006)."""
    name = str(path)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise CatalogError(
                [
                    Finding(
                        "LTX001",
                        "is a directory, not a catalog file; pass the YAML file inside it",
                        name,
                    )
                ]
            )
        if stat.S_ISBLK(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode):
            kind = "a socket" if stat.S_ISSOCK(mode) else "a device"
            raise CatalogError([Finding("LTX001", f"is {kind}, not a catalog file", name)])
        if stat.S_ISFIFO(mode):
            raw = _read_fifo(path)
            return _decode_catalog_bytes(raw, name)
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            raise CatalogError(
                [
                    Finding(
                        "LTX006",
                        f"is {size:,} bytes; catalogs are limited to {MAX_CATALOG_BYTES:,} bytes",
                        name,
                    )
                ]
            )
        with path.open("rb") as handle:
            # To the end, whatever stat said: a pipe (`<(cat catalog.yaml)`, /dev/stdin) reports
            # no size. One byte past the cap tells a catalog that is too large.
            chunks, total = [], 0
            while total <= MAX_CATALOG_BYTES and (chunk := handle.read(1 << 20)):
                chunks.append(chunk)
                total += len(chunk)
            raw = b"".join(chunks)
    except FileNotFoundError:
        raise CatalogError([Finding("LTX001", _no_such_file(name), name)]) from None
    except PermissionError:
        raise CatalogError(
            [Finding("LTX001", "cannot be read (permission denied)", name)]
        ) from None
    except OSError as exc:
        raise CatalogError(
            [Finding("LTX001", f"cannot be read ({exc.strerror or exc})", name)]
        ) from None
    return _decode_catalog_bytes(raw, name)


FIFO_WAIT_SECONDS = 10.0
"""How long a named pipe may give no data (before its first byte, or between two) before
livertx gives up on it."""


def _read_fifo(path: Path) -> bytes:
    """A named pipe or a process substitution, to its end. It is opened without blocking, so that
    a pipe no program ever writes to ends in LTX001 after FIFO_WAIT_SECONDS instead of a hang."""
    import select
    import time

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        deadline = time.monotonic() + FIFO_WAIT_SECONDS
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_CATALOG_BYTES:
            try:
                chunk: bytes | None = os.read(fd, 1 << 20)
            except BlockingIOError:  # a writer is there but has nothing for us yet
                chunk = None
            if chunk:
                chunks.append(chunk)
                total += len(chunk)
                deadline = time.monotonic() + FIFO_WAIT_SECONDS
                continue
            if chunk == b"" and chunks:
                break  # the writer closed its end
            if time.monotonic() > deadline:
                stalled = "stopped giving data" if chunks else "gave no data"
                raise CatalogError(
                    [
                        Finding(
                            "LTX001",
                            f"is a named pipe that {stalled} for {FIFO_WAIT_SECONDS:g} seconds",
                            str(path),
                        )
                    ]
                )
            if chunk is None:
                select.select([fd], [], [], 0.5)
            else:
                time.sleep(0.05)  # no writer yet: a read end with no writer reports its end at once
        return b"".join(chunks)
    finally:
        os.close(fd)


def _decode_catalog_bytes(raw: bytes, name: str) -> str:
    """The catalog's text, with the size and encoding checks (LTX002, LTX006, LTX007)."""
    if len(raw) > MAX_CATALOG_BYTES:
        raise CatalogError([Finding("LTX006", f"is larger than {MAX_CATALOG_BYTES:,} bytes", name)])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise CatalogError(
            [
                Finding(
                    "LTX002", "starts with a byte-order mark; save it as UTF-8 without BOM", name, 1
                )
            ]
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise CatalogError(
            [Finding("LTX002", "contains a NUL byte; it is not a text file", name, line)]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogError(
            [Finding("LTX002", f"is not valid UTF-8 (bad byte at offset {exc.start})", name, line)]
        ) from None
    if not text.strip():
        raise CatalogError(
            [
                Finding(
                    "LTX007",
                    "is empty; a catalog needs schema_version, sources, stages and the rest",
                    name,
                    1,
                )
            ]
        )
    return text


def check_catalog(
    path: str | os.PathLike[str] | None = None,
    *,
    as_of: dt.date | None = None,
    strict: bool = False,
    documents: str | os.PathLike[str] | None = None,
) -> tuple[Catalog | None, list[Finding]]:
    """Run every rule on a catalog file and return it (None when it cannot be built) with every
    finding, hidden characters (LTX016) among them. Review status (LTX033) is checked only when
    `as_of` is given; provenance against the source documents (LTX040) only when `documents`
    names their folder, which raises DocumentsFolderError when it is missing or empty and
    DocumentError for a document that is not text (see livertx.catalog.documents)."""
    folder = None
    if documents is not None:
        from .documents import documents_folder

        folder = documents_folder(documents)
    read = _read(resolve_catalog_path(path), as_of, strict, folder, warnings=True)
    return read.catalog, read.findings


class Validation(NamedTuple):
    """What `livertx validate` reports of one catalog file, in every format."""

    path: str
    """The file checked, as it is shown."""
    findings: list[Finding]
    counts: dict[str, int]
    """How many records of each kind it holds; empty when it cannot be built."""
    valid: bool
    """It could be built and no finding is an error."""


def validate_catalog(
    path: str | os.PathLike[str] | None = None,
    *,
    as_of: dt.date | None = None,
    strict: bool = False,
    documents: str | os.PathLike[str] | None = None,
) -> Validation:
    """check_catalog, with what a report of it says: valid or not, and the records counted.
    Raises as check_catalog does."""
    catalog, findings = check_catalog(path, as_of=as_of, strict=strict, documents=documents)
    counts: dict[str, int] = {}
    if catalog is not None:
        counts = {
            "sources": len(catalog.sources),
            "stages": len(catalog.stages),
            "modalities": len(catalog.modalities),
            "drugs": len(catalog.drugs),
            "regimens": len(catalog.regimens),
            "stage options": len(catalog.stage_options),
            "caveats": len(catalog.caveats),
        }
    valid = catalog is not None and not any(f.severity == "error" for f in findings)
    return Validation(str(resolve_catalog_path(path)), findings, counts, valid)


class _Read(NamedTuple):
    catalog: Catalog | None  # None when the catalog cannot be built
    data: Any  # the checked plain data it was built from
    digest: int  # CRC-32 of the bytes read: what the cache checks an edit against
    findings: list[Finding]


def catalog_data(path: str | os.PathLike[str], content: bytes | None = None) -> dict[str, Any]:
    """The checked plain data of a valid catalog: of the file at `path`, or of `content` (the
    bytes of a file shown as `path`, such as an old revision). Raises CatalogError with every
    error when it is not valid."""
    resolved = Path(path)
    text = None if content is None else _decode_catalog_bytes(content, str(resolved))
    read = _read(resolved, text=text)
    errors = [f for f in read.findings if f.severity == "error"]
    if errors or read.data is None:
        raise CatalogError(errors or [Finding("LTX007", "could not be loaded", str(resolved))])
    return dict(read.data)


def _read(
    resolved: Path,
    as_of: dt.date | None = None,
    strict: bool = False,
    documents: Path | None = None,
    text: str | None = None,
    warnings: bool = False,
) -> _Read:
    """Read (unless its `text` is given), check and build a catalog file once, keeping every
    finding. Hidden characters (LTX016) and formula-like text (LTX017) are looked for only with
    `warnings` (by `validate`): outside `--strict` they are warnings, which loading a catalog does not need."""
    from . import rules
    from .build import Builder
    from .schema import check_catalog_shape
    from .yaml_reader import YamlReadError, read_yaml

    name = str(resolved)
    read_findings: list[Finding] = []
    try:
        if text is None:
            text = read_catalog_text(resolved)
        raw = read_yaml(text, name, read_findings)
    except CatalogError as exc:
        return _Read(None, None, 0, list(exc.findings))
    except YamlReadError as exc:
        return _Read(None, None, 0, [exc.finding])
    digest = binascii.crc32(text.encode("utf-8"))
    shape = check_catalog_shape(raw, name)
    findings = read_findings + shape.findings
    if warnings:
        findings = findings + rules.text_warnings(raw, name, strict)
    if documents is not None:
        from .documents import check_documents
        from .fingerprints import drift_findings

        cited, read_documents = check_documents(raw, name, documents)
        findings = findings + cited + drift_findings(raw, name, read_documents, strict)
    if shape.usable is None:
        return _Read(None, None, digest, _in_file_order(findings))
    builder = Builder()
    sections = {section: builder.section(section, shape.usable[section]) for section in SECTIONS}
    catalog = Catalog(**builder.header(shape.usable), path=name, parts=sections.get)
    findings += rules.check_rules(catalog, raw, name, as_of, strict, shape.unchecked)
    findings = _in_file_order(findings)
    if shape.data is None or any(f.code == "LTX020" for f in findings):
        return _Read(None, None, digest, findings)
    return _Read(catalog, shape.data, digest, findings)


def _in_file_order(findings: list[Finding]) -> list[Finding]:
    """Findings about the whole file first, then by line and column (a stable sort)."""
    return sorted(findings, key=lambda f: f.sort_key)


_MEMO: dict[str, tuple[object, Catalog]] = {}


def load_catalog(path: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> Catalog:
    """Load and validate a catalog. Raises CatalogError listing every error (warnings do not count).

    A catalog already validated is taken from this process's memory or from the on-disk cache
    (see livertx.catalog.store) while the file is unchanged; `use_cache=False` always parses.
    """
    from . import store

    resolved = resolve_catalog_path(path)
    stamp = store.file_stamp(resolved) if use_cache else None
    if stamp is not None:
        key = str(resolved.resolve())
        remembered = _MEMO.get(key)
        if remembered is not None and remembered[0] == stamp:
            return remembered[1]
        cached = store.read_cached(resolved, stamp, lambda: _parse(resolved)[0])
        if cached is not None:
            _MEMO[key] = (stamp, cached)
            return cached
    catalog, data, digest = _parse(resolved)
    if stamp is not None:
        store.write_cached(resolved, stamp, digest, catalog, data)
        _MEMO[str(resolved.resolve())] = (stamp, catalog)
    return catalog


def _parse(resolved: Path) -> tuple[Catalog, Any, int]:
    """A valid catalog, the checked data and digest it was read from, or CatalogError with every
    error."""
    read = _read(resolved)
    errors = [f for f in read.findings if f.severity == "error"]
    if errors or read.catalog is None:
        raise CatalogError(errors or [Finding("LTX007", "could not be loaded", str(resolved))])
    return read.catalog, read.data, read.digest
