"""Section fingerprints (issue 30): what text each cited section had when a curator checked its
statements, drift found by `validate --documents`, and `livertx fingerprint` writing only what
the curator names. Edited copies of the five source documents stand in for a new release."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from livertx.catalog.documents import parse_document, read_document
from livertx.catalog.fingerprints import fingerprint_of
from livertx.cli import app

from .conftest import FIXTURES, ROOT, SEEDS

MINIMAL = FIXTURES / "minimal.yaml"
DOCUMENTS = FIXTURES / "documents"
NCI = "000_ee44814d32273fa3.txt"
ARTICLE = "002_60a4ca80b4e5fa13.txt"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside this checkout"
)


def _run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _validate(runner: CliRunner, catalog: Path, documents: Path, *args: str) -> tuple[int, str]:
    code, out, _ = _run(
        runner,
        "validate",
        str(catalog),
        "--documents",
        str(documents),
        "--as-of",
        "2026-02-01",
        *args,
    )
    return code, out


def _codes(out: str) -> list[str]:
    return re.findall(r": (?:error|warning|note) (LTX\d{3}) ", out)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the five documents to edit, as a curator's newly saved copies would be."""
    if not SEEDS.is_dir():
        pytest.skip("the source documents (../shared/seeds) are not beside this checkout")
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- what a fingerprint counts -------------------------------------------------------------------


def test_spacing_line_breaks_emphasis_and_link_targets_do_not_change_a_fingerprint() -> None:
    plain = parse_document("# T\n\n## Part\n\nSome words about a tumor here.\n- and a list item\n")
    styled = parse_document(
        "# T\n\n## Part\n\nSome   **words** about\na [tumor](/Common/PopUps/x?id=1) _here_.\n\n"
        "* and a list item\n"
    )
    assert plain.section_text("Part") == styled.section_text("Part")
    assert fingerprint_of(plain.section_text("Part") or "") == fingerprint_of(
        styled.section_text("Part") or ""
    )
    changed = parse_document(
        "# T\n\n## Part\n\nSome words about a tumour here.\n- and a list item\n"
    )
    assert fingerprint_of(changed.section_text("Part") or "") != fingerprint_of(
        plain.section_text("Part") or ""
    )


def test_a_section_takes_in_its_sub_sections_but_not_the_next_section() -> None:
    doc = parse_document("# T\n\n## A\n\nalpha\n\n### A1\n\nsub text\n\n## B\n\nbeta\n")
    assert doc.section_text("A") == "alpha A1 sub text"
    assert doc.section_text("b") == "beta"
    assert doc.section_text("Gone") is None


# -- drift, as validate --documents reports it -----------------------------------------------------


@needs_seeds
def test_the_shipped_catalog_has_a_fingerprint_for_every_citation_matching_the_documents(
    runner: CliRunner,
) -> None:
    code, out = _validate(runner, ROOT / "data" / "treatments.yaml", SEEDS, "--strict")
    assert code == 0, out
    codes = set(_codes(out))
    assert not codes & {"LTX038", "LTX039", "LTX040", "LTX041", "LTX042"}, out
    assert "LTX043" in codes  # NCI's "Types of treatment" is cited only through its sub-sections


@needs_seeds
def test_a_changed_sentence_is_reported_at_each_statement_citing_its_section(
    runner: CliRunner, seeds: Path
) -> None:
    _edit(seeds / NCI, "Follow-up every 3 months is common.", "Follow-up every 6 months is common.")
    code, out = _validate(runner, ROOT / "data" / "treatments.yaml", seeds)
    changed = [line for line in out.splitlines() if " LTX041 " in line]
    # Surveillance is cited 5 times (NCI's surveillance row too, for "no treatment unless
    # worse"), and the page's top section (which holds it) twice
    assert len([line for line in changed if "§ 'Surveillance'" in line]) == 5
    # ... and NCI's silence on seeds, perfusion and stents cites the page as a whole
    assert len([line for line in changed if "§ 'Liver Cancer Treatment'" in line]) == 3
    assert all("warning LTX041" in line for line in changed)
    assert "modalities surveillance how_it_works[0] cites nci § 'Surveillance'" in out
    assert "checked it on 2026-12-07" in out
    assert code == 0  # drift is a warning...
    code, out = _validate(runner, ROOT / "data" / "treatments.yaml", seeds, "--strict")
    assert code == 3 and "error LTX041" in out  # ...and an error for CI


