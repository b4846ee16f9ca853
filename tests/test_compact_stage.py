"""The compact stage view (`livertx stage STAGE`, the default): every treatment, status, source
and warning of the full answer on about one screen, grouped by the strongest support."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from typer.testing import CliRunner

from livertx.answers.compact import CompactStage, short_name
from livertx.answers.stage import stage_answer
from livertx.catalog.load import load_catalog
from livertx.catalog.model import Catalog, Status
from livertx.cli.app import app

AS_OF = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _plain(runner: CliRunner, *args: str, width: int = 100) -> str:
    result = runner.invoke(app, ["stage", *args], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def _flat(text: str) -> str:
    """The text with its line breaks and runs of spaces as single spaces (a sentence may wrap)."""
    return " ".join(text.split())


def _stage_ids(catalog: Catalog) -> list[str]:
    return [s.id for s in catalog.stages]


def test_every_treatment_status_and_source_of_the_json_is_in_the_compact_view(
    runner: CliRunner, catalog: Catalog
) -> None:
    """A statement is said on its row ("Q&A reported: palliative"), or by its group's title
    when every row of the group begins with it ("Standard: listed by NCI for this stage"), or
    half and half ("Reported by other sources: ..." over "Q&A: palliative")."""
    for sid in _stage_ids(catalog):
        doc = json.loads(runner.invoke(app, ["stage", sid, "--json"]).stdout)
        shown = _flat(_plain(runner, sid))
        compact = stage_answer(catalog, sid, AS_OF).compact
        assert compact is not None
        title_of = {e.id: g.title for g in compact.groups for line in g.lines for e in line.entries}
        for tr in doc["treatments"]:
            assert tr["name"] in shown, (sid, tr["name"])
            title = title_of[tr["id"]]
            assert title in shown, (sid, title)
            for st in tr["statements"]:
                source = catalog.source_by_id[st["sources"][0]]
                who, status = source.short_name or source.id, Status(st["status"]).label
                in_title = status.lower() in title.lower()
                said = (
                    f"{who} {status}" in shown
                    or (in_title and f"by {who}" in title)
                    or (in_title and re.search(rf"\b{re.escape(who)}( \[|:|$| ·)", shown))
                )
                assert said, (sid, tr["name"], who, status)


def test_no_warning_of_the_full_view_is_lost(runner: CliRunner, catalog: Catalog) -> None:
    """Every caveat, the stage's warning, and every qualifier (as the curator's brief, which
    keeps its limits) of the --detail view is on the compact view too."""
    for sid in _stage_ids(catalog):
        answer = stage_answer(catalog, sid, AS_OF)
        shown = _flat(_plain(runner, sid))
        for caveat in answer.caveats:
            assert _flat(caveat.summary) in shown, (sid, caveat.id)
        if answer.warning:
            assert _flat(answer.warning) in shown
        for line in answer.statements:
            brief = line.row.entry.short_qualifier
            if brief and brief.lower() not in {"targeted therapy", "immunotherapy"}:
                assert _flat(brief) in shown, (sid, line.row.entry.id, brief)


def test_a_brief_is_shorter_and_keeps_every_limit(catalog: Catalog) -> None:
    for o in catalog.stage_options:
        if o.brief is None:
            continue
        assert o.qualifier is not None and len(o.brief) < len(o.qualifier), o.id
        for word in ("only", "not", "reading", "claims"):
            if re.search(rf"\b{word}\b", o.qualifier):
                assert re.search(rf"\b{word}\b", o.brief), (o.id, word)


def test_groups_put_the_most_trusted_support_first(catalog: Catalog) -> None:
    compact = stage_answer(catalog, "advanced", AS_OF).compact
    assert isinstance(compact, CompactStage)
    titles = [g.title for g in compact.groups]
    assert titles == [
        "Standard: listed by NCI for this stage",
        "In clinical trials: listed by NCI",
        "Reported by other sources: named, not called standard",
        "Only promotional claims, by clinic",
    ]
    standard = {e.name for line in compact.groups[0].lines for e in line.entries}
    assert {"sorafenib", "lenvatinib", "pembrolizumab", "atezolizumab with bevacizumab"} <= standard
    promoted = {e.name for line in compact.groups[-1].lines for e in line.entries}
    assert "Immune reconstitution cell therapy" in promoted


def test_a_class_listed_only_by_the_clinic_stays_with_the_clinic_and_points_to_its_drugs(
    catalog: Catalog,
) -> None:
    """NCI's targeted drugs stand under Targeted therapy in the standard group; the clinic's
    claim for the class as a whole stays in the promotional group (two readers took it for a
    standard under the Standard heading), saying that its drugs stand above."""
    compact = stage_answer(catalog, "advanced", AS_OF).compact
    assert compact is not None
    standard, *rest = compact.groups
    targeted = [line for line in standard.lines if line.heading == "Targeted therapy"]
    assert "sorafenib" in [e.name for line in targeted for e in line.entries]
    assert any(
        line.heading == "Immunotherapy" and line.entries[0].name == "pembrolizumab"
        for line in standard.lines
    )
    assert all(e.id != "targeted-therapy" for line in standard.lines for e in line.entries)
    promotional = rest[-1]
    assert promotional.title == "Only promotional claims, by clinic"
    names = [e.name for line in promotional.lines for e in line.entries]
    assert "Targeted therapy as a class (its drugs above)" in names


def test_the_first_screen_names_every_treatment_nci_calls_standard(
    runner: CliRunner, catalog: Catalog
) -> None:
    answer = stage_answer(catalog, "advanced", AS_OF)
    standard = {
        tr.name
        for tr in answer.treatments
        if any(s.row.status is Status.STANDARD and s.source_ids[0] == "nci" for s in tr.statements)
    }
    first = _flat("\n".join(_plain(runner, "advanced").splitlines()[:24]))
    assert standard and all(name in first for name in standard), standard


def test_the_trial_option_says_where_to_look(runner: CliRunner) -> None:
    for sid in ("localized", "advanced", "recurrent"):
        shown = _flat(_plain(runner, sid))
        assert "In clinical trials" in shown
        assert "NCI's clinical trial search" in shown and "ClinicalTrials.gov" in shown


def test_sources_are_named_once_by_a_readable_name_with_ids_only_in_detail(
    runner: CliRunner, catalog: Catalog
) -> None:
    shown = _plain(runner, "advanced")
    assert "advanced-cure-article" not in shown and "united-life" not in shown
    foot = shown[shown.index("Sources, most trusted first") :]
    for sid, name in (("nci", "NCI"), ("united-life", "clinic")):
        assert short_name_of(catalog, sid) == name
        assert re.search(rf"^{re.escape(name)}: tier \d", foot, re.M), name
    detail = _plain(runner, "advanced", "--detail")
    assert "advanced-cure-article" in detail and "Who lists it, most trusted first" in detail


def short_name_of(catalog: Catalog, source_id: str) -> str:
    from livertx.query import source_state

    return short_name(source_state(catalog, source_id, AS_OF))


def test_nothing_is_cut_mid_word_at_60_columns(runner: CliRunner, catalog: Catalog) -> None:
    words = set(_flat(_plain(runner, "advanced", width=200)).split())
    narrow = _plain(runner, "advanced", width=60)
    assert all(len(line) <= 60 for line in narrow.splitlines())
    # a line may break after a hyphen ("(--" / "detail)"), never inside a word
    for word in _flat(re.sub(r"-\n\s*", "-", narrow)).split():
        assert word in words, word


def test_detail_and_json_agree_whatever_the_view(runner: CliRunner) -> None:
    plain = runner.invoke(app, ["stage", "advanced", "--json"])
    detail = runner.invoke(app, ["stage", "advanced", "--json", "--detail"])
    assert plain.exit_code == detail.exit_code == 0
    assert plain.stdout == detail.stdout


def test_a_handout_reads_like_the_screen_then_carries_the_detail(runner: CliRunner) -> None:
    md = runner.invoke(app, ["stage", "advanced", "--format", "markdown"]).stdout
    compact = md.index("## Standard: listed by NCI for this stage")
    detail = md.index("## In detail:")
    assert compact < md.index("## Notes (the numbers in") < detail
    assert "not medical advice" in md[:compact]


@pytest.mark.parametrize(
    "args",
    [
        ["stage", "advanced"],
        ["stage", "advanced", "--detail"],
        ["explain", "tace"],
        ["explain", "tace", "--detail"],
        ["compare", "tace", "rfa"],
    ],
)
def test_an_answer_names_the_catalogs_version_and_date_once(
    runner: CliRunner, catalog: Catalog, args: list[str]
) -> None:
    # a curator or a family comparing two printouts sees which catalog each came from
    result = runner.invoke(app, args, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    words = f"catalog {catalog.version} of {catalog.modified}"
    assert " ".join(result.stdout.split()).count(words) == 1, args


def test_notes_are_numbered_in_the_order_a_reader_meets_them(
    runner: CliRunner, catalog: Catalog
) -> None:
    # the rows are grouped after their notes were counted: "[12]" stood above "[11]"
    for sid in _stage_ids(catalog):
        shown = _plain(runner, sid)
        rows = shown[: shown.index("Notes ([n] above)")] if "Notes ([n] above)" in shown else ""
        seen: list[int] = []
        for group in re.findall(r"\[([\d,]+)\]", rows):
            seen += [int(n) for n in group.split(",") if int(n) not in seen]
        assert seen == list(range(1, len(seen) + 1)), (sid, seen)
