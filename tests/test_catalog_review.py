"""Classes of problem the catalog review (docs/catalog-review.md) found and fixed: none may come back."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from typer.testing import CliRunner

from livertx.catalog.model import Catalog, CaveatKind, OptionKind, OptionRef, StageKind, Status
from livertx.query import caveats_for_stage, options_for_stage, statuses_of

from .conftest import invoke

AS_OF = dt.date(2026, 11, 23)
NCI_STAGE_HEADINGS = {
    "localized": "Treatment of localized liver cancer",
    "locally-advanced": "Treatment of locally advanced or metastatic liver cancer",
    "metastatic": "Treatment of locally advanced or metastatic liver cancer",
    "advanced": "Treatment of locally advanced or metastatic liver cancer",
    "recurrent": "Treatment of recurrent liver cancer",
}
"""The NCI heading that lists the options for each stage."""

CLAIMS = {CaveatKind.PROMOTIONAL_CLAIM, CaveatKind.UNSUPPORTED_CLAIM}


def test_an_option_is_standard_only_where_the_authoritative_source_lists_it_for_that_stage(
    catalog: Catalog,
) -> None:
    for o in catalog.stage_options:
        if o.status is not Status.STANDARD:
            continue
        assert {catalog.source_by_id[p.source].tier for p in o.provenance} == {"authoritative"}, (
            o.id
        )
        # the stage's own heading, and no other stage's; a section that only states a limit of
        # the option (transplant's "in the liver only") may stand beside it
        stage_sections = {p.section for p in o.provenance} & set(NCI_STAGE_HEADINGS.values())
        for stage in o.stages:
            assert stage_sections == {NCI_STAGE_HEADINGS[stage]}, (o.id, stage)


def test_a_situation_filled_only_by_low_trust_sources_shows_a_claim_caveat(
    catalog: Catalog,
) -> None:
    for stage in catalog.stages:
        rows = options_for_stage(catalog, stage, AS_OF)
        if rows and all(r.tier_rank >= 3 for r in rows):
            kinds = {c.kind for c in caveats_for_stage(catalog, stage)}
            assert kinds & CLAIMS, stage.id


def test_every_promotional_row_is_shown_with_a_caveat_about_it(catalog: Catalog) -> None:
    for stage in catalog.stages:
        shown = caveats_for_stage(catalog, stage)
        for row in options_for_stage(catalog, stage, AS_OF):
            if row.status is Status.PROMOTIONAL:
                ref = row.entry.option
                field = {
                    OptionKind.MODALITY: "modalities",
                    OptionKind.DRUG: "drugs",
                    OptionKind.REGIMEN: "regimens",
                }[ref.kind]
                assert any(ref.id in getattr(c.applies_to, field) for c in shown), (
                    stage.id,
                    row.entry.id,
                )


@pytest.mark.parametrize("situation", ["after-surgery", "postoperative", "poor liver function"])
def test_the_clinic_only_situations_say_so_on_screen(runner: CliRunner, situation: str) -> None:
    result = invoke(runner, "stage", situation)
    assert result.exit_code == 0
    assert (
        "Every option below comes from an unattributed article or a clinic's promotional page"
        in result.stdout
    )
    assert result.stdout.index("Every option below") < result.stdout.index("Options for")
    assert "promotional claim" in result.stdout


def test_a_regimen_named_only_by_an_article_does_not_borrow_nci_status(catalog: Catalog) -> None:
    # atezolizumab is on NCI's list only with a partner; the article's pairs keep their own status
    for regimen in ("apatinib-camrelizumab", "lenvatinib-pembrolizumab", "nivolumab-cabozantinib"):
        said = statuses_of(catalog, OptionRef(OptionKind.REGIMEN, regimen))
        assert said and {s.source_id for s in said} == {"advanced-cure-article"}, regimen
        assert {s.status for s in said} == {Status.REPORTED}, regimen
    nci_pairs = statuses_of(catalog, OptionRef(OptionKind.REGIMEN, "nivolumab-ipilimumab"))
    assert (nci_pairs[0].status, nci_pairs[0].source_id) == (Status.STANDARD, "nci")


def test_explain_shows_each_regimen_with_its_own_status(runner: CliRunner) -> None:
    out = invoke(runner, "explain", "immunotherapy", "--detail").stdout
    assert "Drugs and regimens, each with the status recorded from each source" in out
    line = next(line for line in out.splitlines() if "apatinib with camrelizumab" in line)
    assert "reported · advanced-cure-article" in line and "standard" not in line


def test_readings_of_unclear_text_are_marked(catalog: Catalog) -> None:
    caveat = next(c for c in catalog.caveats if c.id == "single-agent-immunotherapy")
    assert any("Reading:" in s.text and "single-dose" in s.text for s in caveat.statements)
    for o in catalog.stage_options:
        if o.id in ("nci-recurrent-tace", "nci-recurrent-sorafenib", "nci-recurrent-ablation"):
            assert o.note and o.note.startswith("Reading:"), o.id


def test_techniques_nci_describes_but_lists_for_no_stage_are_not_standard(catalog: Catalog) -> None:
    for modality in ("conformal-radiation-therapy", "sbrt", "proton-beam-therapy"):
        statuses = {c.status for c in catalog.modality_by_id[modality].statuses}
        assert Status.STANDARD not in statuses, modality


def test_every_stage_has_an_nci_heading_or_is_not_a_stage(catalog: Catalog) -> None:
    # keeps NCI_STAGE_HEADINGS complete as stages are added
    for stage in catalog.stages:
        if stage.kind is not StageKind.SITUATION:
            assert stage.id in NCI_STAGE_HEADINGS, stage.id


# -- a clinician's read of the output (catalog 1.2.2) -----------------------------------------
def test_the_legend_says_standard_is_a_reading_on_screen_and_in_shared_files(
    runner: CliRunner,
) -> None:
    # NCI calls no single option standard; the catalog's "standard" is the curator's reading
    for args in (["stage", "advanced"], ["stage", "advanced", "--format", "markdown"]):
        out = " ".join(invoke(runner, *args).stdout.split())
        assert "standard = NCI lists it here (a reading)" in out, args
        assert "what it sells" not in out, args  # the page never says the clinic sells anything


def test_no_text_says_the_clinic_offers_or_sells_what_its_page_describes(catalog: Catalog) -> None:
    for m in catalog.modalities:
        texts = [
            s.text
            for s in (*m.how_it_works, *m.who_for, *m.side_effects)
            if {p.source for p in s.provenance} == {"united-life"}
        ]
        if {p.source for p in m.provenance} == {"united-life"}:
            texts.append(m.summary)
        for text in texts:
            assert not {"offering", "offers", "sells", "sold"} & set(text.lower().split()), m.id


def test_a_clinic_selling_point_filed_as_a_side_effect_is_worded_as_a_claim(
    catalog: Catalog,
) -> None:
    for m in catalog.modalities:
        for s in m.side_effects:
            if {p.source for p in s.provenance} == {"united-life"}:
                assert "claims" in s.text, (m.id, s.text)


def test_tae_and_tace_carry_ncis_limit_for_embolization(runner: CliRunner) -> None:
    # NCI: embolization is for people who cannot have surgery or ablation, whose tumour has not
    # spread outside the liver; TAE and TACE are its two main types
    for name in ("tae", "tace"):
        doc = json.loads(invoke(runner, "explain", name, "--json").stdout)
        said = {
            (p["id"], p["section"]): s["text"]
            for s in doc["modality"]["who_for"]
            for p in s["sources"]
        }
        assert "still confined to the liver" in said[("nci", "Embolization therapy")], name


def test_every_curator_written_stage_definition_says_so(
    runner: CliRunner, catalog: Catalog
) -> None:
    """In its own words or by the views' note, on the stage's answer (compact, detail and its
    handout) and, as a "*" that the list explains, in the list of stages."""
    listed = " ".join(invoke(runner, "stage").stdout.split())
    assert "* The definition is the curator's plain wording, not a source's." in listed
    for stage in catalog.stages:
        if "definition" not in stage.curator_supplied:
            continue
        for args in ([], ["--detail"], ["--format", "markdown"]):
            out = " ".join(invoke(runner, "stage", stage.id, *args).stdout.split())
            head = out[: out.index(stage.definition) + len(stage.definition) + 70]
            assert "curator" in head, (stage.id, args)
        marked = "curator" in stage.definition or f"{stage.definition}*" in listed
        assert marked and stage.definition in listed, stage.id


def test_an_article_line_on_attitude_gives_psychological_support_no_status(
    catalog: Catalog,
) -> None:
    statuses = catalog.modality_by_id["psychological-support"].statuses
    assert {p.source for s in statuses for p in s.provenance} == {"united-life"}


def test_a_modality_listed_only_through_its_drugs_says_so(runner: CliRunner) -> None:
    out = " ".join(invoke(runner, "explain", "immunotherapy", "--detail").stdout.split())
    assert "No source lists this for a particular stage" not in out
    assert "the sources' stage lists name its drugs and combinations instead (below)" in out
    assert "(listed for: advanced" in out


def test_a_drug_answer_cites_the_stage_list_its_status_comes_from(runner: CliRunner) -> None:
    # at 60 columns the table is a list, so a cell's wrapped lines follow one another
    out = " ".join(
        invoke(runner, "drug", "sorafenib", "--detail", env={"COLUMNS": "60"}).stdout.split()
    )
    assert "nci § Treatment of locally advanced or metastatic liver cancer" in out
    assert "nci § Treatment of recurrent liver cancer" in out


def test_a_status_names_the_most_trusted_source_that_gives_one(runner: CliRunner) -> None:
    # interventional-qa (tier 3) gives psychological support no status; the clinic page does
    out = " ".join(invoke(runner, "explain", "psychological support", "--detail").stdout.split())
    assert "recorded from united-life, the most trusted source that gives one" in out
    assert "its most trusted source" not in out


def test_a_drug_listed_only_in_a_pair_is_not_shown_as_unlisted(runner: CliRunner) -> None:
    out = invoke(runner, "explain", "immunotherapy", "--detail").stdout
    line = next(line for line in out.splitlines() if line.startswith(" atezolizumab  "))
    assert "listed only within a combination" in line


def test_an_empty_aspect_of_compare_does_not_read_as_none(runner: CliRunner) -> None:
    out = invoke(runner, "compare", "tace", "rfa", "--detail").stdout
    line = next(line for line in out.splitlines() if line.startswith(" Side effects"))
    assert "nothing in the catalog" in line and "—" not in line


# -- a clinician's read of explain, drug and compare (catalog 1.2.3) -------------------------


def test_a_promotional_page_makes_only_promotional_claims(catalog: Catalog) -> None:
    # a clinic's "suitable for lesions under 3-5 cm" beside a neutral article's "reported" read as
    # the same kind of statement; LTX035 now refuses it
    for o in catalog.stage_options:
        if any(catalog.source_by_id[p.source].tier == "promotional" for p in o.provenance):
            assert o.status in (Status.PROMOTIONAL, Status.SUPPORTIVE), o.id
    for m in catalog.modalities:
        for claim in m.statuses:
            if any(catalog.source_by_id[p.source].tier == "promotional" for p in claim.provenance):
                assert claim.status in (Status.PROMOTIONAL, Status.SUPPORTIVE), m.id


def test_what_only_the_clinic_says_is_worded_as_the_clinic_page_saying_it(
    catalog: Catalog,
) -> None:
    for m in catalog.modalities:
        for field in ("how_it_works", "who_for", "limits", "side_effects"):
            for st in getattr(m, field):
                if {catalog.source_by_id[p.source].tier for p in st.provenance} == {"promotional"}:
                    assert "clinic" in st.text.lower(), (m.id, field, st.text)


def test_the_clinics_after_surgery_claim_shows_that_nci_lists_nothing_there(
    runner: CliRunner,
) -> None:
    out = invoke(runner, "explain", "partial hepatectomy", "--detail").stdout
    assert "The clinic page claims that further treatment after the operation" in out
    said = " ".join(out.split())
    assert "unsupported claim Only the clinic page says further treatment is needed" in said
    assert "The NCI summary lists no treatment for the period after surgery." in said
    # ... and not the caveat on clinic-only situations, which made NCI's standard operation
    # read as a clinic's claim
    assert "every option this catalog has comes from one clinic" not in said


def test_sbrt_and_proton_therapy_carry_the_caveat_that_only_the_clinic_lists_them(
    runner: CliRunner,
) -> None:
    out = " ".join(invoke(runner, "stage", "localized").stdout.split())
    promoted = out[out.index("Only promotional claims, by clinic") : out.index("Notes ([n] above)")]
    row = re.search(r"Proton beam radiation therapy \[(\d+)\] — see note \[(\d+)\]", promoted)
    assert row, promoted
    caveat, qualifier = row.groups()
    assert f"{qualifier}. clinic: to control localized tumours; without surgery or after" in out
    assert f"{caveat}. Only the clinic page lists SBRT and proton therapy" in out
    detail = " ".join(invoke(runner, "stage", "localized", "--detail").stdout.split())
    assert "united-life promotional claim: to control localized tumours" in detail
    assert "Only the clinic page lists SBRT and proton therapy for a stage or situation" in out


def test_a_reading_behind_a_status_is_shown_wherever_the_status_is(runner: CliRunner) -> None:
    # drug, explain and compare used to show "reported · advanced-cure-article" for nivolumab with
    # ipilimumab with nothing to say the article writes "Vulumab"
    vulumab = 'Reading: the article writes "Vulumab", taken as nivolumab.'
    for args in (("drug", "nivolumab"), ("explain", "immunotherapy")):
        out = invoke(runner, *args, "--detail").stdout
        row = next(line for line in out.splitlines() if "advanced-cure-article [note]" in line)
        assert row
        assert "Curator's notes on the statuses marked [note]" in out
        assert f"advanced-cure-article reported (advanced): {vulumab}" in " ".join(out.split()), (
            args
        )
    compared = " ".join(
        invoke(runner, "compare", "nivolumab", "sorafenib", "--detail").stdout.split()
    )
    assert "curator's note: Reading: the article writes" in compared
    doc = json.loads(invoke(runner, "drug", "nivolumab", "--json").stdout)
    pairs = doc["matches"][0]["regimen_statuses"]["nivolumab-ipilimumab"]
    assert [s["notes"] for s in pairs if s["source"] == "advanced-cure-article"] == [
        [{"text": vulumab, "stages": ["advanced"]}]
    ]
    assert [s["notes"] for s in pairs if s["source"] == "nci"] == [[]]


def test_a_documents_spelling_is_shown_as_the_curators_reading(runner: CliRunner) -> None:
    out = invoke(runner, "drug", "vulumab").stdout
    assert out.startswith(
        "Showing nivolumab for 'vulumab' (a document's spelling: the curator's reading)"
    )


def test_a_drugs_own_stages_are_told_from_its_combinations(runner: CliRunner) -> None:
    # "unresectable" comes only from nivolumab with cabozantinib, in one article
    out = " ".join(invoke(runner, "drug", "cabozantinib", "--detail").stdout.split())
    assert "stages: advanced; in combinations: advanced, unresectable" in out
    out = " ".join(invoke(runner, "drug", "atezolizumab", "--detail").stdout.split())
    assert "stages: —; in combinations: advanced" in out


def test_what_the_curator_supplied_is_named_for_each_drug(runner: CliRunner) -> None:
    out = " ".join(invoke(runner, "drug", "apatinib", "--detail").stdout.split())
    assert "Curator-supplied, not from the documents: class; modality; target; brands" in out
    listing = " ".join(invoke(runner, "explain").stdout.split())
    assert "Also called: curator-supplied, not from the documents." in listing


def test_an_empty_aspect_in_compare_says_where_a_related_modality_has_it(
    runner: CliRunner,
) -> None:
    out = " ".join(invoke(runner, "compare", "tace", "rfa", "--detail").stdout.split())
    assert "nothing in the catalog for it; recorded for interventional-therapy" in out


def test_where_a_modality_is_listed_and_its_sources_come_most_trusted_first(
    runner: CliRunner,
) -> None:
    # the clinic's page (tier 4) came before the physician Q&A (tier 2), in catalog order
    doc = json.loads(invoke(runner, "explain", "rfa", "--json").stdout)["modality"]
    ranks = [o["sources"][0]["tier_rank"] for o in doc["stage_options"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    claims = [c["sources"][0]["tier_rank"] for c in doc["statuses"]]
    assert claims == sorted(claims)
    out = invoke(runner, "explain", "rfa", "--detail").stdout
    footer = out.split("\nSources (catalog ", 1)[1]
    order = [
        sid
        for sid in ("nci", "palliative-surgery-qa", "advanced-cure-article", "united-life")
        if sid in footer
    ]
    assert sorted(order, key=footer.index) == order
