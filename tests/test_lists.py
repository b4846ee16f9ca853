"""The lists fit their content (issue 31, item 4): `livertx stage`, `explain`, `drug` and
`sources` with no argument are short enough to scan, their columns are as wide as what they
hold, every item is still on them, no word is cut in half, and the full text stays one option
away (--detail, --json). Every width is set here, never taken from the machine's terminal."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from .conftest import invoke

# The most lines each list may take, piped and with Rich, at 80 and at 120 columns. On main
# before this change: stage 30 / 26, explain 151 / 87, drug 311 / 154, sources 34 / 24.
MOST_LINES = {
    "stage": (27, 23),
    "explain": (84, 58),
    "drug": (76, 58),
    "sources": (28, 22),
}


def shown(runner: CliRunner, *args: str, columns: int, color: bool = False) -> str:
    """What a pipe (or, with `color`, a terminal drawn by Rich) shows, escape codes removed."""
    colour = ("--color", "always" if color else "never")
    result = invoke(runner, *colour, *args, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)


def words(text: str) -> list[str]:
    """The words a reader reads, a word broken after its hyphen at a line's end joined again."""
    return re.sub(r"-\n *", "-", text).split()


def document(runner: CliRunner, *args: str) -> dict[str, object]:
    result = invoke(runner, *args, "--json")
    assert result.exit_code == 0, result.output
    doc: dict[str, object] = json.loads(result.stdout)
    return doc


@pytest.mark.parametrize("command", sorted(MOST_LINES))
@pytest.mark.parametrize("color", [False, True], ids=["piped", "rich"])
def test_each_list_is_short_enough_to_scan(runner: CliRunner, command: str, color: bool) -> None:
    at_80, at_120 = MOST_LINES[command]
    for columns, most in ((80, at_80), (120, at_120)):
        lines = shown(runner, command, columns=columns, color=color).splitlines()
        assert len(lines) <= most, (command, columns, len(lines))
        assert max(len(line.rstrip()) for line in lines) <= columns


def test_the_list_of_stages_says_where_to_go_next_in_its_title(runner: CliRunner) -> None:
    lines = shown(runner, "stage", columns=80).splitlines()
    assert lines[0] == (
        "Stages and situations (`livertx stage ID` for options, --detail for other names)"
    )
    assert all(line.strip() for line in lines)  # no blank line spent


def present(name: str, text: str, columns: int) -> bool:
    """Whether a name is on a list: whole on one line where every cell fits (1000 columns),
    else each of its words (a cell wraps beside the others)."""
    shown_words = set(words(text))
    return name in " ".join(words(text)) if columns == 1000 else set(name.split()) <= shown_words


@pytest.mark.parametrize("columns", [60, 80, 120, 1000])
def test_every_item_is_still_on_each_list(runner: CliRunner, columns: int) -> None:
    stages = " ".join(words(shown(runner, "stage", columns=columns)))
    for stage in document(runner, "stage")["stages"]:  # type: ignore[attr-defined]
        assert f"{stage['id']} ({stage['kind']}):" in stages
    modalities = shown(runner, "explain", columns=columns)
    for m in document(runner, "explain")["modalities"]:  # type: ignore[attr-defined]
        assert present(m["name"], modalities, columns), m["name"]
        if m["aliases"]:  # the first other name, the rest counted
            assert present(m["aliases"][0], modalities, columns), m["aliases"][0]
    drugs = shown(runner, "drug", columns=columns)
    for d in document(runner, "drug")["drugs"]:  # type: ignore[attr-defined]
        for name in (d["name"], *d["brands"], *d["regimen_names"].values()):
            assert present(name, drugs, columns), name
    sources = shown(runner, "sources", columns=columns)
    for s in document(runner, "sources")["sources"]:  # type: ignore[attr-defined]
        for name in (s["id"], s["kind"], s["title"], f"{s['tier_rank']} {s['tier']}"):
            assert present(name, sources, columns), name


