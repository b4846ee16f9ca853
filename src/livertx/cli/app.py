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
from enum import Enum
from typing import Annotated, Any

import typer

from .. import __version__
from ..render.findings import FindingsFormat
from . import argv
from .formats import ExportFormat, ForceOpt, FormatOpt, OutputOpt, answer
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


def _version(value: bool) -> None:
    if value:
        from ..catalog.errors import CatalogError
        from ..catalog.load import load_catalog
        from ..catalog.model import SCHEMA_VERSION

        try:  # the catalog LIVERTX_CATALOG names, else the shipped one (--version runs first)
            cat = load_catalog()
            in_use = f"catalog {cat.version} of {cat.modified}"
        except CatalogError:
            in_use = "the catalog in use cannot be read: run `livertx validate`"
        sys.stdout.write(f"livertx {__version__} ({in_use}; catalog schema {SCHEMA_VERSION})\n")
        raise typer.Exit(0)


def _catalog_path(value: str | None) -> str | None:
    if value is not None and not value.strip():  # `--catalog "$CAT"` with CAT unset
        raise typer.BadParameter(
            "an empty path; give a catalog file, or leave --catalog out for the shipped one"
        )
    return value


CatalogOpt = Annotated[
    str | None,
    typer.Option(
        "--catalog",
        metavar="PATH",
        callback=_catalog_path,
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
SourceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        metavar="ID",
        help="Only statements by this source (repeatable; see `livertx sources`).",
        show_default=False,
    ),
]
MinTrustOpt = Annotated[
    str | None,
    typer.Option(
        "--min-trust",
        metavar="TIER",
        help="Only sources of this trust tier or a more trusted one (authoritative, attributed, unattributed, promotional).",
        show_default=False,
    ),
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help="Only statements with this status (repeatable): standard, clinical_trial, supportive, reported, promotional.",
        show_default=False,
    ),
]
KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        metavar="KIND",
        help="Only options of this kind (repeatable): modality, drug, regimen, or a category such as surgery or systemic.",
        show_default=False,
    ),
]
DetailOpt = Annotated[
    bool,
    typer.Option(
        "--detail",
        help="The full view: every statement with its source and section, instead of the compact answer.",
    ),
]
ListDetailOpt = Annotated[
    bool,
    typer.Option(
        "--detail",
        help="The full view: every statement with its source and section, instead of the compact answer; with nothing to look up, the full table of them all.",
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print one JSON document (its schema: `livertx schema`).")
]


def _color(value: str | None) -> str | None:
    if value is not None:
        from .output import COLOR_CHOICES, Display

        choice = value.strip().lower()
        if choice not in COLOR_CHOICES:
            raise typer.BadParameter(f"{value!r} is not one of: {', '.join(COLOR_CHOICES)}")
        Display.color = choice
    return value


def _raw_csv(value: bool) -> bool:
    from .formats import CsvCells

    CsvCells.defuse = not value  # every run says which: no earlier run's choice lingers
    return value


def _no_pager(value: bool) -> bool:
    if value:
        from .output import Display

        Display.pager = False
    return value


@app.callback()
def root(
    ctx: typer.Context,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
    color: Annotated[
        str | None,
        typer.Option(
            "--color",
            metavar="WHEN",
            callback=_color,
            help="auto (colour at a terminal only; honours NO_COLOR, FORCE_COLOR, TERM=dumb), always or never. Anywhere on the line.",
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            callback=_no_pager,
            help="Never page long output at a terminal (else: LIVERTX_PAGER, PAGER or less -FRX). Anywhere on the line.",
        ),
    ] = False,
    raw_csv: Annotated[
        bool,
        typer.Option(
            "--raw-csv",
            callback=_raw_csv,
            help="CSV cells exactly as the catalog has them: no quote before a cell that begins like a spreadsheet formula (=, +, -, @). Anywhere on the line.",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show livertx's version, the catalog's version and date, and exit.",
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
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="STAGE",
            help="Stage, group or situation: id, name or alias (e.g. advanced, early, unresectable).",
            show_default=False,
        ),
    ] = None,
    by_source: Annotated[
        bool,
        typer.Option(
            "--by-source",
            help="One row per source statement, with its section and review state, instead of one row per treatment.",
        ),
    ] = False,
    detail: Annotated[
        bool,
        typer.Option(
            "--detail",
            help="The full view: with no STAGE, the table of stages with the other names each answers to.",
        ),
    ] = False,
    source: SourceOpt = None,
    min_trust: MinTrustOpt = None,
    status: StatusOpt = None,
    kind: KindOpt = None,
    json_out: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """List every option the sources give for a stage, one row per treatment; with no STAGE, list the stages."""
    from ..answers.stage import stage_answer, stages_answer

    path, date = _settings(ctx, catalog, as_of)
    notice()
    out = answer(json_out, fmt, output, force)
    with guard(out):
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
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="MODALITY",
            help="Modality name, alias or abbreviation (TACE, RFA, SBRT, cryotherapy...). Typos are tolerated.",
            show_default=False,
        ),
    ] = None,
    detail: ListDetailOpt = False,
    source: SourceOpt = None,
    min_trust: MinTrustOpt = None,
    status: StatusOpt = None,
    kind: KindOpt = None,
    json_out: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Explain one treatment modality with its sources; with no MODALITY, list them all."""
    from ..answers.modality import explain_answer, modalities_answer

    path, date = _settings(ctx, catalog, as_of)
    notice()
    out = answer(json_out, fmt, output, force)
    with guard(out):
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
    query: Annotated[
        str | None,
        typer.Argument(
            metavar="QUERY",
            help='Generic name, brand, salt form or short form, label text ("Nexavar 200 mg") or a combination ("Tecentriq + Avastin"); misspellings are tolerated.',
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
    detail: ListDetailOpt = False,
    source: SourceOpt = None,
    min_trust: MinTrustOpt = None,
    status: StatusOpt = None,
    kind: KindOpt = None,
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
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME NAME [NAME...]",
            help="Two to six modalities or drugs, named as explain and drug take them (tace rfa, sorafenib lenvatinib).",
            show_default=False,
        ),
    ],
    detail: DetailOpt = False,
    json_out: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Compare modalities or drugs: what each is, how it works, who it is for, where sources list it, limits, caveats; one after another, or side by side with --detail."""
    from ..answers.compare import compare_answer

    path, date = _settings(ctx, catalog, as_of)
    notice()
    out = answer(json_out, fmt, output, force)
    with guard(out):
        show(out, compare_answer(load(path), names, date, detail))


