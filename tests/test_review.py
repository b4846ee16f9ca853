"""`livertx review`: what a curator must re-read, most urgent first, with the catalog's words
beside the section's text now and a word diff since the fingerprint."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from livertx.catalog.review_queue import word_diff
from livertx.cli import app

from .conftest import FIXTURES, ROOT, SEEDS

MINIMAL = FIXTURES / "minimal.yaml"
CHECKED = FIXTURES / "documents"
NEXT = FIXTURES / "documents-next"  # a changed sentence, a renamed heading, a section added


def _review(
    runner: CliRunner, *args: str, catalog: Path = MINIMAL, as_of: str = "2026-02-01"
) -> tuple[int, str, str]:
    result = runner.invoke(app, ["review", "--catalog", str(catalog), "--as-of", as_of, *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_queue_puts_a_gone_section_first_then_changed_text(runner: CliRunner) -> None:
    code, out, _ = _review(runner, "--documents", str(NEXT), "--previous", str(CHECKED), "--json")
    assert code == 0
    doc = json.loads(out)
    assert [(s["reason"], s["section"]) for s in doc["sections"]] == [
        ("gone", "Late section"),
        ("changed", "Early section"),
    ]
    assert doc["counts"] == {"gone": 8, "changed": 5, "overdue": 0, "unchecked": 0}
    gone, changed = doc["sections"]
    assert gone["nearest"] == "Later section" and gone["text"] is None
    assert changed["checked"] == "2026-01-02"
    assert changed["text"] == "Placeholder early text, now revised."
    assert [c for c in changed["changes"] if c["op"] != "equal"] == [
        {"op": "delete", "text": "text."},
        {"op": "insert", "text": "text, now revised."},
    ]
    words = {s["record"]: s["words"] for s in changed["statements"]}
    assert words["caveats placeholder-conflict"] == "One side."
    assert "stages: early" in words["stage_options alpha-early-cutting"]


def test_the_text_view_puts_the_catalogs_words_beside_the_section(runner: CliRunner) -> None:
    code, out, _ = _review(runner, "--documents", str(NEXT), "--previous", str(CHECKED))
    assert code == 0
    assert out.startswith("13 statement(s) in 2 section(s) to re-read (8 gone, 5 changed)")
    assert "what changed: Placeholder early [-text.-] {+text, now revised.+}" in out
    row = next(line for line in out.splitlines() if line.startswith("stages early"))
    assert row.split(" | ")[1].startswith("Placeholder early text, now revised.")
    assert max(len(line) for line in out.splitlines()) <= 100  # wrapped to $COLUMNS (here 100)


def test_without_the_checked_copies_the_queue_says_how_to_see_the_diff(runner: CliRunner) -> None:
    _, out, _ = _review(runner, "--documents", str(NEXT))
    assert "what changed: not shown; give --previous DIR" in out
    # copies that are not the checked text give no diff, and say so
    _code, out, _ = _review(runner, "--documents", str(NEXT), "--previous", str(NEXT))
    assert "is not the text that was checked" in out


def test_overdue_and_unchecked_statements_follow(runner: CliRunner, tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace(
        '    fingerprints:\n      - {section: "Offer", text: "sha256:672f532041bcb484", checked: "2026-01-02"}\n',
        "",
    )
    catalog = tmp_path / "c.yaml"
    catalog.write_text(text, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "review",
            "--catalog",
            str(catalog),
            "--documents",
            str(CHECKED),
            "--as-of",
            "2026-06-01",
            "--json",
        ],
    )
    doc = json.loads(result.stdout)
    reasons = [(s["reason"], s["source"], s["section"]) for s in doc["sections"]]
    # alpha is quarterly from 2026-01-01: overdue by June; beta's Offer was never fingerprinted
    assert reasons == [
        ("overdue", "alpha", "Early section"),
        ("overdue", "alpha", "Late section"),
        ("unchecked", "beta", "Offer"),
    ]
    assert doc["sections"][0]["due"] == "2026-04-01"
    code, out, _ = _review(runner, "--documents", str(CHECKED), "--source", "beta", catalog=catalog)
    assert code == 0 and "beta § Offer: never checked against this document" in out
    assert "alpha §" not in out


def test_nothing_to_re_read_is_exit_1(runner: CliRunner) -> None:
    code, out, _ = _review(runner, "--documents", str(CHECKED))
    assert code == 1
    assert "Nothing to re-read" in out


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        ([], 2, "--documents DIR is required"),
        (["--documents", "no-such-folder"], 2, "does not exist"),
        (["--documents", str(CHECKED), "--source", "gamma"], 2, "there is no source 'gamma'"),
        (["--documents", str(CHECKED), "--format", "pdf"], 2, "pdf"),
        (["--documents", str(CHECKED), "--format", "html", "--json"], 2, "two formats"),
    ],
)
def test_bad_input_is_one_sentence_and_a_documented_exit_code(
    runner: CliRunner, args: list[str], code: int, says: str
) -> None:
    got, _out, err = _review(runner, *args)
    assert got == code and says in err and "Traceback" not in err


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """Documents whose changed section holds text that would be markup in a terminal, in
    Markdown and in HTML."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    shutil.copy(CHECKED / "beta.txt", folder / "beta.txt")
    alpha = (
        (CHECKED / "alpha.md")
        .read_text(encoding="utf-8")
        .replace(
            "Placeholder early text.",
            "Placeholder [bold red]early[/] text &lt;img src=x onerror=alert(1)&gt; | *not bold* "
            "\x1b[31m [link](javascript:alert(2)) <script>alert(3)</script>",
        )
    )
    (folder / "alpha.md").write_text(alpha, encoding="utf-8")
    return folder


