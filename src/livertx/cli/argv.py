"""The command line before Typer reads it, and a usage error's one line after; every scanner
reads the one option table, OPTIONS."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Collection

from .output import ExitCode, load, notice, print_json, say


class Takes:
    """What the scanners need to know of one option (a plain class: a NamedTuple would cost a
    third of a millisecond at every start)."""

    __slots__ = ("anywhere", "path", "root", "value")

    def __init__(
        self, value: bool = True, path: bool = False, root: bool = False, anywhere: bool = False
    ) -> None:
        self.value = value
        """It takes a value (the next word, or after `=`), never to be read as a positional
        argument."""
        self.path = path
        """Its value is a file or folder path: passed on byte for byte (see clean_args)."""
        self.root = root
        """The root command reads it, so it may stand before the command's name."""
        self.anywhere = anywhere
        """A display option a person may write anywhere on the line (as with git's): moved to
        the front, where the root command reads it."""


OPTIONS = {
    "--as-of": Takes(root=True),
    "--catalog": Takes(path=True, root=True),
    "--checked": Takes(),
    "--color": Takes(root=True, anywhere=True),
    "--documents": Takes(path=True),
    "--format": Takes(),
    "--kind": Takes(),
    "--limit": Takes(),
    "-n": Takes(),
    "--min-trust": Takes(),
    "--no-pager": Takes(value=False, root=True, anywhere=True),
    "--output": Takes(path=True),
    "-o": Takes(path=True),
    "--previous": Takes(path=True),
    "--raw-csv": Takes(value=False, root=True, anywhere=True),
    "--section": Takes(),
    "--source": Takes(),
    "--status": Takes(),
}
"""Every option that takes a value (a test keeps these equal to the commands' own, so that a value
is never taken for a positional argument: `validate --format text PATH`), and the flags that may
stand anywhere."""

PATH_OPTIONS = frozenset(name for name, takes in OPTIONS.items() if takes.path)
VALUE_OPTIONS = frozenset(name for name, takes in OPTIONS.items() if takes.value)

PATH_ARGUMENTS = {"validate": (0,), "fingerprint": (0,), "export": (1,), "diff": (0, 1)}
"""Each command's positional arguments that are paths, by position (export's is after FORMAT)."""


def utf8_streams() -> None:
    """Never crash on an odd locale or an odd byte: write UTF-8 (a character that cannot be
    written, such as a lone surrogate from an undecodable path, becomes U+FFFD), and read stdin
    replacing undecodable bytes. A closed stderr becomes a sink, so that the answer still comes."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]


def command_line(argv: list[str]) -> list[str]:
    """The arguments as Typer is given them: cleaned (see clean_args), display options first."""
    return display_first(clean_args(argv))


def display_first(args: list[str]) -> list[str]:
    """`livertx stage advanced --color always` as `livertx --color always stage advanced`."""
    front: list[str] = []
    rest: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--":
            rest += [word, *words]
            break
        takes = OPTIONS.get(word.partition("=")[0])
        if takes is not None and takes.anywhere:
            front.append(word)
            if takes.value and "=" not in word:
                value = next(words, None)
                if value is not None:
                    front.append(value)
        else:
            rest.append(word)
    return front + rest


def clean_args(argv: list[str]) -> list[str]:
    """Arguments with control characters removed and undecodable bytes made visible, so that
    nothing a user types can reach the terminal through an error message; except file and folder
    paths (the values of PATH_OPTIONS in every form, `-o X`, `-oX`, `--output=X`, and the
    PATH_ARGUMENTS), which are used byte for byte and cleaned only where they are shown."""
    from ..textsafe import from_os

    out: list[str] = []
    command: str | None = None
    position = 0  # of the next positional argument after the command
    words = iter(argv)
    options_ended = False
    for arg in words:
        if not options_ended and arg == "--":
            out.append(arg)
            options_ended = True
        elif not options_ended and arg.startswith("-") and arg != "-":
            name, attached, _ = arg.partition("=")
            short_path = arg.startswith("-o") and not arg.startswith("--")  # -oPATH
            if name in PATH_OPTIONS or short_path:
                out.append(arg)
                if not attached and not (short_path and len(arg) > 2):
                    out.extend(word for word in [next(words, None)] if word is not None)
            else:
                out.append(from_os(arg))
                if name in VALUE_OPTIONS and not attached:
                    out.extend(from_os(word) for word in [next(words, None)] if word is not None)
        elif command is None:
            command = from_os(arg)
            out.append(command)
        else:
            out.append(arg if position in PATH_ARGUMENTS.get(command, ()) else from_os(arg))
            position += 1
    return out


def wants_json(args: list[str]) -> bool:
    """`--json` or `--format json` (also `--format=json`) is among the arguments."""
    from itertools import pairwise

    return (
        "--json" in args
        or "--format=json" in args
        or any(a == "--format" and b.lower() == "json" for a, b in pairwise(args))
    )


def point_to_command(args: list[str], commands: Collection[str]) -> None:
    """`livertx tace`: a name where a command should be. When the catalog knows the name, say
    which command looks it up (exit 2); anything else is left to Typer's own message."""
    catalog_path: str | None = None
    words = iter(args)
    for word in words:
        name, attached, value = word.partition("=")
        takes = OPTIONS.get(name)
        if takes is not None and takes.root and takes.value:  # skip the value: it is no command
            if not attached:
                value = next(words, None) or ""
            catalog_path = value if name == "--catalog" else catalog_path
        elif word.startswith("-") or word in commands:
            return
        else:
            break
    else:
        return
    from ..catalog.errors import CatalogError
    from ..query import known_as

    try:
        found = known_as(load(catalog_path), word)
    except CatalogError:
        return
    if found is not None:
        message = f"{word!r} is not a command; {found.claim}: try `{found.command}`"
        notice()
        say(f"livertx: {message}.")
        if wants_json(args):
            from ..render.json_docs import error_doc

            print_json(error_doc(message, [found.match.record_id], ExitCode.USAGE))
        raise SystemExit(ExitCode.USAGE)


