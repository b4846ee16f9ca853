"""Every format says the same facts: for each answer of the golden set, the treatments,
statuses, qualifiers, caveats (and the numbers that point at them), warnings and sources of
the typed answer appear in the table, plain text, JSON, Markdown, CSV and HTML alike.

A handout that says less than the table is a defect; this is the test that finds one.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from typing import Any

import pytest

from livertx import load_catalog
from livertx.answers import (
    Answer,
    CompareAnswer,
    DrugAnswer,
    DrugsAnswer,
    ExplainAnswer,
    ModalitiesAnswer,
    SearchAnswer,
    SourcesAnswer,
    StageAnswer,
    StagesAnswer,
)
from livertx.answers.catalog_text import search_answer, sources_answer
from livertx.answers.compact import short_name
from livertx.answers.compare import compare_answer
from livertx.answers.drug import drug_answer, drugs_answer
from livertx.answers.modality import explain_answer, modalities_answer
from livertx.answers.stage import stage_answer, stages_answer
from livertx.query import find_drugs, make_filters

from .golden_answers import AS_OF, CASES, ROOT, Case, run

FORMATS = ("table", "plain", "json", "markdown", "csv", "html")


def _answer(case: Case) -> Answer:
    """The typed answer of a golden case, built as the command builds it."""
    import datetime as dt

    args = list(case.args)
    path = None
    if args[0] == "--catalog":
        path, args = str(ROOT / args[1]), args[2:]
    catalog = load_catalog(path) if path else load_catalog()
    date = dt.date.fromisoformat(AS_OF)
    command, rest = args[0], args[1:]
    options = {rest[i]: rest[i + 1] for i in range(len(rest) - 1) if rest[i].startswith("--")}
    words = [
        w
        for i, w in enumerate(rest)
        if not w.startswith("--") and (i == 0 or not rest[i - 1].startswith("--"))
    ]
    filters = None
    if "--source" in options:
        filters = make_filters(catalog, [options["--source"]], None, (), ())
    if command == "stage":
        return (
            stage_answer(catalog, words[0], date, filters)
            if words
            else stages_answer(catalog, date)
        )
    if command == "explain":
        return (
            explain_answer(catalog, words[0], date) if words else modalities_answer(catalog, date)
        )
    if command == "drug" and not words:
        return drugs_answer(catalog, date)
    if command == "drug":
        return drug_answer(catalog, words[0], find_drugs(catalog, words[0], limit=5), date)
    if command == "compare":
        return compare_answer(catalog, words, date)
    if command == "search":
        return search_answer(catalog, words[0], date, 20)
    assert command == "sources", case
    return sources_answer(catalog, date)


def facts(answer: Answer, compact: bool = False) -> dict[str, set[str]]:
    """The facts each format must show, by kind: names, status words, qualifiers, caveats,
    caveat pointers, warnings and source ids. `compact`: as the compact table of explain, drug
    and compare shows them, each qualifier in its brief form and each source by its short name
    (--detail shows the rest)."""
    out: dict[str, set[str]] = {
        k: set()
        for k in ("names", "statuses", "qualifiers", "caveats", "pointers", "warnings", "sources")
    }

    def caveats(lines: Any, quoted: bool = True) -> None:
        """A caveat's summary; with `quoted`, the sources of each side too (the stage table
        lists caveats by number and summary, and `--by-source` quotes each side)."""
        for c in lines:
            out["caveats"].add(c.summary)
            for said in c.statements if quoted else ():
                out["sources"].update(source(x.state) for x in said.cited)

    def source(state: Any) -> str:
        return short_name(state) if compact else state.source.id

    def qualifier(entry: Any) -> str | None:
        return entry.short_qualifier if compact else entry.qualifier

    match answer:
        case StageAnswer():
            for tr in answer.treatments:
                out["names"].add(tr.name)
                if tr.caveats:
                    out["pointers"].add(",".join(map(str, tr.caveats)))
                for s in tr.statements:
                    out["statuses"].add(s.row.status.label)
                    if s.row.entry.qualifier:
                        out["qualifiers"].add(s.row.entry.qualifier)
            out["warnings"].update(w for w in (answer.warning,) if w)
            out["sources"].update(line.state.source.id for line in answer.sources)
            caveats(answer.caveats, quoted=False)
        case StagesAnswer():
            out["names"].update(s.id for s in answer.stages)
        case ExplainAnswer():
            f = answer.facts
            out["names"].update([f.modality.name, *(m.name for m in f.members)])
            out["statuses"].add(f.status.status.label)
            for o in f.listed:
                out["statuses"].add(o.entry.status.label)
                if qualifier(o.entry):
                    out["qualifiers"].add(qualifier(o.entry))
            out["sources"].update(source(c.state) for c in f.cited)
            caveats(f.caveats)
        case ModalitiesAnswer():
            out["names"].update(r.modality.name for r in answer.rows)
        case DrugAnswer():
            for line in answer.matches:
                out["names"].update([line.facts.drug.name, *(r.name for r in line.facts.regimens)])
                out["statuses"].update(s.status.label for s in line.facts.statuses)
            caveats(answer.caveats)
        case DrugsAnswer():
            out["names"].update(f.drug.name for f in answer.drugs)
        case CompareAnswer():
            out["names"].update(i.name for i in answer.items)
            for i in answer.items:
                for o in i.listed:
                    out["statuses"].add(o.entry.status.label)
                    if qualifier(o.entry):
                        out["qualifiers"].add(qualifier(o.entry))
                out["caveats"].update(c.summary for c in i.caveats)
            out["sources"].update(source(line.state) for line in answer.sources)
        case SourcesAnswer():
            out["names"].update(s.source.title for s in answer.sources)
            out["sources"].update(s.source.id for s in answer.sources)
        case SearchAnswer():
            out["names"].update(h.hit.name for h in answer.hits)
            out["sources"].update(s.source.id for h in answer.hits for s in h.sources)
            caveats(answer.caveats)
    return out


def _as_drawn(answer: Answer, fmt: str, expected: dict[str, set[str]]) -> dict[str, set[str]]:
    """The facts as a format draws them. The compact stage view (the default table) gives each
    qualifier as the curator's brief, which keeps its limits, names sources by their short
    names, and numbers its notes in reading order; the handouts carry that view and the detail."""
    if not isinstance(answer, StageAnswer) or answer.compact is None or fmt in ("json", "csv"):
        return expected
    if fmt in ("markdown", "html"):  # the compact notes come first: the detail uses their numbers
        note = {n.caveat: n.number for n in answer.compact.notes if n.caveat is not None}
        return {
            **expected,
            "pointers": {
                f"note{'s' if len(tr.caveats) > 1 else ''} "
                + ",".join(map(str, sorted(note[n] for n in tr.caveats)))
                for tr in answer.treatments
                if tr.caveats
            },
        }
    from livertx.answers.compact import short_name

    return {
        **expected,
        "qualifiers": {
            s.row.entry.short_qualifier
            for s in answer.statements
            if s.row.entry.short_qualifier
            and s.row.entry.short_qualifier.lower() != "targeted therapy"
        },
        "pointers": set(),
        "sources": {short_name(line.state) for line in answer.sources},
    }


def _printed(case: Case, fmt: str) -> str:
    """What the command prints in one format, as searchable text: wide enough that nothing
    wraps, with Markdown's escapes, HTML's tags and entities and CSV's quoting undone."""
    return _searchable(fmt, run(case, fmt, "1000").stdout)


