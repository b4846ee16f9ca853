"""A test set for name lookup: the catalog's own names with one slip each, and names it does not have.

    python tests/lookup_cases.py        # prints the share right, unanswered and wrong per set

Four sets:
- typos: every name, alias, brand and id of every stage, modality and drug of five letters or
  more, with each single slip (a letter dropped, a letter doubled, two neighbouring letters
  swapped, a letter replaced by a neighbouring key), looked up in its own kind. A slip that spells
  a name of the catalog exactly is left out: that is a different, valid query.
- short typos: the same for names of four letters or fewer (TACE, sora, late), which are matched
  exactly only (livertx.query.names.SHORT_NAME), so these must all go unanswered.
- absent: real liver cancer drugs, brands and treatments that the catalog does not have, looked up
  as a stage, a modality and a drug.
- unrelated: common drugs and brands that have nothing to do with liver cancer, likewise.

An answer is right when it is the one record meant, unanswered when it is "not in the catalog" or
an ambiguity that lists the record meant, and wrong otherwise: another record, or an ambiguity
that leaves out the record meant. For the absent and unrelated sets every answer is wrong.
tests/test_lookup.py holds the goals: no wrong answer at all, and at least 99% of typos right.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

if __package__ in (None, ""):  # run as a script: make `livertx` importable from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from livertx.catalog.index import NAME_KINDS, name_key, names_of
from livertx.catalog.model import Catalog
from livertx.query import (
    NotFound,
    QueryError,
    drugs_in_text,
    modality_match,
    search_drugs,
    stage_match,
)
from livertx.query.names import QWERTY_ROWS, SHORT_NAME

ABSENT = [
    # drugs used for liver cancer somewhere, and their brands, that no source document names
    "donafenib", "tislelizumab", "Tevimbra", "sintilimab", "Tyvyt", "toripalimab", "Loqtorzi",
    "serplulimab", "penpulimab", "icaritin", "brivanib", "linifanib", "tivantinib", "sunitinib",
    "Sutent", "erlotinib", "Tarceva", "everolimus", "Afinitor", "imatinib", "Gleevec", "gefitinib",
    "axitinib", "Inlyta", "avelumab", "Bavencio", "cemiplimab", "Libtayo", "doxorubicin",
    "Adriamycin", "epirubicin", "cisplatin", "oxaliplatin", "Eloxatin", "fluorouracil", "5-FU",
    "capecitabine", "Xeloda", "gemcitabine", "Gemzar", "mitomycin", "thalidomide", "octreotide",
    "tamoxifen", "interferon", "pemigatinib", "ivosidenib", "durvalumab with bevacizumab",
    "afatinib", "Gilotrif", "lapatinib", "Tykerb",
    # treatments that no source document names
    "SIRT", "selective internal radiation therapy", "radioembolization", "TARE", "Y-90",
    "yttrium-90", "HAIC", "FOLFOX", "GEMOX", "bone marrow transplant", "stem cell transplant",
    "CAR-T cell therapy", "histotripsy", "high-intensity focused ultrasound", "HIFU",
    "laser ablation", "photodynamic therapy", "hormone therapy", "gene therapy",
    "whipple procedure", "liver dialysis", "hyperthermia", "oncolytic virus therapy",
    "tumor treating fields", "carbon ion therapy", "gamma knife", "CyberKnife", "photon therapy",
    "photon beam therapy",
    "portal vein embolization", "hepatic artery ligation",
]  # fmt: skip

UNRELATED = [
    "aspirin", "ibuprofen", "Advil", "paracetamol", "acetaminophen", "Tylenol", "metformin",
    "Glucophage", "atorvastatin", "Lipitor", "simvastatin", "lisinopril", "amlodipine",
    "amoxicillin", "omeprazole", "levothyroxine", "insulin", "warfarin", "prednisone", "sertraline",
    "Zoloft", "salbutamol", "Ventolin", "loratadine", "ciprofloxacin", "furosemide", "Lasix",
    "ICU", "rejection",
    # three-letter words with other meanings, a slip away from the catalog's abbreviations
    "TAC",  # a breast cancer regimen; one letter short of TACE and one key from TAE
    "EPI",  # epirubicin or epinephrine; PEI with two letters swapped
    "RAF",  # a kinase; RFA with two letters swapped
    "EBV",  # Epstein-Barr virus; bev (bevacizumab) with two letters swapped
    "care",  # a common word, once camre (camrelizumab) with a letter dropped
    # four letters, a slip from a short form or abbreviation of four or five letters
    "rami", "novo", "nico", "ergo", "soar", "dura", "face", "race", "kate", "latte", "sent", "duet",
]  # fmt: skip

_NEIGHBOURS = {
    char: {
        rows[c]
        for r, rows in enumerate(QWERTY_ROWS)
        if abs(r - row) <= 1
        for c in range(col - 1, col + 2)
        if 0 <= c < len(rows)
    }
    - {char}
    for row, line in enumerate(QWERTY_ROWS)
    for col, char in enumerate(line)
}


def slips(text: str) -> set[str]:
    """Every text one slip away: a letter dropped, doubled, swapped with the next, or replaced by
    a neighbouring key."""
    out: set[str] = set()
    for i, char in enumerate(text):
        out.add(text[:i] + text[i + 1 :])
        out.add(text[:i] + char + text[i:])
        if i + 1 < len(text):
            out.add(text[:i] + text[i + 1] + char + text[i + 2 :])
        for other in _NEIGHBOURS.get(char, ()):
            out.add(text[:i] + other + text[i + 1 :])
    out.discard(text)
    return out


class Case(NamedTuple):
    kind: str  # stages, modalities or drugs
    query: str
    meant: str | None  # the record id meant, or None for a name the catalog does not have


def _answer(catalog: Catalog, kind: str, query: str) -> list[str]:
    """Record ids the lookup answers with: one for an answer, several for an ambiguity, none for
    "not in the catalog"."""
    if kind == "drugs":  # as `drug` answers: a name, then the names inside a text
        try:
            found = search_drugs(catalog, query, limit=100) or drugs_in_text(catalog, query)
        except QueryError as exc:
            return list(exc.candidates)
        except NotFound:
            return []
        # a combination the catalog does not list is not answered: each drug is shown as itself,
        # under a line that says the catalog lists no such combination
        return [m.drug.id for m in found if m.how != "unlisted-combination"]
    match: Callable[[Catalog, str], object] = stage_match if kind == "stages" else modality_match
    try:
        return [match(catalog, query).record_id]
    except QueryError as exc:
        return list(exc.candidates)
    except NotFound:
        return []


def typo_cases(catalog: Catalog, short: bool = False) -> Iterable[Case]:
    """Slips of the names of SHORT_NAME letters or more; with `short`, of the shorter ones."""
    for kind in NAME_KINDS:
        if kind == "regimens":
            continue  # no command looks a regimen up by name
        table = names_of(catalog, kind)
        for key, entries in table.by_key.items():
            if (len(key) < SHORT_NAME) is not short:
                continue
            for typed in sorted(slips(key)):
                if name_key(typed) in table.by_key:
                    continue  # the slip spells a name (`bev` of `beva`): a valid query of its own
                yield Case(kind, typed, entries[0].record_id)


def absent_cases(names: Iterable[str]) -> Iterable[Case]:
    for name in names:
        for kind in ("stages", "modalities", "drugs"):
            yield Case(kind, name, None)


def grade(catalog: Catalog, case: Case) -> str:
    """right, unanswered or wrong (see the module's docstring)."""
    found = _answer(catalog, case.kind, case.query)
    if not found:
        return "unanswered"
    if case.meant is None:
        return "wrong"
    if found == [case.meant]:
        return "right"
    return "unanswered" if case.meant in found else "wrong"


class Report(NamedTuple):
    name: str
    counts: Counter[str]
    wrong: list[Case]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, grade: str) -> float:
        return self.counts[grade] / self.total if self.total else 0.0