def usage_error(args: list[str], exc: Exception) -> int:
    """Say what was wrong with the command line, as Click found it (a bad option or value), on
    one line with where to look for help; under --json, also the error document every other
    exit 1 or 2 prints. Returns the exit code."""
    from ..textsafe import one_line

    if not suggest_for_extra_words(args, exc):
        usage_line(exc)
    if wants_json(args):
        from ..render.json_docs import error_doc

        print_json(error_doc(one_line(exc.format_message()), (), exc.exit_code))  # type: ignore[attr-defined]
    code: int = exc.exit_code  # type: ignore[attr-defined]
    return code


def usage_line(exc: Exception) -> None:
    """One line for a usage error: "livertx stage: Invalid value for '--format': ... (see
    `livertx stage -h`)". `livertx` alone still prints the help, as Click shows it."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":
        exc.show()  # type: ignore[attr-defined]
        return
    # an option given no value is found before any command has a context: "livertx: Option
    # '--source' requires an argument", as every other usage error, not Click's "Error: ..."
    where = (ctx.command_path if ctx is not None else "") or "livertx"
    message = exc.format_message().rstrip(".")  # type: ignore[attr-defined]
    say(f"{where}: {message} (see `{where} -h`)")


def suggest_for_extra_words(args: list[str], exc: Exception) -> bool:
    """`livertx explain radiofrequency ablation`: a name of several words needs quotes, and
    `livertx explain tace rfa`: explain and drug take one name, compare takes several. True when
    it said so, in place of Click's "unexpected extra argument"."""
    from shlex import quote as shlex_quote

    ctx = getattr(exc, "ctx", None)
    message = exc.format_message()  # type: ignore[attr-defined]
    if ctx is None or "unexpected extra argument" not in message:
        return False
    command = ctx.command.name
    if command not in ("stage", "explain", "drug", "search"):
        return False
    takes_value = {
        opt
        for p in ctx.command.params
        if p.param_type_name == "option" and not p.is_flag
        for opt in (*p.opts, *p.secondary_opts)
    }
    words, rest = [], iter(args[args.index(command) + 1 :])
    for word in rest:
        if word in takes_value:
            next(rest, None)
        elif not word.startswith("-"):
            words.append(word)
    joined = " ".join(words)
    catalog_path = ctx.params.get("catalog")  # the command's --catalog, else the root's
    if catalog_path is None:
        catalog_path = getattr(ctx.obj, "catalog", None)
    if (
        command in ("explain", "drug")
        and not names_one_record(catalog_path, command, joined)
        # "cell therapy": compare needs each word to be a name; a word that names nothing in
        # the catalog in use is part of a name of several words, to be quoted
        and all(names_one_record(catalog_path, command, w) is not False for w in words)
    ):
        say(
            f"livertx: {command} takes one name; to weigh several side by side: "
            f"livertx compare {' '.join(shlex_quote(w) for w in words)}"
        )
        return True
    what = "words to search for" if command == "search" else "a name of several words"
    say(f"livertx: to give {what}, quote them: livertx {command} {shlex_quote(joined)}")
    return True


def names_one_record(catalog_path: str | None, command: str, text: str) -> bool | None:
    """Whether `text` names one modality (explain) or drug (drug) of the catalog in use; None
    when the catalog cannot be read."""
    from ..catalog.errors import CatalogError
    from ..query import QueryError, find_drugs, find_modality
    from ..query.names import NotFound

    try:
        catalog = load(catalog_path)
    except (CatalogError, OSError):
        return None
    try:
        if command == "drug":  # several drugs the catalog combines in no regimen: compare them
            found = find_drugs(catalog, text)
            return bool(found) and all(m.how != "unlisted-combination" for m in found)
        find_modality(catalog, text)
    except (QueryError, NotFound):
        return False
    return True