def test_document_text_is_never_markup(runner: CliRunner, hostile: Path, tmp_path: Path) -> None:
    page = tmp_path / "q.html"
    code, _, err = _review(
        runner,
        "--documents",
        str(hostile),
        "--previous",
        str(CHECKED),
        "--format",
        "html",
        "-o",
        str(page),
    )
    assert code == 0, err
    shown = page.read_text(encoding="utf-8")
    assert "<img" not in shown and "<script" not in shown and "javascript:" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert "\x1b" not in shown
    assert "not medical advice" in shown  # a page made for sharing carries the notice
    code, md, _ = _review(
        runner, "--documents", str(hostile), "--previous", str(CHECKED), "--format", "markdown"
    )
    assert "<img" not in md and "&lt;img" in md
    assert "\\| " in md and "\\[bold red\\]" in md
    assert "not medical advice" in md
    code, text, _ = _review(runner, "--documents", str(hostile), "--previous", str(CHECKED))
    assert "\x1b" not in text and "[bold red]early[/]" in text  # shown as the words they are


def test_a_word_diff_keeps_a_few_words_of_context() -> None:
    old = " ".join(f"w{i}" for i in range(40))
    new = old.replace("w20", "changed")
    changes = word_diff(old, new)
    assert [c.op for c in changes] == ["equal", "delete", "insert", "equal"]
    assert changes[0].text.startswith("…") and changes[0].text.endswith("w19")
    assert changes[-1].text.startswith("w21") and changes[-1].text.endswith("…")
    assert word_diff(old, " ".join(old.split())) == ()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not beside the checkout")
def test_a_new_nci_copy_lists_the_changed_sections_before_the_overdue_ones(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "new"
    shutil.copytree(SEEDS, folder)
    nci = folder / "000_ee44814d32273fa3.txt"
    nci.chmod(0o644)
    nci.write_text(
        nci.read_text(encoding="utf-8").replace("every 3 months", "every 6 months"),
        encoding="utf-8",
    )
    _code, out, _ = _review(
        runner,
        "--documents",
        str(folder),
        "--previous",
        str(SEEDS),
        "--source",
        "nci",
        "--json",
        catalog=ROOT / "data" / "treatments.yaml",
        as_of="2026-12-07",
    )
    doc = json.loads(out)
    first = doc["sections"][:2]
    assert {s["section"] for s in first} == {"Surveillance", "Liver Cancer Treatment"}
    assert all(s["reason"] == "changed" for s in first)
    assert {"op": "insert", "text": "6"} in first[0]["changes"]
    assert {s["reason"] for s in doc["sections"][2:]} == {"overdue"}  # NCI is past its date
