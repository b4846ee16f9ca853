"""The curated catalog says what the documents say: every option, every status, every source."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from livertx.catalog.model import Catalog, OptionKind, Status
from livertx.query import modality_status, options_for_stage, resolve_stage

from .conftest import ROOT, SEEDS

AS_OF = dt.date(2026, 11, 23)


def option_ids(catalog: Catalog, stage: str) -> set[str]:
    return {
        row.entry.id for row in options_for_stage(catalog, resolve_stage(catalog, stage), AS_OF)
    }


def test_every_stage_option_the_documents_give_is_counted(catalog: Catalog) -> None:
    # Counted by hand while reading each document (see the comments in data/treatments.yaml).
    per_source = Counter(o.provenance[0].source for o in catalog.stage_options)
    assert per_source == {
        "nci": 30,
        "united-life": 12,
        "advanced-cure-article": 21,
        "palliative-surgery-qa": 6,
        "interventional-qa": 2,
    }


def test_nci_stage_sections_list_exactly_their_options(catalog: Catalog) -> None:
    by_section = Counter(
        o.provenance[0].section for o in catalog.stage_options if o.provenance[0].source == "nci"
    )
    assert by_section["Treatment of localized liver cancer"] == 8
    assert by_section["Treatment of locally advanced or metastatic liver cancer"] == 14
    assert by_section["Treatment of recurrent liver cancer"] == 6  # TACE and sorafenib: two entries


def test_tae_and_tace_from_nci_belong_to_locally_advanced_only(catalog: Catalog) -> None:
    assert {"nci-advanced-tae", "nci-advanced-tace"} <= option_ids(catalog, "locally advanced")
    assert {"nci-advanced-tae", "nci-advanced-tace"} <= option_ids(catalog, "advanced")
    assert not {"nci-advanced-tae", "nci-advanced-tace"} & option_ids(catalog, "metastatic")


def test_metastatic_includes_what_sources_give_for_advanced_disease(catalog: Catalog) -> None:
    metastatic = option_ids(catalog, "metastatic")
    assert "nci-advanced-sorafenib" in metastatic
    assert "article-advanced-apatinib-camrelizumab" in metastatic


def test_situations_are_not_stages_and_hold_their_own_options(catalog: Catalog) -> None:
    unresectable = resolve_stage(catalog, "unresectable")
    assert unresectable.kind.value == "situation"
    assert "nci-embolization-unresectable" in option_ids(catalog, "unresectable")
    assert "nci-embolization-unresectable" not in option_ids(catalog, "advanced")


def test_status_is_never_upgraded(catalog: Catalog) -> None:
    electroporation = catalog.modality_by_id["electroporation-therapy"]
    assert modality_status(catalog, electroporation).status is Status.CLINICAL_TRIAL
    cells = catalog.modality_by_id["immune-reconstitution-cell-therapy"]
    assert modality_status(catalog, cells).status is Status.PROMOTIONAL
    for option in catalog.stage_options:
        tier = catalog.source_by_id[option.provenance[0].source].tier
        if option.status is Status.STANDARD:
            assert tier == "authoritative", option.id


def test_modality_shows_its_most_trusted_sources_status(catalog: Catalog) -> None:
    tace = catalog.modality_by_id["tace"]
    shown = modality_status(catalog, tace)
    assert (shown.status, shown.source_id) == (Status.STANDARD, "nci")
    chemo = catalog.modality_by_id["systemic-chemotherapy"]
    assert modality_status(catalog, chemo).status is Status.REPORTED


def test_the_drugs_the_documents_name_are_all_there(catalog: Catalog) -> None:
    assert set(catalog.drug_by_id) == {
        "bevacizumab", "cabozantinib", "lenvatinib", "ramucirumab", "regorafenib", "sorafenib",
        "atezolizumab", "durvalumab", "tremelimumab", "nivolumab", "ipilimumab", "pembrolizumab",
        "apatinib", "camrelizumab",
    }  # fmt: skip
    salts = {s for d in catalog.drugs for s in d.salt_forms}
    assert {"sorafenib tosylate", "lenvatinib mesylate", "cabozantinib-s-malate"} <= salts
    # -actl is the suffix of a biologic's non-proprietary name, not a salt
    assert (
        "tremelimumab-actl" in catalog.drug_by_id["tremelimumab"].synonyms
        and "tremelimumab-actl" not in salts
    )
    for drug in catalog.drugs:  # no document's text names a salt form: they come from the curator
        assert not drug.salt_forms or "salt_forms" in drug.curator_supplied, drug.id


def test_brand_names_are_marked_curator_supplied(catalog: Catalog) -> None:
    for drug in catalog.drugs:
        assert drug.brands, drug.id
        assert "brands" in drug.curator_supplied, drug.id


def test_garbled_names_are_recorded_as_interpretations(catalog: Catalog) -> None:
    spellings = {sp.text: (d.id, sp.note) for d in catalog.drugs for sp in d.source_spellings}
    assert spellings["Vulumab"][0] == "nivolumab"
    assert spellings["cabozan Ni"][0] == "cabozantinib"
    assert all(note.startswith("Reading:") for _, note in spellings.values())


def test_every_named_combination_is_a_regimen(catalog: Catalog) -> None:
    pairs = {frozenset(c.id for c in r.components) for r in catalog.regimens}
    for pair in (
        {"atezolizumab", "bevacizumab"}, {"atezolizumab", "cabozantinib"}, {"durvalumab", "tremelimumab"},
        {"nivolumab", "ipilimumab"}, {"apatinib", "camrelizumab"}, {"lenvatinib", "pembrolizumab"},
        {"nivolumab", "cabozantinib"},
    ):  # fmt: skip
        assert frozenset(pair) in pairs, pair
    # NCI's "TACE and sorafenib" item may be two choices: recorded as two options, each a reading
    assert frozenset({"tace", "sorafenib"}) not in pairs
    tace, sorafenib = (
        next(o for o in catalog.stage_options if o.id == i)
        for i in ("nci-recurrent-tace", "nci-recurrent-sorafenib")
    )
    assert (
        tace.note
        and sorafenib.note
        and tace.note.startswith("Reading:")
        and tace.note == sorafenib.note
    )


def test_no_regimen_is_a_single_drug(catalog: Catalog) -> None:
    # No document says a drug is given by itself: a drug it lists is offered as the drug.
    assert all(len(r.components) > 1 for r in catalog.regimens)


def test_conflicts_keep_every_side(catalog: Catalog) -> None:
    caveat = next(c for c in catalog.caveats if c.id == "single-agent-immunotherapy")
    sources = {p.source for st in caveat.statements for p in st.provenance}
    assert {"nci", "advanced-cure-article"} <= sources
    kinds = {c.id: c.kind.value for c in catalog.caveats}
    assert kinds["interventional-cannot-cure"] == "limitation"
    assert kinds["cell-therapy-promotional"] == "promotional_claim"


def test_sources_carry_their_dates_or_an_undated_marker(catalog: Catalog) -> None:
    nci = catalog.source_by_id["nci"]
    assert (str(nci.last_reviewed), nci.review_frequency.value, nci.license) == (
        "2025-12-30",
        "quarterly",
        "public_domain",
    )
    qa = catalog.source_by_id["palliative-surgery-qa"]
    assert (str(qa.published), qa.review_frequency_basis) == ("2025-09-22", "policy")
    assert qa.review_frequency is catalog.review_policy.dated_without_frequency
    for sid in ("united-life", "advanced-cure-article", "interventional-qa"):
        assert catalog.source_by_id[sid].undated


def _norm(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_#`“”\"’']", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


SOURCE_FILES = {
    "nci": "000_ee44814d32273fa3.txt",
    "united-life": "001_ee7a68e16809aece.txt",
    "advanced-cure-article": "002_60a4ca80b4e5fa13.txt",
    "palliative-surgery-qa": "003_835cf62ed8e22a16.txt",
    "interventional-qa": "004_ea259f7575eeffe9.txt",
}

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside this checkout"
)


def _all_provenance(catalog: Catalog):  # type: ignore[no-untyped-def]
    from livertx.catalog.rules import _all_provenance as walk

    for _section, owner, prov in walk(catalog):
        for p in prov:
            yield owner, p


@needs_seeds
def test_every_provenance_section_stands_in_its_document(catalog: Catalog) -> None:
    texts = {
        sid: _norm((SEEDS / name).read_text(encoding="utf-8")) for sid, name in SOURCE_FILES.items()
    }
    missing = [
        (owner, p.source, p.section)
        for owner, p in _all_provenance(catalog)
        if _norm(p.section) not in texts[p.source]
    ]
    assert missing == []
    assert {s.document for s in catalog.sources} == set(SOURCE_FILES.values())


@needs_seeds
def test_source_titles_are_the_documents_own(catalog: Catalog) -> None:
    for sid, name in SOURCE_FILES.items():
        assert catalog.source_by_id[sid].title in (SEEDS / name).read_text(encoding="utf-8")


def _catalog_prose(catalog: Catalog) -> list[str]:
    texts: list[str] = []
    for m in catalog.modalities:
        texts.append(m.summary)
        for group in (m.how_it_works, m.who_for, m.side_effects, m.limits, m.notes):
            texts.extend(st.text for st in group)
    for s in catalog.stages:
        texts.append(s.definition)
        texts.extend(n.text for n in s.notes)
    for c in catalog.caveats:
        texts.append(c.summary)
        texts.extend(st.text for st in c.statements)
    for d in catalog.drugs:
        texts.extend(n.text for n in d.notes)
        texts.extend(sp.note for sp in d.source_spellings)
    for r in catalog.regimens:
        texts.extend(n.text for n in r.notes)
    texts.extend(o.qualifier for o in catalog.stage_options if o.qualifier)
    return texts


@needs_seeds
def test_no_sentence_is_copied_from_the_documents(catalog: Catalog) -> None:
    """Facts carry over, sentences do not: no run of 6 words of catalog prose appears in a document."""
    window = 6
    seeds = " ".join(_norm(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt"))
    seed_words = re.sub(r"[^a-z0-9 ]", " ", seeds).split()
    seed_grams = {" ".join(seed_words[i : i + window]) for i in range(len(seed_words) - window + 1)}
    copied = []
    for text in _catalog_prose(catalog):
        words = re.sub(r"[^a-z0-9 ]", " ", _norm(text)).split()
        for i in range(len(words) - window + 1):
            gram = " ".join(words[i : i + window])
            if gram in seed_grams:
                copied.append(gram)
    assert copied == []


def test_catalog_validates_against_its_json_schema() -> None:
    import json

    import jsonschema
    import yaml

    schema = json.loads((ROOT / "schemas" / "catalog.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((ROOT / "data" / "treatments.yaml").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)


def test_json_schema_file_is_generated_from_the_loader_rules() -> None:
    import json

    from livertx.catalog.schema import catalog_json_schema

    on_disk = json.loads((ROOT / "schemas" / "catalog.schema.json").read_text(encoding="utf-8"))
    assert on_disk == catalog_json_schema(), (
        "regenerate with: python -m livertx.catalog.schema > schemas/catalog.schema.json"
    )


def test_catalog_top_points_editors_at_the_schema() -> None:
    first = (ROOT / "data" / "treatments.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/catalog.schema.json"


def test_a_listed_drug_is_offered_as_the_drug_with_a_reading_note(catalog: Catalog) -> None:
    for o in catalog.stage_options:
        if o.option.kind is OptionKind.DRUG and o.provenance[0].source == "nci":
            assert o.note and o.note.startswith("Reading:"), o.id
