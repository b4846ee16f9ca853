"""The `livertx` command: parses arguments, asks the query layer, picks a renderer, sets the exit code.

Exit codes: 0 found, 1 nothing found, 2 usage error, 3 catalog unreadable or invalid.
Rich is imported only when a table is printed; rapidfuzz only when a fuzzy match is needed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import sys
import warnings
from typing import Annotated

import typer

from .. import __version__
from .completion import completer
from .formats import ExportFormat, ForceOpt, Format, FormatOpt, OutputOpt, answer
from .output import Done, ExitCode, emit, guard, load, notice, print_json, say, silence_stdout

app = typer.Typer(
    name="livertx",
    help=(
        "Look up liver cancer treatment options by stage, modality or drug, with the source, "
        "section and review date of every fact. Educational information, not medical advice."
    ),
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# -- settings shared by every command -------------------------------------------------------
class Settings:
    """Global options, handed from the root callback to each command."""

    __slots__ = ("as_of", "catalog")

    def __init__(self, catalog: str | None = None, as_of: dt.date | None = None) -> None:
        self.catalog = catalog
        self.as_of = as_of


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _version(value: bool) -> None:
    if value:
        from ..catalog.model import SCHEMA_VERSION

        sys.stdout.write(f"livertx {__version__} (catalog schema {SCHEMA_VERSION})\n")
        raise typer.Exit(0)


CatalogOpt = Annotated[
    str | None,
    typer.Option(
        "--catalog",
        metavar="PATH",
        help="Catalog file to use instead of the shipped one. Also: LIVERTX_CATALOG.",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Compute review status as of this date (YYYY-MM-DD). Default: today.",
        show_default=False,
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print one JSON document (see the README for its schema).")
]


@app.callback()
def root(
    ctx: typer.Context,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = Settings(catalog=catalog, as_of=_parse_date(as_of))


def _settings(
    ctx: typer.Context, catalog: str | None, as_of: str | None
) -> tuple[str | None, dt.date]:
    """Command-level options win over the global ones; today is the default date."""
    base = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    date = _parse_date(as_of) or base.as_of or dt.date.today()
    return (catalog if catalog is not None else base.catalog), date


# -- commands ------------------------------------------------------------------------------
@app.command()
def stage(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="STAGE",
            help="Stage, group or situation: id, name or alias (e.g. advanced, early, unresectable).",
            autocompletion=completer("stages"),
            show_default=False,
        ),
    ] = None,
    json_out: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """List every option the sources give for a stage; with no STAGE, list the stages."""
    from ..query import caveats_for_stage, options_for_stage, stage_match

    path, date = _settings(ctx, catalog, as_of)
    notice()
    out = answer(json_out, fmt, output, force)
    with guard(out):
        cat = load(path)
        if name is None:
            emit(out, lambda j: j.stages_doc(cat, date), lambda r: r.render_stages(cat))
            return
        match = stage_match(cat, name)
        found = cat.stage_by_id[match.record_id]
        rows = options_for_stage(cat, found, date)
        caveats = caveats_for_stage(cat, found)
        emit(
            out,
            lambda j: j.stage_doc(cat, found, rows, caveats, date, match),
            lambda r: r.render_stage(cat, found, rows, caveats, date, match),
        )
        if not rows:
            say(f"livertx: no source lists an option for {found.name!r}.")
            raise Done(ExitCode.NOT_FOUND)


@app.command()
def explain(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="MODALITY",
            help="Modality name, alias or abbreviation (TACE, RFA, SBRT, cryotherapy...). Typos are tolerated.",
            autocompletion=completer("modalities"),
            show_default=False,
        ),
    ] = None,
    json_out: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Explain one treatment modality with its sources; with no MODALITY, list them all."""
    from ..query import modality_match

    path, date = _settings(ctx, catalog, as_of)
    notice()
    out = answer(json_out, fmt, output, force)
    with guard(out):
        cat = load(path)
        if name is None:
            emit(out, lambda j: j.modalities_doc(cat, date), lambda r: r.render_modalities(cat))
            return
        match = modality_match(cat, name)
        modality = cat.modality_by_id[match.record_id]
        emit(
            out,
            lambda j: j.explain_doc(cat, modality, date, match),
            lambda r: r.render_modality(cat, modality, date, match),
        )