@needs_seeds
def test_a_renamed_heading_and_a_removed_section_name_the_nearest_heading(
    runner: CliRunner, seeds: Path
) -> None:
    _edit(seeds / NCI, "### Liver transplant\n", "### Liver transplantation\n")
    text = (seeds / ARTICLE).read_text(encoding="utf-8")
    start = text.index("⑤Installation of stents")
    end = text.index("⑥Radiofrequency ablation")
    (seeds / ARTICLE).write_text(text[:start] + text[end:], encoding="utf-8")
    code, out = _validate(runner, ROOT / "data" / "treatments.yaml", seeds)
    assert code == 3
    assert "section 'Liver transplant' is not a heading" in out
    assert "the nearest heading is 'Liver transplantation'" in out
    assert "section '⑤Installation of stents' is not a heading" in out
    assert "LTX041" not in " ".join(
        line for line in out.splitlines() if "Liver transplant'" in line
    )


@needs_seeds
def test_an_added_section_is_a_note_never_an_error(runner: CliRunner, seeds: Path) -> None:
    _edit(
        seeds / NCI,
        "### Clinical trials\n",
        "### Hepatic arterial infusion\n\nA new treatment paragraph.\n\n### Clinical trials\n",
    )
    _, out = _validate(runner, ROOT / "data" / "treatments.yaml", seeds, "--format", "github")
    assert "::notice " in out
    assert "no statement cites the section 'Hepatic arterial infusion'" in out
    # the new section sits inside the two sections that hold it: their text changed
    assert "§ 'Liver Cancer Treatment'" in out
    _code, out = _validate(runner, ROOT / "data" / "treatments.yaml", seeds, "--json")
    notes = [f for f in json.loads(out)["findings"] if f["code"] == "LTX043"]
    assert any("Hepatic arterial infusion" in f["message"] for f in notes)
    assert {f["severity"] for f in notes} == {"note"}