@app.command(short_help=SUMMARIES["sources"], epilog=examples("sources"))
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
    from ..answers.catalog_text import sources_answer

    path, date = _settings(ctx, catalog, as_of)
    notice()
    out = answer(json_out, fmt, output, force)
    with guard(out):
        listed = sources_answer(load(path), date, overdue)
        if out.document or listed.sources:
            show(out, listed)
        _say_empty(listed.empty)


@app.command(short_help=SUMMARIES["search"], epilog=examples("search"))
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
    source: SourceOpt = None,
    min_trust: MinTrustOpt = None,
    status: StatusOpt = None,
    kind: KindOpt = None,
    json_out: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Full-text search across the whole catalog."""
    from ..answers.catalog_text import SEARCH_KINDS, search_answer

    path, date = _settings(ctx, catalog, as_of)
    notice()
    out = answer(json_out, fmt, output, force)
    with guard(out):
        cat = load(path)
        filters = _filters(cat, source, min_trust, status, kind, SEARCH_KINDS)
        found = search_answer(cat, text, date, limit, filters)
        if out.document or found.hits:
            show(out, found)
        _say_empty(found.empty)


FindingsFormatOpt = Annotated[
    FindingsFormat,
    typer.Option(
        "--format",
        help="text: one `path:line:column: severity CODE message` line each; json: as --json; github: GitHub Actions annotations.",
        case_sensitive=False,
    ),
]


@app.command(short_help=SUMMARIES["validate"], epilog=examples("validate"))
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
    documents: Annotated[
        str | None,
        typer.Option(
            "--documents",
            metavar="DIR",
            help="Also check each cited section against the source documents in DIR (LTX040).",
            show_default=False,
        ),
    ] = None,
    output_format: FindingsFormatOpt = FindingsFormat.TEXT,
    json_out: JsonOpt = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
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
    path_arg: Annotated[
        str | None,
        typer.Argument(
            metavar="PATH",
            help="Catalog to write. Default: --catalog, LIVERTX_CATALOG, or the shipped one.",
            show_default=False,
        ),
    ] = None,
    documents: Annotated[
        str,
        typer.Option(
            "--documents",
            metavar="DIR",
            help="The folder of the documents you checked the statements against.",
        ),
    ] = "",
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            metavar="ID",
            help="A source whose cited sections you checked (repeat for more).",
            show_default=False,
        ),
    ] = None,
    section: Annotated[
        list[str] | None,
        typer.Option(
            "--section",
            metavar="HEADING",
            help="Only this cited section of the one --source (repeat for more).",
            show_default=False,
        ),
    ] = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="Every cited section of every source with a document."),
    ] = False,
    checked: Annotated[
        str | None,
        typer.Option(
            "--checked",
            metavar="YYYY-MM-DD",
            help="The day you made the check. Default: today (or --as-of).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be recorded; write nothing.")
    ] = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
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


class ReviewFormat(str, Enum):
    """The output kinds of `livertx review --format`."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"


