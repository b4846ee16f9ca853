"""The output options every lookup command shares (--format, -o/--output, --force), defined
once, and the one place that writes a file: atomically, never over a file without --force.

A file is written to a temporary file in its own folder and renamed into place, so a reader
never sees half a file and a failure (a full disk, Ctrl-C) leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # pragma: no cover
    from ..catalog.model import Catalog


class Format(str, Enum):
    """What an answer is printed or written as."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"
    HTML = "html"


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        metavar="FORMAT",
        help="table (default), json (as --json), markdown, csv or html.",
        show_default=False,
        case_sensitive=False,
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        help="Write the answer to this file (atomically) instead of standard output.",
        show_default=False,
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Replace the --output file if it already exists.")
]


class CsvCells:
    """Whether CSV cells that begin like a spreadsheet formula are defused (the default), or
    written raw (`--raw-csv`, set once by the root command)."""

    defuse = True


class OutputError(Exception):
    """The answer cannot go where it was asked to go (exit 4), or was asked wrongly (exit 2)."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


class Answer:
    """Where and how one command's answer goes: its format, and a file or standard output."""

    __slots__ = ("conflict", "force", "format", "path")

    def __init__(self, fmt: Format = Format.TABLE, path: str | None = None, force: bool = False):
        self.format = fmt
        self.path = None if path == "-" else path  # `-o -` is standard output, as elsewhere
        self.force = force
        self.conflict: Format | None = None

    @property
    def json(self) -> bool:
        """True when an error document should be printed as JSON too."""
        return self.format is Format.JSON and self.path is None

    @property
    def document(self) -> bool:
        """True for the formats that carry a whole document even when it lists nothing."""
        return self.format is not Format.TABLE

    def check(self) -> None:
        """Refuse early, before any work, what cannot be done (see check_target)."""
        if self.conflict is not None:
            raise OutputError(
                f"--json and --format {self.conflict.value} ask for two formats; give one", True
            )
        if self.path is not None:
            check_target(self.path, self.force)
        elif self.force:
            raise OutputError("--force only applies with --output PATH", True)


def answer(json_out: bool, fmt: Format | None, path: str | None, force: bool) -> Answer:
    """The answer's settings from the options; `--json` is `--format json`. Nothing is checked
    here: the command's guard calls Answer.check, so a refusal is one line and an exit code."""
    out = Answer(Format.JSON if json_out else (fmt or Format.TABLE), path, force)
    if json_out and fmt not in (None, Format.JSON):
        out.conflict = fmt
    return out


def _shown(path: str | os.PathLike[str]) -> str:
    from ..textsafe import from_os

    return from_os(os.fsdecode(path))


SPECIAL_FOLDERS = ("/dev", "/proc")
"""Where no answer is ever written: devices and process files. `/dev/stdout` and any link to
`/proc/self/fd/1` resolve to whatever standard output is, a regular file when it is redirected,
and renaming over them would replace the link itself."""


def _special_place(path: str | os.PathLike[str]) -> str | None:
    """The first place in /dev or /proc that `path` stands in or leads to through its links (each
    hop checked, not only the end), or None."""
    here = os.path.abspath(os.fspath(path))
    for _hop in range(40):  # the kernel's own limit on a chain of links
        folder = os.path.realpath(os.path.dirname(here))
        for place in (here, os.path.join(folder, os.path.basename(here))):
            if any(place == f or place.startswith(f + os.sep) for f in SPECIAL_FOLDERS):
                return place
        if not os.path.islink(here):
            return None
        try:
            here = os.path.join(folder, os.readlink(here))
        except OSError:
            return None
        here = os.path.abspath(here)
    return here


def check_target(path: str | os.PathLike[str], force: bool) -> None:
    """Refuse early, before any work: a place in /dev or /proc, something that is not a regular
    file, an existing file without --force, or a missing folder."""
    target = Path(path)
    if str(path) == "":
        raise OutputError("the --output path is empty; give a file name to write to", True)
    special = _special_place(path)
    if special is not None:
        leads = " is" if special == os.path.abspath(path) else f" leads to {_shown(special)!r},"
        raise OutputError(
            f"{_shown(path)!r}{leads} a device or process file (in /dev or /proc); livertx "
            "writes only regular files (use a file name, or leave -o out for standard output)",
            True,
        )
    if target.is_dir():
        raise OutputError(f"{_shown(path)!r} is a folder; give a file name to write to", True)
    if target.exists() and not target.is_file():
        # a device, a pipe or a socket: renaming a file over it would destroy it (/dev/full)
        raise OutputError(
            f"{_shown(path)!r} is not a regular file; livertx writes and replaces only files",
            True,
        )
    if (target.exists() or target.is_symlink()) and not force:
        raise OutputError(
            f"{_shown(path)!r} already exists; add --force to replace it, or choose another name",
            True,
        )
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"the folder of {_shown(path)!r} does not exist")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _cannot(path: str | os.PathLike[str], exc: OSError) -> OutputError:
    return OutputError(f"{_shown(path)!r} could not be written ({exc.strerror or exc})")


