"""The compiled shape check agrees with the schema's reporting check, or steps aside.

Its one promise: for any data, check_shape_fast() returns None or exactly what the schema's
field-by-field check returns, and it returns a result only when that check finds nothing wrong.
These tests hold it to that on the real catalogs and on catalogs damaged field by field.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livertx.block_yaml import read_block_yaml
from livertx.schema import CATALOG, INVALID, check_catalog_shape
from livertx.schema_fast import check_shape_fast, generated_source
from livertx.strict_yaml import read_yaml

from .conftest import FIXTURES, ROOT

EXAMPLES = int(os.environ.get("LIVERTX_FUZZ_EXAMPLES", "150"))
SHIPPED = read_block_yaml((ROOT / "data" / "treatments.yaml").read_text(encoding="utf-8"))


def reporting_check(data: Any) -> tuple[Any, list[tuple[str, str, int]]]:
    """The schema's own walk, which reports every problem with its place."""
    found: list[tuple[str, str, int]] = []
    checked = CATALOG.check(data, 1, "catalog", lambda code, message, line: found.append((code, message, line)))
    return checked, found


def check_agrees(data: Any) -> Any:
    """Assert the promise for one document; return the compiled check's result."""
    fast = check_shape_fast(data)
    slow, found = reporting_check(data)
    if found or slow is INVALID:
        assert fast is None, f"the compiled check passed a catalog with findings: {found[:3]}"
    elif fast is not None:
        assert fast == slow, "the compiled check converted the catalog differently"
    return fast


@pytest.mark.parametrize(
    "path",
    [ROOT / "data" / "treatments.yaml", FIXTURES / "minimal.yaml"],
    ids=lambda p: p.name,
)
def test_clean_catalogs_take_the_compiled_check_and_convert_the_same(path: Path) -> None:
    data = read_block_yaml(path.read_text(encoding="utf-8"))
    fast = check_agrees(data)
    assert fast is not None
    assert isinstance(fast["modified"], dt.date) and isinstance(fast["drugs"], tuple)
    assert check_catalog_shape(data, str(path)) == (fast, [])


@pytest.mark.parametrize("path", sorted((FIXTURES / "rules").glob("LTX01*.yaml")), ids=lambda p: p.name)
def test_every_shape_rule_fixture_goes_to_the_reporting_check(path: Path) -> None:
    data = read_block_yaml(path.read_text(encoding="utf-8"))
    if data is None:
        pytest.skip("the fast reader hands this file to PyYAML, so no plain data reaches the check")
    assert check_agrees(data) is None
    _, findings = check_catalog_shape(data, str(path))
    assert findings, "the rule fixture must still be reported"


def test_data_with_line_numbers_always_takes_the_reporting_check() -> None:
    text = (ROOT / "data" / "treatments.yaml").read_text(encoding="utf-8")
    assert check_shape_fast(read_yaml(text, "treatments.yaml")) is None


def test_the_generated_code_checks_every_field_of_the_schema() -> None:
    source = generated_source()
    for field in ("schema_version", "review_frequency_basis", "curator_supplied", "source_spellings", "applies_to"):
        assert repr(field) in source


# Values that break one field's rule, or fit another field's.
REPLACEMENTS: list[Any] = [
    None, "", "   ", "x", "Not An Id", "bad--id", "ok-id", 0, -1, 1, 2, 1.5, True, False,
    "2026-02-30", "2026-2-3", "2026-11-23", dt.date(2026, 11, 23), [], ["x"], [""], [1], {}, {"x": 1},
    "standard", "annual", "stage", "source", {"source": "nci", "section": "Stages"},
]


def _containers(value: Any, out: list[Any]) -> None:
    if isinstance(value, dict):
        out.append(value)
        for item in value.values():
            _containers(item, out)
    elif isinstance(value, list):
        out.append(value)
        for item in value:
            _containers(item, out)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1), st.integers(1, 3))
def test_a_catalog_damaged_field_by_field_converts_the_same_or_is_handed_over(seed: int, count: int) -> None:
    rng = random.Random(seed)
    data = copy.deepcopy(SHIPPED)
    for _ in range(count):
        places: list[Any] = []
        _containers(data, places)
        target = rng.choice(places)
        if isinstance(target, dict):
            key = rng.choice(list(target)) if target else "id"
            action = rng.randrange(3)
            if action == 0 and target:
                del target[key]
            elif action == 1:
                target[rng.choice([key + "x", "notes", "note", "aliases", "statuses"])] = rng.choice(REPLACEMENTS)
            else:
                target[key] = copy.deepcopy(rng.choice(REPLACEMENTS))
        elif target:
            index = rng.randrange(len(target))
            if rng.randrange(2):
                del target[index]
            else:
                target[index] = copy.deepcopy(rng.choice(REPLACEMENTS))
    check_agrees(data)
