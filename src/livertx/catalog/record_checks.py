"""Recording a curator's check in a catalog file: `livertx fingerprint`, over
livertx.catalog.fingerprints.record_fingerprints, with the catalog checked before and after and
the file replaced atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from .fingerprints import FingerprintError, Written, record_fingerprints


class Recording(NamedTuple):
    """What `livertx fingerprint` recorded in a catalog file, or would record on a dry run."""

    path: Path
    written: list[Written]
    checked: dt.date
    """The day recorded (today when nothing was)."""
    wrote: bool
    """False on a dry run: the file is as it was."""

    @property
    def summary(self) -> str:
        """The one sentence that says what was recorded, where, and as checked on which day."""
        changed = sum(1 for w in self.written if w.changed)
        verb = "recorded" if self.wrote else "would record"
        return (
            f"{verb} {len(self.written)} fingerprint(s) ({changed} with new text) in "
            f"{self.path}, checked {self.checked}."
        )


def check_selection(folder: str, sources: Sequence[str], every: bool) -> None:
    """Raise FingerprintError unless a folder is given and what was checked is named: some
    sources, or `every` one (the CLI asks before it reads the other arguments)."""
    if not folder:
        raise FingerprintError(
            "--documents DIR is required: the folder of the documents you checked"
        )
    if every == bool(sources):
        raise FingerprintError(
            "name what you checked: --source ID (with --section HEADING for some of its "
            "sections), or --all for every cited section"
        )


def fingerprint_catalog(
    path: str | None,
    folder: str,
    sources: Sequence[str],
    sections: Sequence[str],
    checked: dt.date,
    today: dt.date,
    *,
    every: bool = False,
    write: bool = True,
) -> Recording:
    """Record that a curator checked the named sections (every cited section of `sources`, or
    of every source with `every`) against the documents in `folder` on `checked`, and write the
    fingerprints into the catalog file (unless `write` is False). The catalog must be valid
    before and after. Raises FingerprintError for a selection that cannot be honoured (no
    folder, neither or both of `sources` and `every`: see check_selection), DocumentsFolderError, DocumentError, or
    CatalogError for a catalog with errors."""
    from .documents import documents_folder
    from .errors import CatalogError
    from .load import check_catalog, read_catalog_text, resolve_catalog_path
    from .yaml_reader import read_yaml

    check_selection(folder, sources, every)
    if checked > today:
        raise FingerprintError(
            f"--checked {checked} is after today ({today}); record a check once it has been made"
        )
    resolved = resolve_catalog_path(path)
    directory = documents_folder(folder)
    _, findings = check_catalog(resolved)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise CatalogError(errors)
    text = read_catalog_text(resolved)
    raw = read_yaml(text, str(resolved), [])
    new_text, written = record_fingerprints(text, raw, directory, sources, sections, checked)
    if new_text != text:
        from .load import catalog_data

        catalog_data(resolved, new_text.encode("utf-8"))  # still valid, or CatalogError
        if write:
            _replace_file(resolved, new_text)
    return Recording(resolved, written, written[0].checked if written else today, write)


def _replace_file(path: Path, text: str) -> None:
    """Write the catalog's new text to a temporary file beside it, then rename it into place,
    so that a reader never sees half a catalog; the file keeps its permissions."""
    import os
    import tempfile

    mode = path.stat().st_mode & 0o7777
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
