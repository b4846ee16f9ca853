"""The share formats (Markdown, CSV, HTML) of every lookup command, and writing them to a file:
each is parsed back the way its reader would (a Markdown parser, the csv module, an HTML parser)."""

from __future__ import annotations

import csv
import errno
import html
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from livertx import NOTICE, load_catalog
from livertx.render.csv_out import HEADER as COLUMNS
from livertx.render.html_page import esc
from livertx.render.markdown import escape
from livertx.textsafe import one_line, strip_controls

from .conftest import FIXTURES, invoke

ANSWERS = [
    ("stage", "advanced"),
    ("stage",),
    ("explain", "tace"),
    ("explain",),
    ("drug", "nexavar"),
    ("drug",),
    ("sources",),
    ("search", "jaundice"),
    ("compare", "tace", "nexavar"),
    ("stage", "advanced", "--source", "nci", "--kind", "drug"),
]


def cited_sources(doc: Any) -> list[dict[str, Any]]:
    """Every source a JSON document names (any `sources` list of objects with an id and title)."""
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "sources" and isinstance(value, list):
                    for src in value:
                        if isinstance(src, dict) and "id" in src and "title" in src:
                            found.setdefault(src["id"], src)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(doc)
    return list(found.values())


def _doc(runner: Any, *args: str) -> dict[str, Any]:
    result = invoke(runner, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _markdown_tokens(text: str) -> list[Any]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def _tables(tokens: list[Any]) -> list[list[int]]:
    """The number of cells in each row of each table (header first)."""
    tables: list[list[int]] = []
    cells = 0
    for tok in tokens:
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            cells = 0
        elif tok.type in ("th_open", "td_open"):
            cells += 1
        elif tok.type == "tr_close":
            tables[-1].append(cells)
    return tables


def _links(tokens: list[Any]) -> list[str]:
    return [
        child.attrGet("href")
        for tok in tokens
        if tok.type == "inline"
        for child in tok.children or []
        if child.type == "link_open"
    ]


# -- Markdown ------------------------------------------------------------------------------
@pytest.mark.parametrize("args", ANSWERS, ids=" ".join)
def test_markdown_handout_parses_with_notice_tables_and_source_links(
    runner: Any, args: tuple[str, ...]
) -> None:
    result = invoke(runner, *args, "--format", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    tokens = _markdown_tokens(text)
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h1"
    first_paragraph = next(t for t in tokens if t.type == "inline" and t.map and t.map[0] > 0)
    assert NOTICE in first_paragraph.content
    version = load_catalog().version
    assert "review status as of 2026-11-23" in text and f"catalog version {version}" in text
    tables = _tables(tokens)
    assert tables, "the answer is given as tables"
    for rows in tables:
        assert len(set(rows)) == 1, rows  # every row has as many cells as the header
    assert not [t for t in tokens if t.type.startswith("html")]  # nothing acts as HTML
    assert "\x1b" not in text and "[bold" not in text  # no terminal markup
    doc = _doc(runner, *args)
    urls = {s["url"] for s in cited_sources(doc) if s.get("url")}
    assert urls <= set(_links(tokens))
    assert "## Sources" in text


def _hostile_handout(tmp_path: Path, runner: Any, fmt: str, name: str, qualifier: str) -> str:
    """The `stage late` handout of minimal.yaml with catalog text that would act as markup: in
    the stage's name, a qualifier, a source's title and an address that would break out of an
    attribute (a `javascript:` address is refused by the loader itself, LTX018)."""
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("    name: Late\n", f"    name: {json.dumps(name)}\n")
    text = text.replace(
        "    qualifier: placeholder qualifier", f"    qualifier: {json.dumps(qualifier)}"
    )
    text = text.replace(
        "    title: Alpha Summary\n",
        '    title: "# not a heading ](x)"\n    url: "https://x.test/\\"onclick=\\"alert(1)"\n',
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke(runner, "--catalog", str(path), "stage", "late", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_markdown_escapes_catalog_text_that_would_act_as_markdown(
    tmp_path: Path, runner: Any
) -> None:
    qualifier = "a | b [link](javascript:alert(1)) <img src=x> *em* `code`"
    text = _hostile_handout(tmp_path, runner, "markdown", "Adv | <b>x</b>", qualifier)
    tokens = _markdown_tokens(text)
    for rows in _tables(tokens):
        assert len(set(rows)) == 1
    assert not [t for t in tokens if t.type.startswith("html")]
    assert not any(href.startswith("javascript") for href in _links(tokens))
    title = next(t for t in tokens if t.type == "inline")
    assert "".join(c.content for c in title.children or []) == "Options for Adv | <b>x</b>"
    cells = " ".join(
        "".join(c.content for c in t.children or []) for t in tokens if t.type == "inline"
    )
    assert qualifier in cells and "# not a heading ](x)" in cells
    assert not any(t.type == "em_open" for t in tokens)


# -- CSV -----------------------------------------------------------------------------------
@pytest.mark.parametrize("args", ANSWERS, ids=" ".join)
def test_csv_has_a_header_and_one_row_per_statement(runner: Any, args: tuple[str, ...]) -> None:
    result = invoke(runner, *args, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert all(len(r) == len(COLUMNS) for r in rows)
    assert rows[1][0] == "notice" and NOTICE in rows[1][COLUMNS.index("text")]
    assert len(rows) > 2


def test_csv_of_a_stage_gives_each_option_statement_with_its_source(runner: Any) -> None:
    doc = _doc(runner, "stage", "advanced")
    result = invoke(runner, "stage", "advanced", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    options = [r for r in table if r["part"] == "option"]
    assert len(options) == sum(len(o["sources"]) for o in doc["options"]) == 45
    first = doc["options"][0]
    assert options[0]["record_id"] == first["id"]
    assert options[0]["qualifier"] == first["qualifier"]
    assert options[0]["source_id"] == first["sources"][0]["id"]
    assert options[0]["status"] == "standard"


@pytest.mark.parametrize("args", ANSWERS, ids=" ".join)
def test_no_csv_cell_of_the_shipped_catalog_starts_like_a_formula(
    runner: Any, args: tuple[str, ...]
) -> None:
    # CSV cells are left as the catalog has them (see render/csv_out.py); this keeps the shipped
    # catalog free of cells a spreadsheet would run as a formula.
    rows = list(
        csv.reader(io.StringIO(invoke(runner, *args, "--format", "csv").stdout, newline=""))
    )
    assert [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@")] == []


# -- HTML ----------------------------------------------------------------------------------
class _Page(HTMLParser):
    """Collects what a reader of the page would check: tags, attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "hr", "link", "img", "input"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (self.open[-5:], tag)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    assert page.open == []  # every element closed, in order
    return page


@pytest.mark.parametrize("args", ANSWERS, ids=" ".join)
def test_html_page_is_self_contained_with_notice_and_source_links(
    runner: Any, args: tuple[str, ...]
) -> None:
    result = invoke(runner, *args, "--format", "html")
    assert result.exit_code == 0
    page = _page(result.stdout)
    tags = [t for t, _ in page.tags]
    assert (
        "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    )
    metas = [a for t, a in page.tags if t == "meta"]
    assert any(a.get("name") == "viewport" for a in metas)
    assert any("default-src 'none'" in (a.get("content") or "") for a in metas)
    assert "@media print" in result.stdout
    body_text = "".join(page.text)
    assert body_text.index(NOTICE) < body_text.index("Sources")
    hrefs = {a.get("href") for t, a in page.tags if t == "a"}
    urls = {s["url"] for s in cited_sources(_doc(runner, *args)) if s.get("url")}
    assert urls <= hrefs


def test_html_stage_matrix_has_options_down_and_sources_across(runner: Any) -> None:
    doc = _doc(runner, "stage", "advanced")
    page = _page(invoke(runner, "stage", "advanced", "--format", "html").stdout)
    options = {(o["kind"], o["id"]) for o in doc["options"]}
    row_heads = [a for t, a in page.tags if t == "th" and a.get("scope") == "row"]
    assert len(row_heads) == len(options)
    cells = [
        a.get("class")
        for t, a in page.tags
        if t == "td" and (a.get("class") or "").startswith("st-")
    ]
    sources = {s["id"] for o in doc["options"] for s in o["sources"]}
    assert len(cells) == len(options) * len(sources)
    assert {c for c in cells if c != "st-none"} == {f"st-{o['status']}" for o in doc["options"]}


def test_html_escapes_everything_from_the_catalog(tmp_path: Path, runner: Any) -> None:
    text = _hostile_handout(
        tmp_path, runner, "html", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'
    )
    page = _page(text)
    assert "script" not in [t for t, _ in page.tags] and "img" not in [t for t, _ in page.tags]
    assert "<script>alert(1)</script>" in "".join(page.text)
    assert '"><img src=x onerror=alert(1)>' in "".join(page.text)
    assert not any((a.get("href") or "").startswith("javascript") for _, a in page.tags)
    assert not any("onclick" in a for _, a in page.tags)


# -- --format, --json, -o and --force ------------------------------------------------------
@pytest.mark.parametrize("args", ANSWERS, ids=" ".join)
def test_format_json_is_the_same_as_json_and_parses(runner: Any, args: tuple[str, ...]) -> None:
    shown = invoke(runner, *args, "--format", "json").stdout
    assert shown == invoke(runner, *args, "--json").stdout
    assert json.loads(shown)["schema_version"] == 2


@pytest.mark.parametrize("args", ANSWERS, ids=" ".join)
def test_a_table_written_with_output_is_the_piped_table_after_the_notice(
    runner: Any, tmp_path: Path, args: tuple[str, ...]
) -> None:
    target = tmp_path / "answer.txt"
    env = {"COLUMNS": "80"}
    assert invoke(runner, *args, "-o", str(target), env=env).exit_code == 0
    lines = target.read_text(encoding="utf-8").split("\n")
    assert lines[0] == f"Note: {NOTICE}"
    assert "\n".join(lines[1:]) == invoke(runner, *args, "--format", "table", env=env).stdout


def test_an_unknown_format_or_two_formats_is_a_usage_error(runner: Any) -> None:
    assert invoke(runner, "stage", "advanced", "--format", "pdf").exit_code == 2
    both = invoke(runner, "stage", "advanced", "--json", "--format", "csv")
    assert both.exit_code == 2 and "two formats" in both.stderr
    # under --json, as every usage error: the error document (it printed nothing)
    assert json.loads(both.stdout)["error"]["exit_code"] == 2


def test_output_writes_the_file_and_refuses_to_overwrite_without_force(
    runner: Any, tmp_path: Path
) -> None:
    target = tmp_path / "advanced.md"
    first = invoke(runner, "stage", "advanced", "--format", "markdown", "-o", str(target))
    assert first.exit_code == 0 and first.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Options for Advanced\n")
    target.write_text("mine", encoding="utf-8")
    again = invoke(runner, "stage", "advanced", "--format", "markdown", "-o", str(target))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    forced = invoke(runner, "stage", "advanced", "--format", "html", "-o", str(target), "--force")
    assert forced.exit_code == 0 and target.read_text(encoding="utf-8").startswith(
        "<!DOCTYPE html>"
    )
    assert [p.name for p in tmp_path.iterdir() if p.name != "xdg-cache"] == ["advanced.md"]


def test_a_csv_file_is_rfc_4180_with_crlf_line_ends(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "tace.csv"
    assert invoke(runner, "explain", "tace", "--format", "csv", "-o", str(target)).exit_code == 0
    raw = target.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 2
    with open(target, encoding="utf-8", newline="") as f:
        assert tuple(next(csv.reader(f))) == COLUMNS


def test_a_table_written_to_a_file_carries_the_notice(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "sources.txt"
    assert invoke(runner, "sources", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith(f"Note: {NOTICE}\n")


def test_a_missing_folder_is_one_line_and_exit_4(runner: Any, tmp_path: Path) -> None:
    result = invoke(
        runner, "explain", "tace", "--format", "csv", "-o", str(tmp_path / "no" / "x.csv")
    )
    assert result.exit_code == 4
    assert [line for line in result.stderr.splitlines() if not line.startswith("Note:")] == [
        f"livertx: the folder of '{tmp_path / 'no' / 'x.csv'}' does not exist."
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_a_read_only_folder_is_exit_4_and_leaves_nothing(runner: Any, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = invoke(runner, "search", "stent", "--format", "csv", "-o", str(folder / "x.csv"))
        assert result.exit_code == 4 and "could not be written" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_full_disk_is_exit_4_and_leaves_no_partial_file(
    runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import livertx.cli.formats as formats

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(formats.os, "fsync", full)
    result = invoke(runner, "stage", "advanced", "--format", "html", "-o", str(tmp_path / "a.html"))
    assert result.exit_code == 4 and "No space left on device" in result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name != "xdg-cache"] == []


def test_force_without_output_and_formats_with_stdin_are_usage_errors(runner: Any) -> None:
    assert invoke(runner, "sources", "--force").exit_code == 2
    batch = invoke(runner, "drug", "--stdin", "--format", "markdown", input="nexavar\n")
    assert batch.exit_code == 2 and "--stdin" in batch.stderr


def test_an_empty_answer_in_a_share_format_is_still_a_document_and_exit_1(runner: Any) -> None:
    result = invoke(runner, "search", "zzzzqqq", "--format", "csv")
    assert result.exit_code == 1
    assert tuple(next(csv.reader(io.StringIO(result.stdout)))) == COLUMNS


# -- any text from a catalog stays text ------------------------------------------------------

FREE_TEXT = st.text(max_size=60) | st.sampled_from(
    [
        "1. x",
        "- x",
        "# x",
        "a|b",
        "[x](javascript:1)",
        "<b>x</b>",
        "*x* _y_",
        "`x`",
        "\\|",
        "&amp;",
        "> q",
    ]
)


@settings(max_examples=200, deadline=None)
@given(FREE_TEXT)
def test_any_catalog_text_is_one_literal_markdown_table_cell(text: str) -> None:
    handout = f"| a | b |\n|---|---|\n| {escape(text) or ' '} | z |\n"
    tokens = _markdown_tokens(handout)
    assert _tables(tokens) == [[2, 2]]
    cell = [t for t in tokens if t.type == "inline"][2]
    shown = "".join(c.content for c in cell.children or [] if c.type in ("text", "code_inline"))
    assert not [c for c in cell.children or [] if c.type not in ("text", "softbreak")]
    assert shown.strip() == one_line(text).strip()


@settings(max_examples=200, deadline=None)
@given(FREE_TEXT)
def test_any_catalog_text_is_literal_html_text(text: str) -> None:
    page = _page(f"<p>{esc(text)}</p>")
    assert [t for t, _ in page.tags] == ["p"]
    assert "".join(page.text) == strip_controls(text).replace("\r", "")


def test_a_usage_error_under_format_json_prints_the_error_document() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "livertx", "stage", "--format", "json", "--no-such-option"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["error"]["exit_code"] == 2


def test_a_file_that_appears_while_the_answer_is_written_is_not_replaced(
    runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import livertx.cli.formats as formats

    target = tmp_path / "a.md"
    real_fsync = os.fsync

    def someone_else_writes(fd: int) -> None:
        real_fsync(fd)
        target.write_text("theirs", encoding="utf-8")

    monkeypatch.setattr(formats.os, "fsync", someone_else_writes)
    result = invoke(runner, "stage", "advanced", "--format", "markdown", "-o", str(target))
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "theirs"
    assert [p.name for p in tmp_path.iterdir() if p.name != "xdg-cache"] == ["a.md"]


def test_output_never_replaces_what_is_not_a_regular_file(runner: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in (
        ("stage", "advanced", "--format", "markdown", "-o", str(fifo), "--force"),
        ("export", "sqlite", str(fifo), "--force"),
    ):
        result = invoke(runner, *args)
        assert result.exit_code == 2 and "not a regular file" in result.stderr
        assert fifo.is_fifo()


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_narrowed_handout_says_what_it_leaves_out(runner: Any, fmt: str) -> None:
    result = invoke(
        runner, "stage", "advanced", "--status", "standard", "--kind", "drug", "--format", fmt
    )
    assert result.exit_code == 0
    assert "Showing only: status standard; kind drug" in result.stdout  # as the table says it
    assert "Traditional Chinese medicine" not in result.stdout
    assert "atezolizumab with bevacizumab" not in result.stdout  # a regimen, not a drug


def test_handouts_keep_the_stage_each_statement_was_made_for(runner: Any) -> None:
    table = list(
        csv.DictReader(
            io.StringIO(invoke(runner, "stage", "advanced", "--format", "csv").stdout, newline="")
        )
    )
    tace = {
        r["source_id"]: r["listed_for"]
        for r in table
        if r["record_id"] == "tace" and r["part"] == "option"
    }
    assert tace["nci"] == "locally-advanced" and tace["united-life"] == "locally-advanced"
    assert tace["advanced-cure-article"] == "advanced"
    # the handouts mark a statement made for part of a group as the table does, [for X]
    for fmt in ("html", "markdown"):
        page = invoke(runner, "stage", "advanced", "--format", fmt).stdout
        assert "[for locally-advanced]" in page.replace("\\[", "[").replace("\\]", "]")
    handout = invoke(runner, "stage", "metastatic", "--format", "markdown").stdout
    assert "\\[for " not in handout  # metastatic covers no narrower stage


# -- nothing a person types is ignored without a word ---------------------------------------
def test_an_argument_that_would_be_ignored_is_a_usage_error(runner: Any) -> None:
    # filters narrow a stage's options; with no STAGE they used to be dropped, exit 0
    bare = invoke(runner, "stage", "--source", "nci")
    assert bare.exit_code == 2 and "give a STAGE" in bare.stderr and bare.stdout == ""
    # a QUERY beside --stdin used to be dropped
    both = invoke(runner, "drug", "--stdin", "sorafenib", input="nexavar\n")
    assert both.exit_code == 2 and "not both" in both.stderr and both.stdout == ""
    into = invoke(runner, "drug", "--stdin", "--json", "-o", "y.json", input="nexavar\n")
    assert into.exit_code == 2 and "writes no --output file" in into.stderr
    # validate's --json beside another --format used to print JSON
    two = invoke(runner, "validate", "--json", "--format", "github")
    assert two.exit_code == 2 and "two formats" in two.stderr
    assert json.loads(two.stdout)["error"]["message"].startswith("--json and --format github")
    assert invoke(runner, "validate", "--json").exit_code == 0
    # ... and diff's, which printed JSON and exited 1
    minimal = str(FIXTURES / "minimal.yaml")
    diffed = invoke(runner, "diff", minimal, minimal, "--json", "--format", "markdown")
    assert diffed.exit_code == 2 and "two formats" in diffed.stderr
    assert invoke(runner, "diff", minimal, minimal, "--json", "--format", "json").exit_code == 0
    # --by-source changes the table only: with a document format, or with no STAGE, it was dropped
    for args in (
        ["advanced", "--by-source", "--json"],
        ["advanced", "--by-source", "--format", "csv"],
        ["--by-source"],
    ):
        ignored = invoke(runner, "stage", *args)
        assert ignored.exit_code == 2 and "--by-source" in ignored.stderr, args


def test_a_blank_line_of_stdin_keeps_its_place_but_is_no_unmatched_query(runner: Any) -> None:
    result = invoke(runner, "drug", "--stdin", input="nexavar\n\nsorafinib\n")
    assert result.exit_code == 0
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == [
        "sorafenib",
        "",
        "sorafenib",
    ]


def test_output_dash_is_standard_output_not_a_file_named_dash(
    runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "stage", "advanced", "--format", "markdown", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("# Options for Advanced")
    assert not (tmp_path / "-").exists()


def test_search_shows_a_records_names_apart(runner: Any) -> None:
    line = next(
        line for line in invoke(runner, "search", "stent").stdout.splitlines() if "name:" in line
    )
    assert "Stent placement; stent" in line


def test_a_handout_puts_every_caveat_under_one_heading_with_its_kind(runner: Any) -> None:
    out = invoke(runner, "stage", "advanced", "--format", "markdown").stdout
    assert out.count("## Caveats and conflicting statements (") == 1
    assert "## Caveat:" not in out  # was one heading per run of a kind, repeated
    assert (
        "| 3 | limitation | One article: interventional therapy can partly control, not cure, the"
        " cancer." in out
    )
    html = invoke(runner, "stage", "advanced", "--format", "html").stdout
    assert html.count("<h2>Caveats and conflicting statements (") == 1


@pytest.mark.parametrize(
    "args",
    [
        ("advanced",),
        ("early",),
        ("poor-liver-function",),
        ("recurrent",),
        ("advanced", "--source", "advanced-cure-article"),
        ("advanced", "--status", "reported"),
        ("early", "--kind", "modality"),
    ],
)
def test_a_stage_handout_gives_each_number_one_meaning(runner: Any, args: tuple[str, ...]) -> None:
    # the handout holds the compact notes and the detail's caveats; they were numbered apart,
    # so "[3]" above and caveat 3 below were two different caveats
    out = invoke(runner, "stage", *args, "--format", "markdown").stdout
    doc = json.loads(invoke(runner, "stage", *args, "--json").stdout)
    notes_part = out.split("## Notes (the numbers in \\[ \\] above)\n\n", 1)[1].split("\n## ", 1)[0]

    def plain(md: str) -> str:  # the text as a reader sees it: Markdown's escapes undone
        return html.unescape(re.sub(r"\\(.)", r"\1", md))

    notes = {n: plain(text) for n, text in re.findall(r"^(\d+)\. (.*)$", notes_part, re.M)}
    rows = re.findall(r"^\| (\d+) \| [^|]+ \| ([^<|]+)<br>", out, re.M)
    assert len(rows) == len(doc["caveats"])
    for number, summary in rows:  # a caveat row goes by the number of the note that says it
        assert plain(summary.strip()) in notes[number], (number, summary, notes.get(number))
    summary = {c["id"]: c["summary"] for c in doc["caveats"]}
    pointed = 0
    for tr in doc["treatments"]:
        row = re.search(
            rf"^\| {re.escape(tr['name'])} \({re.escape(tr['label'])}\)(?:<br>see notes? ([\d,]+))? \|",
            out,
            re.M,
        )
        assert row is not None, tr["name"]
        shown = sorted(notes[n] for n in row[1].split(",")) if row[1] else []
        wanted = [summary[c] for c in tr["caveats"]]
        assert len(shown) == len(wanted), (tr["name"], shown, wanted)
        for text in wanted:  # each note the row points at says one of the row's own caveats
            assert any(text in note for note in shown), (tr["name"], text, shown)
        pointed += bool(wanted)
    assert pointed, "no treatment points at a caveat: the test checks nothing"


def test_a_handout_says_how_the_answer_was_found_as_the_table_does(runner: Any) -> None:
    # "explain trail --format markdown" was headed "# Clinical trials" with nothing to say that
    # 'trail' was taken as one slip from "trial"
    said = "Showing Clinical trials for 'trail' (one slip from its name; similarity 80)"
    markdown = invoke(runner, "explain", "trail", "--format", "markdown").stdout
    assert f"**{said}**" in markdown
    page = invoke(runner, "explain", "trail", "--format", "html").stdout
    assert "Showing Clinical trials for &#x27;trail&#x27; (one slip from its name" in page
    csv_text = invoke(runner, "drug", "sorafinib", "--format", "csv").stdout
    assert "Showing sorafenib for 'sorafinib' (one slip from its name; similarity 89)." in csv_text
    exact = invoke(runner, "explain", "tace", "--format", "markdown").stdout
    assert "Showing" not in exact


def test_where_a_modality_is_listed_names_the_treatment_and_its_stages(runner: Any) -> None:
    # the rows said "localized (modality)": a stage id labelled as a modality; they now read as
    # the table's "Where sources list it": the stage, then a combination's name where it is one
    markdown = invoke(runner, "explain", "rfa", "--format", "markdown").stdout
    table = markdown.split("## Where sources list it", 1)[1].split("\n## ", 1)[0]
    assert "| Stage or situation | Qualifier | Status | Source § section |" in table
    assert "| localized |" in table and "(modality)" not in table


def test_a_comparison_handout_heads_each_part_with_the_thing_compared(runner: Any) -> None:
    markdown = invoke(runner, "compare", "tace", "rfa", "--format", "markdown").stdout
    # one table, as the terminal draws it: a column per thing compared, headed with its name
    header = next(line for line in markdown.splitlines() if line.startswith("|  |"))
    assert header == (
        "|  | Transarterial chemoembolization (interventional) | "
        "Radiofrequency ablation (local ablation) |"
    )
    rows = list(
        csv.DictReader(
            io.StringIO(invoke(runner, "compare", "tace", "rfa", "--format", "csv").stdout)
        )
    )
    assert {r["about"] for r in rows[1:]} == {
        "Transarterial chemoembolization",
        "Radiofrequency ablation",
    }


def test_a_drug_handout_says_for_which_stages_each_source_lists_it(runner: Any) -> None:
    rows = list(
        csv.DictReader(io.StringIO(invoke(runner, "drug", "sorafenib", "--format", "csv").stdout))
    )
    nci = next(r for r in rows if r["part"] == "status" and r["source_id"] == "nci")
    assert nci["listed_for"] == "recurrent, advanced"
    # the curator's notes on that status, each with the stage it is about
    assert "(recurrent) Reading: NCI puts TACE and sorafenib" in nci["text"]
    assert "(advanced) Reading: one of the targeted drugs NCI lists" in nci["text"]


def test_handout_text_reads_cleanly(runner: Any) -> None:
    markdown = invoke(runner, "stage", "advanced", "--format", "markdown").stdout
    # a title that ends in "?" took a "." after it ("How to treat it?."), and the group was
    # called a stage in its note's row
    assert "?." not in markdown and "?," not in markdown
    assert "How to treat it? · trust tier: unattributed (tier 3)" in markdown
    assert "**Advanced** (group)" in markdown and "(stage)" not in markdown.split("\n## ")[0]


def test_a_drug_handout_names_each_drug_and_combination_and_puts_no_words_in_a_source(
    runner: Any,
) -> None:
    # the list's handout had "## Status (2)" again and again with no drug named, and each
    # combination row read "a combination with atezolizumab.", attributed to nci
    markdown = invoke(
        runner, "drug", "--source", "advanced-cure-article", "--format", "markdown"
    ).stdout
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert "## sorafenib: where the sources list it" in headings
    assert (
        "- sorafenib (targeted therapy); target: multikinase inhibitor (VEGFR, PDGFR, RAF "
        "kinases) (curator-supplied); brands: Nexavar (curator-supplied)"
    ) in markdown
    rows = list(
        csv.DictReader(
            io.StringIO(invoke(runner, "drug", "atezolizumab", "--format", "csv").stdout)
        )
    )
    pairs = [r for r in rows if r["part"] == "regimen status"]
    assert {r["name"] for r in pairs} == {
        "atezolizumab with bevacizumab",
        "atezolizumab with cabozantinib",
    }
    assert all("a combination with" not in r["text"] for r in pairs)
    assert "Nexavar" in invoke(runner, "drug", "nexavar", "--format", "html").stdout


def test_a_comparison_handout_says_what_each_thing_is_and_repeats_no_row(runner: Any) -> None:
    markdown = invoke(runner, "compare", "tace", "rfa", "--format", "markdown").stdout
    what = next(line for line in markdown.splitlines() if line.startswith("| What it is |"))
    assert "| Transarterial embolization with an anticancer drug added" in what
    # a statement citing two sections of one source was two identical rows but for the section
    explained = invoke(runner, "explain", "rfa", "--format", "markdown").stdout
    assert explained.count("Interventional methods are one of the two main groups") == 1
    rows = list(
        csv.DictReader(io.StringIO(invoke(runner, "explain", "rfa", "--format", "csv").stdout))
    )
    cells = [(r["part"], r["text"], r["source_id"]) for r in rows[1:]]
    assert len(cells) == len(set(cells))
