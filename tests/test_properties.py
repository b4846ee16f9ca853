"""Property-based tests: arbitrary text never breaks a query or a command; mutated catalogs either
load or raise the loader's own error."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from livertx import CatalogError
from livertx.catalog.load import load_catalog
from livertx.cli import app
from livertx.query import (
    NotFound,
    QueryError,
    find_modality,
    resolve_stage,
    search_drugs,
    search_text,
)

from .conftest import FIXTURES, ROOT

CATALOG = load_catalog(ROOT / "data" / "treatments.yaml")
AS_OF = dt.date(2026, 11, 23)
RUNNER = CliRunner()
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=80) | st.sampled_from(
    ["nexavar", "advanced", "TACE", "[bold]x[/]", "\x1b[31m", "-h", "--json", "late stage", "💊"]
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_query_functions_never_raise_anything_unexpected(text: str) -> None:
    for resolver in (resolve_stage, find_modality):
        with contextlib.suppress(QueryError, NotFound):
            resolver(CATALOG, text)
    for match in search_drugs(CATALOG, text, limit=5):
        assert 0 <= match.score <= 100
    search_text(CATALOG, text)


@SETTINGS
@given(st.sampled_from(["stage", "explain", "drug", "search"]), TEXT)
def test_commands_exit_0_1_or_2_and_json_is_always_valid(command: str, text: str) -> None:
    result = RUNNER.invoke(app, ["--as-of", "2026-11-23", command, "--json", "--", text])
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 2


MINIMAL_LINES = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").splitlines(keepends=True)


@st.composite
def mutated_catalog(draw: st.DrawFn) -> str:
    lines = list(MINIMAL_LINES)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "replace", "insert", "truncate", "indent"]
            )
        )
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "replace" and lines[i]:
            pos = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = (
                lines[i][:pos]
                + draw(st.sampled_from([*list(":-[]{}&*!|>'\"#%@` \t\x00é\u202e"), "x"]))
                + lines[i][pos + 1 :]
            )
        elif action == "insert":
            lines.insert(
                i,
                draw(
                    st.sampled_from(
                        [
                            "x: &a [1]\n",
                            "y: *a\n",
                            "- !!python/object:os.system x\n",
                            "  extra: 1\n",
                            "reviewed: 2026-02-30\n",
                        ]
                    )
                ),
            )
        elif action == "truncate":
            lines = lines[:i]
        elif action == "indent":
            lines[i] = "  " + lines[i]
    return "".join(lines)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_catalog())
def test_mutated_catalogs_load_or_raise_the_loaders_own_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutated.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            catalog = load_catalog(path, use_cache=False)
        except CatalogError as error:
            assert error.findings and all(f.code.startswith("LTX") for f in error.findings)
        else:
            assert catalog.stages and catalog.sources
