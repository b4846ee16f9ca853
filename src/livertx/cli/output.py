"""How the CLI answers: results to stdout as JSON or a table, messages to stderr, exit codes.

Each expected failure becomes one sentence on stderr and its documented exit code (ExitCode).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from typing import TYPE_CHECKING, Any

import typer

from .. import NOTICE
from ..catalog.errors import CatalogError
from ..catalog.model import Catalog
from ..textsafe import from_os
from .formats import Answer, Format, OutputError, write_text

if TYPE_CHECKING:  # pragma: no cover
    from .. import answers


class ExitCode(IntEnum):
    """What each exit code of the `livertx` command means."""

    FOUND = 0
    NOT_FOUND = 1
    USAGE = 2
    CATALOG = 3
    OUTPUT = 4


def to_stderr(text: str) -> None:
    """Write to stderr, best effort: a full, closed or unread standard error (`2>/dev/full`, a
    pipe nobody reads) never costs the answer on stdout or its exit code. After the first
    failure, what is left of stderr goes nowhere."""
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        stderr_gone()


def stderr_gone() -> None:
    """Send standard error nowhere from now on (what was buffered for it too)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stderr.fileno())  # the buffered text is flushed here, harmlessly
        os.close(devnull)
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process


def say(message: str) -> None:
    """One message to stderr, on one line, with any control characters removed."""
    from ..textsafe import one_line

    to_stderr(one_line(message) + "\n")


def notice() -> None:
    """The educational notice, on stderr, so that it never mixes with the answer."""
    to_stderr(f"Note: {NOTICE}\n")


def print_json(doc: dict[str, Any]) -> None:
    from ..render.json_docs import dumps

    sys.stdout.write(dumps(doc) + "\n")
    sys.stdout.flush()


class Display:
    """How tables are shown, from --color and --no-pager (set once by the root command)."""

    color = "auto"
    pager = True


COLOR_CHOICES = ("auto", "always", "never")


def use_color(terminal: bool) -> bool:
    """--color always|never decides; with auto, NO_COLOR, then FORCE_COLOR, then TERM=dumb,
    then whether stdout is a terminal (clig.dev; no-color.org; force-color.org)."""
    if Display.color != "auto":
        return Display.color == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return terminal and os.environ.get("TERM") != "dumb"


