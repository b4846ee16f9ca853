"""What changed between two versions of a catalog: records added, removed and changed, field by field.

Both versions are read and checked like any catalog (livertx.catalog.load.catalog_data); an old
version can come from git as `REV:PATH`. Status, provenance and review-date changes come first,
because those are the ones a reader of the catalog must not miss.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .model import SECTIONS

KEY_FIELDS = (
    "status",
    "statuses",
    "provenance",
    "reviewed",
    "fingerprints",
    "last_reviewed",
    "published",
)
"""Fields whose changes are listed first, in this order."""

RECORD_LISTS = ("trust_tiers", *SECTIONS)
"""The catalog's lists of records with ids, compared record by record."""


class RevisionError(Exception):
    """A `REV:PATH` that git cannot show (no git, not a repository, no such revision or file)."""


class FieldChange(NamedTuple):
    """One field of one record: its old and new value (None where it is absent)."""

    field: str
    old: Any
    new: Any

    @property
    def key(self) -> bool:
        """True for a status, provenance or review-date change."""
        return self.field in KEY_FIELDS


class RecordChange(NamedTuple):
    """A record added, removed or changed; `fields` lists what changed (every field for an
    added or removed record)."""

    section: str
    id: str
    change: str  # "added", "removed" or "changed"
    fields: tuple[FieldChange, ...]


class CatalogDiff(NamedTuple):
    """Every change from `old` to `new`, key changes first."""

    old: str
    new: str
    old_version: str
    new_version: str
    changes: tuple[RecordChange, ...]

    @property
    def same(self) -> bool:
        return not self.changes


def _rank(field: str) -> int:
    return KEY_FIELDS.index(field) if field in KEY_FIELDS else len(KEY_FIELDS)


def _fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    names = [*old, *(k for k in new if k not in old)]
    changed = [FieldChange(n, old.get(n), new.get(n)) for n in names if old.get(n) != new.get(n)]
    return tuple(sorted(changed, key=lambda c: _rank(c.field)))  # stable: file order otherwise


def _by_id(records: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {r["id"]: r for r in records}


def diff_data(
    old_name: str, old: Mapping[str, Any], new_name: str, new: Mapping[str, Any]
) -> CatalogDiff:
    """The changes between two catalogs' checked data."""
    header_old = {k: v for k, v in old.items() if k not in RECORD_LISTS}
    header_new = {k: v for k, v in new.items() if k not in RECORD_LISTS}
    changes: list[RecordChange] = []
    header = _fields(header_old, header_new)
    if header:
        changes.append(RecordChange("catalog", "catalog", "changed", header))
    for section in RECORD_LISTS:
        before, after = _by_id(old.get(section, ())), _by_id(new.get(section, ()))
        for ident, record in after.items():
            if ident not in before:
                fields = tuple(FieldChange(k, None, v) for k, v in record.items())
                changes.append(RecordChange(section, ident, "added", fields))
            else:
                fields = _fields(before[ident], record)
                if fields:
                    changes.append(RecordChange(section, ident, "changed", fields))
        for ident, record in before.items():
            if ident not in after:
                fields = tuple(FieldChange(k, v, None) for k, v in record.items())
                changes.append(RecordChange(section, ident, "removed", fields))

    def order(change: RecordChange) -> tuple[int, int]:
        # Changes to status, provenance or review dates first, by the first such field.
        first_key = min((_rank(f.field) for f in change.fields if f.key), default=len(KEY_FIELDS))
        group = 0 if change.change == "changed" and first_key < len(KEY_FIELDS) else 1
        return group, first_key if group == 0 else 0

    changes.sort(key=order)  # stable: catalog order within each group
    return CatalogDiff(
        old_name, new_name, str(old.get("version", "")), str(new.get("version", "")), tuple(changes)
    )


def read_side(spec: str) -> tuple[str, bytes | None, Path]:
    """How to read one side of a diff: (name shown, bytes from git or None, path to check as).
    `REV:PATH` is read with `git show` when it is not an existing file's path."""
    if os.path.exists(spec) or ":" not in spec:
        return spec, None, Path(spec)
    rev, _, inner = spec.partition(":")
    if not rev or not inner:
        return spec, None, Path(spec)
    if rev.startswith("-"):  # never an option to git (`--output=DIR/a:b/../file` writes a file)
        raise RevisionError(
            f"{spec!r} is neither a file nor a git REV:PATH (a revision never starts with '-')"
        )
    git = shutil.which("git")
    if git is None:
        raise RevisionError(f"{spec!r} names a git revision, but git is not installed")
    try:
        proc = subprocess.run(
            [git, "show", "--end-of-options", f"{rev}:{inner}"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise RevisionError(f"git could not show {spec!r} ({exc})") from None
    if proc.returncode != 0:
        reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f" ({reason[0].removeprefix('fatal: ').rstrip('.')})" if reason else ""
        raise RevisionError(f"git cannot show {spec!r}{detail}")
    return spec, proc.stdout, Path(spec)


def diff_catalogs(old_spec: str, new_spec: str) -> CatalogDiff:
    """The changes from one catalog to another, each a file path or a git `REV:PATH`. Raises
    RevisionError for a revision git cannot show and CatalogError for a catalog that is not
    valid."""
    from .load import catalog_data

    sides = []
    for spec in (old_spec, new_spec):
        name, content, path = read_side(spec)
        sides.append((name, catalog_data(path, content)))
    (old_name, old), (new_name, new) = sides
    return diff_data(old_name, old, new_name, new)