@app.command()
def drug(
    ctx: typer.Context,
    query: Annotated[
        str | None,
        typer.Argument(
            metavar="QUERY",
            help="Generic name, brand, salt form or short form; misspellings are tolerated.",
            autocompletion=completer("drugs"),
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=100, help="Show at most this many matches.")
    ] = 5,
    stdin: Annotated[
        bool,
        typer.Option("--stdin", help="Read one query per line from standard input (batch mode)."),
    ] = False,
    json_out: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Fuzzy-search drugs by generic name, brand, salt form or short form; with no QUERY, list them all."""
    path, date = _settings(ctx, catalog, as_of)
    notice()
    out = answer(json_out, fmt, output, force)
    with guard(out):
        cat = load(path)
        if stdin:
            from ..query import QueryError
            from .batch import run_drug_batch

            if out.format not in (Format.TABLE, Format.JSON) or out.path is not None:
                raise QueryError(
                    "--stdin answers one line per query on standard output; of the formats it has only table and json"
                )
            if sys.stdin is None:
                raise QueryError(
                    "standard input is closed; give the queries on standard input, one per line"
                )
            if str(cat.path) in ("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"):
                raise QueryError(
                    "standard input carries the catalog, so it cannot carry the queries too; give the catalog as a file"
                )

            missed = run_drug_batch(
                cat,
                sys.stdin,
                sys.stdout,
                limit=limit,
                as_json=out.format is Format.JSON,
                as_of=date,
            )
            if missed:
                say(f"livertx: {missed} quer{'y' if missed == 1 else 'ies'} matched nothing.")
                raise Done(ExitCode.NOT_FOUND)
            return
        if query is None:
            emit(out, lambda j: j.drugs_doc(cat, date), lambda r: r.render_drugs(cat, date))
            return
        from ..query import clean_query, find_drugs

        matches = find_drugs(cat, query, limit=limit)
        emit(
            out,
            lambda j: j.drug_doc(cat, clean_query(query), matches, date),
            lambda r: r.render_drug_matches(cat, clean_query(query), matches, date),
        )


@app.command()
def sources(
    ctx: typer.Context,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Show only sources past their review date.")
    ] = False,
    json_out: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """List the source documents with their trust tier, dates and review status."""
    from ..query import list_sources

    path, date = _settings(ctx, catalog, as_of)
    notice()
    out = answer(json_out, fmt, output, force)
    with guard(out):
        cat = load(path)
        states = list_sources(cat, date, overdue_only=overdue)
        if out.document or states:
            emit(
                out,
                lambda j: j.sources_doc(cat, states, date, overdue),
                lambda r: r.render_sources(cat, states),
            )
        if not states:
            say(f"livertx: no source is overdue as of {date}.")
            raise Done(ExitCode.NOT_FOUND)


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT",
            help="Words to find in modalities, drugs, regimens, stages and caveats (e.g. stent, jaundice).",
        ),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=500, help="Show at most this many results.")
    ] = 20,
    json_out: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Full-text search across the whole catalog."""
    from ..query import clean_query, search_text

    path, date = _settings(ctx, catalog, as_of)
    notice()
    out = answer(json_out, fmt, output, force)
    with guard(out):
        cat = load(path)
        cleaned = clean_query(text)
        if not cleaned:
            from ..query import QueryError

            raise QueryError(
                "the search text is empty; give a word to look for, such as stent or jaundice"
            )
        hits = search_text(cat, cleaned, limit=limit)
        if out.document or hits:
            emit(
                out,
                lambda j: j.search_doc(cat, cleaned, hits, date),
                lambda r: r.render_search(cat, cleaned, hits, date),
            )
        if not hits:
            say(f"livertx: no catalog text contains {cleaned!r}.")
            raise Done(ExitCode.NOT_FOUND)


@app.command()
def validate(
    ctx: typer.Context,
    path_arg: Annotated[
        str | None,
        typer.Argument(
            metavar="PATH",
            help="Catalog to check. Default: --catalog, LIVERTX_CATALOG, or the shipped one.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Treat sources past their review date as errors (the CI gate for curators).",
        ),
    ] = False,
    json_out: JsonOpt = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Check a catalog against every rule (LTX001...) and print a summary. Exit 0 valid, 3 invalid."""
    from ..catalog.load import check_catalog, resolve_catalog_path

    path, date = _settings(ctx, catalog, as_of)
    target = path_arg if path_arg is not None else path
    notice()
    with guard(json_out):
        result, findings = check_catalog(target, as_of=date, strict=strict)
        valid = result is not None and not any(f.severity == "error" for f in findings)
        counts: dict[str, int] = {}
        if result is not None:
            counts = {
                "sources": len(result.sources),
                "stages": len(result.stages),
                "modalities": len(result.modalities),
                "drugs": len(result.drugs),
                "regimens": len(result.regimens),
                "stage options": len(result.stage_options),
                "caveats": len(result.caveats),
            }
        shown = str(resolve_catalog_path(target))
        emit(
            json_out,
            lambda j: j.validate_doc(shown, findings, counts, valid, strict, date),
            lambda r: r.render_findings(shown, findings, valid, counts),
        )
        if not valid:
            raise Done(ExitCode.CATALOG)


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Argument(metavar="FORMAT", help="sqlite, json or csv.", case_sensitive=False),
    ],
    target: Annotated[
        str,
        typer.Argument(
            metavar="PATH", help="File to write (a folder for csv: one file per table)."
        ),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace PATH if it already exists.")
    ] = False,
    catalog: CatalogOpt = None,
) -> None:
    """Write the whole catalog as a SQLite database, one JSON document, or a folder of CSV files."""
    from .formats import export_catalog

    path, _ = _settings(ctx, catalog, None)
    notice()
    with guard(False):
        counts = export_catalog(load(path), fmt, target, force)
        say(f"livertx: wrote {sum(counts.values())} rows in {len(counts)} tables to {target}.")


def _utf8_streams() -> None:
    """Never crash on an odd locale or an odd byte: write UTF-8 (a character that cannot be
    written, such as a lone surrogate from an undecodable path, becomes U+FFFD), and read stdin
    replacing undecodable bytes. A closed stderr becomes a sink, so that the answer still comes."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]


PATH_OPTIONS = ("--catalog", "--output", "-o")
"""Options whose value is a file path: passed on byte for byte (see _clean_args)."""


def _clean_args(argv: list[str]) -> list[str]:
    """Arguments with control characters removed and undecodable bytes made visible, so that
    nothing a user types can reach the terminal through an error message; except file paths
    (the value of --catalog, validate's PATH), which are used byte for byte and cleaned only
    where they are shown."""
    from ..textsafe import from_os

    out: list[str] = []
    path_next, command = False, None
    for arg in argv:
        if path_next:
            out.append(arg)
            path_next = False
        elif arg in PATH_OPTIONS:
            out.append(arg)
            path_next = True
        elif arg.startswith(tuple(f"{o}=" for o in PATH_OPTIONS)):
            out.append(arg)
        elif command is None and not arg.startswith("-") and (not out or out[-1] != "--as-of"):
            command = from_os(arg)
            out.append(command)
        elif (
            command == "validate" and not arg.startswith("-") and (not out or out[-1] != "--as-of")
        ):
            out.append(arg)  # validate's PATH
            command = "validate PATH"
        else:
            out.append(from_os(arg))
    return out


def _wants_json(args: list[str]) -> bool:
    """`--json` or `--format json` (also `--format=json`) is among the arguments."""
    from itertools import pairwise

    return (
        "--json" in args
        or "--format=json" in args
        or any(a == "--format" and b.lower() == "json" for a, b in pairwise(args))
    )


def _point_to_command(args: list[str]) -> None:
    """`livertx tace`: a name where a command should be. When the catalog knows the name, say
    which command looks it up (exit 2); anything else is left to Typer's own message."""
    catalog_path: str | None = None
    words = iter(args)
    for word in words:
        if word in ("--catalog", "--as-of"):
            value = next(words, None)
            catalog_path = value if word == "--catalog" else catalog_path
        elif word.startswith("--catalog="):
            catalog_path = word.partition("=")[2]
        elif word.startswith("-") or word in {
            c.name or getattr(c.callback, "__name__", "") for c in app.registered_commands
        }:
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
        message = f"{word!r} is not a command; it is a {found.what}: try `{found.command}`"
        notice()
        say(f"livertx: {message}.")
        if _wants_json(args):
            from ..render.json_docs import error_doc

            print_json(error_doc(message, [found.match.record_id], ExitCode.USAGE))
        raise SystemExit(ExitCode.USAGE)


def _terminated(signum: int, _frame: object) -> None:
    """SIGTERM ends the command like Ctrl-C does: through Python's own exit, so that a cache file
    being written is removed, not left half written."""
    raise SystemExit(128 + signum)


def _warning_line(message: Warning | str, *_args: object, **_kwargs: object) -> None:
    """A library warning (the cache not used, and why) as one line on stderr."""
    say(f"livertx: {message}.")


def main() -> None:
    """Entry point for the console script and `python -m livertx`.

    Arguments are cleaned before Typer sees them (see _clean_args), so that nothing a user types
    (control characters, escape sequences, bytes that are not UTF-8) can reach the terminal
    through an error message either.
    """
    import gc

    from ..textsafe import one_line

    _utf8_streams()
    warnings.showwarning = _warning_line
    signal.signal(signal.SIGTERM, _terminated)
    if sys.stdout is None:  # closed (`>&-`): there is nowhere to put the answer
        say("livertx: standard output is closed, so there is nowhere to print the answer.")
        raise SystemExit(ExitCode.OUTPUT)
    args = _clean_args(sys.argv[1:])
    try:
        _point_to_command(args)
        code = app(args=args, prog_name="livertx", standalone_mode=False)
    except BrokenPipeError:  # `livertx --help | head -1`
        silence_stdout()
        code = ExitCode.FOUND
    except OSError as exc:  # help or version text into a full disk
        silence_stdout()
        say(f"livertx: the answer could not be written ({exc.strerror or exc}).")
        code = ExitCode.OUTPUT
    except Exception as exc:
        if not (hasattr(exc, "show") and hasattr(exc, "exit_code")):
            raise
        # A usage error, as Click reports it (a bad option or value): the same message, and under
        # --json the error document every other exit 1 or 2 prints.
        exc.show()
        if _wants_json(args):
            from ..render.json_docs import error_doc

            print_json(error_doc(one_line(exc.format_message()), (), exc.exit_code))  # type: ignore[attr-defined]
        code = exc.exit_code
    finally:
        # The interpreter's last collection at exit walks every object still alive: the catalog
        # and every module imported. Frozen, they are skipped; that saves about 8% of the
        # instructions of a warm `drug sorafenib --json` (callgrind, 350 to 321 million).
        gc.freeze()
    try:  # what is still buffered (help, the version) is written now, where a failure can be told
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as exc:
        silence_stdout()
        say(f"livertx: the answer could not be written ({exc.strerror or exc}).")
        code = ExitCode.OUTPUT
    raise SystemExit(code if isinstance(code, int) else 0)
