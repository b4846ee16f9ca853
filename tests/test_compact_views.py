"""The compact default of explain, drug and compare (issue 26): every source, status and caveat
of the JSON answer on one screen, a status that names its stage and source, --detail for the full
view, and no word cut in half at 60 columns."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from typer.testing import CliRunner

from livertx.answers.drug import drug_answer
from livertx.answers.modality import explain_answer
from livertx.catalog.model import Catalog, Status
from livertx.query import find_drugs

from .conftest import AS_OF, invoke

EXPLAINED = ("tace", "targeted-therapy", "immunotherapy", "rfa", "surveillance", "liver-transplant")
DRUGS = ("nexavar", "atezolizumab", "bevacizumab", "pembrolizumab", "cabo")
COMPARED = (("tace", "rfa"), ("sorafenib", "lenvatinib"), ("tace", "sorafenib"))
LABELS = {s.value: s.label for s in Status}


def shown(runner: CliRunner, *args: str, columns: int = 100) -> str:
    result = invoke(runner, *args, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def flat(text: str) -> str:
    """The text as one line: what a reader reads, however it was wrapped."""
    return " ".join(re.sub(r"-\n", "-", text).split())


def document(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = invoke(runner, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def short(catalog: Catalog, source_id: str) -> str:
    return catalog.source_by_id[source_id].short_name or source_id


def assert_sources_and_caveats(catalog: Catalog, out: str, record: dict[str, Any]) -> None:
    text = flat(out)
    for source in record["sources"]:
        assert f"{short(catalog, source['id'])}: tier {source['tier_rank']}" in out, source["id"]
    for caveat in record["caveats"]:
        summary = caveat["summary"] if isinstance(caveat, dict) else caveat
        if isinstance(caveat, dict):
            assert summary in text, caveat["id"]
    assert "advanced-cure-article" not in out  # sources by name, ids only in --detail


@pytest.mark.parametrize("name", EXPLAINED)
def test_explain_shows_every_source_status_and_caveat_of_its_answer(
    runner: CliRunner, catalog: Catalog, name: str
) -> None:
    out = shown(runner, "explain", name)
    text = flat(out)
    m = document(runner, "explain", name)["modality"]
    for option in m["stage_options"]:
        for source in option["sources"]:
            said = f"{short(catalog, source['id'])} {LABELS[option['status']]}"
            assert said in text, (option["entry_id"], said)
    for statuses in (m["drug_statuses"], m["regimen_statuses"]):
        for member, said_of in statuses.items():
            for s in said_of:
                assert f"{short(catalog, s['source'])} {LABELS[s['status']]}" in text, member
    for claim in m["statuses"]:
        assert LABELS[claim["status"]] in text
        for source in claim["sources"]:
            assert short(catalog, source["id"]) in text
    assert_sources_and_caveats(catalog, out, m)
    assert m["summary"] in text


@pytest.mark.parametrize("query", DRUGS)
def test_drug_shows_every_source_status_and_caveat_of_its_answer(
    runner: CliRunner, catalog: Catalog, query: str
) -> None:
    out = shown(runner, "drug", query)
    text = flat(out)
    doc = document(runner, "drug", query)
    for match in doc["matches"]:
        assert f"{match['name']} (drug)" in text
        for s in match["statuses"]:
            assert f"{short(catalog, s['source'])} {LABELS[s['status']]}" in text
        for regimen, said_of in match["regimen_statuses"].items():
            for s in said_of:
                assert f"{short(catalog, s['source'])} {LABELS[s['status']]}" in text, regimen
        for source in match["sources"]:
            assert f"{short(catalog, source['id'])}: tier" in out
    for caveat in doc["caveats"]:
        assert caveat["summary"] in text, caveat["id"]


@pytest.mark.parametrize("names", COMPARED)
def test_compare_shows_every_source_status_and_caveat_of_its_answer(
    runner: CliRunner, catalog: Catalog, names: tuple[str, str]
) -> None:
    out = shown(runner, "compare", *names)
    text = flat(out)
    for item in document(runner, "compare", *names)["items"]:
        record = item[item["kind"]]
        statuses = [*record["statuses"]] if item["kind"] == "drug" else []
        for s in statuses:
            assert f"{short(catalog, s['source'])} {LABELS[s['status']]}" in text
        for option in record.get("stage_options", []):
            for source in option["sources"]:
                assert f"{short(catalog, source['id'])} {LABELS[option['status']]}" in text
        for source in record["sources"]:
            assert f"{short(catalog, source['id'])}: tier" in out, source["id"]
        for caveat in record["caveats"]:
            if isinstance(caveat, dict):
                assert caveat["summary"] in text, caveat["id"]
        assert f"{record['name']} (" in text


def test_explain_opens_with_what_it_is_and_a_status_naming_stage_and_source(
    runner: CliRunner,
) -> None:
    lines = shown(runner, "explain", "tace").splitlines()
    assert lines[0] == "Transarterial chemoembolization (interventional)"
    status = flat("\n".join(lines)).split("Status: ", 1)[1]
    # each stage keeps the limit NCI gives it there (issue 27, C18)
    assert status.startswith(
        "standard for locally advanced cancer (NCI: locally advanced only, not metastatic); "
        "standard for recurrent cancer (NCI: palliative: to ease symptoms);"
    )
    assert not any(re.fullmatch(r"Status: [a-z ]+", line) for line in lines)


def test_a_headline_status_never_drops_the_limit_of_one_of_its_stages(runner: CliRunner) -> None:
    # C18: sorafenib read "standard for advanced and recurrent cancer (NCI)", although NCI names
    # it for recurrence only in one palliative item
    status = flat(shown(runner, "drug", "sorafenib")).split("Status: ", 1)[1]
    assert status.startswith(
        "standard for advanced cancer (NCI: targeted therapy); standard for recurrent cancer "
        "(NCI: palliative: to ease symptoms)"
    )
    classwide = flat(shown(runner, "explain", "targeted-therapy")).split("Status: ", 1)[1]
    assert "standard for recurrent cancer (NCI: palliative: to ease symptoms)" in classwide


def test_a_status_is_built_from_the_listings_in_the_answer(catalog: Catalog) -> None:
    date = dt.date.fromisoformat(AS_OF)
    # a class that sources list only through its drugs and combinations says so
    immuno = explain_answer(catalog, "immunotherapy", date).compact
    assert immuno is not None
    assert immuno.things[0].status.startswith("listed through its drugs and combinations: ")
    # a drug on no list by itself never takes a combination's status as its own
    atezo = drug_answer(catalog, "atezolizumab", find_drugs(catalog, "atezolizumab"), date)
    assert atezo.compact is not None
    assert atezo.compact.things[0].status.startswith("listed only within combinations: standard")
    # the one limit the most trusted source gives stands with the status
    bev = drug_answer(catalog, "bevacizumab", find_drugs(catalog, "bevacizumab"), date).compact
    assert bev is not None
    assert "(NCI: with atezolizumab; alone not said" in bev.things[0].status


@pytest.mark.parametrize(
    ("args", "at_100", "at_80"),
    [
        (("explain", "tace"), 50, 60),
        (("compare", "tace", "rfa"), 50, 60),
        (("drug", "nexavar"), 35, 40),
    ],
)
def test_the_compact_answer_fits_a_screen(
    runner: CliRunner, args: tuple[str, ...], at_100: int, at_80: int
) -> None:
    assert shown(runner, *args, columns=100).count("\n") <= at_100
    assert shown(runner, *args, columns=80).count("\n") <= at_80
    detail = shown(runner, *args, "--detail", columns=100).count("\n")
    assert shown(runner, *args, columns=100).count("\n") * 2 < detail


@pytest.mark.parametrize(
    "args", [("explain", "tace"), ("compare", "tace", "rfa"), ("drug", "nexavar")]
)
def test_nothing_is_cut_mid_word_at_60_columns(runner: CliRunner, args: tuple[str, ...]) -> None:
    narrow = shown(runner, *args, columns=60)
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert flat(narrow).split() == flat(shown(runner, *args, columns=1000)).split()


@pytest.mark.parametrize(
    "args", [("explain", "tace"), ("compare", "tace", "rfa"), ("drug", "nexavar")]
)
def test_detail_gives_the_full_view_and_leaves_the_json_alone(
    runner: CliRunner, args: tuple[str, ...]
) -> None:
    full = shown(runner, *args, "--detail")
    assert "advanced-cure-article" in full or "nci §" in full  # ids and sections
    assert "nci §" not in shown(runner, *args)
    assert document(runner, *args) == document(runner, *args, "--detail")


def test_the_legend_is_at_most_two_lines(runner: CliRunner) -> None:
    for columns in (100, 80):
        last = shown(runner, "explain", "tace", columns=columns).splitlines()
        legend = [line for line in last if line.startswith("standard: ")]
        assert legend, last[-3:]
        assert len(last) - last.index(legend[0]) <= 2


def test_what_only_a_promotional_page_says_is_named_as_its_claim(runner: CliRunner) -> None:
    # "Who it is for (clinic): a single small tumour" read as radiofrequency ablation's
    # eligibility, though NCI lists it for localized cancer with no size (a nurse's read)
    out = flat(shown(runner, "compare", "tace", "rfa"))
    assert "Who it is for (clinic's claim): The clinic page names a single small tumour" in out
    assert "Who it is for (NCI): Locally advanced liver cancer." in out


def test_a_note_about_the_whole_stage_is_marked_on_its_head(runner: CliRunner) -> None:
    # "Sources use 'advanced' differently" stood in the notes with no row pointing to it
    out = shown(runner, "stage", "advanced")
    assert out.splitlines()[0].startswith("Options for advanced [1,2]: ")
    notes = flat(out[out.index("Notes ([n] above)") :])
    assert notes.startswith('Notes ([n] above) 1. Sources use "advanced" differently. 2. Clinic:')
    assert not re.search(
        r"\w \[[\d,]*\b[12]\b", out[: out.index("Notes ([n] above)")].split("\n", 1)[1]
    )
    handout = flat(shown(runner, "stage", "advanced", "--format", "markdown"))
    assert 'About the whole stage: Sources use "advanced" differently.' in handout
