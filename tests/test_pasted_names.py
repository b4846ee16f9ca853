"""Names as people paste them: label and prescription text, slips at the end of a name, stage
letters, and suggestions that look past filler words."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from livertx.catalog.load import load_catalog
from livertx.cli import app
from livertx.query import (
    NotFound,
    QueryError,
    find_drugs,
    search_drugs,
    search_text,
    stage_match,
    suggest,
)
from livertx.query.names import LABEL_WORDS, names_of

from .conftest import ROOT

CATALOG = load_catalog(ROOT / "data" / "treatments.yaml")
RUNNER = CliRunner()
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(
    ("text", "drug", "match_type"),
    [
        ("Nexavar 200 mg", "sorafenib", "brand-in-text"),
        ("sorafenib 400mg twice daily", "sorafenib", "generic-in-text"),
        ("nexavar tablets", "sorafenib", "brand-in-text"),
        ("Cabometyx tablets", "cabozantinib", "brand-in-text"),
        ("NEXAVAR (sorafenib) tablets, for oral use", "sorafenib", "brand-in-text"),
        ("Keytruda injection, for intravenous use", "pembrolizumab", "brand-in-text"),
        ("sorafinib 400mg twice daily", "sorafenib", "generic-fuzzy"),
    ],
)
def test_a_name_on_a_label_is_found_and_says_how(text: str, drug: str, match_type: str) -> None:
    found = search_drugs(CATALOG, text)
    assert [(m.drug.id, m.match_type) for m in found] == [(drug, match_type)]


@pytest.mark.parametrize(
    "text",
    [
        "Nexavar (regorafenib) tablets",  # a brand and a generic that disagree
        "lapatinib 250 mg",  # absent drug, label words around it
        "aspirin 81 mg tablets",
        "sorafenib capecitabine tablets",  # a catalog name beside an unknown drug
        "200 mg tablets",  # label words alone name nothing
    ],
)
def test_label_text_never_answers_with_a_record_it_does_not_name(text: str) -> None:
    assert search_drugs(CATALOG, text) == []


def test_the_table_says_the_name_was_found_in_the_text() -> None:
    result = RUNNER.invoke(app, ["drug", "NEXAVAR (sorafenib) tablets, for oral use"])
    assert result.exit_code == 0
    assert "found in your text" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("typed", "drug"),
    [
        ("sorafenibe", "sorafenib"),
        ("lenvatinibe", "lenvatinib"),
        ("regorafenibx", "regorafenib"),
        ("keytrudax", "pembrolizumab"),
        ("cabometyxe", "cabozantinib"),
        ("avastinx", "bevacizumab"),
    ],
)
def test_a_letter_added_at_the_end_is_one_slip(typed: str, drug: str) -> None:
    found = search_drugs(CATALOG, typed)
    assert [m.drug.id for m in found] == [drug]
    assert found[0].how == "fuzzy"


def test_a_letter_added_at_the_start_is_not_a_slip() -> None:
    assert search_drugs(CATALOG, "lapatinib") == []  # apatinib is in the catalog; lapatinib is not


@pytest.mark.parametrize("text", ["C", "stage C", "BCLC-C", "stage IV", "T3", "stage c cancer"])
def test_stage_letters_and_numbers_get_the_stage_words_note(text: str) -> None:
    with pytest.raises(NotFound, match="the sources do not use stage names"):
        stage_match(CATALOG, text)
    result = RUNNER.invoke(app, ["stage", text])
    assert result.exit_code == 1


@pytest.mark.parametrize("text", ["tace procedure", "TACE treatment"])
def test_suggestions_rank_the_words_that_carry_meaning(text: str) -> None:
    assert suggest(names_of(CATALOG, "modalities"), text)[0] == "tace"


NAMES = sorted({e.text for es in names_of(CATALOG, "drugs").by_key.values() for e in es})
LABEL = st.lists(
    st.sampled_from(sorted(LABEL_WORDS)) | st.from_regex(r"\d{1,4} ?mg", fullmatch=True),
    max_size=5,
)


@SETTINGS
@given(st.sampled_from(NAMES), LABEL, LABEL)
def test_a_catalog_name_among_label_words_is_that_drug(
    name: str, before: list[str], after: list[str]
) -> None:
    text = " ".join([*before, name, *after])
    owners = {e.record_id for e in names_of(CATALOG, "drugs").exact(name)}
    found = search_drugs(CATALOG, text)
    assert {m.drug.id for m in found} <= owners or not found
    if len(text) <= 200 and len(owners) == 1:
        assert [m.drug.id for m in found][:1] == sorted(owners)


@SETTINGS
@given(st.text(max_size=120), st.booleans())
def test_random_text_gets_an_answer_or_a_clear_line(text: str, stdin: bool) -> None:
    args = ["drug", "--stdin"] if stdin else ["drug", "--", text]
    result = RUNNER.invoke(app, args, input=text if stdin else None)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1, 2)
    if result.exit_code != 0:
        assert "livertx:" in result.output or "Usage" in result.output


@SETTINGS
@given(
    st.lists(st.sampled_from(NAMES) | st.text(max_size=12), min_size=2, max_size=4),
    st.sampled_from([" + ", " and ", "/", " with "]),
)
def test_random_combinations_never_break(parts: list[str], joint: str) -> None:
    try:
        search_drugs(CATALOG, joint.join(parts))
        stage_match(CATALOG, joint.join(parts))
    except (NotFound, QueryError):
        pass
    result = RUNNER.invoke(app, ["drug", "--", joint.join(parts)])
    assert result.exit_code in (0, 1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_search_matches_whole_words_and_word_starts_not_letters_inside_words() -> None:
    from livertx.query import search_text

    assert search_text(CATALOG, "stage c") == []  # "c" is no longer found inside "localized"
    assert search_text(CATALOG, "sten")  # the start of "stent" still finds it
    result = RUNNER.invoke(app, ["search", "stage c"])
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("text", "regimen"),
    [
        ("Tecentriq + Avastin", "atezolizumab with bevacizumab"),
        ("atezolizumab and bevacizumab", "atezolizumab with bevacizumab"),
        ("lenvatinib/pembrolizumab", "lenvatinib with pembrolizumab"),
        ("atezolizumab with bevacizumab", "atezolizumab with bevacizumab"),
    ],
)
def test_a_combination_is_answered_with_its_regimen(text: str, regimen: str) -> None:
    found = search_drugs(CATALOG, text)
    assert len(found) == 2
    assert {m.matched_on for m in found} == {regimen}
    assert {m.match_type for m in found} == {"regimen-combination"}
    line = RUNNER.invoke(app, ["drug", "--stdin"], input=text + "\n").stdout.splitlines()[0]
    assert line.split("\t")[1] == regimen  # the regimen on its line, never a blank


def test_a_combination_the_catalog_lacks_is_not_answered() -> None:
    assert search_drugs(CATALOG, "durvalumab with bevacizumab") == []


# -- names of different drugs in one text (issue 28, item 3) --------------------------------


def _json(args: list[str]) -> dict[str, object]:
    import json

    result = RUNNER.invoke(app, [*args, "--json"])
    doc: dict[str, object] = json.loads(result.stdout)
    return doc


@pytest.mark.parametrize(
    "text",
    [
        "atezolizumab and sorafenib",
        "Tecentriq + Nexavar",
        "sorafenib/atezolizumab",
        "atezolizumab 1200 mg with sorafenib 400 mg tablets",
        "atezolizumab and sorafinib",  # a slip in a part is forgiven as in a name
    ],
)
def test_drugs_no_regimen_joins_are_each_shown_and_the_missing_combination_said(text: str) -> None:
    result = RUNNER.invoke(app, ["drug", text])
    assert result.exit_code == 0
    words = " ".join(result.output.split())
    assert "not in the catalog" not in words
    assert "the catalog lists no combination of these drugs; each is shown on its own" in words
    assert "atezolizumab (drug)" in words and "sorafenib (drug)" in words
    # the runner's output is no terminal: that is the plain table; the handout says it too
    handout = RUNNER.invoke(app, ["drug", text, "--format", "markdown"])
    assert "the catalog lists no combination" in " ".join(handout.stdout.split())
    doc = _json(["drug", text])
    combination = doc["combination"]
    assert isinstance(combination, dict)
    assert (combination["regimen"], combination["name"], combination["listed"]) == (
        None,
        None,
        False,
    )
    assert sorted(combination["drugs"]) == ["atezolizumab", "sorafenib"]  # in the text's order
    matches = doc["matches"]
    assert isinstance(matches, list)
    assert [m["match_type"].split("-", 1)[1] for m in matches] == ["unlisted-combination"] * 2
    assert [m["matched_regimen"] for m in matches] == [None, None]


def test_drug_stdin_shows_each_drug_of_a_combination_the_catalog_lacks() -> None:
    import json

    text = "atezolizumab and sorafenib\n"
    line = RUNNER.invoke(app, ["drug", "--stdin"], input=text)
    assert line.exit_code == 0
    assert line.stdout.split("\t")[1:] == [
        "atezolizumab + sorafenib",
        "100",
        "unlisted-combination\n",
    ]
    doc = json.loads(RUNNER.invoke(app, ["drug", "--stdin", "--json"], input=text).stdout)
    assert doc["combination"]["listed"] is False
    assert [m["name"] for m in doc["matches"]] == ["atezolizumab", "sorafenib"]


@pytest.mark.parametrize(
    ("text", "regimen"),
    [
        ("Tecentriq + Avastin", "atezolizumab-bevacizumab"),
        (
            "Tecentriq (atezolizumab) and Avastin (bevacizumab) injection",
            "atezolizumab-bevacizumab",
        ),
        ("Lenvima 12 mg capsules with Keytruda", "lenvatinib-pembrolizumab"),
    ],
)
def test_a_combination_answer_names_its_regimen_in_the_json(text: str, regimen: str) -> None:
    import json

    doc = _json(["drug", text])
    assert doc["combination"] == {
        "regimen": regimen,
        "name": CATALOG.regimen_by_id[regimen].name,
        "listed": True,
        "drugs": [c.id for c in CATALOG.regimen_by_id[regimen].components],
    }
    assert {m["matched_regimen"] for m in doc["matches"]} == {regimen}  # type: ignore[union-attr]
    line = RUNNER.invoke(app, ["drug", "--stdin", "--json"], input=text + "\n").stdout
    assert {m["matched_regimen"] for m in json.loads(line)["matches"]} == {regimen}


def test_a_drug_beside_a_word_the_catalog_lacks_says_what_it_found_and_answers_nothing() -> None:
    result = RUNNER.invoke(app, ["drug", "sorafenib capecitabine tablets"])
    assert result.exit_code == 1
    words = " ".join(result.output.split())
    assert "not in the catalog" not in words
    assert "found sorafenib in 'sorafenib capecitabine tablets'" in words
    assert "'capecitabine' names nothing the catalog has" in words
    assert "sorafenib (drug)" not in words  # the absent name is never answered with a record
    line = RUNNER.invoke(app, ["drug", "--stdin"], input="sorafenib capecitabine tablets\n")
    assert line.exit_code == 1 and line.stdout.split("\t")[1:] == ["", "", "\n"]


def test_a_modality_beside_a_drug_is_said_to_be_no_drug() -> None:
    result = RUNNER.invoke(app, ["drug", "TACE and sorafenib"])
    assert result.exit_code == 1
    assert "'tace' is not a drug (it is a modality: `livertx explain tace`)" in " ".join(
        result.output.split()
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Nexavar (regorafenib) tablets", "the name in brackets is not the same drug"),
        ("sorafenib or lenvatinib", "`livertx compare sorafenib lenvatinib`"),
        ("sorafenib vs lenvatinib", "as alternatives"),
    ],
)
def test_names_that_disagree_or_are_alternatives_are_an_ambiguity(text: str, words: str) -> None:
    result = RUNNER.invoke(app, ["drug", text])
    assert result.exit_code == 2
    assert words in " ".join(result.output.split())
    with pytest.raises(QueryError) as raised:
        find_drugs(CATALOG, text)
    assert len(raised.value.candidates) == 2


# -- search (item 5) ---------------------------------------------------------------------


def test_search_forgives_one_slip_in_a_long_word_and_says_the_results_are_approximate() -> None:
    result = RUNNER.invoke(app, ["search", "sorafinib"])
    assert result.exit_code == 0
    words = " ".join(result.output.split())
    assert "Approximate: 'sorafinib' is in no catalog text" in words and "'sorafenib'" in words
    doc = _json(["search", "sorafinib"])
    results = doc["results"]
    assert isinstance(results, list) and results
    assert all(r["approximate"] for r in results)
    assert doc["slipped"] == {"sorafinib": ["sorafenib"]}
    exact = _json(["search", "sorafenib"])
    assert exact["slipped"] == {} and not any(r["approximate"] for r in exact["results"])  # type: ignore[union-attr]


def test_search_forgives_no_slip_in_a_short_word() -> None:
    assert search_text(CATALOG, "stant") == []  # five letters: not stent


def test_search_matches_words_and_their_starts_never_letters_inside_words() -> None:
    assert search_text(CATALOG, "rafenib") == []  # inside sorafenib, regorafenib
    assert search_text(CATALOG, "fenib") == []
    assert {h.id for h in search_text(CATALOG, "soraf")} >= {"sorafenib"}


def test_a_search_that_finds_nothing_names_what_comes_close() -> None:
    result = RUNNER.invoke(app, ["search", "sorafanob"])
    assert result.exit_code == 1
    assert "names that come close (suggestions, not results): sorafenib" in " ".join(
        result.output.split()
    )
    assert _json(["search", "sorafanob"])["close_names"] == ["sorafenib"]


# -- properties: never a traceback, documented exit codes, no absent name answered -----------

ABSENT_WORDS = [
    "capecitabine",
    "aspirin",
    "Xeloda",
    "tislelizumab",
    "lapatinib",
    "Y-90",
    "5-FU",
    "TAC",
]
JOINTS = [" + ", " and ", "/", " with ", ", ", " plus "]


@SETTINGS
@given(
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=3),
    st.sampled_from(ABSENT_WORDS),
    st.sampled_from(JOINTS),
    LABEL,
    st.integers(min_value=0, max_value=3),
)
def test_an_absent_name_in_a_combination_is_never_answered(
    names: list[str], absent: str, joint: str, label: list[str], where: int
) -> None:
    parts = [*names]
    parts.insert(min(where, len(parts)), absent)
    text = joint.join(parts) + (" " + " ".join(label) if label else "")
    result = RUNNER.invoke(app, ["drug", "--", text])
    assert result.exit_code in (1, 2)  # never an answer: some word names nothing the catalog has
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "livertx:" in result.output
    line = RUNNER.invoke(app, ["drug", "--stdin"], input=text + "\n")
    assert line.exit_code == 1 and line.stdout.split("\t")[1] == ""


@SETTINGS
@given(
    st.lists(st.sampled_from(NAMES), min_size=2, max_size=3),
    st.sampled_from(JOINTS),
    LABEL,
)
def test_random_combinations_answer_only_the_drugs_they_name(
    names: list[str], joint: str, label: list[str]
) -> None:
    text = joint.join(names) + (" " + " ".join(label) if label else "")
    owners = {e.record_id for n in names for e in names_of(CATALOG, "drugs").exact(n)}
    try:
        found = find_drugs(CATALOG, text, limit=100)
    except (NotFound, QueryError):
        return
    ids = {m.drug.id for m in found}
    if all(m.how == "combination" for m in found) and len(owners) > 1:
        regimen = CATALOG.regimen_by_id[found[0].regimen_id or ""]
        assert {c.id for c in regimen.components} == owners  # the regimen of just those drugs
    else:
        assert ids <= owners


@SETTINGS
@given(st.text(max_size=80), st.sampled_from(["search", "drug"]))
def test_random_text_in_search_and_drug_never_breaks(text: str, command: str) -> None:
    result = RUNNER.invoke(app, [command, "--", text])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1, 2)


def test_the_drug_stdin_examples_of_names_md_print_what_they_show() -> None:
    """The `printf ... | livertx drug --stdin` examples of docs/names.md, which the examples
    runner (tests/readme_examples.py) does not run, show what livertx prints."""
    import subprocess
    import sys

    lines = (ROOT / "docs" / "names.md").read_text(encoding="utf-8").split("\n")
    checked = 0
    for i, line in enumerate(lines):
        if not (
            line.startswith("$ printf") and "livertx drug --stdin" in "".join(lines[i : i + 2])
        ):
            continue
        command, j = line[2:], i + 1
        while command.endswith("\\"):
            command, j = command[:-1] + lines[j].strip(), j + 1
        shown = []
        while not lines[j].startswith("```"):
            shown.append(lines[j])
            j += 1
        run = command.replace("| livertx ", f"| {sys.executable} -m livertx --as-of 2026-11-23 ")
        proc = subprocess.run(["bash", "-c", run], capture_output=True, text=True, timeout=60)
        printed = proc.stdout.splitlines() + [
            e for e in proc.stderr.splitlines() if e.startswith("livertx:")
        ]
        assert printed == shown, command
        checked += 1
    assert checked == 2


def test_every_absent_name_beside_a_catalog_drug_is_left_unanswered() -> None:
    """Each name of the lookup test set that the catalog lacks, pasted beside a catalog drug in
    the ways people do, never gets an answer (a letter or a number of it is no strength)."""
    from .lookup_cases import ABSENT, UNRELATED

    for absent in [*ABSENT, *UNRELATED]:
        if absent == "durvalumab with bevacizumab":  # two catalog drugs: shown each on its own
            continue
        for text in (
            f"{absent} and sorafenib",
            f"sorafenib + {absent}",
            f"{absent} 200 mg tablets",
            f"Nexavar ({absent})",
            f"{absent} with Keytruda 200 mg",
        ):
            with pytest.raises((NotFound, QueryError)):
                find_drugs(CATALOG, text)


@pytest.mark.parametrize("text", ["SHR-1210 g", "shr-1210 200 mg", "SHR-1210 tablets"])
def test_a_code_names_number_is_no_strength(text: str) -> None:
    # hypothesis found "SHR-1210 g" read as the strength "1210 g" and "SHR", which names nothing
    assert [m.drug.id for m in search_drugs(CATALOG, text)][:1] == ["camrelizumab"]
    assert "camrelizumab" in RUNNER.invoke(app, ["drug", "--", text]).stdout
