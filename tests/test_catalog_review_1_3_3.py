"""Decisions of the checks of catalog 1.3.3's shorter wording (issue 26 and 27,
docs/catalog-review.md), through the commands a family runs."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from .conftest import invoke


def _flat(runner: CliRunner, *args: str) -> str:
    result = invoke(runner, *args)
    assert result.exit_code == 0, args
    return " ".join(result.stdout.split())


def test_the_article_only_caveat_names_its_pairs_beside_ncis_own(runner: CliRunner) -> None:
    # "names this pair" stood under NCI's nivolumab with ipilimumab in `drug nivolumab`
    out = _flat(runner, "drug", "nivolumab")
    assert "nivolumab with ipilimumab (Advanced) — NCI standard" in out
    assert (
        "Only one unattributed article, not NCI, names apatinib with camrelizumab, lenvatinib"
        " with pembrolizumab and nivolumab with cabozantinib." in out
    )
    assert "this pair" not in out


def test_the_tace_conflict_gives_both_sides(runner: CliRunner) -> None:
    out = _flat(runner, "stage", "metastatic")
    assert "NCI: TAE/TACE for locally advanced, not metastatic; article and Q&A go wider." in out


def test_late_diagnosis_says_what_each_source_says(runner: CliRunner) -> None:
    # only the article says surgery is then impossible; the clinic says found late
    out = _flat(runner, "stage", "advanced")
    assert "Clinic: liver cancer is usually found late; article: often inoperable then." in out


def test_a_clinics_claim_is_no_stronger_than_its_page(runner: CliRunner) -> None:
    out = _flat(runner, "stage", "advanced")
    assert "Only the clinic's sales page, not NCI, describes this cell therapy." in out
    assert "traditional Chinese medicine helps control tumours" in out
    assert "curbs" not in out
    tace = _flat(runner, "explain", "tace")
    assert "clinic promotional claim: a common palliative option when locally advanced" in tace


def test_the_immunotherapy_conflict_says_what_nci_lists_and_that_it_rests_on_readings(
    runner: CliRunner,
) -> None:
    # C17 (two readings: "may differ") and the audit's R2 (NCI pairs nivolumab)
    out = _flat(runner, "stage", "advanced")
    assert "NCI: nivolumab only with ipilimumab; on use alone sources differ (a reading)." in out


def test_surveillance_says_it_is_no_treatment(runner: CliRunner) -> None:
    # R3: "small tumour" opened with "Standard: Surveillance" and no word that it means watching
    out = _flat(runner, "stage", "small tumour")
    assert (
        "Surveillance — for lesions under 1 cm found in screening; no treatment unless worse" in out
    )


def test_the_tace_conflict_is_not_shown_under_recurrent(runner: CliRunner) -> None:
    # R4: its summary gives NCI's limit for another stage, above NCI's own recurrent listing
    out = _flat(runner, "stage", "recurrent")
    assert "not metastatic; article and Q&A go wider" not in out
    assert "For recurrence, NCI names TACE and sorafenib in one palliative item." in out


def test_a_family_of_agents_is_no_alias_of_one_of_them(runner: CliRunner) -> None:
    # R9, as "chemical ablation" in 1.2.1: "injection of ablative agent" showed ethanol
    # injection with NCI's standard
    result = invoke(runner, "explain", "injection of ablative agent")
    assert "Percutaneous ethanol injection (local ablation)" not in result.stdout


def test_a_transplant_for_recurrence_keeps_ncis_conditions(runner: CliRunner) -> None:
    # NCI's Liver transplant section: only for disease in the liver, when a donor liver is found
    out = _flat(runner, "stage", "recurrent")
    assert (
        "total hepatectomy with liver transplant — whole liver replaced; only if confined to the"
        " liver; needs a donor liver" in out
    )


def test_the_stent_row_keeps_the_articles_tumour_clot(runner: CliRunner) -> None:
    out = _flat(runner, "stage", "vessel-or-bile-duct-blockage")
    assert "for a portal vein tumour clot or blocked bile duct" in out


def test_interventional_therapy_for_early_cancer_carries_what_nci_says(runner: CliRunner) -> None:
    # R1: under localized, the article's "early" stood with no NCI counter-statement
    out = _flat(runner, "stage", "localized")
    # "one article": the interventional article, not the one the short name "article" names
    assert "NCI: embolization if surgery and ablation ruled out; one article: early too." in out


def test_an_articles_benefits_are_said_as_the_articles(runner: CliRunner) -> None:
    # R6, R7: "can slow growth, ease symptoms, prolong survival" read as the catalog's own
    out = _flat(runner, "explain", "interventional-therapy", "--detail")
    assert "This article says blocking the tumour's vessels cuts off its supply" in out
    assert "This article says widening the blocked vein or duct" in _flat(
        runner, "explain", "stent-placement", "--detail"
    )


def test_ncis_silence_on_seeds_perfusion_and_stents_is_said(runner: CliRunner) -> None:
    # R8: in the caveat the seed, perfusion and stent rows point to
    doc = json.loads(invoke(runner, "stage", "advanced", "--json").stdout)
    caveat = next(c for c in doc["caveats"] if c["id"] == "interventional-in-advanced-disease")
    said = " ".join(" ".join(st["text"].split()) for st in caveat["statements"])
    assert "mentions none of radioactive seed implantation, local chemotherapy perfusion or" in said


def test_partial_hepatectomy_leads_with_who_nci_lists_it_for(runner: CliRunner) -> None:
    # R11: the unattributed article's "who it is for" led
    out = _flat(runner, "explain", "partial-hepatectomy")
    assert "Who it is for (NCI): Localized liver cancer, and recurrent liver cancer." in out