@pytest.mark.parametrize("command", sorted(MOST_LINES))
@pytest.mark.parametrize("color", [False, True], ids=["piped", "rich"])
def test_no_word_is_cut_in_half_at_60_columns(runner: CliRunner, command: str, color: bool) -> None:
    narrow = shown(runner, command, columns=60, color=color)
    assert max(len(line.rstrip()) for line in narrow.splitlines()) <= 60
    wide = words(shown(runner, command, columns=1000))
    known = set(wide) | {w + ":" for w in wide}  # a narrow table is a list: `Header: value`
    cut = [
        w
        for w in words(narrow)
        if w not in known and f"{w}:" not in known and set(w) != {"─"}  # a rule is no word
    ]
    assert not cut, cut


@pytest.mark.parametrize("command", sorted(MOST_LINES))
def test_no_column_is_wider_than_what_it_holds(runner: CliRunner, command: str) -> None:
    # at 1000 columns every cell fits on one line: the table is as wide as its widest row, no
    # column padded out to the page
    lines = shown(runner, command, columns=1000).splitlines()
    rules = [line for line in lines if set(line.strip()) == {"─"}]
    for rule in rules:
        start = lines.index(rule)
        rows = lines[start + 1 : lines.index("", start)]
        assert len(rule.rstrip()) == max(len(row.rstrip()) for row in rows), command
    assert max(len(line) for line in lines) < 300


def test_the_sources_list_puts_the_review_state_first_and_keeps_every_date(
    runner: CliRunner,
) -> None:
    lines = shown(runner, "sources", columns=80).splitlines()
    nci = next(i for i, line in enumerate(lines) if " nci · government patient summary" in line)
    # tier, id and kind, and how long overdue, on the source's first line; dates under it
    assert lines[nci].startswith(" 1 authoritative") and "238 days overdue" in lines[nci]
    text = " ".join(shown(runner, "sources", columns=1000).split())
    assert "reviewed 2025-12-30" in text and "due 2026-03-30 (quarterly)" in text
    assert "published 2025-09-22" in text and "due 2026-09-22 (annual, catalog policy)" in text
    assert "(National Cancer Institute)" in text and "(Cainiu Health)" in text
    assert text.count(" undated") >= 3  # the three undated documents say so


def test_the_drug_list_names_each_source_once_with_its_tier_and_review(
    runner: CliRunner,
) -> None:
    text = " ".join(shown(runner, "drug", columns=1000).split())
    assert "standard for recurrent, advanced (NCI) [note]" in text
    assert "atezolizumab with bevacizumab: standard for advanced (NCI); reported for" in text
    assert "Sources: NCI = nci, tier 1, overdue; article = advanced-cure-article, tier 3," in text
    named = text.split("Sources: ")[1].split(". `livertx sources`")[0]
    assert "clinic" not in named  # the clinic lists no drug: it is not named
    # every caveat of the JSON, numbered, one line each; a drug names the ones about it
    caveats = document(runner, "drug")["caveats"]
    assert f"Caveats and conflicting statements ({len(caveats)})" in text  # type: ignore[arg-type]
    lines = shown(runner, "drug", columns=1000).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(" sorafenib [3,4] "))
    assert lines[at + 1].startswith(" Nexavar ")  # the brand under the name
    assert "[note]: the curator's reading of the source; --detail shows it." in text


@pytest.mark.parametrize(
    ("command", "only_in_full"),
    [
        ("explain", "transcatheter arterial chemoembolization"),
        ("drug", "multikinase inhibitor (VEGFR, PDGFR, RAF kinases)"),
    ],
)
def test_detail_gives_the_full_list_and_leaves_the_json_alone(
    runner: CliRunner, command: str, only_in_full: str
) -> None:
    listed = " ".join(shown(runner, command, columns=1000).split())
    full = " ".join(shown(runner, command, "--detail", columns=1000).split())
    assert only_in_full not in listed and only_in_full in full
    assert len(full) > 1.3 * len(listed)
    assert document(runner, command) == document(runner, command, "--detail")
