"""Plain-text tables for pipes and files: the same content a terminal shows, within the width."""

from __future__ import annotations

import collections
import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from livertx import load_catalog
from livertx import query as q
from livertx.answers.catalog_text import search_answer, sources_answer
from livertx.answers.drug import drug_answer, drugs_answer
from livertx.answers.modality import explain_answer, modalities_answer
from livertx.answers.stage import stages_answer
from livertx.render import views
from livertx.render.plain import (
    Column,
    Group,
    Styled,
    Table,
    cell_width,
    output_width,
    render_plain,
    wrap,
)
from livertx.render.terminal import to_rich

from .conftest import invoke

CATALOG = load_catalog()
AS_OF = dt.date(2026, 11, 23)


def _stage_view() -> object:
    from livertx.answers.stage import stage_answer

    return views.render_stage(stage_answer(CATALOG, "advanced", AS_OF))


VIEWS = {
    "stage advanced": _stage_view,
    "stage": lambda: views.render_stages(stages_answer(CATALOG, AS_OF)),
    "explain tace": lambda: views.render_modality(explain_answer(CATALOG, "tace", AS_OF)),
    "explain": lambda: views.render_modalities(modalities_answer(CATALOG, AS_OF)),
    "drug": lambda: views.render_drugs(drugs_answer(CATALOG, AS_OF)),
    "drug nexavar": lambda: views.render_drug_matches(
        drug_answer(CATALOG, "nexavar", q.search_drugs(CATALOG, "nexavar"), AS_OF)
    ),
    "sources": lambda: views.render_sources(sources_answer(CATALOG, AS_OF)),
    "search": lambda: views.render_search(search_answer(CATALOG, "sorafenib", AS_OF, 50)),
}


def _visible(text: str) -> collections.Counter[str]:
    return collections.Counter(ch for ch in text if not ch.isspace() and ch != "─")


@pytest.mark.parametrize("width", [60, 100, 160])
@pytest.mark.parametrize("name", list(VIEWS))
def test_a_pipe_gets_every_character_a_terminal_shows_within_the_width(
    name: str, width: int
) -> None:
    view = VIEWS[name]()
    plain = render_plain(view, width)  # type: ignore[arg-type]
    buffer = io.StringIO()
    Console(
        file=buffer, width=width, force_terminal=False, markup=False, emoji=False, highlight=False
    ).print(to_rich(view, width))  # type: ignore[arg-type]
    assert _visible(plain) == _visible(buffer.getvalue())
    assert max(cell_width(line) for line in plain.splitlines()) <= width
    assert "\x1b" not in plain


def test_a_table_has_its_title_a_header_over_a_rule_and_aligned_columns() -> None:
    table = Table(
        Styled("Drugs", "bold"),
        [Column(Styled("Score"), justify="right"), Column(Styled("Drug"), ratio=1)],
    )
    table.add_row(Styled("100"), Styled("sorafenib"))
    table.add_section()
    table.add_row(Styled("7"), Styled("lenvatinib mesylate, a long name"))
    table.caption = Styled("Brands are curator-supplied.")
    out = render_plain(Group(Styled("Heading"), table), 30).splitlines()
    assert out == [
        "Heading",
        "Drugs",
        "",
        " Score   Drug",
        " ────────────────────────────",
        "   100   sorafenib",
        "",
        "     7   lenvatinib mesylate,",
        "         a long name",
        "",
        "Brands are curator-supplied.",
    ]


def test_wide_characters_take_two_cells() -> None:
    assert cell_width("ソラフェニブ") == 12 and cell_width("Ñéxävär") == 7
    assert wrap("ソラフェニブ ソラフェニブ", 14) == ["ソラフェニブ", "ソラフェニブ"]
    assert wrap("ソラフェニブ", 5) == ["ソラ", "フェ", "ニブ"]  # folded at a character boundary


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=200),
    st.integers(2, 60),
)
def test_wrapping_keeps_every_character_in_order_and_each_line_within_the_width(
    text: str, width: int
) -> None:
    lines = wrap(text, width)
    assert "".join("".join(lines).split()) == "".join(text.split())
    assert all(cell_width(line) <= width for line in lines)


CELLS = st.text(alphabet=st.sampled_from(list("abc xyz-é\nソ")), max_size=40).map(Styled)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.integers(1, 5)), st.booleans()), min_size=1, max_size=6
    ),
    st.data(),
    st.integers(20, 200),
)
def test_a_table_that_fits_never_runs_past_the_width(
    specs: list[tuple[int | None, bool]], data: st.DataObject, width: int
) -> None:
    columns = [
        Column(Styled(f"h{i}"), ratio=ratio, justify="right" if right else "left")
        for i, (ratio, right) in enumerate(specs)
    ]
    table = Table(Styled("t"), columns)
    for _ in range(data.draw(st.integers(0, 4))):
        table.add_row(*(data.draw(CELLS) for _ in columns))
    out = render_plain(table, width)
    if 2 + 3 * (len(columns) - 1) + 2 * len(columns) <= width:  # room for two cells a column
        assert all(cell_width(line) <= width for line in out.splitlines())
    for cell in (c for row in table.rows if row for c in row):
        assert set("".join(cell.plain.split())) <= set(out)


