"""The `livertx` command: parses arguments, asks the query layer, picks a renderer, sets the exit code.

Exit codes: 0 found, 1 nothing found, 2 usage error, 3 catalog unreadable or invalid, 4 the
answer could not be written. Rich is imported only when a table is printed; rapidfuzz only when
a fuzzy match is needed.

No `from __future__ import annotations` here, on purpose: Typer reads every command's
annotations on every call, and string annotations would have to be evaluated each time (11% more
instructions for `drug sorafenib --json`, measured with callgrind).
"""

import contextlib
import datetime as dt
import signal
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import typer

from ..render.findings import FindingsFormat
from . import argv
from . import help_text as options
from .formats import (
    Answer,
    DiffFormat,
    ForceOpt,
    Format,
    FormatOpt,
    OutputOpt,
    ReviewFormat,
    answer,
)
from .help_text import SUMMARIES, examples
from .output import (
    Done,
    ExitCode,
    Refused,
    guard,
    load,
    notice,
    print_json,
    print_text,
    say,
    show,
    silence_stdout,
)

app = typer.Typer(
    name="livertx",
    help=(
        "Look up liver cancer treatment options by stage, modality or drug, with the source, "
        "section and review date of every fact. Educational information, not medical advice."
    ),
    epilog=examples("livertx"),
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,  # our own scripts: `livertx completion SHELL` (see completion.py)
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


@app.callback()
def root(
    ctx: typer.Context,
    catalog: options.CatalogOpt = None,
    as_of: options.AsOfOpt = None,
    color: options.ColorOpt = None,
    no_pager: options.NoPagerOpt = False,
    raw_csv: options.RawCsvOpt = False,
    version: options.VersionOpt = False,
) -> None:
    ctx.obj = Settings(catalog=catalog, as_of=_parse_date(as_of))


def _settings(
    ctx: typer.Context, catalog: str | None, as_of: str | None
) -> tuple[str | None, dt.date]:
    """Command-level options win over the global ones; today is the default date."""
    base = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    date = _parse_date(as_of) or base.as_of or dt.date.today()
    return (catalog if catalog is not None else base.catalog), date


@contextlib.contextmanager
def _answering(
    ctx: typer.Context,
    catalog: str | None,
    as_of: str | None,
    json_out: bool,
    fmt: Format | None,
    output: str | None,
    force: bool,
) -> Iterator[tuple[str | None, dt.date, Answer]]:
    """How every command that gives an answer begins: the catalog and date, the notice on
    stderr, the output's settings, and the guard that turns a failure into one sentence and its
    exit code."""
    path, date = _settings(ctx, catalog, as_of)
    notice()
    out = answer(json_out, fmt, output, force)
    with guard(out):
        yield path, date, out


def _filters(
    cat: Any,
    source: list[str] | None,
    min_trust: str | None,
    status: list[str] | None,
    kind: list[str] | None,
    extra_kinds: tuple[str, ...] = (),
) -> Any:
    """The filters asked for, checked (exit 2 for a bad value); None when none was given, so
    that a plain lookup never loads the filtering code."""
    if not (source or min_trust or status or kind):
        return None
    from ..query import make_filters

    return make_filters(cat, source or (), min_trust, status or (), kind or (), extra_kinds)


def _listing_filters(
    cat: Any,
    name: str | None,
    metavar: str,
    source: list[str] | None,
    min_trust: str | None,
    status: list[str] | None,
    kind: list[str] | None,
) -> Any:
    """The filters of a listing command; they narrow the listing, so with a name they are a
    usage error rather than silently ignored."""
    filters = _filters(cat, source, min_trust, status, kind)
    if filters is not None and name is not None:
        from ..query import QueryError

        raise QueryError(
            f"--source, --min-trust, --status and --kind narrow the list you get with no {metavar}; "
            f"leave out {metavar} or the filters"
        )
    return filters


def _say_empty(empty: str | None) -> None:
    """Exit 1 with the sentence that says why the answer shows nothing, when it shows nothing."""
    if empty is not None:
        say(f"livertx: {empty}.")
        raise Done(ExitCode.NOT_FOUND)


@contextlib.contextmanager
def _documents_refused(sources: bool = False) -> Iterator[None]:
    """A documents folder that is not one (exit 2), a document that cannot be read (exit 3),
    and with `sources` an unknown --source (exit 2, a KeyError): one sentence, through guard."""
    from ..catalog.documents import DocumentError, DocumentsFolderError

    try:
        yield
    except DocumentsFolderError as exc:
        raise Refused(str(exc), ExitCode.USAGE) from None
    except DocumentError as exc:
        raise Refused(str(exc), ExitCode.CATALOG) from None
    except KeyError as exc:
        if not sources:
            raise
        from ..textsafe import one_line

        message = f"there is no source {one_line(str(exc.args[0]))!r}; see `livertx sources`"
        raise Refused(message, ExitCode.USAGE) from None


# -- commands ------------------------------------------------------------------------------
@app.command(short_help=SUMMARIES["stage"], epilog=examples("stage"))
def stage(
    ctx: typer.Context,
    name: options.StageArg = None,
    by_source: options.BySourceOpt = False,
    detail: options.StagesDetailOpt = False,
    source: options.SourceOpt = None,
    min_trust: options.MinTrustOpt = None,
    status: options.StatusOpt = None,
    kind: options.KindOpt = None,
    json_out: options.JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: options.CatalogOpt = None,
    as_of: options.AsOfOpt = None,
) -> None:
    """List every option the sources give for a stage, one row per treatment; with no STAGE, list the stages."""
    from ..answers.stage import stage_answer, stages_answer

    with _answering(ctx, catalog, as_of, json_out, fmt, output, force) as (path, date, out):
        from ..query import QueryError

        if by_source and out.document:
            raise QueryError(
                "--by-source changes the table only; --json and the other formats already give "
                "one entry per source statement"
            )
        cat = load(path)
        filters = _filters(cat, source, min_trust, status, kind)
        if name is None:
            if filters is not None or by_source:
                raise QueryError(
                    "--by-source, --source, --min-trust, --status and --kind apply to a stage's "
                    "options; give a STAGE (`livertx stage advanced --source nci`)"
                )
            show(out, stages_answer(cat, date, detail))
            return
        found = stage_answer(cat, name, date, filters, detail)
        if out.document or found.statements:
            show(out, found, by_source)
        _say_empty(found.empty)


@app.command(short_help=SUMMARIES["explain"], epilog=examples("explain"))
def explain(
    ctx: typer.Context,
    name: options.ModalityArg = None,
    detail: options.ListDetailOpt = False,
    source: options.SourceOpt = None,
    min_trust: options.MinTrustOpt = None,
    status: options.StatusOpt = None,
    kind: options.KindOpt = None,
    json_out: options.JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: options.CatalogOpt = None,
    as_of: options.AsOfOpt = None,
) -> None:
    """Explain one treatment modality with its sources; with no MODALITY, list them all."""
    from ..answers.modality import explain_answer, modalities_answer

    with _answering(ctx, catalog, as_of, json_out, fmt, output, force) as (path, date, out):
        cat = load(path)
        filters = _listing_filters(cat, name, "MODALITY", source, min_trust, status, kind)
        if name is None:
            listed = modalities_answer(cat, date, filters, detail)
            if out.document or listed.rows:
                show(out, listed)
            _say_empty(listed.empty)
            return
        show(out, explain_answer(cat, name, date, detail))


@app.command(short_help=SUMMARIES["drug"], epilog=examples("drug"))
def drug(
    ctx: typer.Context,
    query: options.DrugQueryArg = None,
    limit: options.DrugLimitOpt = 5,
    stdin: options.StdinOpt = False,
    detail: options.ListDetailOpt = False,
    source: options.SourceOpt = None,
    min_trust: options.MinTrustOpt = None,
    status: options.StatusOpt = None,
    kind: options.KindOpt = None,
    json_out: options.JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: options.CatalogOpt = None,
    as_of: options.AsOfOpt = None,
) -> None:
    """Fuzzy-search drugs by generic name, brand, salt form or short form; with no QUERY, list them all."""
    with _answering(ctx, catalog, as_of, json_out, fmt, output, force) as (path, date, out):
        cat = load(path)
        filters = _listing_filters(
            cat, query if not stdin else "--stdin", "QUERY", source, min_trust, status, kind
        )
        if stdin:
            from .batch import answer_stdin

            answer_stdin(cat, query, out, limit, date)
            return
        if query is None:
            from ..answers.drug import drugs_answer

            listed = drugs_answer(cat, date, filters, detail)
            if out.document or listed.drugs:
                show(out, listed)
            _say_empty(listed.empty)
            return
        from ..answers.drug import drug_answer
        from ..query import clean_query, find_drugs

        found = find_drugs(cat, query, limit=limit)
        show(out, drug_answer(cat, clean_query(query), found, date, detail))


@app.command(short_help=SUMMARIES["compare"], epilog=examples("compare"))
def compare(
    ctx: typer.Context,
    names: options.CompareNamesArg,
    detail: options.DetailOpt = False,
    json_out: options.JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: options.CatalogOpt = None,
    as_of: options.AsOfOpt = None,
) -> None:
    """Compare modalities or drugs: what each is, how it works, who it is for, where sources list it, limits, caveats; one after another, or side by side with --detail."""
    from ..answers.compare import compare_answer

    with _answering(ctx, catalog, as_of, json_out, fmt, output, force) as (path, date, out):
        show(out, compare_answer(load(path), names, date, detail))


@app.command(short_help=SUMMARIES["sources"], epilog=examples("sources"))
def sources(
    ctx: typer.Context,
    overdue: options.OverdueOpt = False,
    json_out: options.JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: options.CatalogOpt = None,
    as_of: options.AsOfOpt = None,
) -> None:
    """List the source documents with their trust tier, dates and review status."""
    from ..answers.catalog_text import sources_answer

    with _answering(ctx, catalog, as_of, json_out, fmt, output, force) as (path, date, out):
        listed = sources_answer(load(path), date, overdue)
        if out.document or listed.sources:
            show(out, listed)
        _say_empty(listed.empty)


@app.command(short_help=SUMMARIES["search"], epilog=examples("search"))
def search(
    ctx: typer.Context,
    text: options.SearchTextArg,
    limit: options.SearchLimitOpt = 20,
    source: options.SourceOpt = None,
    min_trust: options.MinTrustOpt = None,
    status: options.StatusOpt = None,
    kind: options.KindOpt = None,
    json_out: options.JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: options.CatalogOpt = None,
    as_of: options.AsOfOpt = None,
) -> None:
    """Full-text search across the whole catalog."""
    from ..answers.catalog_text import SEARCH_KINDS, search_answer

    with _answering(ctx, catalog, as_of, json_out, fmt, output, force) as (path, date, out):
        cat = load(path)
        filters = _filters(cat, source, min_trust, status, kind, SEARCH_KINDS)
        found = search_answer(cat, text, date, limit, filters)
        if out.document or found.hits:
            show(out, found)
        _say_empty(found.empty)


@app.command(short_help=SUMMARIES["validate"], epilog=examples("validate"))
def validate(
    ctx: typer.Context,
    path_arg: options.ValidatePathArg = None,
    strict: options.StrictOpt = False,
    documents: options.ValidateDocumentsOpt = None,
    output_format: options.FindingsFormatOpt = FindingsFormat.TEXT,
    json_out: options.JsonOpt = False,
    catalog: options.CatalogOpt = None,
    as_of: options.AsOfOpt = None,
) -> None:
    """Check a catalog against every rule (LTX001...) and print every finding, one line each.
    Exit 0 valid, 3 invalid."""
    from ..catalog.load import validate_catalog

    path, date = _settings(ctx, catalog, as_of)
    as_json = json_out or output_format is FindingsFormat.JSON
    notice()
    with guard(as_json):
        _one_format(ctx, json_out, output_format.value)
        with _documents_refused():
            report = validate_catalog(
                path_arg if path_arg is not None else path,
                as_of=date,
                strict=strict,
                documents=documents,
            )
        if as_json:
            from ..render.json_docs import validate_doc

            print_json(validate_doc(*report, strict, date))
        else:
            from ..render.findings import FORMATTERS

            shown, findings, counts, valid = report
            print_text(FORMATTERS[output_format](shown, findings, valid, counts))
        if not report.valid:
            raise Done(ExitCode.CATALOG)


@app.command(short_help=SUMMARIES["fingerprint"], epilog=examples("fingerprint"))
def fingerprint(
    ctx: typer.Context,
    path_arg: options.FingerprintPathArg = None,
    documents: options.FingerprintDocumentsOpt = "",
    source: options.FingerprintSourceOpt = None,
    section: options.SectionOpt = None,
    every: options.AllOpt = False,
    checked: options.CheckedOpt = None,
    dry_run: options.DryRunOpt = False,
    catalog: options.CatalogOpt = None,
    as_of: options.AsOfOpt = None,
) -> None:
    """Record that you checked every statement citing the named sections against the documents
    in DIR: writes each section's fingerprint and the date into the catalog. Exit 0 written,
    2 usage, 3 catalog or document unusable, 4 not written."""
    from ..catalog.documents import DocumentError, DocumentsFolderError
    from ..catalog.errors import CatalogError
    from ..catalog.fingerprints import FingerprintError
    from ..catalog.record_checks import check_selection, fingerprint_catalog

    path, today = _settings(ctx, catalog, as_of)
    try:
        check_selection(documents, source or [], every)
        recording = fingerprint_catalog(
            path_arg if path_arg is not None else path,
            documents,
            source or [],
            section or [],
            _parse_date(checked) or today,
            today,
            every=every,
            write=not dry_run,
        )
    except (FingerprintError, DocumentsFolderError) as exc:
        say(f"livertx: {exc}.")
        raise SystemExit(ExitCode.USAGE) from None
    except DocumentError as exc:
        say(f"livertx: {exc}.")
        raise SystemExit(ExitCode.CATALOG) from None
    except CatalogError as exc:
        say(
            f"livertx: {exc.first}; fix the catalog (`livertx validate`) before recording fingerprints."
        )
        raise SystemExit(ExitCode.CATALOG) from None
    except OSError as exc:  # the catalog file could not be replaced; it is left as it was
        say(f"livertx: the catalog could not be written ({exc.strerror or exc}); it is unchanged.")
        raise SystemExit(ExitCode.OUTPUT) from None
    from ..render.findings import format_written

    print_text(format_written(recording.written))
    say(f"livertx: {recording.summary}")


@app.command(short_help=SUMMARIES["review"], epilog=examples("review"))
def review(
    ctx: typer.Context,
    documents: options.ReviewDocumentsOpt = "",
    previous: options.PreviousOpt = None,
    source: options.ReviewSourceOpt = None,
    output_format: options.ReviewFormatOpt = ReviewFormat.TEXT,
    json_out: options.JsonOpt = False,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: options.CatalogOpt = None,
    as_of: options.AsOfOpt = None,
) -> None:
    """List the statements a curator must re-read, most urgent first: cited text that changed
    or is gone, sources overdue for review, sections never checked. Exit 0 listed, 1 nothing to
    re-read."""
    from ..catalog.review_queue import build_review_queue

    path, date = _settings(ctx, catalog, as_of)
    as_json = json_out or output_format is ReviewFormat.JSON
    notice()
    with guard(as_json):
        _one_format(ctx, json_out, output_format.value)
        with _documents_refused(sources=True):
            queue = build_review_queue(path, documents, date, previous, tuple(source or ()))
        from ..render.review_page import render_queue

        text = render_queue(queue, "json" if as_json else output_format.value)
        if output is None:
            print_text(text)
        else:
            from .formats import write_text

            write_text(output, text, force)
            say(f"livertx: wrote the review queue ({output_format.value}) to {output}")
        if not queue.groups:
            raise Done(ExitCode.NOT_FOUND)


@app.command(short_help=SUMMARIES["schema"], epilog=examples("schema"))
def schema(
    name: options.SchemaNameArg = None,
) -> None:
    """Print the JSON Schema of a --json document or of the catalog; with no NAME, list them."""
    from ..render.schemas import schema_names, schema_text, schema_title

    if name is None:
        names = schema_names()
        width = max(map(len, names))
        sys.stdout.write("".join(f"{n:<{width}}  {schema_title(n)}\n" for n in names))
        return
    try:
        sys.stdout.write(schema_text(name.strip().lower()))
    except KeyError:
        from ..textsafe import one_line

        say(
            f"livertx: there is no schema called {one_line(name)!r}; "
            f"choose one of: {', '.join(schema_names())}."
        )
        raise SystemExit(ExitCode.USAGE) from None


@app.command(short_help=SUMMARIES["completion"], epilog=examples("completion"))
def completion(
    shell: options.ShellArg,
) -> None:
    """Print the shell completion script for bash, zsh or fish; load it from your shell's
    startup file, as the examples show."""
    from .completion import SCRIPTS

    script = SCRIPTS.get(shell.strip().lower())
    if script is None:
        from ..textsafe import one_line

        say(f"livertx: no completion for {one_line(shell)!r}; choose bash, zsh or fish.")
        raise SystemExit(ExitCode.USAGE)
    sys.stdout.write(script)


def _one_format(ctx: typer.Context, json_out: bool, chosen: str) -> None:
    """--json beside a --format other than json is a usage error (the default text is no choice)."""
    given = ctx.get_parameter_source("output_format")
    if json_out and chosen != "json" and given is not None and given.name != "DEFAULT":
        from .formats import OutputError

        raise OutputError(f"--json and --format {chosen} ask for two formats; give one", True)


@app.command(short_help=SUMMARIES["diff"], epilog=examples("diff"))
def diff(
    ctx: typer.Context,
    old: options.OldArg,
    new: options.NewArg,
    output_format: options.DiffFormatOpt = DiffFormat.TEXT,
    json_out: options.JsonOpt = False,
) -> None:
    """Show what changed between two catalogs, status, provenance and review dates first.
    Exit 0 same, 1 different."""
    from ..catalog.diff import RevisionError, diff_catalogs

    as_json = json_out or output_format is DiffFormat.JSON
    notice()
    with guard(as_json):
        _one_format(ctx, json_out, output_format.value)
        try:
            changes = diff_catalogs(old, new)
        except RevisionError as exc:
            raise Refused(str(exc), ExitCode.USAGE) from None
        from ..render.changes import render_changes

        print_text(render_changes(changes, "json" if as_json else output_format.value))
        if not changes.same:
            raise Done(ExitCode.NOT_FOUND)


@app.command(short_help=SUMMARIES["export"], epilog=examples("export"))
def export(
    ctx: typer.Context,
    fmt: options.ExportFormatArg,
    target: options.ExportPathArg,
    force: options.ExportForceOpt = False,
    catalog: options.CatalogOpt = None,
) -> None:
    """Write the whole catalog as a SQLite database, one JSON document, or a folder of CSV files."""
    from .formats import export_catalog

    path, _ = _settings(ctx, catalog, None)
    notice()
    with guard(False):
        counts = export_catalog(load(path), fmt, target, force)
        if target != "-":  # a pipe may take it all and be closed unread (`| head -c 100`)
            from ..textsafe import from_os

            rows = sum(counts.values())
            say(f"livertx: wrote {rows} rows in {len(counts)} tables to {from_os(target)}.")


def _terminated(signum: int, _frame: object) -> None:
    """SIGTERM ends the command like Ctrl-C does: through Python's own exit, so that a cache file
    being written is removed, not left half written."""
    raise SystemExit(128 + signum)


def _warning_line(message: Warning | str, *_args: object, **_kwargs: object) -> None:
    """A library warning (the cache not used, and why) as one line on stderr."""
    say(f"livertx: {message}.")


def main() -> None:
    """Entry point for the console script and `python -m livertx`: Ctrl-C at any moment is exit
    130, with no traceback (see _main)."""
    try:
        _main()
    except KeyboardInterrupt:
        silence_stdout()
        raise SystemExit(128 + signal.SIGINT) from None


def _main() -> None:
    """Run one command line.

    Arguments are cleaned before Typer sees them (see argv.clean_args), so that nothing a user
    types (control characters, escape sequences, bytes that are not UTF-8) can reach the
    terminal through an error message either.
    """
    import gc

    argv.utf8_streams()
    warnings.showwarning = _warning_line
    signal.signal(signal.SIGTERM, _terminated)
    if sys.stdout is None:  # closed (`>&-`): an answer printed fails, a file is still written
        from .output import ClosedStdout

        sys.stdout = ClosedStdout()
    if sys.argv[1:2] == ["__complete"]:  # asked by the completion script (cli/completion.py)
        from .completion import complete

        with contextlib.suppress(Exception):  # completion must never break the shell
            sys.stdout.write(complete(app, sys.argv[3:]))
        raise SystemExit(0)
    args = argv.command_line(sys.argv[1:])
    try:
        commands = {c.name or getattr(c.callback, "__name__", "") for c in app.registered_commands}
        argv.point_to_command(args, commands)
        code = app(args=args, prog_name="livertx", standalone_mode=False)
    except BrokenPipeError:  # `livertx --help | head -1`
        silence_stdout()
        code = ExitCode.FOUND
    except OSError as exc:  # help or version text into a full disk
        silence_stdout()
        say(f"livertx: the answer could not be written ({exc.strerror or exc}).")
        code = ExitCode.OUTPUT
    except Exception as exc:
        if type(exc).__name__ == "Abort":  # Click's word for Ctrl-C inside a command
            raise KeyboardInterrupt from None
        if not (hasattr(exc, "show") and hasattr(exc, "exit_code")):
            raise
        code = argv.usage_error(args, exc)
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
