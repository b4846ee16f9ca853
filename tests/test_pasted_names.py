"""Names as people paste them: label and prescription text, slips at the end of a name, stage
letters, and suggestions that look past filler words."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from livertx.catalog.load import load_catalog
from livertx.cli import app
from livertx.query import NotFound, QueryError, search_drugs, stage_match, suggest
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