def write_file(path: str | os.PathLike[str], fill: Callable[[Path], None], force: bool) -> None:
    """Make the file at a temporary path in the target's folder with `fill`, then rename it into
    place. Nothing is left behind when `fill` or the rename fails, or on Ctrl-C (any exception:
    the old file stays as it was until the one rename that replaces it). A file replaced with
    --force keeps its mode; a link to a file is followed, so the file changes, not the link."""
    import tempfile

    check_target(path, force)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    try:
        mode = target.stat().st_mode & 0o777 if force and target.exists() else None
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _cannot(path, exc) from None
    os.close(fd)
    try:
        fill(Path(temp))
        os.chmod(temp, 0o666 & ~_umask() if mode is None else mode)  # not mkstemp's 0600
        if force:
            os.replace(temp, target)
        else:
            _place_new(temp, target, path)
    except OSError as exc:
        raise _cannot(path, exc) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _place_new(temp: str, target: Path, path: str | os.PathLike[str]) -> None:
    """Put the finished file in place only if nothing is there yet, even a file that appeared
    while it was being made: a hard link fails when the name exists, where a rename replaces."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise OutputError(
            f"{_shown(path)!r} already exists; add --force to replace it", True
        ) from None
    except OSError:  # a filesystem without hard links: check, then rename
        if target.exists():
            raise OutputError(
                f"{_shown(path)!r} already exists; add --force to replace it", True
            ) from None
        os.replace(temp, target)


def write_text(path: str | os.PathLike[str], text: str, force: bool) -> None:
    """Write text as UTF-8, atomically (see write_file)."""

    def fill(temp: Path) -> None:
        with open(temp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())

    write_file(path, fill, force)


def _made_by_export(folder: Path) -> bool:
    """A folder an earlier `export csv` wrote: README.txt and CSV files only, nothing else."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return False
    return all(
        e.is_file() and not e.is_symlink() and (e.name == "README.txt" or e.suffix == ".csv")
        for e in entries
    )


def write_folder(path: str | os.PathLike[str], fill: Callable[[Path], None], force: bool) -> None:
    """Make a folder of files in a temporary folder beside the target, then rename it into place;
    with --force an existing folder is replaced only once the new one is complete."""
    import shutil
    import tempfile

    target = Path(path)
    special = _special_place(path)
    if special is not None or target.is_symlink():
        raise OutputError(
            f"{_shown(path)!r} is a link or a device folder; give a new folder name", True
        )
    if target.exists() and not target.is_dir():
        raise OutputError(f"{_shown(path)!r} exists and is not a folder", True)
    if target.exists() and not force:
        raise OutputError(
            f"{_shown(path)!r} already exists; add --force to replace it, or choose another name",
            True,
        )
    if target.exists() and not _made_by_export(target):
        # --force never deletes a folder of other files (`export csv ~ --force`)
        raise OutputError(
            f"{_shown(path)!r} holds files that livertx did not write; choose a new folder name",
            True,
        )
    if not target.parent.is_dir():
        raise OutputError(f"the folder of {_shown(path)!r} does not exist")
    old_mode = target.stat().st_mode & 0o777 if target.exists() else None
    try:
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise _cannot(path, exc) from None
    old: Path | None = None  # where the replaced folder waits until the new one is in place
    placed = False
    try:
        fill(temp)
        os.chmod(temp, 0o777 & ~_umask() if old_mode is None else old_mode)
        if target.exists():
            # a rename over an empty folder replaces it (POSIX), so the name is never free
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            os.replace(target, old)
        os.replace(temp, target)
        placed = True
    except BaseException as exc:  # Ctrl-C between the two renames too: the old folder comes back
        with contextlib.suppress(OSError):
            if old is not None and not target.exists():
                os.replace(old, target)
            elif old is not None:
                os.rmdir(old)  # still the empty placeholder (rmdir never removes files)
        if isinstance(exc, OSError):
            raise _cannot(path, exc) from None
        raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)
        if placed and old is not None:  # only once the new folder is in place
            shutil.rmtree(old, ignore_errors=True)


class ReviewFormat(str, Enum):
    """The output kinds of `livertx review --format`."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"


class DiffFormat(str, Enum):
    """The output kinds of `livertx diff --format`."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


class ExportFormat(str, Enum):
    """What `livertx export` writes the whole catalog as."""

    SQLITE = "sqlite"
    JSON = "json"
    CSV = "csv"


def export_catalog(catalog: Catalog, fmt: ExportFormat, path: str, force: bool) -> dict[str, int]:
    """Write the whole catalog to `path` (a file, or a folder for csv), atomically; return the
    number of rows in each table."""
    from .. import NOTICE
    from ..render.catalog_tables import catalog_document, catalog_tables

    counts: dict[str, int] = {}
    if path == "-" and fmt is not ExportFormat.JSON:  # as `-o -`: standard output, for JSON only
        raise OutputError(f"{fmt.value} is written to a file or folder; give its path", True)
    if fmt is ExportFormat.SQLITE:
        import sqlite3

        from ..render.sqlite_db import write_sqlite

        def fill_db(temp: Path) -> None:
            try:
                counts.update(write_sqlite(catalog, temp))
            except sqlite3.OperationalError as exc:  # a full disk: SQLite's own error, not OSError
                raise OSError(str(exc)) from None

        write_file(path, fill_db, force)
        return counts
    tables = catalog_tables(catalog)
    counts = {t.name: len(t.rows) for t in tables}
    if fmt is ExportFormat.JSON:
        from ..render.json_docs import dumps

        text = dumps(catalog_document(catalog, tables, NOTICE)) + "\n"
        if path == "-":
            if force:
                raise OutputError("--force only applies to a file", True)
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            write_text(path, text, force)
        return counts
    import csv

    from ..render.csv_out import spreadsheet_safe

    def fill_folder(folder: Path) -> None:
        (folder / "README.txt").write_text(
            f"{NOTICE}\nThe livertx catalog, version {catalog.version}: one CSV file per table.\n",
            encoding="utf-8",
        )
        for table in tables:
            with open(folder / f"{table.name}.csv", "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f, lineterminator="\r\n")
                writer.writerow(c.name for c in table.columns)
                if CsvCells.defuse:
                    writer.writerows(map(spreadsheet_safe, row) for row in table.rows)
                else:
                    writer.writerows(table.rows)

    write_folder(path, fill_folder, force)
    return counts
