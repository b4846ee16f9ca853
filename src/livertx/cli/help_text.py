"""What `--help` says: every argument and option of every command, declared once with its help
sentence (and the callback that checks or applies its value; --format, -o and --force are in
livertx.cli.formats), a one-line summary of each command for the command list of
`livertx --help`, and two or three real examples at the end of each help page.

tests/test_help.py runs every example, so none of them can go stale.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..render.findings import FindingsFormat
from .formats import DiffFormat, ExportFormat, ReviewFormat

# Shown in full in `livertx --help` at 80 columns: Click cuts a summary with "..." when it is
# longer than the width left beside the longest command name (80 - 6 - 11 = 63 characters).
SUMMARY_WIDTH = 63

SUMMARIES: dict[str, str] = {
    "stage": "List every option the sources give for a stage, or the stages.",
    "explain": "Explain one treatment modality with its sources, or list them.",
    "drug": "Find drugs by generic, brand or misspelt name, or list them.",
    "compare": "Compare modalities or drugs; --detail sets them side by side.",
    "sources": "List the source documents, their trust tier and review state.",
    "search": "Search all the catalog's text.",
    "validate": "Check a catalog against every rule, one finding a line.",
    "schema": "Print the JSON Schema of a --json document or of the catalog.",
    "completion": "Print the shell completion script for bash, zsh or fish.",
    "diff": "Show what changed between two catalogs, status changes first.",
    "export": "Write the whole catalog as SQLite, JSON or CSV files.",
    "fingerprint": "Record which cited sections you checked against their text.",
    "review": "List what a curator must re-read, beside the documents.",
}

# Each line is what a person types; after `#`, what it shows. At most 76 characters, so that
# they stay whole at 80 columns under the help's indentation of 4.
EXAMPLE_WIDTH = 76
EXAMPLES: dict[str, tuple[str, ...]] = {
    "livertx": (
        "livertx stage advanced                  # the options for a stage",
        "livertx explain tace                    # one treatment, with its sources",
        "livertx drug nexavar                    # a drug by any of its names",
    ),
    "stage": (
        "livertx stage advanced",
        "livertx stage metastatic --source nci --status standard",
        "livertx stage advanced --format html -o advanced.html   # a handout",
    ),
    "explain": (
        "livertx explain tace",
        "livertx explain 'radiofrequency ablation' --json",
        "livertx explain --kind local-ablation   # the modalities of a kind",
    ),
    "drug": (
        "livertx drug nexavar                    # a brand: sorafenib",
        "livertx drug sorafinib --json           # one slip is tolerated",
        "printf 'nexavar\\nkeytruda\\n' | livertx drug --stdin",
    ),
    "compare": (
        "livertx compare tace rfa",
        "livertx compare sorafenib lenvatinib --format markdown -o drugs.md",
    ),
    "sources": (
        "livertx sources",
        "livertx sources --overdue               # past their review date",
    ),
    "search": (
        "livertx search jaundice",
        "livertx search sorafenib --kind caveat",
    ),
    "validate": (
        "livertx validate                        # the catalog in use",
        "livertx validate data/treatments.yaml --format github",
        "livertx validate data/treatments.yaml --json",
    ),
    "schema": (
        "livertx schema                          # the names there are",
        "livertx schema stage > stage.schema.json",
    ),
    "completion": (
        "livertx completion bash > ~/.livertx-completion.bash",
        "livertx completion zsh > ~/.livertx-completion.zsh",
        "livertx completion fish > ~/.config/fish/completions/livertx.fish",
    ),
    "diff": (
        "livertx diff HEAD:data/treatments.yaml data/treatments.yaml",
        "livertx diff old.yaml new.yaml --format markdown",
    ),
    "fingerprint": (
        "livertx fingerprint data/treatments.yaml --documents seeds --all --dry-run",
        "livertx fingerprint data/treatments.yaml --documents seeds --source nci",
    ),
    "review": (
        "livertx review --documents seeds                # most urgent first",
        "livertx review --documents seeds --format html -o review.html",
        "livertx review --documents seeds --source nci --format markdown",
    ),
    "export": (
        "livertx export sqlite livertx.db",
        "livertx export csv livertx-tables",
        "livertx export json - | jq '.tables | keys'",
    ),
}


def examples(command: str) -> str:
    """The epilog of a command's help: its examples, one a line, as written (Click rewraps a
    paragraph unless it starts with a line of a lone backspace)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in EXAMPLES[command])


