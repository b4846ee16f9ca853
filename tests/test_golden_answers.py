"""The golden answers: every answer of the set prints exactly what tests/golden/answers/ holds.

A failure here is a visible change. If it is meant, regenerate with
`python -m tests.golden_answers --update` and read the diff before committing it.
"""

from __future__ import annotations

import json

from .golden_answers import CASES, GOLDEN, SUFFIX, expected_files


def test_every_answer_prints_its_golden_text() -> None:
    files = expected_files()
    on_disk = {path.name for path in GOLDEN.iterdir()}
    assert on_disk == set(files), "golden files without a case, or cases without a file"
    changed = [
        name for name, text in files.items() if (GOLDEN / name).read_text(encoding="utf-8") != text
    ]
    assert not changed, (
        f"these answers changed: {', '.join(changed)}; if that is meant, run "
        "`python -m tests.golden_answers --update` and review the diff"
    )


def test_the_set_covers_every_command_and_format() -> None:
    commands = {
        case.args[case.args.index("--catalog") + 2 if "--catalog" in case.args else 0]
        for case in CASES
    }
    assert commands >= {
        "stage",
        "explain",
        "drug",
        "compare",
        "search",
        "sources",
        "validate",
        "diff",
    }
    full = [case for case in CASES if len(case.formats) == len(SUFFIX)]
    assert len(full) >= 12


def test_the_json_answers_are_json_and_the_errors_are_documents() -> None:
    for case in CASES:
        if "json" not in case.formats:
            continue
        doc = json.loads((GOLDEN / f"{case.name}.json").read_text(encoding="utf-8"))
        assert doc["schema_version"] >= 1
        assert ("error" in doc) == case.name.startswith("error-"), case.name
