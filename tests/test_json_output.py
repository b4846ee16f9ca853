"""Every --json document validates against its schema in schemas/output/."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from .conftest import ROOT, invoke

SCHEMAS = ROOT / "schemas" / "output"

CASES = [
    ("stage", ["stage", "advanced"]),
    ("stage", ["stage", "unresectable"]),
    ("stages", ["stage"]),
    ("explain", ["explain", "tace"]),
    ("explain", ["explain", "clinical trials"]),
    ("modalities", ["explain"]),
    ("drug", ["drug", "nexavar"]),
    ("error", ["drug", "aspirin"]),
    ("error", ["stage", "stage 4"]),
    ("drugs", ["drug"]),
    ("sources", ["sources"]),
    ("sources", ["sources", "--overdue"]),
    ("search", ["search", "stent"]),
    ("validate", ["validate"]),
    ("error", ["explain", "hepatectomy"]),
    ("error", ["stage", "zzzzzz"]),
    (
        "diff",
        [
            "diff",
            str(ROOT / "tests/fixtures/minimal.yaml"),
            str(ROOT / "tests/fixtures/rules/LTX033.yaml"),
        ],
    ),
    ("compare", ["compare", "tace", "rfa"]),
    (
        "review",
        [
            "review",
            "--catalog",
            str(ROOT / "tests/fixtures/minimal.yaml"),
            "--documents",
            str(ROOT / "tests/fixtures/documents-next"),
            "--previous",
            str(ROOT / "tests/fixtures/documents"),
        ],
    ),
    ("error", ["review", "--documents", str(ROOT / "no-such-folder")]),
    # exit 3 and 4 print an error document too
    ("error", ["sources", "--catalog", str(ROOT / "tests/fixtures/rules/LTX021.yaml")]),
    ("error", ["drug", "sorafenib", "-o", str(ROOT / "no-such-folder" / "x.json")]),
    ("error", ["diff", "HEAD:no-such-file.yaml", str(ROOT / "tests/fixtures/minimal.yaml")]),
    ("compare", ["compare", "tace", "nexavar", "lenvatinib"]),
    ("error", ["compare", "tace", "aspirin"]),
    ("stage", ["stage", "advanced", "--status", "standard", "--kind", "drug"]),
    ("stage", ["stage", "advanced", "--source", "nci", "--status", "promotional"]),
    ("modalities", ["explain", "--kind", "surgery"]),
    ("drugs", ["drug", "--min-trust", "authoritative"]),
    ("search", ["search", "sorafenib", "--kind", "caveat"]),
    # issue 28: names as people paste them
    ("drug", ["drug", "NEXAVAR (sorafenib) tablets, for oral use"]),
    ("drug", ["drug", "Tecentriq + Avastin"]),
    ("drug", ["drug", "atezolizumab and sorafenib"]),
    ("error", ["drug", "sorafenib capecitabine tablets"]),
    ("error", ["drug", "Nexavar (regorafenib) tablets"]),
    ("search", ["search", "sorafinib"]),
    ("search", ["search", "sorafanob"]),
]


@pytest.mark.parametrize("schema_name, args", CASES, ids=[" ".join(a) or s for s, a in CASES])
def test_json_output_matches_its_schema(
    runner: CliRunner, schema_name: str, args: list[str]
) -> None:
    schema = json.loads((SCHEMAS / f"{schema_name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    result = invoke(runner, *args, "--json")
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, schema)
    assert next(iter(doc)) == "schema_version"
    assert "\x1b" not in result.stdout
    if schema_name != "error":  # every result document carries the notice, diff's too
        assert list(doc)[1] == "notice" and "not medical advice" in doc["notice"], args


def test_json_is_one_document_that_carries_the_notice_as_a_field(runner: CliRunner) -> None:
    result = invoke(runner, "stage", "advanced", "--json")
    doc = json.loads(result.stdout)  # exactly one document: json.loads refuses trailing data
    assert list(doc)[:2] == ["schema_version", "notice"] and "not medical advice" in doc["notice"]
    assert result.stdout.count("not medical advice") == 1  # only there, never as loose text
    assert "not medical advice" in result.stderr


def test_every_schema_file_is_exercised() -> None:
    assert {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")} == {
        s for s, _ in CASES
    }


def test_livertx_schema_prints_the_schema_each_command_is_checked_against(
    runner: CliRunner,
) -> None:
    listing = invoke(runner, "schema")
    assert listing.exit_code == 0
    names = [line.split()[0] for line in listing.stdout.splitlines()]
    assert names[0] == "catalog" and {s for s, _ in CASES} <= set(names)
    for name in names:
        printed = invoke(runner, "schema", name)
        assert printed.exit_code == 0, name
        kept = (
            SCHEMAS / f"{name}.schema.json"
            if name != "catalog"
            else ROOT / "schemas" / "catalog.schema.json"
        )
        assert json.loads(printed.stdout) == json.loads(kept.read_text(encoding="utf-8")), name


def test_an_unknown_schema_name_exits_2_and_lists_the_names(runner: CliRunner) -> None:
    result = invoke(runner, "schema", "stagez")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no schema called 'stagez'" in result.stderr and "stage, stages" in result.stderr


def test_a_stage_documents_treatments_point_to_their_caveats_as_the_table_does(
    runner: CliRunner,
) -> None:
    doc = json.loads(invoke(runner, "stage", "advanced", "--json").stdout)
    ids = [c["id"] for c in doc["caveats"]]
    by_id = {t["id"]: t["caveats"] for t in doc["treatments"]}
    assert by_id["tace"] == [
        "interventional-cannot-cure",
        "interventional-in-advanced-disease",
        "tace-stage",
    ]
    table = invoke(runner, "stage", "advanced", "--detail").stdout
    numbers = ",".join(str(ids.index(c) + 1) for c in by_id["tace"])
    assert f"see caveats {numbers}" in table


def test_each_batch_line_says_which_catalog_and_date_answered() -> None:
    from typer.testing import CliRunner

    from livertx.cli import app

    result = CliRunner().invoke(
        app, ["drug", "--stdin", "--json", "--as-of", "2026-11-23"], input="nexavar\naspirin\n"
    )
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(lines) == 2
    schema = json.loads((SCHEMAS / "drug.schema.json").read_text(encoding="utf-8"))
    for line in lines:
        jsonschema.validate(line, schema)
        assert line["as_of"] == "2026-11-23" and line["catalog"]["version"]
        assert set(line["catalog"]) == {"version", "schema_version"}


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["sources", "--catalog", str(ROOT / "tests/fixtures/rules/LTX021.yaml")], 3),
        (
            [
                "diff",
                str(ROOT / "tests/fixtures/rules/LTX021.yaml"),
                str(ROOT / "data/treatments.yaml"),
            ],
            3,
        ),
        (["drug", "sorafenib", "-o", str(ROOT / "no-such-folder" / "x.json")], 4),
    ],
)
def test_every_exit_but_0_under_json_prints_an_error_document(args: list[str], code: int) -> None:
    result = invoke(CliRunner(), *args, "--json")
    assert result.exit_code == code
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == code and error["message"]
