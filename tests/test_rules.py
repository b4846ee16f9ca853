"""Each validation rule has one failing fixture, and `livertx validate` reports that rule for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from livertx.catalog import errors as loader
from livertx.cli import app

from .conftest import FIXTURES, ROOT

RULE_FIXTURES = sorted((FIXTURES / "rules").glob("LTX*.yaml"))


@pytest.mark.parametrize("code", sorted(loader.NOTES))
def test_a_note_is_reported_and_the_catalog_stays_valid(code: str, runner: CliRunner) -> None:
    documents = FIXTURES / "rules" / f"{code}.documents"
    result = runner.invoke(
        app,
        [
            "validate",
            str(FIXTURES / "rules" / f"{code}.yaml"),
            "--strict",
            "--as-of",
            "2026-02-01",
            "--json",
            "--documents",
            str(documents),
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [(f["code"], f["severity"]) for f in doc["findings"]] == [(code, "note")]
    assert doc["valid"] is True


def test_every_rule_has_a_failing_fixture() -> None:
    assert {p.stem for p in RULE_FIXTURES} == set(loader.RULES)


@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=lambda p: p.stem)
def test_validate_reports_the_fixtures_rule_and_exits_3(
    fixture: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = fixture.stem
    if code in loader.NOTES:
        pytest.skip(
            "a note, never an error: see test_a_note_is_reported_and_the_catalog_stays_valid"
        )
    if code == "LTX006":
        monkeypatch.setattr("livertx.catalog.load.MAX_CATALOG_BYTES", 1024)
    as_of = "2026-11-23" if code == "LTX033" else "2026-02-01"
    documents = ["--documents", str(FIXTURES / "documents")]  # LTX040; the others pass it
    result = runner.invoke(
        app, ["validate", str(fixture), "--strict", "--as-of", as_of, "--json", *documents]
    )
    assert result.exit_code == 3, result.output
    doc = json.loads(result.stdout)
    errors = {f["code"] for f in doc["findings"] if f["severity"] == "error"}
    assert errors == {code}
    assert doc["valid"] is False


def test_minimal_fixture_is_valid(runner: CliRunner) -> None:
    # One summary line, however long the checkout's path and however narrow the terminal.
    fixture = FIXTURES / "minimal.yaml"
    result = runner.invoke(
        app, ["validate", str(fixture), "--as-of", "2026-02-01"], env={"COLUMNS": "20"}
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"valid: {fixture}: 0 error(s), 0 warning(s); 2 sources, 4 stages, 2 modalities, "
        "1 drugs, 1 regimens, 3 stage options, 1 caveats"
    ]


def test_shipped_catalog_is_valid_with_overdue_warnings(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-23", "--json"])
    doc = json.loads(result.stdout)
    assert result.exit_code == 0 and doc["valid"] is True and doc["errors"] == 0
    overdue = {f["message"].split("'")[1] for f in doc["findings"] if f["code"] == "LTX033"}
    assert overdue == {"nci", "palliative-surgery-qa"}
    assert doc["counts"]["stage options"] == 71


def test_strict_turns_overdue_sources_into_errors(runner: CliRunner) -> None:
    assert runner.invoke(app, ["validate", "--strict", "--as-of", "2026-11-23"]).exit_code == 3
    assert runner.invoke(app, ["validate", "--strict", "--as-of", "2026-01-15"]).exit_code == 0


def test_as_of_never_makes_a_catalog_invalid_without_strict(runner: CliRunner) -> None:
    for date in ("1990-01-01", "2026-01-15", "2100-12-31"):
        assert runner.invoke(app, ["validate", "--as-of", date]).exit_code == 0


def test_rule_codes_are_documented_in_the_catalog_guide() -> None:
    guide = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    for code in loader.RULES:
        assert f"| {code} |" in guide, code


def test_a_promotional_source_cannot_merely_report_an_option(
    runner: CliRunner, tmp_path: Path
) -> None:
    # LTX035: a clinic's page beside a neutral article's "reported" would read as the same kind
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert text.count("    status: promotional\n") == 1
    edited = tmp_path / "reported.yaml"
    edited.write_text(text.replace("    status: promotional\n", "    status: reported\n"))
    result = runner.invoke(app, ["validate", str(edited), "--as-of", "2026-02-01", "--json"])
    assert result.exit_code == 3
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == "LTX035"
    assert "its claim is promotional (or supportive), not reported" in finding["message"]
