"""`livertx diff OLD NEW`: what changed between two catalogs, key changes first, like `diff`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from livertx.catalog.diff import diff_catalogs
from livertx.cli import app

from .conftest import FIXTURES, ROOT

MINIMAL = FIXTURES / "minimal.yaml"
TEXT = MINIMAL.read_text(encoding="utf-8")


def _edited(tmp_path: Path, *edits: tuple[str, str], name: str = "new.yaml") -> Path:
    text = TEXT
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _diff(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["diff", *args], env={"COLUMNS": "30"})
    return result.exit_code, result.stdout, result.stderr


EDITS = (
    # a drug's notes change (not a key change), a stage option's status and provenance change,
    # a source's review date changes, a category is added
    ("    brands: [Exampla]\n", "    brands: [Exampla, Examplar]\n"),
    (
        "    status: promotional\n    provenance: [{source: beta, section: Offer}]\n",
        "    status: supportive\n    provenance: [{source: beta, section: Offer page}]\n",
    ),
    ('    last_reviewed: "2026-01-01"\n', '    last_reviewed: "2026-01-20"\n'),
    (
        "  - {id: systemic, name: Systemic}\n",
        "  - {id: systemic, name: Systemic}\n  - {id: other, name: Other}\n",
    ),
)


def test_the_same_catalog_is_exit_0(runner: CliRunner) -> None:
    code, out, _ = _diff(runner, str(MINIMAL), str(MINIMAL))
    assert code == 0 and out.splitlines()[-1] == "same: no record changed"


def test_changes_are_listed_field_by_field_key_changes_first(
    tmp_path: Path, runner: CliRunner
) -> None:
    code, out, _ = _diff(runner, str(MINIMAL), str(_edited(tmp_path, *EDITS)))
    assert code == 1
    records = [line for line in out.splitlines() if not line.startswith((" ", "---", "+++"))]
    assert records == [
        "changed  stage_options beta-inoperable-cutting [status/provenance/review]",
        "changed  sources alpha [status/provenance/review]",
        "added    categories other",
        "changed  drugs examplinib",
        "1 added, 0 removed, 3 changed",
    ]
    assert "         status: promotional -> supportive" in out
    assert "         provenance: - beta § Offer; + beta § Offer page" in out
    assert "         last_reviewed: 2026-01-01 -> 2026-01-20" in out
    assert "         brands: + Examplar" in out


def test_removed_records_are_listed(tmp_path: Path, runner: CliRunner) -> None:
    new = _edited(tmp_path, *EDITS)
    code, out, _ = _diff(runner, str(new), str(MINIMAL))
    assert code == 1 and "removed  categories other" in out.splitlines()


def test_json_gives_each_change(tmp_path: Path, runner: CliRunner) -> None:
    code, out, _ = _diff(runner, str(MINIMAL), str(_edited(tmp_path, *EDITS)), "--json")
    doc = json.loads(out)
    assert code == 1 and doc["same"] is False
    first = doc["changes"][0]
    assert first["id"] == "beta-inoperable-cutting" and first["key_change"] is True
    assert [f["field"] for f in first["fields"]] == ["status", "provenance"]
    assert first["fields"][0] == {"field": "status", "old": "promotional", "new": "supportive"}


def test_markdown_is_a_changelog_section_with_the_notice(tmp_path: Path, runner: CliRunner) -> None:
    code, out, _ = _diff(
        runner, str(MINIMAL), str(_edited(tmp_path, *EDITS)), "--format", "markdown"
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "## Changes to this catalog: 0.0.1 to 0.0.1"
    assert "not medical advice" in out
    headings = [line for line in lines if line.startswith("### ")]
    assert headings == ["### Status, provenance and review dates", "### Added", "### Other changes"]


def test_markdown_does_not_let_catalog_text_act_as_markup(
    tmp_path: Path, runner: CliRunner
) -> None:
    new = _edited(
        tmp_path,
        (
            "    brands: [Exampla]\n",
            "    brands: [Exampla, '<img src=x onerror=alert(1)> *bold* [link](http://x)']\n",
        ),
    )
    _, out, _ = _diff(runner, str(MINIMAL), str(new), "--format", "markdown")
    assert "<img" not in out and "&lt;img" in out and "\\*bold\\*" in out and "\\[link\\]" in out


def test_an_unreadable_or_invalid_catalog_is_one_line_and_exit_3(
    tmp_path: Path, runner: CliRunner
) -> None:
    for bad in (tmp_path / "missing.yaml", FIXTURES / "rules" / "LTX021.yaml"):
        code, out, err = _diff(runner, str(MINIMAL), str(bad))
        lines = [line for line in err.splitlines() if not line.startswith("Note:")]
        assert code == 3 and out == "" and len(lines) == 1 and "Traceback" not in err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_revision_is_read_with_git(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    run = lambda *a: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True)  # noqa: E731
    run("init", "-q")
    shutil.copy(MINIMAL, repo / "catalog.yaml")
    run("add", "catalog.yaml")
    run("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "first")
    _edited(repo, *EDITS, name="catalog.yaml")
    monkeypatch.chdir(repo)
    code, out, _ = _diff(runner, "HEAD:catalog.yaml", "catalog.yaml")
    assert code == 1 and out.splitlines()[0] == "--- HEAD:catalog.yaml (version 0.0.1)"
    assert diff_catalogs("HEAD:catalog.yaml", "HEAD:catalog.yaml").same
    code, out, err = _diff(runner, "no-such-rev:catalog.yaml", "catalog.yaml")
    lines = [line for line in err.splitlines() if not line.startswith("Note:")]
    assert (
        code == 2
        and out == ""
        and len(lines) == 1
        and "git cannot show 'no-such-rev:catalog.yaml'" in lines[0]
    )


def test_the_shipped_catalog_against_itself_is_the_same() -> None:
    path = str(ROOT / "data" / "treatments.yaml")
    assert diff_catalogs(path, path).same


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_an_option_shaped_revision_never_reaches_git_as_an_option(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `git show --output=DIR/a:b/../target.txt` would write git's log over target.txt
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, capture_output=True)
    (tmp_path / "a:b").mkdir()
    target = tmp_path / "target.txt"
    target.write_text("mine\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for spec in ("--output=a:b/../target.txt", "-oa:b/../target.txt"):
        result = runner.invoke(app, ["diff", "--json", "--", spec, str(MINIMAL)])
        assert result.exit_code == 2, result.output
        assert "a revision never starts with '-'" in result.stderr
        assert json.loads(result.stdout)["error"]["exit_code"] == 2
        assert target.read_text(encoding="utf-8") == "mine\n"
    # and the argument list git gets ends its options before the revision
    from livertx.catalog import diff as diff_module

    seen: list[list[str]] = []

    def fake_run(args: list[str], **_kw: object) -> subprocess.CompletedProcess[bytes]:
        seen.append(args)
        return subprocess.CompletedProcess(args, 128, b"", b"fatal: bad revision\n")

    monkeypatch.setattr(diff_module.subprocess, "run", fake_run)
    with pytest.raises(diff_module.RevisionError):
        diff_module.read_side("HEAD:x.yaml")
    assert seen[0][1:] == ["show", "--end-of-options", "HEAD:x.yaml"]


def test_a_revision_git_cannot_show_gives_an_error_document_under_json(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["diff", "HEAD:nope", str(MINIMAL), "--json"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["error"]["exit_code"] == 2 and "HEAD:nope" in doc["error"]["message"]