def test_columns_sets_the_width_of_piped_tables(
    monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    monkeypatch.setenv("COLUMNS", "132")
    assert output_width() == 132
    wide = invoke(runner, "stage", "advanced", env={"COLUMNS": "132"}).stdout.splitlines()
    narrow = invoke(runner, "stage", "advanced", env={"COLUMNS": "70"}).stdout.splitlines()
    assert max(map(len, wide)) > 100 and max(map(len, narrow)) <= 70
    assert len(narrow) > len(wide)
    for value in ("", "wide", "-3"):
        monkeypatch.setenv("COLUMNS", value)
        assert output_width() == 80


def test_a_table_too_narrow_for_its_words_becomes_a_list() -> None:
    # six columns at 60 cut "sorafenib" into "sorafen" / "ib"; a list keeps every word whole
    table = Table(
        Styled("Drugs matching 'nexavar'"),
        [
            Column(Styled("Score"), justify="right"),
            Column(Styled("Drug"), ratio=2),
            Column(Styled("Class"), ratio=2),
            Column(Styled("Sources"), ratio=3),
        ],
    )
    table.add_row(
        Styled("100"),
        Styled("sorafenib\nNexavar"),
        Styled("multikinase inhibitor"),
        Styled("nci § Targeted therapy"),
    )
    assert render_plain(table, 30).splitlines() == [
        "Drugs matching 'nexavar'",
        "",
        " sorafenib",
        " Nexavar",
        "   Score: 100",
        "   Class: multikinase",
        "     inhibitor",
        "   Sources: nci § Targeted",
        "     therapy",
        "",
    ]
    assert "Drug  " in render_plain(table, 80)  # with room, it is a table


def test_a_date_is_never_broken_after_its_hyphens() -> None:
    from livertx.render.plain import wrap

    assert wrap("reviewed 2025-12-30, overdue", 12) == ["reviewed", "2025-12-30,", "overdue"]
    assert wrap("locally-advanced", 10) == ["locally-", "advanced"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="ab- \n§①", min_size=0, max_size=30),
            st.sampled_from(["", "bold", "dim"]),
        ),
        max_size=6,
    ),
    st.integers(min_value=1, max_value=25),
)
def test_styled_text_breaks_into_the_same_lines_as_plain_text(
    runs: list[tuple[str, str]], width: int
) -> None:
    # a terminal paints the very lines a pipe gets: wrap_styled must break where wrap does,
    # and keep each character's style
    from livertx.render.plain import wrap, wrap_styled

    styled = Styled()
    for text, style in runs:
        styled.append(text, style)
    lines = wrap_styled(styled, width)
    assert [line.plain for line in lines] == wrap(styled.plain, width)
    kept = [(ch, style) for line in lines for text, style in line.spans for ch in text]
    given_styles = [(ch, style) for text, style in styled.spans for ch in text]
    it = iter(given_styles)
    assert all(pair in it for pair in kept)  # each character in order, with its own style


def test_a_width_of_zero_or_less_still_ends() -> None:
    # Python 3.10 reports a new pty as 0 columns wide; laying out at 0 once folded forever
    # (18 GB in a CI run). In a subprocess, so that a regression fails instead of hanging.
    import subprocess
    import sys

    code = (
        "from livertx.render.plain import wrap, Styled, render_plain, Table, Column\n"
        "from livertx.render.terminal import render_text\n"
        "assert wrap('sorafenib', 0) and wrap('sorafenib', -5)\n"
        "t = Table(Styled('T'), [Column(Styled('Drug'), ratio=1), Column(Styled('Class'), ratio=1)])\n"
        "t.add_row(Styled('sorafenib'), Styled('multikinase inhibitor'))\n"
        "assert 'sorafenib' in render_text(t, 0, False)\n"
        "assert 'sorafenib' in render_plain(t, 0)\n"
    )

    def small() -> None:  # a regression fails fast, without eating the machine's memory
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, preexec_fn=small
    )
    assert done.returncode == 0, done.stderr


def test_folding_a_long_word_is_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # one 16-million-letter name took 152 s to lay out: the fold walked the rest of the word
    # again for every line. Counted in characters measured, not seconds.
    from livertx.render import plain

    calls = [0]
    real = plain._char_width

    def counted(char: str) -> int:
        calls[0] += 1
        return real(char)

    monkeypatch.setattr(plain, "_char_width", counted)

    def work(letters: int) -> int:
        calls[0] = 0
        lines = plain.wrap("Name: " + "\u00e9" * letters + " after", 40)
        assert all(plain.cell_width(line) <= 40 for line in lines)
        assert "".join(lines).count("\u00e9") == letters
        return calls[0]

    small, large = work(2_000), work(32_000)
    assert large <= 16 * small * 1.2, (small, large)  # 16 times the letters: ~16 times the work