# -- the options more than one command takes, and the root command's ------------------------
def _version(value: bool) -> None:
    if value:
        from .. import __version__
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


ColorOpt = Annotated[
    str | None,
    typer.Option(
        "--color",
        metavar="WHEN",
        callback=_color,
        help="auto (colour at a terminal only; honours NO_COLOR, FORCE_COLOR, TERM=dumb), always or never. Anywhere on the line.",
        show_default=False,
    ),
]
NoPagerOpt = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        callback=_no_pager,
        help="Never page long output at a terminal (else: LIVERTX_PAGER, PAGER or less -FRX). Anywhere on the line.",
    ),
]
RawCsvOpt = Annotated[
    bool,
    typer.Option(
        "--raw-csv",
        callback=_raw_csv,
        help="CSV cells exactly as the catalog has them: no quote before a cell that begins like a spreadsheet formula (=, +, -, @). Anywhere on the line.",
    ),
]
VersionOpt = Annotated[
    bool,
    typer.Option(
        "--version",
        callback=_version,
        is_eager=True,
        help="Show livertx's version, the catalog's version and date, and exit.",
    ),
]
FindingsFormatOpt = Annotated[
    FindingsFormat,
    typer.Option(
        "--format",
        help="text: one `path:line:column: severity CODE message` line each; json: as --json; github: GitHub Actions annotations.",
        case_sensitive=False,
    ),
]


# -- each command's own arguments and options, command by command --------------------------

# stage
StageArg = Annotated[
    str | None,
    typer.Argument(
        metavar="STAGE",
        help="Stage, group or situation: id, name or alias (e.g. advanced, early, unresectable).",
        show_default=False,
    ),
]
BySourceOpt = Annotated[
    bool,
    typer.Option(
        "--by-source",
        help="One row per source statement, with its section and review state, instead of one row per treatment.",
    ),
]
StagesDetailOpt = Annotated[
    bool,
    typer.Option(
        "--detail",
        help="The full view: with no STAGE, the table of stages with the other names each answers to.",
    ),
]

# explain
ModalityArg = Annotated[
    str | None,
    typer.Argument(
        metavar="MODALITY",
        help="Modality name, alias or abbreviation (TACE, RFA, SBRT, cryotherapy...). Typos are tolerated.",
        show_default=False,
    ),
]

# drug
DrugQueryArg = Annotated[
    str | None,
    typer.Argument(
        metavar="QUERY",
        help='Generic name, brand, salt form or short form, label text ("Nexavar 200 mg") or a combination ("Tecentriq + Avastin"); misspellings are tolerated.',
        show_default=False,
    ),
]
DrugLimitOpt = Annotated[
    int, typer.Option("--limit", "-n", min=1, max=100, help="Show at most this many matches.")
]
StdinOpt = Annotated[
    bool,
    typer.Option("--stdin", help="Read one query per line from standard input (batch mode)."),
]

# compare
CompareNamesArg = Annotated[
    list[str],
    typer.Argument(
        metavar="NAME NAME [NAME...]",
        help="Two to six modalities or drugs, named as explain and drug take them (tace rfa, sorafenib lenvatinib).",
        show_default=False,
    ),
]

# sources
OverdueOpt = Annotated[
    bool, typer.Option("--overdue", help="Show only sources past their review date.")
]

