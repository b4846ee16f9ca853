"""Name lookup never gives a confident wrong answer: a name the catalog lacks is said to be missing,
one slip in a catalog name still finds it, and every answer says how it matched."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from livertx.catalog.index import NAME_KINDS, name_key, names_of
from livertx.catalog.model import Catalog

from .conftest import invoke
from .lookup_cases import ABSENT, UNRELATED, Case, _answer, evaluate, grade, slips

KINDS = [k for k in NAME_KINDS if k != "regimens"]


def test_no_wrong_answer_and_99_percent_of_typos_found(catalog: Catalog) -> None:
    typos, short, absent, unrelated = evaluate(catalog)
    assert typos.wrong == [] and absent.wrong == [] and unrelated.wrong == []
    assert typos.total > 10_000 and typos.share("right") >= 0.99
    # four letters or fewer are matched exactly only: a slip there is never guessed
    assert short.total > 500 and short.share("unanswered") == 1.0
    assert absent.share("unanswered") == unrelated.share("unanswered") == 1.0


def test_the_absent_names_really_are_absent(catalog: Catalog) -> None:
    # Keeps the test set honest: a name added to the catalog must leave the list.
    for name in ABSENT + UNRELATED:
        for kind in NAME_KINDS:
            assert name_key(name) not in names_of(catalog, kind).by_key, (name, kind)


def test_slips_are_the_four_kinds_of_slip() -> None:
    assert {"sorfenib", "soraafenib", "osrafenib", "aorafenib"} <= slips("sorafenib")
    assert "sorafenib" not in slips("sorafenib") and "xyz" not in slips("sorafenib")


@st.composite
def slipped_name(draw: st.DrawFn, catalog: Catalog) -> Case:
    kind = draw(st.sampled_from(KINDS))
    table = names_of(catalog, kind)
    key = draw(st.sampled_from(sorted(table.by_key)))
    typed = draw(st.sampled_from(sorted(slips(key))))
    return Case(kind, typed, table.by_key[key][0].record_id)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_single_slip_gives_that_record_or_an_ambiguity_never_another(
    catalog: Catalog, data: st.DataObject
) -> None:
    case = data.draw(slipped_name(catalog))
    taken = names_of(catalog, case.kind).by_key.get(name_key(case.query), [])
    if any(e.record_id != case.meant for e in taken):
        return  # the slip spells another record's own name: a different, valid query
    assert grade(catalog, case) != "wrong", (case, _answer(catalog, case.kind, case.query))


@pytest.mark.parametrize(
    "args, missing",
    [(["drug", "tislelizumab"], "drug 'tislelizumab'"), (["drug", "donafenib"], "drug 'donafenib'"),
     (["drug", "imatinib"], "drug 'imatinib'"), (["drug", "sintilimab"], "drug 'sintilimab'"),
     (["explain", "sirt"], "modality 'sirt'"), (["explain", "bone marrow transplant"], "modality 'bone marrow transplant'"),
     (["explain", "Sutent"], "modality 'Sutent'"),
     # generic words for a family of treatments or for something else, not names of the one
     # narrower record the catalog has (a clinic's product, a situation, one kind of seed)
     (["explain", "cell therapy"], "modality 'cell therapy'"),
     (["explain", "immune cell therapy"], "modality 'immune cell therapy'"),
     (["explain", "immune reconstitution"], "modality 'immune reconstitution'"),
     (["explain", "brachytherapy"], "modality 'brachytherapy'"),
     (["explain", "chemical ablation"], "modality 'chemical ablation'"),
     (["explain", "perfusion chemotherapy"], "modality 'perfusion chemotherapy'"),
     (["explain", "monitoring"], "modality 'monitoring'"),
     (["stage", "adjuvant"], "stage or situation 'adjuvant'"),
     (["stage", "obstruction"], "stage or situation 'obstruction'")],
)  # fmt: skip
def test_a_name_the_catalog_lacks_is_not_answered_with_another(
    runner: CliRunner, args: list[str], missing: str
) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{missing} is not in the catalog" in result.stderr
    error = json.loads(invoke(runner, *args, "--json").stdout)["error"]
    assert error["exit_code"] == 1 and missing.split(" ", 1)[1].strip("'") in error["message"]


def test_suggestions_are_labelled_as_suggestions(runner: CliRunner) -> None:
    result = invoke(runner, "drug", "donafenib")
    assert "Similar names in the catalog (suggestions, not matches): sorafenib." in result.stderr
    assert json.loads(invoke(runner, "drug", "donafenib", "--json").stdout)["error"][
        "candidates"
    ] == ["sorafenib"]


def test_three_letters_one_short_of_a_name_are_not_taken_for_it(runner: CliRunner) -> None:
    # "tac" is TACE with a letter dropped, and TAE with a letter replaced: no guess, both offered.
    result = invoke(runner, "explain", "tac")
    assert result.exit_code == 1 and result.stdout == ""
    assert "modality 'tac' is not in the catalog" in result.stderr
    assert "(suggestions, not matches): tace, transarterial-embolization." in result.stderr


@pytest.mark.parametrize(
    "typed, expected",
    [("radiofrequncy ablation", "radiofrequency-ablation"), ("stereotacttic body radiation therapy", "sbrt"),
     ("transarteial embolization", "transarterial-embolization"), ("electroporaton", "electroporation-therapy"), ("cryoabaltion", "cryoablation")],
)  # fmt: skip
def test_one_slip_in_a_long_name_lands_on_it_and_says_so(
    runner: CliRunner, typed: str, expected: str
) -> None:
    result = invoke(runner, "explain", typed, "--json")
    doc = json.loads(result.stdout)
    assert result.exit_code == 0 and doc["modality"]["id"] == expected
    assert (
        doc["match"]["matched_by"] == "fuzzy"
        and doc["match"]["query"] == typed
        and doc["match"]["score"] <= 89
    )
    table = invoke(runner, "explain", typed).stdout
    assert table.startswith(
        f"Showing {doc['modality']['name']} for {typed!r} (one slip from its name"
    )


def test_a_word_several_names_share_lists_them_and_exits_2(runner: CliRunner) -> None:
    result = invoke(runner, "explain", "hepatectomy")
    assert (
        result.exit_code == 2
        and "partial-hepatectomy" in result.stderr
        and "total-hepatectomy" in result.stderr
    )


@pytest.mark.parametrize(
    "typed",
    [
        "stage 4",
        "Stage IV",
        "IIIA",
        "BCLC C",
        "bclc-b",
        "T2N0M0",
        "end-stage",
        "terminal",
        "stage two",
        "stage 4 liver cancer",
        "BCLC stage B disease",
    ],
)
def test_stages_from_other_systems_are_never_mapped(runner: CliRunner, typed: str) -> None:
    result = invoke(runner, "stage", typed)
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        "they describe localized, locally advanced, metastatic and recurrent cancer"
        in result.stderr
    )
    assert "Localized: " in result.stderr  # each stage with its definition
    error = json.loads(invoke(runner, "stage", typed, "--json").stdout)["error"]
    assert error["candidates"] == [] and len(error["notes"]) == 4


@pytest.mark.parametrize(
    "args, hint",
    [(["explain", "keytruda"], "it is a drug: try `livertx drug Keytruda`"),
     (["drug", "tace"], "it is a modality: try `livertx explain tace`"),
     (["explain", "metastatic"], "it is a stage or situation: try `livertx stage metastatic`"),
     (["stage", "nexavar"], "it is a drug: try `livertx drug Nexavar`"),
     (["explain", "nivolumab with ipilimumab"], "it is a combination (nivolumab with ipilimumab): try `livertx drug nivolumab`"),
     (["stage", "atezo-bev"], "it is a combination (atezolizumab with bevacizumab): try `livertx drug atezolizumab`")],
)  # fmt: skip
def test_a_name_of_another_kind_points_to_its_command(
    runner: CliRunner, args: list[str], hint: str
) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 1 and hint in result.stderr


def test_a_slip_that_names_another_kind_is_pointed_to_but_not_called_that_name(
    runner: CliRunner,
) -> None:
    result = invoke(runner, "explain", "sorafinib")
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        "'sorafinib' is not a modality; a drug has a name one slip from it: "
        "try `livertx drug sorafenib`" in result.stderr
    )
    assert "it is a drug" not in result.stderr


def test_a_name_without_a_command_points_to_one() -> None:
    # The hint comes before Typer parses the arguments, so only a real process shows it; the
    # root's options that take a value (in either form) are skipped, --color among them.
    for before, name, hint in (
        ([], "tace", "livertx explain tace"),
        (["--color", "never"], "Keytruda", "livertx drug Keytruda"),
        (["--as-of=2026-11-23"], "tace", "livertx explain tace"),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "livertx", *before, name],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (
            proc.returncode == 2
            and f"'{name}' is not a command" in proc.stderr
            and hint in proc.stderr
        )
    proc = subprocess.run(
        [sys.executable, "-m", "livertx", "no-such-thing"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "No such command" in proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "livertx", "tace", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    error = json.loads(proc.stdout)["error"]
    assert proc.returncode == 2 and error["exit_code"] == 2 and error["candidates"] == ["tace"]


@pytest.mark.parametrize(
    "typed", ["Nexavar®", "NEXAVAR™", "“Nexavar”", "nexavar.", "  Nexavar  ", "Nexávar!"]
)
def test_pasted_names_match_exactly(runner: CliRunner, typed: str) -> None:
    doc = json.loads(invoke(runner, "drug", typed, "--json").stdout)
    best = doc["matches"][0]
    assert best["name"] == "sorafenib" and best["score"] == 100 and best["matched_by"] == "alias"
    assert best["match_type"] == "brand-exact"


def test_batch_gives_a_name_the_catalog_lacks_an_empty_answer(runner: CliRunner) -> None:
    result = invoke(runner, "drug", "--stdin", "--json", input="tislelizumab\nsorafinib\n")
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["matches"] == [] and second["matches"][0]["matched_by"] == "fuzzy"
    assert result.exit_code == 1


def test_a_group_of_modalities_is_offered_whole_not_one_of_it(runner: CliRunner) -> None:
    # "surgery" used to suggest palliative surgery alone, the one operation that does not aim
    # to remove the cancer
    result = invoke(runner, "explain", "surgery")
    assert result.exit_code == 2 and result.stdout == ""
    assert "'surgery' names a group of modalities, not one" in result.stderr
    assert "`livertx explain --kind surgery` lists them" in result.stderr
    error = json.loads(invoke(runner, "explain", "surgery", "--json").stdout)["error"]
    assert error["candidates"] == [
        "partial-hepatectomy", "total-hepatectomy", "liver-transplant", "palliative-surgery"
    ]  # fmt: skip


@pytest.mark.parametrize(
    "typed", ["pembrolizumab-lenvatinib", "Lenvima Keytruda", "keytruda + lenvima"]
)
def test_a_combination_is_found_by_its_drugs_in_either_order(runner: CliRunner, typed: str) -> None:
    result = invoke(runner, "drug", typed)
    assert result.exit_code == 0  # drug answers the combination with the regimen's drugs
    assert "(the drugs of a combination the catalog lists)" in result.stdout
    assert "lenvatinib with pembrolizumab" in result.stdout
    assert (
        "it is a combination (lenvatinib with pembrolizumab)"
        in invoke(runner, "explain", typed).stderr
    )
    compared = invoke(runner, "compare", typed, "sorafenib")
    assert compared.exit_code == 2
    # the other names stay in the command it suggests
    assert "compare what it combines: `livertx compare lenvatinib pembrolizumab sorafenib`" in (
        compared.stderr
    )


def test_two_drugs_that_no_combination_joins_are_each_shown_never_not_in_the_catalog(
    runner: CliRunner,
) -> None:
    # Issue 28: both drugs are in the catalog, so "not in the catalog" would be false; the answer
    # says the catalog lists no such combination and shows each drug on its own.
    result = invoke(runner, "drug", "sorafenib lenvatinib")
    assert result.exit_code == 0 and "not in the catalog" not in result.output
    assert "the catalog lists no combination of these drugs" in " ".join(result.stdout.split())
    assert "sorafenib (drug)" in result.stdout and "lenvatinib (drug)" in result.stdout


@pytest.mark.parametrize(
    "typed",
    [
        "liver metastases",
        "colorectal liver metastases",
        "liver mets",
        "spread to liver",
        "metastases in the liver",
    ],
)
def test_cancer_spread_to_the_liver_is_never_offered_the_metastatic_stage(
    runner: CliRunner, typed: str
) -> None:
    # "liver metastases" used to suggest `metastatic`: the documents' metastatic stage is liver
    # cancer that has spread, not another cancer that has spread to the liver
    result = invoke(runner, "stage", typed)
    assert result.exit_code == 1 and "is not in the catalog" in result.stderr
    assert "Cancer that began elsewhere and spread to the liver" in result.stderr
    error = json.loads(invoke(runner, "stage", typed, "--json").stdout)["error"]
    assert error["candidates"] == [] and "metastatic" not in result.stderr.split("\n")[0]


def test_a_liver_disease_that_is_not_cancer_gets_no_stage(runner: CliRunner) -> None:
    result = invoke(runner, "stage", "advanced liver disease")
    assert result.exit_code == 1 and "Did you mean" not in result.stderr
    assert "(suggestions, not matches)" not in result.stderr
    assert "are not stages of liver cancer" in result.stderr
    # the documents' own phrase for primary liver cancer that has spread is still the stage
    assert invoke(runner, "stage", "metastatic liver cancer").exit_code == 0


@pytest.mark.parametrize(
    "typed", ["liver cancer that has spread", "spread beyond the liver", "liver cancer metastasis"]
)
def test_liver_cancer_that_has_spread_is_pointed_to_the_metastatic_stage(
    runner: CliRunner, typed: str
) -> None:
    # these were told "Cancer that began elsewhere ... is not what the documents describe"
    result = invoke(runner, "stage", typed)
    assert result.exit_code == 1 and "began elsewhere" not in result.stderr
    assert "is what the documents call metastatic: `livertx stage metastatic`" in result.stderr


def test_another_cancer_is_offered_no_liver_cancer_stage(runner: CliRunner) -> None:
    error = json.loads(invoke(runner, "stage", "metastatic breast cancer", "--json").stdout)
    assert error["error"]["candidates"] == []
    assert any("primary liver cancer" in note for note in error["error"]["notes"])
    for name in ("hepatocellular carcinoma", "hepatoma"):  # "HCC" already named no stage
        result = invoke(runner, "stage", name)
        assert result.exit_code == 2 and "names no stage" in result.stderr


def test_a_group_of_one_stays_not_found_but_names_the_listing(runner: CliRunner) -> None:
    result = invoke(runner, "explain", "monitoring")
    assert result.exit_code == 1 and "is not in the catalog" in result.stderr
    assert "`livertx explain --kind monitoring` lists it." in result.stderr
