"""What `--help` says about each command beyond its options: a one-line summary for the command
list of `livertx --help`, and two or three real examples at the end of each help page.

tests/test_help.py runs every example, so none of them can go stale.
"""

from __future__ import annotations

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