def evaluate(catalog: Catalog) -> list[Report]:
    reports = []
    for name, cases in (
        ("typos of the catalog's names", list(typo_cases(catalog))),
        ("typos of names of four letters or fewer", list(typo_cases(catalog, short=True))),
        ("liver cancer names the catalog does not have", list(absent_cases(ABSENT))),
        ("unrelated drugs", list(absent_cases(UNRELATED))),
    ):
        graded = [(case, grade(catalog, case)) for case in cases]
        counts = Counter(g for _, g in graded)
        reports.append(Report(name, counts, [case for case, g in graded if g == "wrong"]))
    return reports


def main() -> None:
    from livertx import load_catalog

    catalog = load_catalog(use_cache=False)
    print(f"{'set':<46} {'cases':>6} {'right':>7} {'unanswered':>11} {'wrong':>6}")
    for report in evaluate(catalog):
        print(
            f"{report.name:<46} {report.total:>6} {report.share('right'):>7.1%} "
            f"{report.share('unanswered'):>11.1%} {report.counts['wrong']:>6}"
        )
        for case in report.wrong[:20]:
            print(
                f"    wrong: {case.kind} {case.query!r} -> {_answer(catalog, case.kind, case.query)} (meant {case.meant})"
            )


if __name__ == "__main__":
    main()