def pager_command() -> list[str] | None:
    """The pager to use at a terminal: LIVERTX_PAGER, then PAGER, then `less -FRX`; None when
    one of them is set to the empty string or to `cat`, and when TERM is unset or dumb."""
    import shlex

    if os.environ.get("TERM", "dumb") == "dumb":  # no terminal type to drive a pager with
        return None
    for name in ("LIVERTX_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            try:
                words = shlex.split(value) if value.strip() else []
            except ValueError:  # an unclosed quote: no such program, so the answer is printed
                words = [value]
            return None if not words or words == ["cat"] else words
    return ["less", "-FRX"]


def _page(text: str, command: list[str]) -> bool:
    """Show text through the pager; False when the pager cannot be started."""
    import subprocess

    # As git does: a `less` named without options still shows colours and quits when the answer
    # fits, unless the person has set LESS (or LV, for lv) themselves.
    env = {"LESS": "FRX", "LV": "-c", **os.environ}
    try:
        pager = subprocess.Popen(
            command, stdin=subprocess.PIPE, encoding="utf-8", errors="replace", env=env
        )
    except OSError:
        return False
    assert pager.stdin is not None
    try:
        pager.stdin.write(text)
        pager.stdin.close()
    except BrokenPipeError:  # the person quit the pager before the end
        pass
    pager.wait()
    return True


def print_text(text: str) -> None:
    """Lines that are already laid out (never wrapped, whatever the width) to stdout."""
    sys.stdout.write(text)
    sys.stdout.flush()


def print_table(view: Any) -> None:
    """A person at a terminal gets the view drawn by Rich, through a pager when it is taller
    than the screen; a pipe or file gets it as plain text, laid out the same way, and never pays
    for importing Rich unless colour is asked for."""
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        terminal = False
    color = use_color(terminal)
    if terminal:
        import shutil

        from ..render.terminal import render_text

        size = shutil.get_terminal_size()
        from ..render.plain import columns

        # A terminal that reports no size (a new pty) is 80 by 24, as Python 3.11 takes it;
        # Python 3.10 passes the zeros on.
        text = render_text(view, columns() or size.columns or 80, color)
        command = pager_command() if Display.pager else None
        # the notice on stderr is above the pager, often off the screen: the paged text has it
        if (
            command is None
            or text.count("\n") < (size.lines or 24)
            or not _page(f"Note: {NOTICE}\n{text}", command)
        ):
            sys.stdout.write(text)
        sys.stdout.flush()
        return
    from ..render.plain import output_width

    if color:
        from ..render.terminal import render_text

        text = render_text(view, output_width(), True)
    else:
        from ..render.plain import render_plain

        text = render_plain(view, output_width())
    if _to_a_file():  # `> handout.txt` makes a file to share: it carries the notice, as -o does
        text = f"Note: {NOTICE}\n{text}"
    sys.stdout.write(text)
    sys.stdout.flush()


def _to_a_file() -> bool:
    """Whether standard output is a regular file (a redirect), not a pipe or a device."""
    import stat

    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (AttributeError, ValueError, OSError):  # no real file descriptor (a test's buffer)
        return False


def show(out: Answer, answer: answers.Answer, by_source: bool = False) -> None:
    """Print a typed answer in the format `out` asks for, or write it to its file. Each format
    is imported only when used; Rich itself only to draw a table on a terminal."""
    if out.format is Format.TABLE and out.path is None:
        from ..render.views import view

        print_table(view(answer, by_source))
        return
    if out.format is Format.JSON and out.path is None:
        from ..render.json_docs import document

        print_json(document(answer))
        return
    text = draw(out.format, answer)
    if out.path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_text(out.path, text, out.force)
        say(f"livertx: wrote {out.format.value} to {from_os(out.path)}")


def draw(fmt: Format, answer: answers.Answer) -> str:
    """A typed answer as the text of one format, for a file or for standard output."""
    if fmt is Format.TABLE:  # a table for a file: plain text, with the notice in it
        from ..render.plain import output_width, render_plain
        from ..render.views import view

        return f"Note: {NOTICE}\n" + render_plain(view(answer), output_width())
    if fmt is Format.JSON:
        from ..render.json_docs import document, dumps

        return dumps(document(answer)) + "\n"
    from ..render.outline import handout

    outline = handout(answer)
    if fmt is Format.MARKDOWN:
        from ..render.markdown import draw_markdown

        return draw_markdown(outline)
    if fmt is Format.CSV:
        from ..render.csv_out import draw_csv
        from .formats import CsvCells

        return draw_csv(answer, outline, CsvCells.defuse)
    from ..render.html_page import draw_html

    return draw_html(outline)


class Done(Exception):
    """Ends a command early with an exit code, after its message was said."""

    def __init__(self, code: ExitCode) -> None:
        self.code = code


class Refused(Exception):
    """Ends a command with one sentence and an exit code (a documents folder that is not one, a
    revision git cannot read): said on stderr, and under --json also as the error document."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.code = code


@contextmanager
def guard(out: bool | Answer) -> Iterator[None]:
    """Turn every expected failure into one sentence on stderr and its documented exit code."""
    from ..query import NotFound, QueryError
    from ..render.json_docs import error_doc

    # with --json, every exit but 0 prints a document: the answer's, or an error document (also
    # when the answer was to go to an -o file)
    as_json = out.format is Format.JSON if isinstance(out, Answer) else out
    code = ExitCode.FOUND
    try:
        if isinstance(out, Answer):
            out.check()
        yield
    except Done as done:
        code = done.code
    except Refused as exc:
        say(f"livertx: {exc}.")
        code = exc.code
        if as_json:
            print_json(error_doc(str(exc), (), code))
    except OutputError as exc:
        say(f"livertx: {exc}.")
        code = ExitCode.USAGE if exc.usage else ExitCode.OUTPUT
        if as_json:
            print_json(error_doc(str(exc), (), code))
    except CatalogError as exc:
        first = exc.first
        more = f" (and {len(exc.findings) - 1} more problem(s))" if len(exc.findings) > 1 else ""
        import shlex

        # the catalog that failed, not the shipped one that a bare `livertx validate` reads
        target = f" {shlex.quote(first.path)}" if first.path else ""
        message = (
            f"the catalog cannot be used: {first}{more}. "
            f"Run `livertx validate{target}` for the full list"
        )
        say(f"livertx: {message}.")
        code = ExitCode.CATALOG
        if as_json:
            print_json(error_doc(message, (), code))
    except QueryError as exc:
        candidates = f" Did you mean: {', '.join(exc.candidates)}?" if exc.candidates else ""
        say(f"livertx: {exc}.{candidates}")
        if as_json:
            print_json(error_doc(str(exc), exc.candidates, ExitCode.USAGE))
        code = ExitCode.USAGE
    except NotFound as exc:
        message = str(exc)
        similar = (
            f" Similar names in the catalog (suggestions, not matches): {', '.join(exc.candidates)}."
            if exc.candidates
            else ""
        )
        say(f"livertx: {message}.{similar}")
        for note in exc.notes:
            say(f"  {note}")
        if as_json:
            print_json(error_doc(message, exc.candidates, ExitCode.NOT_FOUND, exc.notes))
        code = ExitCode.NOT_FOUND
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from complaining at exit.
        silence_stdout()
        code = ExitCode.FOUND
    except OSError as exc:  # a full disk, a closed or failing output
        silence_stdout()
        say(f"livertx: the answer could not be written ({exc.strerror or exc}).")
        code = ExitCode.OUTPUT
    raise typer.Exit(int(code))


class ClosedStdout:
    """Standard output when it was closed (`>&-`): a command that prints its answer fails with
    exit 4, while one that writes a file (`-o FILE`, `export`) does its work. File descriptor 1
    is taken by /dev/null first, so that no file livertx opens can land on it."""

    encoding = "utf-8"

    def __init__(self) -> None:
        with contextlib.suppress(OSError):
            fd = os.open(os.devnull, os.O_WRONLY)
            if fd != 1:
                os.dup2(fd, 1)
                os.close(fd)

    def write(self, _text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise ValueError("standard output is closed")


def silence_stdout() -> None:
    """Send what is left of stdout nowhere, so that the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def load(path: str | None) -> Catalog:
    """The catalog a command asked for (see livertx.catalog.load.load_catalog)."""
    from ..catalog.load import load_catalog

    return load_catalog(path)
