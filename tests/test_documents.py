"""`livertx validate --documents DIR`: each cited section stands in its source's document."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from livertx.catalog.documents import parse_document
from livertx.cli import app

from .conftest import FIXTURES, ROOT, SEEDS

DOCUMENTS = FIXTURES / "documents"
MINIMAL = FIXTURES / "minimal.yaml"


def _validate(
    runner: CliRunner, catalog: Path, documents: Path, *args: str
) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        ["validate", str(catalog), "--documents", str(documents), "--as-of", "2026-02-01", *args],
        env={"COLUMNS": "40"},
    )
    return result.exit_code, result.stdout, result.stderr


def test_the_minimal_catalog_cites_only_headings_and_titles(runner: CliRunner) -> None:
    code, out, _ = _validate(runner, MINIMAL, DOCUMENTS)
    assert code == 0, out
    assert out.startswith("valid: ")


def test_a_section_that_is_not_a_heading_is_found_at_its_line_with_the_nearest_heading(
    runner: CliRunner,
) -> None:
    fixture = FIXTURES / "rules" / "LTX040.yaml"
    code, out, _ = _validate(runner, fixture, DOCUMENTS)
    assert code == 3
    line = next(
        i
        for i, text in enumerate(fixture.read_text(encoding="utf-8").splitlines(), 1)
        if "section: Earlier section" in text
    )
    assert re.search(
        rf":{line}:\d+: error LTX040 section 'Earlier section' is not a heading or the title of 'alpha.md', the document of source 'alpha'; the nearest heading is 'Early section'$",
        out.splitlines()[0],
    )


def test_without_documents_the_section_is_not_checked(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["validate", str(FIXTURES / "rules" / "LTX040.yaml"), "--as-of", "2026-02-01"]
    )
    assert result.exit_code == 0


def test_a_document_missing_from_the_folder_is_a_finding(tmp_path: Path, runner: CliRunner) -> None:
    shutil.copy(DOCUMENTS / "alpha.md", tmp_path / "alpha.md")
    code, out, _ = _validate(runner, MINIMAL, tmp_path)
    assert code == 3
    assert "error LTX040 source 'beta': its document 'beta.txt' is not in" in out


def test_a_document_name_may_not_leave_the_folder(tmp_path: Path, runner: CliRunner) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "document: beta.txt", "document: ../beta.txt"
    )
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(text, encoding="utf-8")
    code, out, _ = _validate(runner, catalog, DOCUMENTS)
    assert code == 3
    assert "document '../beta.txt' must be a file name inside the documents folder" in out


@pytest.mark.parametrize(
    ("make", "exit_code", "says"),
    [
        (lambda p: p / "missing", 2, "does not exist"),
        (lambda p: p, 2, "holds no documents"),
        (lambda p: (p / "file.txt").write_text("x") and p / "file.txt", 2, "is not a folder"),
    ],
    ids=["missing", "empty", "a file"],
)
def test_a_folder_that_cannot_be_used_is_one_line_and_exit_2(
    tmp_path: Path, runner: CliRunner, make: object, exit_code: int, says: str
) -> None:
    folder = make(tmp_path)  # type: ignore[operator]
    code, out, err = _validate(runner, MINIMAL, folder)
    assert code == exit_code and out == ""
    lines = [line for line in err.splitlines() if not line.startswith("Note:")]
    assert len(lines) == 1 and says in lines[0] and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"Offer\x00\x01\x02", "is binary, not text"), (b"Offer caf\xe9\n", "is not UTF-8 text")],
    ids=["binary", "latin-1"],
)
def test_a_document_that_is_not_text_is_one_line_and_exit_3(
    tmp_path: Path, runner: CliRunner, content: bytes, says: str
) -> None:
    shutil.copy(DOCUMENTS / "alpha.md", tmp_path / "alpha.md")
    (tmp_path / "beta.txt").write_bytes(content)
    code, out, err = _validate(runner, MINIMAL, tmp_path)
    assert code == 3 and out == ""
    lines = [line for line in err.splitlines() if not line.startswith("Note:")]
    assert len(lines) == 1 and says in lines[0] and "beta.txt" in lines[0]
    code, out, _ = _validate(runner, MINIMAL, tmp_path, "--json")
    assert json.loads(out)["error"]["exit_code"] == 3


def test_headings_of_plain_and_markdown_documents() -> None:
    plain = parse_document(
        "Title of the page\n\nA sentence of text.\n\n2. Numbered heading\n"
        "< strong>③Run-in heading: text that follows it.\nA long line that ends a sentence.\n"
    )
    assert plain.title == "Title of the page"
    assert "2. Numbered heading" in plain.headings and "③Run-in heading" in plain.headings
    assert "A sentence of text." not in plain.headings
    marked = parse_document(
        "---\ntitle: 'Front title'\n---\n# One\n\n```\n# not a heading\n```\n## Two ##\n"
    )
    assert marked.title == "Front title" and marked.headings == ("One", "Two")
    assert marked.cites("front TITLE") and marked.cites("two") and not marked.cites("not a heading")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not beside the checkout")
def test_the_shipped_catalog_cites_only_headings_of_its_documents(runner: CliRunner) -> None:
    code, out, _ = _validate(runner, ROOT / "data" / "treatments.yaml", SEEDS)
    assert code == 0, out
    assert "LTX040" not in out


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not beside the checkout")
def test_a_changed_section_in_the_shipped_catalog_is_found(
    tmp_path: Path, runner: CliRunner
) -> None:
    text = (ROOT / "data" / "treatments.yaml").read_text(encoding="utf-8")
    old = "section: Treatment of recurrent liver cancer"
    assert old in text
    catalog = tmp_path / "treatments.yaml"
    catalog.write_text(
        text.replace(old, "section: Treatment of returning liver cancer", 1), encoding="utf-8"
    )
    code, out, _ = _validate(runner, catalog, SEEDS)
    assert code == 3
    assert "the nearest heading is 'Treatment of recurrent liver cancer'" in out
