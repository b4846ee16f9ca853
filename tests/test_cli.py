"""Every command through CliRunner: tables, JSON, listing forms and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from livertx import NOTICE

from .conftest import FIXTURES, invoke, invoke_json


# -- stage ---------------------------------------------------------------------------------
def test_stage_advanced_table_shows_options_sources_and_review(runner: CliRunner) -> None:
    result = invoke(runner, "stage", "advanced", "--detail")
    assert result.exit_code == 0
    out = result.stdout
    assert "Options for advanced: 33 treatments, 45 statements from 4 sources" in out
    assert "atezolizumab with bevacizumab (combination)" in out
    assert "nci · tier 1 authoritative · reviewed 2025-12-30, overdue" in out
    assert "Caveats and conflicting statements (13)" in out
    assert NOTICE in result.stderr and NOTICE not in out


def test_stage_lists_standard_options_from_the_most_trusted_source_first(runner: CliRunner) -> None:
    code, doc = invoke_json(runner, "stage", "advanced")
    assert code == 0
    first = doc["options"][0]
    assert first["status"] == "standard" and first["sources"][0]["id"] == "nci"
    ranks = [o["sources"][0]["tier_rank"] for o in doc["options"]]
    assert ranks == sorted(ranks)
    assert doc["options"][-1]["status"] == "promotional"


@pytest.mark.parametrize(
    "typed", ["Advanced", "ADVANCED", "late", "late-stage", "Late Stage", "advnced"]
)
def test_stage_accepts_ids_names_aliases_any_case_and_typos(runner: CliRunner, typed: str) -> None:
    code, doc = invoke_json(runner, "stage", typed)
    assert code == 0 and doc["stage"]["id"] == "advanced"


def test_locally_advanced_with_a_space_and_early_resolve(runner: CliRunner) -> None:
    assert invoke_json(runner, "stage", "locally advanced")[1]["stage"]["id"] == "locally-advanced"
    assert invoke_json(runner, "stage", "early")[1]["stage"]["id"] == "localized"


def test_advanced_covers_both_member_stages_and_metastatic_leaves_out_tace_only_for_locally_advanced(
    runner: CliRunner,
) -> None:
    advanced = {o["entry_id"] for o in invoke_json(runner, "stage", "advanced")[1]["options"]}
    local = {o["entry_id"] for o in invoke_json(runner, "stage", "locally-advanced")[1]["options"]}
    metastatic = {o["entry_id"] for o in invoke_json(runner, "stage", "metastatic")[1]["options"]}
    assert local <= advanced and metastatic <= advanced and advanced == local | metastatic
    assert "nci-advanced-tace" in local and "nci-advanced-tace" not in metastatic


def test_stage_option_ids_are_the_offered_records(runner: CliRunner) -> None:
    _, doc = invoke_json(runner, "stage", "recurrent")
    by_entry = {o["entry_id"]: o for o in doc["options"]}
    tace, sorafenib = by_entry["nci-recurrent-tace"], by_entry["nci-recurrent-sorafenib"]
    assert (tace["id"], tace["name"], tace["kind"]) == (
        "tace",
        "Transarterial chemoembolization",
        "modality",
    )
    assert (sorafenib["id"], sorafenib["name"], sorafenib["kind"]) == (
        "sorafenib",
        "sorafenib",
        "drug",
    )
    assert "palliative" in tace["qualifier"] and "palliative" in sorafenib["qualifier"]


def test_situation_lists_only_its_own_options(runner: CliRunner) -> None:
    code, doc = invoke_json(runner, "stage", "unresectable")
    assert code == 0 and doc["stage"]["kind"] == "situation"
    assert all("unresectable" in o["situations"] for o in doc["options"])


def test_stage_without_argument_lists_stages(runner: CliRunner) -> None:
    result = invoke(runner, "stage")
    assert result.exit_code == 0
    assert "locally-advanced (stage): Cancer that is more extensive" in " ".join(
        result.stdout.split()
    )
    assert "late-stage" not in result.stdout  # the other names: --detail
    detail = invoke(runner, "stage", "--detail")
    assert detail.exit_code == 0 and "late-stage" in detail.stdout
    code, doc = invoke_json(runner, "stage")
    assert code == 0 and {"localized", "advanced", "unresectable"} <= {
        s["id"] for s in doc["stages"]
    }


def test_the_list_of_stages_fits_one_screen_at_80_columns() -> None:
    import os
    import subprocess
    import sys

    shown = subprocess.run(
        [sys.executable, "-m", "livertx", "stage"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80", "LIVERTX_CACHE_DIR": "off"},
        timeout=60,
    ).stdout.splitlines()
    assert len(shown) <= 27, len(shown)
    assert all(len(line) <= 80 for line in shown)
    for stage in ("localized", "locally-advanced", "metastatic", "recurrent", "advanced"):
        assert any(line.startswith(f"{stage} (") for line in shown), stage


def test_unknown_stage_exits_2_and_names_the_closest(runner: CliRunner) -> None:
    result = invoke(runner, "stage", "metastasiss")
    assert result.exit_code == 0  # a typo close enough is answered
    result = invoke(runner, "stage", "metastasis to bone")
    assert result.exit_code == 1 and result.stdout == ""
    assert "'metastasis to bone' is not in the catalog" in result.stderr
    assert "(suggestions, not matches): metastatic." in result.stderr
    result = invoke(runner, "stage", "stage four")
    assert result.exit_code == 1 and "do not use stage names such as 'stage four'" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "typed, stage",
    [
        ("metastatic liver cancer", "metastatic"),
        ("Recurrent Liver Cancer", "recurrent"),
        ("locally advanced liver cancer", "locally-advanced"),
        ("localized primary liver cancer", "localized"),
        ("recurrent disease", "recurrent"),
        ("metastatic tumours", "metastatic"),
        ("advanced HCC", "advanced"),
        ("advanced hepatocellular carcinoma", "advanced"),
        ("metastatc liver cancer", "metastatic"),  # a slip, labelled as one
    ],
)
def test_a_stage_followed_by_liver_cancer_is_that_stage(
    runner: CliRunner, typed: str, stage: str
) -> None:
    code, doc = invoke_json(runner, "stage", typed)
    assert code == 0 and doc["stage"]["id"] == stage
    assert doc["match"]["query"] == typed


@pytest.mark.parametrize("typed", ["liver cancer", "cancer", "HCC", "primary liver cancer"])
def test_liver_cancer_alone_asks_for_a_stage(runner: CliRunner, typed: str) -> None:
    result = invoke(runner, "stage", typed)
    assert result.exit_code == 2 and result.stdout == ""
    assert "names no stage" in result.stderr
    assert "localized, locally-advanced, metastatic, recurrent" in result.stderr


@pytest.mark.parametrize("typed", ["metastatic breast cancer", "advanced prostate cancer"])
def test_a_stage_of_another_cancer_says_what_livertx_covers(runner: CliRunner, typed: str) -> None:
    result = invoke(runner, "stage", typed)
    assert result.exit_code == 1 and result.stdout == ""
    assert "not in the catalog" in result.stderr
    assert "about primary liver cancer" in result.stderr


@pytest.mark.parametrize(
    "typed",
    [
        "liver cancer",
        "aspirin cancer",
        "stage 4 liver cancer",
        "advanced liver disease",  # chronic liver disease (cirrhosis), not a cancer stage
        "metastatic breast cancer",
        "advanced prostate cancer",
    ],
)
def test_liver_cancer_alone_or_after_a_non_stage_is_not_a_stage(
    runner: CliRunner, typed: str
) -> None:
    result = invoke(runner, "stage", typed)
    assert result.exit_code in (1, 2) and result.stdout == ""
    assert repr(typed) in result.stderr  # the message is about what was typed


# -- explain -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed, expected",
    [("tace", "tace"), ("TACE", "tace"), ("RFA", "radiofrequency-ablation"), ("SBRT", "sbrt"),
     ("cryotherapy", "cryoablation"), ("argon-helium knife", "cryoablation"), ("chemoembolisaton", "tace"),
     ("microwave therapy", "microwave-ablation"), ("immune reconstitution program", "immune-reconstitution-cell-therapy")],
)  # fmt: skip
def test_explain_finds_names_aliases_abbreviations_and_typos(
    runner: CliRunner, typed: str, expected: str
) -> None:
    code, doc = invoke_json(runner, "explain", typed)
    assert code == 0 and doc["modality"]["id"] == expected


def test_explain_table_shows_everything_about_a_modality(runner: CliRunner) -> None:
    result = invoke(runner, "explain", "tace", "--detail")
    out = result.stdout
    assert result.exit_code == 0
    for heading in (
        "How it works",
        "Who it is for",
        "Where sources list it",
        "Caveats and conflicting statements",
        "Sources",
    ):
        assert heading in out
    assert (
        "Status: standard" in out
        and "Curator's note: Reading: NCI puts TACE and sorafenib in" in out
    )


def test_explain_json_carries_all_fields_and_sources(runner: CliRunner) -> None:
    _, doc = invoke_json(runner, "explain", "targeted therapy")
    m = doc["modality"]
    assert m["status"] == "standard" and m["status_source"] == "nci"
    assert "sorafenib" in m["drugs"] and "atezolizumab-bevacizumab" in m["regimens"]
    assert "advanced" in m["stages"]
    assert {c["id"] for c in m["caveats"]} >= {"targeted-genetic-testing"}
    assert all(s["section"] for s in m["sources"])


def test_explain_promotional_therapy_is_labelled(runner: CliRunner) -> None:
    result = invoke(runner, "explain", "immune reconstitution cell therapy")
    assert "promotional claim" in result.stdout


def test_ambiguous_modality_lists_candidates_and_exits_2(runner: CliRunner) -> None:
    result = invoke(runner, "explain", "hepatectomy")
    assert result.exit_code == 2
    assert "partial-hepatectomy" in result.stderr and "total-hepatectomy" in result.stderr
    code, doc = invoke_json(runner, "explain", "hepatectomy")
    assert code == 2 and set(doc["error"]["candidates"]) == {
        "partial-hepatectomy",
        "total-hepatectomy",
    }


def test_unknown_modality_exits_1(runner: CliRunner) -> None:
    result = invoke(runner, "explain", "homeopathy")
    assert result.exit_code == 1 and "modality 'homeopathy' is not in the catalog" in result.stderr


def test_explain_without_argument_lists_modalities(runner: CliRunner) -> None:
    code, doc = invoke_json(runner, "explain")
    assert code == 0 and len(doc["modalities"]) == 32
    assert "Cryoablation" in invoke(runner, "explain").stdout


# -- drug ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed, generic, match_type",
    [("nexavar", "sorafenib", "brand-exact"), ("sorafenib", "sorafenib", "generic-exact"),
     ("sorafinib", "sorafenib", "generic-fuzzy"), ("Keytruda", "pembrolizumab", "brand-exact"),
     ("sorafenib tosylate", "sorafenib", "alias-exact"), ("tremelimumab-actl", "tremelimumab", "alias-exact"),
     ("Vulumab", "nivolumab", "alias-exact"), ("lenva", "lenvatinib", "alias-exact"),
     ("pembrol", "pembrolizumab", "generic-prefix"), ("opdvo", "nivolumab", "brand-fuzzy")],
)  # fmt: skip
def test_drug_search_matches_generic_brand_alias_and_misspelling(
    runner: CliRunner, typed: str, generic: str, match_type: str
) -> None:
    code, doc = invoke_json(runner, "drug", typed)
    assert code == 0
    best = doc["matches"][0]
    assert (best["name"], best["match_type"]) == (generic, match_type)


def test_exact_outranks_prefix_outranks_fuzzy(runner: CliRunner) -> None:
    _, doc = invoke_json(runner, "drug", "regorafenib")
    assert doc["matches"][0]["score"] == 100
    _, doc = invoke_json(runner, "drug", "regoraf")
    assert [(m["name"], m["matched_by"]) for m in doc["matches"]] == [("regorafenib", "prefix")]
    assert 90 <= doc["matches"][0]["score"] < 100
    _, doc = invoke_json(runner, "drug", "sorafenb")
    assert [(m["name"], m["matched_by"]) for m in doc["matches"]] == [("sorafenib", "fuzzy")]
    assert doc["matches"][0]["score"] < 90


def test_drug_result_shows_class_regimens_stages_and_sources(runner: CliRunner) -> None:
    _, doc = invoke_json(runner, "drug", "atezolizumab")
    best = doc["matches"][0]
    assert best["class"] == "immune checkpoint inhibitor"
    assert set(best["regimens"]) == {"atezolizumab-bevacizumab", "atezolizumab-cabozantinib"}
    assert "advanced" in best["stages"] and best["sources"][0]["id"] == "nci"
    table = invoke(runner, "drug", "tecentriq", "--detail").stdout
    assert "atezolizumab" in table and "brand, exact" in table


def test_drug_limit_caps_the_results(runner: CliRunner) -> None:
    _, doc = invoke_json(runner, "drug", "opdivo", "--limit", "1")
    assert len(doc["matches"]) == 1
    result = invoke(runner, "drug", "mab", "--limit", "2")  # a shared stem names no drug
    assert result.exit_code == 1 and "'mab' is not in the catalog" in result.stderr


def test_no_drug_match_exits_1_with_message(runner: CliRunner) -> None:
    result = invoke(runner, "drug", "aspirin")
    assert (
        result.exit_code == 1
        and "drug 'aspirin' is not in the catalog" in result.stderr
        and result.stdout == ""
    )
    code, doc = invoke_json(runner, "drug", "aspirin")
    assert code == 1 and doc["error"]["exit_code"] == 1 and doc["error"]["candidates"] == []


def test_drug_without_argument_lists_all_drugs(runner: CliRunner) -> None:
    code, doc = invoke_json(runner, "drug")
    assert code == 0 and len(doc["drugs"]) == 14
    assert "Nexavar" in invoke(runner, "drug").stdout


# -- sources, search, validate -------------------------------------------------------------
def test_sources_lists_dates_tiers_and_review_status(runner: CliRunner) -> None:
    code, doc = invoke_json(runner, "sources")
    states = {s["id"]: (s["review_status"], s["next_review"]) for s in doc["sources"]}
    assert code == 0
    assert states["nci"] == ("overdue", "2026-03-30")
    assert states["palliative-surgery-qa"] == ("overdue", "2026-09-22")
    assert states["united-life"] == ("undated", None)
    shown = invoke(runner, "sources").stdout
    assert any("4 promotional" in line and "united-life" in line for line in shown.splitlines())


def test_sources_overdue_exits_0_when_listing_and_1_when_empty(runner: CliRunner) -> None:
    result = invoke(runner, "sources", "--overdue")
    assert result.exit_code == 0 and "nci" in result.stdout and "united-life" not in result.stdout
    result = runner.invoke(
        __import__("livertx.cli", fromlist=["app"]).app,
        ["sources", "--overdue", "--as-of", "2026-01-15"],
    )
    assert result.exit_code == 1 and "no source is overdue" in result.stderr


@pytest.mark.parametrize(
    "text, kind, ident",
    [
        ("stent", "modality", "stent-placement"),
        ("jaundice", "modality", "palliative-surgery"),
        ("Milan criteria", "modality", "liver-transplant"),
    ],
)
def test_search_finds_text_across_the_catalog(
    runner: CliRunner, text: str, kind: str, ident: str
) -> None:
    code, doc = invoke_json(runner, "search", text)
    assert code == 0
    assert (kind, ident) in {(r["kind"], r["id"]) for r in doc["results"]}


def test_search_with_nothing_found_exits_1(runner: CliRunner) -> None:
    result = invoke(runner, "search", "xylophone")
    assert result.exit_code == 1 and "no catalog text contains" in result.stderr


def test_catalog_option_and_env_var_select_another_catalog(runner: CliRunner) -> None:
    minimal = str(FIXTURES / "minimal.yaml")
    code, doc = invoke_json(runner, "stage", "late", "--catalog", minimal)
    assert code == 0 and doc["catalog"]["version"] == "0.0.1"
    result = invoke(runner, "--catalog", minimal, "drug", "exampla", "--json")
    assert json.loads(result.stdout)["matches"][0]["name"] == "examplinib"
    result = invoke(runner, "drug", "exampla", "--json", env={"LIVERTX_CATALOG": minimal})
    assert json.loads(result.stdout)["matches"][0]["name"] == "examplinib"


def test_broken_catalog_exits_3_with_one_clear_sentence(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [\n", encoding="utf-8")
    result = invoke(runner, "stage", "advanced", "--catalog", str(bad))
    assert result.exit_code == 3
    assert "the catalog cannot be used" in result.stderr and "bad.yaml:" in result.stderr
    assert "Traceback" not in result.output
    # the command to run checks that file, not the shipped catalog (which is valid)
    assert f"Run `livertx validate {bad}` for the full list." in result.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_empty_catalog_path_is_a_usage_error_not_the_shipped_catalog(
    runner: CliRunner, where: str
) -> None:
    # `--catalog "$CAT"` with CAT unset must not answer from a catalog nobody chose
    args = ["drug", "sorafenib"]
    args = ["--catalog", "", *args] if where == "before" else [*args, "--catalog", " "]
    result = invoke(runner, *args)
    assert result.exit_code == 2 and "sorafenib" not in result.stdout
    assert "'--catalog': an empty path" in result.stderr


def test_bad_as_of_and_bad_option_are_usage_errors(runner: CliRunner) -> None:
    from livertx.cli import app

    assert runner.invoke(app, ["--as-of", "yesterday", "stage"]).exit_code == 2
    assert runner.invoke(app, ["stage", "advanced", "--no-such-option"]).exit_code == 2
    assert runner.invoke(app, ["drug", "x", "--limit", "0"]).exit_code == 2


def test_version_and_help(runner: CliRunner) -> None:
    from livertx import __version__
    from livertx.catalog.load import load_catalog
    from livertx.cli import app

    result = runner.invoke(app, ["--version"])
    catalog = load_catalog()
    assert result.exit_code == 0 and __version__ in result.stdout
    assert f"catalog {catalog.version} of {catalog.modified}" in result.stdout
    help_text = runner.invoke(app, ["-h"]).stdout
    for command in ("stage", "explain", "drug", "sources", "search", "validate"):
        assert command in help_text


def test_as_of_changes_review_status(runner: CliRunner) -> None:
    from livertx.cli import app

    early = json.loads(runner.invoke(app, ["--as-of", "2026-01-15", "sources", "--json"]).stdout)
    assert {s["id"]: s["review_status"] for s in early["sources"]}["nci"] == "current"
    per_command = json.loads(
        runner.invoke(app, ["sources", "--json", "--as-of", "2026-01-15"]).stdout
    )
    assert per_command["as_of"] == "2026-01-15"


@pytest.mark.parametrize(
    "args",
    [
        ["stage", "advanced"],
        ["explain", "tace"],
        ["drug", "nexavar"],
        ["sources"],
        ["search", "stent"],
        ["stage"],
        ["drug"],
        ["explain"],
    ],
)
def test_tables_stay_within_80_columns(runner: CliRunner, args: list[str]) -> None:
    result = invoke(runner, *args, env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


@pytest.mark.parametrize(
    "args",
    [
        ["stage"],
        ["explain", "tace"],
        ["drug", "nexavar", "--json"],
        ["sources"],
        ["search", "stent"],
        ["validate"],
    ],
)
def test_every_command_shows_the_notice_on_stderr_only(runner: CliRunner, args: list[str]) -> None:
    result = invoke(runner, *args)
    assert NOTICE in result.stderr
    if "--json" in args:  # a JSON document carries it as its `notice` field, and nowhere else
        assert json.loads(result.stdout)["notice"] == NOTICE and result.stdout.count(NOTICE) == 1
    else:
        assert NOTICE not in result.stdout