@app.command(short_help=SUMMARIES["review"], epilog=examples("review"))
def review(
    ctx: typer.Context,
    documents: Annotated[
        str,
        typer.Option(
            "--documents", metavar="DIR", help="The folder of the documents as they are now."
        ),
    ] = "",
    previous: Annotated[
        str | None,
        typer.Option(
            "--previous",
            metavar="DIR",
            help="The copies the fingerprints were taken from: shows what changed, word by word.",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            metavar="ID",
            help="Only this source's statements (repeatable).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ReviewFormat,
        typer.Option(
            "--format",
            help="text: side by side in columns; json: as --json; markdown or html: a page to work through.",
            case_sensitive=False,
        ),
    ] = ReviewFormat.TEXT,
    json_out: JsonOpt = False,
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    as_of: AsOfOpt = None,
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
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="catalog, or the command whose --json output it describes (stage, drug, ...).",
            show_default=False,
        ),
    ] = None,
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
    shell: Annotated[
        str,
        typer.Argument(
            metavar="SHELL",
            help="bash, zsh or fish.",
        ),
    ],
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


class DiffFormat(str, Enum):
    """The output kinds of `livertx diff --format`."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def _one_format(ctx: typer.Context, json_out: bool, chosen: str) -> None:
    """--json beside a --format other than json is a usage error (the default text is no choice)."""
    given = ctx.get_parameter_source("output_format")
    if json_out and chosen != "json" and given is not None and given.name != "DEFAULT":
        from .formats import OutputError

        raise OutputError(f"--json and --format {chosen} ask for two formats; give one", True)


@app.command(short_help=SUMMARIES["diff"], epilog=examples("diff"))
def diff(
    ctx: typer.Context,
    old: Annotated[
        str,
        typer.Argument(metavar="OLD", help="The older catalog: a file, or REV:PATH read with git."),
    ],
    new: Annotated[
        str,
        typer.Argument(metavar="NEW", help="The newer catalog: a file, or REV:PATH read with git."),
    ],
    output_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            help="text: a table; json: as --json; markdown: a 'Changes to this catalog' section.",
            case_sensitive=False,
        ),
    ] = DiffFormat.TEXT,
    json_out: JsonOpt = False,
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