def _to_html(markdown: str) -> str:
    """A web-page rendition of a Markdown document, as a browser's "save page" would give it:
    headings, paragraphs and lists as HTML, links with their targets, emphasis as tags, and the
    furniture of a real page (scripts, styles, navigation) around the article."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    out = []
    in_list = False
    for line in body.split("\n"):
        text = html.escape(line.strip(), quote=False)
        text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r'<a href="\2">\1</a>', text)
        text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
        heading = re.match(r"(#{1,6}) (.*)", text)
        bullet = re.match(r"- (.*)", text)
        if in_list and not bullet:
            out.append("</ul>")
            in_list = False
        if heading:
            level = len(heading.group(1))
            out.append(f"<h{level}>{heading.group(2)}</h{level}>")
        elif bullet:
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{bullet.group(1)}</li>")
        elif text:
            out.append(f"<p>{text}</p>")
    return (
        "<!DOCTYPE html><html><head><title>Liver Cancer Treatment - NCI</title>"
        "<style>h1 { color: red }</style><script>var tracking = 'Surveillance';</script></head>"
        "<body><nav><a href='/'>Home</a> Types of treatment</nav><main>"
        + "\n".join(out)
        + "</main><footer>Site footer text</footer></body></html>"
    )


@needs_seeds
def test_an_html_rendition_of_an_unchanged_document_matches_its_fingerprints(
    runner: CliRunner, seeds: Path
) -> None:
    page = _to_html((seeds / NCI).read_text(encoding="utf-8"))
    assert "<a href=" in page and "<strong>" in page
    (seeds / NCI).unlink()
    (seeds / NCI.replace(".txt", ".html")).write_text(page, encoding="utf-8")
    parsed = read_document(seeds / NCI.replace(".txt", ".html"))
    original = read_document(SEEDS / NCI)
    assert parsed.headings == original.headings and parsed.title == original.title
    assert parsed.sections == original.sections
    code, out = _validate(runner, ROOT / "data" / "treatments.yaml", seeds, "--strict")
    assert code == 0 and not {"LTX040", "LTX041", "LTX042"} & set(_codes(out)), out
    # and a changed word in the page is found
    (seeds / NCI.replace(".txt", ".html")).write_text(
        page.replace("Follow-up every 3 months", "Follow-up every 4 months"), encoding="utf-8"
    )
    _code, out = _validate(runner, ROOT / "data" / "treatments.yaml", seeds)
    assert "§ 'Surveillance'" in out and "LTX041" in out


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"<html><body><p>Offer: text.</p><script>x()</script></body></html>", "has no headings"),
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"Offer\x00\x01", "is binary, not text"),
        (b"Offer caf\xe9\n", "is not UTF-8 text"),
    ],
    ids=["html-without-headings", "empty", "blank", "binary", "latin-1"],
)
def test_an_unusable_document_is_one_sentence_and_exit_3(
    tmp_path: Path, runner: CliRunner, content: bytes, says: str
) -> None:
    shutil.copy(DOCUMENTS / "alpha.md", tmp_path / "alpha.md")
    name = "beta.html" if content.startswith(b"<html") else "beta.txt"
    (tmp_path / name).write_bytes(content)
    code, out, err = _run(
        runner, "validate", str(MINIMAL), "--documents", str(tmp_path), "--as-of", "2026-02-01"
    )
    assert code == 3 and out == ""
    lines = [line for line in err.splitlines() if not line.startswith("Note:")]
    assert len(lines) == 1 and says in lines[0], lines
    code, out, err = _run(
        runner, "review", "--catalog", str(MINIMAL), "--documents", str(tmp_path), "--json"
    )
    assert code == 3 and json.loads(out)["error"]["exit_code"] == 3


def test_a_huge_document_is_refused(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("livertx.catalog.documents.MAX_CATALOG_BYTES", 1024)
    shutil.copy(DOCUMENTS / "alpha.md", tmp_path / "alpha.md")
    (tmp_path / "beta.txt").write_text("Offer: " + "words " * 400, encoding="utf-8")
    code, _out, err = _run(
        runner, "validate", str(MINIMAL), "--documents", str(tmp_path), "--as-of", "2026-02-01"
    )
    assert code == 3 and "is larger than 1,024 bytes" in err


# -- livertx fingerprint ---------------------------------------------------------------------------


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """minimal.yaml without its fingerprints, as a catalog never checked against documents."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = re.sub(r"    fingerprints:\n(      - .*\n)+", "", text)
    assert "fingerprints" not in text
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_fingerprint_writes_only_the_sections_named(runner: CliRunner, catalog: Path) -> None:
    before = catalog.read_text(encoding="utf-8")
    code, out, err = _run(
        runner,
        "fingerprint",
        str(catalog),
        "--documents",
        str(DOCUMENTS),
        "--source",
        "alpha",
        "--section",
        "early SECTION",
        "--checked",
        "2026-01-20",
        "--as-of",
        "2026-02-01",
    )
    assert code == 0, err
    assert out.startswith("alpha § Early section: sha256:") and "5 statement(s), new text" in out
    after = catalog.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == [
        "    fingerprints:",
        '      - {section: "Early section", text: "'
        + fingerprint_of("Placeholder early text.")
        + '", checked: "2026-01-20"}',
    ]
    assert before.splitlines() == [line for line in after.splitlines() if line not in added]
    code, out = _validate(runner, catalog, DOCUMENTS)
    assert [c for c in _codes(out) if c == "LTX042"] == ["LTX042", "LTX042"]  # the two left