def _searchable(fmt: str, text: str) -> str:
    """A format's text with Markdown's escapes, HTML's tags and entities, CSV's quoting and
    JSON's structure undone."""
    if fmt == "markdown":
        text = re.sub(r"\\(.)", r"\1", text).replace("<br>", "\n")
    elif fmt == "html":
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    elif fmt == "csv":
        text = "\n".join(cell for row in csv.reader(io.StringIO(text)) for cell in row)
    elif fmt == "json":
        strings: list[str] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
            elif isinstance(node, str):
                strings.append(node)

        walk(json.loads(text))
        text = "\n".join(strings)
    return text


FULL = [case for case in CASES if case.formats == FORMATS]


@pytest.mark.parametrize("case", FULL, ids=[c.name for c in FULL])
def test_every_format_says_the_same_facts(case: Case) -> None:
    answer = _answer(case)
    expected = facts(answer)
    assert expected["names"], case.name  # a test that finds nothing to check checks nothing
    compact = isinstance(answer, (ExplainAnswer, DrugAnswer, CompareAnswer))
    for fmt in FORMATS:
        text = _printed(case, fmt)
        shown_facts = (
            facts(answer, compact=True)
            if compact and fmt in ("table", "plain")
            else _as_drawn(answer, fmt, expected)
        )
        for kind, found in shown_facts.items():
            for fact in found:
                if kind == "statuses" and fmt == "json":
                    continue  # JSON gives status values (clinical_trial), checked below
                if kind == "pointers":
                    shown = (
                        fact
                        if fmt == "csv" or fact.startswith("note")
                        else f"caveat{'s' if ',' in fact else ''} {fact}"
                    )
                    if fmt == "json":
                        continue  # JSON names the caveats by id (treatments[].caveats)
                    assert shown in text, (case.name, fmt, kind, fact)
                    continue
                if kind == "statuses":  # a group's heading may begin with one: "In clinical trials"
                    assert fact.lower() in text.lower(), (case.name, fmt, kind, fact)
                    continue
                assert fact in text, (case.name, fmt, kind, fact)
    if isinstance(answer, StageAnswer):
        doc = json.loads(run(case, "json").stdout)
        ids = [c.id for c in answer.caveats]
        for tr, shown in zip(answer.treatments, doc["treatments"], strict=True):
            assert shown["caveats"] == [ids[n - 1] for n in tr.caveats]
            assert [s["status"] for s in shown["statements"]] == [
                s.row.status.value for s in tr.statements
            ]
        assert doc["warnings"] == ([answer.warning] if answer.warning else [])


