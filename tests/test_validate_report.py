"""`livertx validate` as a curator meets it: every finding in one run, one line each at the
offending value, suggestions for mistyped ids, and formats for editors and CI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from livertx.cli import app

from .conftest import FIXTURES, ROOT

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
SHIPPED = (ROOT / "data" / "treatments.yaml").read_text(encoding="utf-8")
LINE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<code>LTX\d{3}) (?P<msg>.+)$"
)


def _catalog(
    tmp_path: Path, *edits: tuple[str, str], name: str = "catalog.yaml", base: str = MINIMAL
) -> Path:
    text = base
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _validate(
    runner: CliRunner, path: Path, *args: str, columns: str = "20"
) -> tuple[int, list[str]]:
    result = runner.invoke(
        app, ["validate", str(path), "--as-of", "2026-02-01", *args], env={"COLUMNS": columns}
    )
    return result.exit_code, result.stdout.splitlines()


def _lines_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


# The three mistakes of the issue, and one more, in records of their own.
MISTAKES = (
    (
        "provenance: [{source: beta, section: Offer}]\n    reviewed",
        "provenance: [{source: alpah, section: Offer}]\n    reviewed",
    ),
    ('    reviewed: "2026-01-02"\nstages:', '    reviewed: "2026-02-30"\nstages:'),
    ("    stages: [late]\n", "    stages: [late, erly]\n"),
    ("    name: Pills\n", "    name: Pills\n    aliases: [cut]\n"),
)


def test_every_finding_in_one_run_sorted_by_line(tmp_path: Path, runner: CliRunner) -> None:
    path = _catalog(tmp_path, *MISTAKES)
    code, lines = _validate(runner, path)
    assert code == 3
    findings = [m.groupdict() for line in lines if (m := LINE.match(line))]
    assert [f["code"] for f in findings] == ["LTX013", "LTX022", "LTX021", "LTX023"]
    numbers = [int(f["line"]) for f in findings]
    assert numbers == sorted(numbers)
    assert lines[-1].startswith("invalid: ") and "4 error(s)" in lines[-1]


def test_each_finding_points_at_the_offending_value(tmp_path: Path, runner: CliRunner) -> None:
    path = _catalog(tmp_path, *MISTAKES)
    text = path.read_text(encoding="utf-8")
    _, lines = _validate(runner, path)
    where = {
        m["code"]: (int(m["line"]), int(m["col"])) for line in lines if (m := LINE.match(line))
    }
    erly = _lines_of(text, "stages: [late, erly]")
    assert where["LTX021"] == (erly, text.splitlines()[erly - 1].index("erly") + 1)
    alpah = _lines_of(text, "source: alpah")
    assert where["LTX023"] == (alpah, text.splitlines()[alpah - 1].index("source: alpah") + 1)
    assert where["LTX013"][0] == _lines_of(text, '"2026-02-30"')
    assert where["LTX022"][0] == _lines_of(text, "aliases: [cut]")


def test_unknown_ids_get_a_suggestion_from_the_catalogs_names(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = _catalog(
        tmp_path,
        *MISTAKES,
        ("    aliases: [first]\n", "    aliases: [first, beginning]\n"),
        ("    stages: [early]\n", "    stages: [beginning]\n"),
    )
    _, lines = _validate(runner, path)
    text = "\n".join(lines)
    assert "'alpah', which is not under sources; did you mean 'alpha'?" in text
    assert "stage 'erly', which the catalog does not define; did you mean 'early'?" in text
    # an alias of a stage is not its id: the id to write is suggested
    assert "stage 'beginning', which the catalog does not define; did you mean 'early'?" in text


def test_the_shipped_catalog_suggests_localized_for_localised(
    tmp_path: Path, runner: CliRunner
) -> None:
    text = (ROOT / "data" / "treatments.yaml").read_text(encoding="utf-8")
    assert "    stages: [localized]\n" in text
    path = tmp_path / "treatments.yaml"
    path.write_text(
        text.replace("    stages: [localized]\n", "    stages: [localised]\n", 1), encoding="utf-8"
    )
    code, lines = _validate(runner, path)
    assert code == 3
    assert any(
        "'localised', which the catalog does not define; did you mean 'localized'?" in line
        for line in lines
    )


def test_a_record_with_a_field_error_is_not_reported_again_as_unknown(
    tmp_path: Path, runner: CliRunner
) -> None:
    # The regimen's reference to its drug is fine; only the drug's own date is wrong.
    path = _catalog(
        tmp_path,
        (
            '    brands: [Exampla]\n    curator_supplied: [brands]\n    provenance: [{source: alpha, section: Late section}]\n    reviewed: "2026-01-02"',
            '    brands: [Exampla]\n    curator_supplied: [brands]\n    provenance: [{source: alpha, section: Late section}]\n    reviewed: "2026-13-02"',
        ),
    )
    code, lines = _validate(runner, path)
    assert code == 3
    assert [m["code"] for line in lines if (m := LINE.match(line))] == ["LTX013"]


def test_a_tab_in_the_indentation_says_so(tmp_path: Path, runner: CliRunner) -> None:
    path = _catalog(tmp_path, ("    name: Early\n", "\tname: Early\n"))
    code, lines = _validate(runner, path)
    assert code == 3
    line = _lines_of(path.read_text(encoding="utf-8"), "\tname: Early")
    assert lines[0].endswith(
        f":{line}:1: error LTX003 tabs are not allowed for indentation; use spaces"
    )


def test_a_repeated_brand_is_a_finding(tmp_path: Path, runner: CliRunner) -> None:
    path = _catalog(tmp_path, ("    brands: [Exampla]\n", "    brands: [Exampla, Exampla]\n"))
    code, lines = _validate(runner, path)
    assert code == 3
    found = [m for line in lines if (m := LINE.match(line))]
    assert [m["code"] for m in found] == ["LTX015"]
    assert "brands lists 'Exampla' twice" in found[0]["msg"]
    assert (
        int(found[0]["col"])
        == "    brands: [Exampla, Exampla]".index("Exampla,") + len("Exampla, ") + 1
    )


def test_lines_are_never_wrapped_into_a_pipe_whatever_the_path_or_width(tmp_path: Path) -> None:
    deep = tmp_path / ("a-very-long-folder-name-" * 6) / ("and-another-one-" * 6)
    deep.mkdir(parents=True)
    path = _catalog(deep, *MISTAKES)
    for columns in ("20", "80"):
        proc = subprocess.run(
            [sys.executable, "-m", "livertx", "validate", str(path), "--as-of", "2026-02-01"],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": columns, "LIVERTX_CACHE_DIR": "off"},
            timeout=60,
        )
        assert proc.returncode == 3
        lines = proc.stdout.splitlines()
        assert len(lines) == 5
        assert all(LINE.match(line) and line.startswith(str(path)) for line in lines[:4])


def test_github_format_gives_one_annotation_per_finding(tmp_path: Path, runner: CliRunner) -> None:
    path = _catalog(tmp_path, *MISTAKES)
    code, lines = _validate(runner, path, "--format", "github")
    assert code == 3
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == 4
    first = re.match(
        r"^::error file=(.+?),line=(\d+),col=(\d+),title=(LTX\d{3})::(LTX\d{3}) .+$", annotations[0]
    )
    assert first is not None and first[1] == str(path) and first[4] == first[5] == "LTX013"


def test_github_format_escapes_what_would_end_a_property(tmp_path: Path, runner: CliRunner) -> None:
    path = _catalog(
        tmp_path,
        ("    brands: [Exampla]\n", "    brands: [Exampla, Exampla]\n"),
        name="a,b:c%.yaml",
    )
    _, lines = _validate(runner, path, "--format", "github")
    assert lines[0].startswith("::error file=") and "a%2Cb%3Ac%25.yaml,line=" in lines[0]


def test_format_json_is_the_json_document(tmp_path: Path, runner: CliRunner) -> None:
    path = _catalog(tmp_path, *MISTAKES)
    a = runner.invoke(app, ["validate", str(path), "--as-of", "2026-02-01", "--format", "json"])
    b = runner.invoke(app, ["validate", str(path), "--as-of", "2026-02-01", "--json"])
    assert a.exit_code == b.exit_code == 3
    assert json.loads(a.stdout) == json.loads(b.stdout)
    assert [f["code"] for f in json.loads(a.stdout)["findings"]] == [
        "LTX013",
        "LTX022",
        "LTX021",
        "LTX023",
    ]


def test_an_unknown_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--format", "xml"])
    assert result.exit_code == 2


def test_the_issues_three_mistakes_in_the_shipped_catalog_come_in_one_run(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = _catalog(
        tmp_path,
        (
            "{source: nci, section: Treatment of locally advanced",
            "{source: ncii, section: Treatment of locally advanced",
        ),
        ('last_reviewed: "2025-12-30"', 'last_reviewed: "2026-02-30"'),  # nci's own date, too
        ("brands: [Stivarga]", "brands: [Stivarga, Stivarga]"),
        name="treatments.yaml",
        base=SHIPPED,
    )
    code, lines = _validate(runner, path)
    assert code == 3
    found = [m.group("code") for m in map(LINE.match, lines) if m]
    assert {"LTX013", "LTX023", "LTX015"} <= set(found)
    assert any("'ncii'" in line and "did you mean 'nci'?" in line for line in lines)


def test_a_damaged_catalog_field_does_not_hide_the_rules_that_span_records(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = _catalog(
        tmp_path,
        ('modified: "2026-12-07"', 'modified: "2026-13-07"'),
        ("  dated_without_frequency: annual", "  dated_without_frequency: yearly"),
        ("stages: [advanced]", "stages: [advnced]"),
        name="treatments.yaml",
        base=SHIPPED,
    )
    code, lines = _validate(runner, path)
    found = {m.group("code") for m in map(LINE.match, lines) if m}
    assert code == 3 and {"LTX013", "LTX014", "LTX021"} <= found
    assert any("did you mean 'advanced'?" in line for line in lines)


def test_two_duplicate_keys_a_bad_id_and_a_missing_name_all_in_one_run_in_every_format(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = _catalog(
        tmp_path,
        ("    name: Early\n", "    name: Early\n    name: Earlier\n"),
        ("    kind: stage\n", "    kind: stage\n    kind: stage\n"),
        ("  - id: pills\n", "  - id: Pills!\n"),
        ("    name: Pills\n", ""),
    )
    args = ["validate", str(path), "--as-of", "2026-02-01"]
    text = runner.invoke(app, [*args, "--format", "text"])
    found = [m.groupdict() for m in map(LINE.match, text.stdout.splitlines()) if m]
    assert text.exit_code == 3
    assert [(f["code"], f["line"], f["col"]) for f in found if f["code"] == "LTX005"] == [
        ("LTX005", "40", "5"),
        ("LTX005", "42", "5"),
    ]
    assert {"LTX010", "LTX014"} <= {f["code"] for f in found}
    doc = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert [(f["code"], f["line"], f["column"]) for f in doc["findings"]] == [
        (f["code"], int(f["line"]), int(f["col"])) for f in found
    ]
    github = runner.invoke(app, [*args, "--format", "github"]).stdout
    assert "::error file=" in github and "line=40,col=5,title=LTX005" in github
    assert "line=42,col=5,title=LTX005" in github


def test_a_new_rule_says_what_to_do(runner: CliRunner) -> None:
    for code, fix in (
        ("LTX017", "reword it to begin with a word or a number"),
        ("LTX018", "write the document's http:// or https:// address"),
        ("LTX019", "shorten it, or split it into several statements"),
    ):
        result = runner.invoke(
            app, ["validate", "--strict", str(FIXTURES / "rules" / f"{code}.yaml")]
        )
        line = next(x for x in result.stdout.splitlines() if f" {code} " in x)
        assert result.exit_code == 3 and fix in line and LINE.match(line), line