def test_fingerprint_all_then_validate_finds_no_drift(runner: CliRunner, catalog: Path) -> None:
    code, _, err = _run(
        runner,
        "fingerprint",
        str(catalog),
        "--documents",
        str(DOCUMENTS),
        "--all",
        "--as-of",
        "2026-02-01",
    )
    assert code == 0 and "recorded 3 fingerprint(s) (3 with new text)" in err
    assert "checked 2026-02-01" in err  # today (here --as-of) by default
    code, out = _validate(runner, catalog, DOCUMENTS, "--strict")
    assert code == 0 and not {"LTX041", "LTX042"} & set(_codes(out)), out
    once = catalog.read_text(encoding="utf-8")
    code, _, err = _run(
        runner,
        "fingerprint",
        str(catalog),
        "--documents",
        str(DOCUMENTS),
        "--all",
        "--as-of",
        "2026-02-01",
    )
    assert code == 0 and "(0 with new text)" in err
    assert catalog.read_text(encoding="utf-8") == once  # the same check again: the same file


def test_fingerprint_dry_run_writes_nothing(runner: CliRunner, catalog: Path) -> None:
    before = catalog.read_text(encoding="utf-8")
    code, out, err = _run(
        runner, "fingerprint", str(catalog), "--documents", str(DOCUMENTS), "--all", "--dry-run"
    )
    assert code == 0 and out.count("sha256:") == 3 and "would record 3" in err
    assert catalog.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "name what you checked"),
        (["--all", "--source", "alpha"], "name what you checked"),
        (["--source", "gamma"], "there is no source 'gamma'"),
        (["--source", "alpha", "--section", "Offer"], "no statement cites the section 'Offer'"),
        (["--all", "--section", "Offer"], "--section needs exactly one --source"),
        (["--all", "--checked", "2999-01-01"], "is after today"),
        (["--all", "--checked", "yesterday"], "is not a date"),
    ],
)
def test_fingerprint_refuses_what_it_cannot_honour_with_exit_2(
    runner: CliRunner, catalog: Path, args: list[str], says: str
) -> None:
    before = catalog.read_text(encoding="utf-8")
    code, out, err = _run(runner, "fingerprint", str(catalog), "--documents", str(DOCUMENTS), *args)
    assert code == 2 and out == ""
    assert says in err and "Traceback" not in err
    assert catalog.read_text(encoding="utf-8") == before


def test_fingerprint_needs_the_documents_and_a_valid_catalog(
    runner: CliRunner, tmp_path: Path
) -> None:
    code, _, err = _run(runner, "fingerprint", str(MINIMAL), "--all")
    assert code == 2 and "--documents DIR is required" in err
    code, _, err = _run(
        runner, "fingerprint", str(MINIMAL), "--all", "--documents", str(tmp_path / "x")
    )
    assert code == 2 and "does not exist" in err
    broken = FIXTURES / "rules" / "LTX021.yaml"
    code, _, err = _run(runner, "fingerprint", str(broken), "--all", "--documents", str(DOCUMENTS))
    assert code == 3 and "fix the catalog" in err


def test_a_section_missing_from_the_document_is_not_fingerprinted(
    runner: CliRunner, catalog: Path
) -> None:
    before = catalog.read_text(encoding="utf-8")
    code, _, err = _run(
        runner,
        "fingerprint",
        str(catalog),
        "--documents",
        str(FIXTURES / "documents-next"),
        "--source",
        "alpha",
    )
    assert code == 2 and "'Late section'" in err and "nearest heading is 'Later section'" in err
    assert catalog.read_text(encoding="utf-8") == before


def test_fingerprint_replaces_its_block_and_keeps_comments(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "    document: beta.txt\n", "    document: beta.txt  # the clinic's page\n"
    )
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = _run(
        runner,
        "fingerprint",
        str(path),
        "--documents",
        str(DOCUMENTS),
        "--source",
        "beta",
        "--checked",
        "2026-01-05",
        "--as-of",
        "2026-02-01",
    )
    assert code == 0, err
    after = path.read_text(encoding="utf-8")
    assert "# the clinic's page" in after and "# A small valid catalog" in after
    assert after.count("fingerprints:") == 2
    assert after == text.replace(
        '{section: "Offer", text: "sha256:672f532041bcb484", checked: "2026-01-02"}',
        '{section: "Offer", text: "sha256:672f532041bcb484", checked: "2026-01-05"}',
    )


