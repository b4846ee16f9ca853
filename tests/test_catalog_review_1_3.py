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
    assert "lesions under 1 cm found during screening" in screen
    assert "when the cancer is only in the liver and a donated liver can be found" in screen
    assert "nci+nci" not in screen