# search
SearchTextArg = Annotated[
    str,
    typer.Argument(
        metavar="TEXT",
        help="Words to find in modalities, drugs, regimens, stages and caveats (e.g. stent, jaundice).",
    ),
]
SearchLimitOpt = Annotated[
    int, typer.Option("--limit", "-n", min=1, max=500, help="Show at most this many results.")
]

# validate
ValidatePathArg = Annotated[
    str | None,
    typer.Argument(
        metavar="PATH",
        help="Catalog to check. Default: --catalog, LIVERTX_CATALOG, or the shipped one.",
        show_default=False,
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Treat sources past their review date as errors (the CI gate for curators).",
    ),
]
ValidateDocumentsOpt = Annotated[
    str | None,
    typer.Option(
        "--documents",
        metavar="DIR",
        help="Also check each cited section against the source documents in DIR (LTX040).",
        show_default=False,
    ),
]

# fingerprint
FingerprintPathArg = Annotated[
    str | None,
    typer.Argument(
        metavar="PATH",
        help="Catalog to write. Default: --catalog, LIVERTX_CATALOG, or the shipped one.",
        show_default=False,
    ),
]
FingerprintDocumentsOpt = Annotated[
    str,
    typer.Option(
        "--documents",
        metavar="DIR",
        help="The folder of the documents you checked the statements against.",
    ),
]
FingerprintSourceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        metavar="ID",
        help="A source whose cited sections you checked (repeat for more).",
        show_default=False,
    ),
]
SectionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--section",
        metavar="HEADING",
        help="Only this cited section of the one --source (repeat for more).",
        show_default=False,
    ),
]
AllOpt = Annotated[
    bool,
    typer.Option("--all", help="Every cited section of every source with a document."),
]
CheckedOpt = Annotated[
    str | None,
    typer.Option(
        "--checked",
        metavar="YYYY-MM-DD",
        help="The day you made the check. Default: today (or --as-of).",
        show_default=False,
    ),
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Show what would be recorded; write nothing.")
]

# review
ReviewDocumentsOpt = Annotated[
    str,
    typer.Option("--documents", metavar="DIR", help="The folder of the documents as they are now."),
]
PreviousOpt = Annotated[
    str | None,
    typer.Option(
        "--previous",
        metavar="DIR",
        help="The copies the fingerprints were taken from: shows what changed, word by word.",
        show_default=False,
    ),
]
ReviewSourceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        metavar="ID",
        help="Only this source's statements (repeatable).",
        show_default=False,
    ),
]
ReviewFormatOpt = Annotated[
    ReviewFormat,
    typer.Option(
        "--format",
        help="text: side by side in columns; json: as --json; markdown or html: a page to work through.",
        case_sensitive=False,
    ),
]

# schema
SchemaNameArg = Annotated[
    str | None,
    typer.Argument(
        metavar="NAME",
        help="catalog, or the command whose --json output it describes (stage, drug, ...).",
        show_default=False,
    ),
]

# completion
ShellArg = Annotated[
    str,
    typer.Argument(
        metavar="SHELL",
        help="bash, zsh or fish.",
    ),
]

# diff
OldArg = Annotated[
    str,
    typer.Argument(metavar="OLD", help="The older catalog: a file, or REV:PATH read with git."),
]
NewArg = Annotated[
    str,
    typer.Argument(metavar="NEW", help="The newer catalog: a file, or REV:PATH read with git."),
]
DiffFormatOpt = Annotated[
    DiffFormat,
    typer.Option(
        "--format",
        help="text: a table; json: as --json; markdown: a 'Changes to this catalog' section.",
        case_sensitive=False,
    ),
]

# export
ExportFormatArg = Annotated[
    ExportFormat,
    typer.Argument(metavar="FORMAT", help="sqlite, json or csv.", case_sensitive=False),
]
ExportPathArg = Annotated[
    str,
    typer.Argument(metavar="PATH", help="File to write (a folder for csv: one file per table)."),
]
ExportForceOpt = Annotated[bool, typer.Option("--force", help="Replace PATH if it already exists.")]