# -- validate: fingerprints that are wrong in themselves -------------------------------------------


def test_a_fingerprint_of_an_uncited_section_and_a_malformed_one_are_findings(
    runner: CliRunner,
) -> None:
    for code_ in ("LTX038", "LTX039"):
        code, out, _ = _run(runner, "validate", str(FIXTURES / "rules" / f"{code_}.yaml"))
        assert code == 3 and f"error {code_} " in out
    _, out, _ = _run(runner, "validate", str(FIXTURES / "rules" / "LTX039.yaml"))
    assert "the fingerprinted section 'Prices' is not cited" in out


# -- currency where people look --------------------------------------------------------------------


def test_sources_says_how_long_a_source_has_been_overdue(runner: CliRunner) -> None:
    code, out, _ = _run(runner, "sources", "--catalog", str(MINIMAL), "--as-of", "2026-04-11")
    assert code == 0 and "10 days overdue" in out  # alpha was due on 2026-04-01
    _, out, _ = _run(
        runner, "sources", "--catalog", str(MINIMAL), "--as-of", "2026-04-11", "--json"
    )
    states = {s["id"]: s["overdue_days"] for s in json.loads(out)["sources"]}
    assert states == {"alpha": 10, "beta": None}
    _, out, _ = _run(
        runner,
        "sources",
        "--catalog",
        str(MINIMAL),
        "--as-of",
        "2026-04-02",
        "--format",
        "markdown",
    )
    assert "1 day overdue" in out
    _, out, _ = _run(runner, "sources", "--catalog", str(MINIMAL), "--as-of", "2026-03-01")
    assert "overdue" not in out.split("Trust tiers:")[0]


def test_a_catalog_that_cannot_be_replaced_is_left_as_it_was(
    runner: CliRunner, catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    before = catalog.read_text(encoding="utf-8")
    monkeypatch.setattr("os.replace", refuse)
    code, out, err = _run(
        runner, "fingerprint", str(catalog), "--documents", str(DOCUMENTS), "--all"
    )
    assert code == 4 and "could not be written (Permission denied); it is unchanged" in err
    assert out == ""  # nothing claims to be recorded
    assert catalog.read_text(encoding="utf-8") == before
    assert [p.name for p in catalog.parent.iterdir()] == [catalog.name]  # no temporary file left


WORD = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters=",;('"),
    min_size=1,
    max_size=12,
)


@given(
    st.lists(WORD, min_size=1, max_size=30),
    st.lists(st.sampled_from([" ", "  ", "\n", " \n  ", "\t"]), min_size=1, max_size=30),
)
@settings(max_examples=150, deadline=None)
def test_rewrapping_a_section_never_changes_its_fingerprint(
    words: list[str], gaps: list[str]
) -> None:
    spaced = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words))
    one = parse_document("# T\n\n## Part\n\n" + " ".join(words) + "\n")
    other = parse_document("# T\n\n## Part\n\n" + spaced + "\n")
    assert one.section_text("Part") == other.section_text("Part")
    changed = parse_document("# T\n\n## Part\n\n" + " ".join([*words, "more"]) + "\n")
    assert changed.section_text("Part") != one.section_text("Part")


def test_a_source_or_section_named_twice_is_recorded_once(runner: CliRunner, catalog: Path) -> None:
    code, out, err = _run(
        runner,
        "fingerprint",
        str(catalog),
        "--documents",
        str(DOCUMENTS),
        "--source",
        "alpha",
        "--source",
        "alpha",
        "--section",
        "Early section",
        "--section",
        "early section",
    )
    assert code == 0, err
    assert out.count("sha256:") == 1
    assert catalog.read_text(encoding="utf-8").count("fingerprints:") == 1
    code, out, err = _run(
        runner,
        "fingerprint",
        str(catalog),
        "--documents",
        str(DOCUMENTS),
        "--source",
        "beta",
        "--source",
        "beta",
    )
    assert code == 0, err
    assert catalog.read_text(encoding="utf-8").count("fingerprints:") == 2
