"""Decisions of the clinician's second read (catalog 1.3.2, issue 27, docs/catalog-review.md),
through the commands a family and a script run."""

from __future__ import annotations

from typer.testing import CliRunner

from .conftest import invoke, invoke_json


def _flat(runner: CliRunner, *args: str) -> str:
    result = invoke(runner, *args)
    assert result.exit_code == 0, args
    return " ".join(result.stdout.split())


def test_bevacizumab_is_not_said_to_be_named_only_with_atezolizumab(runner: CliRunner) -> None:
    # NCI's stage list names bevacizumab among its targeted drugs, with no partner: "named only
    # with atezolizumab, not alone" reversed the qualifier it shortened
    for args in (("stage", "advanced"), ("drug", "bevacizumab"), ("explain", "targeted-therapy")):
        out = _flat(runner, *args)
        assert "named only with atezolizumab" not in out, args
    out = _flat(runner, "stage", "advanced")
    standard = out[out.index("Standard: listed by NCI for this stage") : out.index("In clinical")]
    assert "bevacizumab, cabozantinib — with atezolizumab; alone not said" in standard


def test_a_clinics_selling_point_does_not_fill_the_side_effects_of_an_ablation(
    runner: CliRunner,
) -> None:
    for name in ("radiofrequency-ablation", "microwave-ablation"):
        code, doc = invoke_json(runner, "explain", name)
        assert code == 0 and doc["modality"]["side_effects"] == [], name
    # side by side, that no source describes RFA's side effects is said, not left out
    out = invoke(runner, "compare", "tace", "rfa", "--detail").stdout
    row = next(line for line in out.splitlines() if line.startswith(" Side effects"))
    assert row.count("nothing in the catalog") == 2


def test_small_lesions_is_a_situation_and_ablation_is_not_only_the_clinics(
    runner: CliRunner,
) -> None:
    out = _flat(runner, "stage", "small-lesions")
    assert "Standard: listed by NCI for this situation" in out
    assert (
        "NCI lists radiofrequency and microwave ablation for localized cancer without a size" in out
    )
    assert "found in screening" in out  # NCI's sub-centimetre lesions are screening findings


def test_targeted_therapy_leads_with_what_nci_says_of_its_drugs(runner: CliRunner) -> None:
    out = _flat(runner, "explain", "targeted-therapy")
    status = out[out.index("Status: ") :]
    assert status.startswith(
        "Status: listed through its drugs and combinations: standard for advanced"
    )
    assert status.index("(NCI)") < status.index("as a class: promotional claim")


def test_the_transplant_claim_keeps_the_clinics_own_limits_and_says_what_nci_requires(
    runner: CliRunner,
) -> None:
    out = _flat(runner, "stage", "unresectable")
    assert "Milan criteria" in out and "donor livers are scarce" in out
    assert "NCI ties a transplant to cancer only in the liver and a donor liver" in out


def test_clinic_claims_are_not_made_stronger_than_the_page(runner: CliRunner) -> None:
    after = _flat(runner, "stage", "after-surgery")
    assert "prevents recurrence" not in after and "claims benefit against recurrence" in after
    poor = _flat(runner, "stage", "poor-liver-function")
    assert "a weak liver that rules out surgery" in poor
    for name in ("nutritional-support", "psychological-support"):
        code, doc = invoke_json(runner, "explain", name)
        assert code == 0, name
        clinic = [s for s in doc["modality"]["statuses"] if s["sources"][0]["id"] == "united-life"]
        assert clinic and all(s["status"] == "promotional" for s in clinic), name


def test_a_weak_sources_conclusion_is_not_told_in_the_catalogs_voice(runner: CliRunner) -> None:
    out = _flat(runner, "stage", "locally-advanced")
    assert "One article: interventional therapy can partly control, not cure, the cancer" in out
    assert ". Interventional therapy can partly control" not in out


def test_the_conversion_figure_and_chemotherapy_carry_what_nci_does_not_say(
    runner: CliRunner,
) -> None:
    code, doc = invoke_json(runner, "stage", "advanced")
    assert code == 0
    caveats = {c["id"]: c for c in doc["caveats"]}
    for cid in ("conversion-survival-figure", "chemotherapy-little-effect"):
        cited = {s["sources"][0]["id"] for s in caveats[cid]["statements"]}
        assert "nci" in cited, cid


def test_tace_under_metastatic_says_that_nci_lists_it_for_locally_advanced_only(
    runner: CliRunner,
) -> None:
    out = _flat(runner, "stage", "metastatic")
    # ... and that other sources name it more widely (a conflict, both sides said)
    assert "NCI: TAE/TACE for locally advanced, not metastatic; article and Q&A go wider" in out


# -- a nurse's read of the compact answers (issue 26) ---------------------------------------


def test_a_drug_listed_alone_by_an_article_also_says_what_nci_lists_it_with(
    runner: CliRunner,
) -> None:
    status = _flat(runner, "drug", "nivolumab")
    status = status[status.index("Status: ") :]
    # NCI's listing, only with ipilimumab, comes before the article's of the drug alone
    assert status.startswith("Status: within combinations: standard for advanced cancer (NCI")
    assert "; on its own: reported for advanced cancer (article" in status


def test_a_handout_gives_each_sources_review_date_and_state_as_the_screen_does(
    runner: CliRunner,
) -> None:
    for fmt in ("markdown", "html"):
        out = _flat(runner, "stage", "advanced", "--format", fmt)
        assert "reviewed 2025-12-30" in out and "due 2026-03-30" in out, fmt


def test_an_unsupported_claim_is_named_as_one_in_its_note(runner: CliRunner) -> None:
    out = _flat(runner, "stage", "advanced")
    assert "Unsupported claim: One article gives a survival rate for conversion surgery" in out


def test_unresectable_says_where_ncis_drug_treatments_are(runner: CliRunner) -> None:
    # its only drug row is the clinic's: a family must learn that NCI lists drugs by stage
    out = _flat(runner, "stage", "unresectable")
    assert "NCI's treatment lists go by stage, not by whether a tumour can be removed" in out
    assert "NCI's treatment lists go by stage" not in _flat(runner, "stage", "localized")