def test_the_poor_liver_function_warning_is_in_every_handout() -> None:
    case = next(c for c in CASES if c.name == "stage-poor-liver-function")
    warning = facts(_answer(case))["warnings"]
    assert warning  # the answer that gave rise to this test
    for fmt in FORMATS:
        assert all(w in _printed(case, fmt) for w in warning), fmt


def test_every_kind_of_answer_is_drawn_in_every_format() -> None:
    """Each format is a Drawing with a function for every kind of answer. Every kind is drawn
    here in all six formats (the table by Rich and as plain text), each naming every treatment,
    drug, stage or source of the answer, so a kind that a format draws wrong or not at all fails
    here, not for a user."""
    from typing import get_args

    from livertx.query.names import NotFound, QueryError
    from livertx.render.csv_out import draw_csv
    from livertx.render.html_page import draw_html
    from livertx.render.json_docs import document
    from livertx.render.markdown import draw_markdown
    from livertx.render.outline import handout
    from livertx.render.plain import render_plain
    from livertx.render.terminal import render_text
    from livertx.render.views import view

    kinds: dict[type, Answer] = {}
    for case in CASES:
        if case.args[0] in ("validate", "diff", "review") or "--json" in case.args:
            continue
        try:
            answer = _answer(case)
        except (QueryError, NotFound):
            continue  # the error cases
        kinds.setdefault(type(answer), answer)
    assert set(kinds) == set(get_args(Answer))
    for answer in kinds.values():
        h = handout(answer)
        drawn = {
            "table": render_text(view(answer), 1000, False),
            "plain": render_plain(view(answer), 1000),
            "json": json.dumps(document(answer)),
            "markdown": draw_markdown(h),
            "csv": draw_csv(answer, h),
            "html": draw_html(h),
        }
        names = sorted(facts(answer)["names"])
        assert names, type(answer).__name__
        for fmt, text in drawn.items():
            shown = _searchable(fmt, text)
            missing = [n for n in names if n not in shown]
            assert not missing, (type(answer).__name__, fmt, missing)
