"""Decisions of the catalog 1.3 review (issue 27, docs/catalog-review.md), through the commands."""

from __future__ import annotations

from typer.testing import CliRunner

from .conftest import invoke, invoke_json


def test_immunotherapy_and_the_clinics_cell_therapy_are_not_related_either_way(
    runner: CliRunner,
) -> None:
    for name, other in (
        ("immunotherapy", "immune-reconstitution-cell-therapy"),
        ("immune-reconstitution-cell-therapy", "immunotherapy"),
    ):
        code, doc = invoke_json(runner, "explain", name)
        assert code == 0
        assert other not in doc["modality"]["related"]


def test_cell_therapy_is_no_name_of_the_clinics_product_and_says_whose_claim_it_is(
    runner: CliRunner,
) -> None:
    result = invoke(runner, "explain", "cell therapy")
    assert result.exit_code == 1
    assert "Immune reconstitution cell therapy" not in result.stdout
    assert "described by united-life (promotional)" in result.stderr


def test_cometriq_is_told_as_the_thyroid_cancer_capsule_and_points_to_cabozantinib(
    runner: CliRunner,
) -> None:
    result = invoke(runner, "drug", "Cometriq")
    assert result.exit_code == 1
    assert "standard" not in result.stdout
    message = " ".join(result.stderr.split())
    assert "Cometriq is not a brand" in message and "thyroid cancer" in message
    assert "(the curator's note)" in message and "livertx drug cabozantinib" in message
    code, doc = invoke_json(runner, "drug", "cabozantinib")
    assert code == 0 and "Cometriq" not in str(doc)


def test_stage_rows_carry_the_limits_nci_puts_on_surveillance_and_transplant(
    runner: CliRunner,
) -> None:
    screen = " ".join(invoke(runner, "stage", "localized").stdout.split())
    assert "lesions under 1 cm found in screening; no treatment unless worse" in screen
    assert "only if confined to the liver; needs a donor liver" in screen  # the brief
    detail = " ".join(invoke(runner, "stage", "localized", "--detail").stdout.split())
    assert "only for cancer confined to the liver, once a donor liver is available" in detail
    assert "nci+nci" not in screen


def test_rows_that_read_as_settled_carry_their_limit_in_the_qualifier(runner: CliRunner) -> None:
    compact = " ".join(invoke(runner, "stage", "advanced").stdout.split())
    # under "Standard: listed by NCI for this stage", the row gives NCI's limit
    standard = compact[compact.index("Standard: listed by NCI for this stage") :]
    assert standard.index("bevacizumab, cabozantinib — with atezolizumab; alone not said") < (
        standard.index("In clinical trials")
    )
    assert "with atezolizumab; alone not said (a reading)" in compact
    screen = " ".join(invoke(runner, "stage", "advanced", "--detail").stdout.split())
    assert "the one pairing NCI spells out is with atezolizumab (a reading)" in screen
    assert "NCI also pairs it with atezolizumab (a reading)" in screen
    assert (
        "cites one 2021 study in which the pair made some unresectable tumours removable" in screen
    )
    assert "to convert unresectable disease to resectable" not in screen


def test_metastatic_says_the_articles_advanced_takes_in_tumours_still_in_the_liver(
    runner: CliRunner,
) -> None:
    code, doc = invoke_json(runner, "stage", "metastatic")
    assert code == 0
    text = str(doc)
    for name in ("Cryoablation", "Percutaneous ethanol injection", "Radiofrequency ablation"):
        assert name in text
    assert text.count("takes in large or several tumours still inside the liver") == 7


def test_every_stage_offers_a_trial_as_nci_does_and_names_where_to_look(
    runner: CliRunner,
) -> None:
    for stage in ("localized", "locally-advanced", "metastatic", "advanced", "recurrent"):
        screen = " ".join(invoke(runner, "stage", stage).stdout.split())
        assert "Clinical trials" in screen, stage
        assert "NCI's clinical trial search, ClinicalTrials.gov" in screen, stage
        detail = " ".join(invoke(runner, "stage", stage, "--detail").stdout.split())
        assert "NCI's clinical trial search or on ClinicalTrials.gov" in detail, stage
    explained = " ".join(invoke(runner, "explain", "clinical trials").stdout.split())
    assert "public trials registry" not in explained
    assert "ClinicalTrials.gov" in explained


def test_compare_shows_a_modalitys_drug_listings_where_it_has_none_of_its_own(
    runner: CliRunner,
) -> None:
    result = invoke(
        runner, "compare", "immunotherapy", "immune-reconstitution-cell-therapy", "--detail"
    )
    assert result.exit_code == 0
    screen = " ".join(result.stdout.split())
    assert "advanced (as atezolizumab with bevacizumab): nci standard" in screen
    assert "no source lists it for a stage or situation" not in screen
