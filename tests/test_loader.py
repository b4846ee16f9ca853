"""The strict loader: safe YAML, file and line in every error, immutable typed records."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from livertx import CatalogError, load_catalog
from livertx.catalog.load import check_catalog, default_catalog_path, resolve_catalog_path

from .conftest import FIXTURES, ROOT

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "catalog.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def first(tmp_path: Path, text: str) -> CatalogError:
    with pytest.raises(CatalogError) as info:
        load_catalog(write(tmp_path, text))
    return info.value


def test_library_api_returns_typed_immutable_records() -> None:
    catalog = load_catalog()
    assert catalog.stage_by_id["advanced"].includes == ("locally-advanced", "metastatic")
    with pytest.raises(AttributeError):
        catalog.drugs[0].name = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        catalog.drug_by_id["sorafenib"] = catalog.drugs[0]  # type: ignore[index]


def test_default_catalog_is_the_shipped_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert default_catalog_path().read_bytes() == (ROOT / "data" / "treatments.yaml").read_bytes()
    monkeypatch.setenv("LIVERTX_CATALOG", str(tmp_path / "elsewhere.yaml"))
    assert resolve_catalog_path(None) == tmp_path / "elsewhere.yaml"
    assert resolve_catalog_path("explicit.yaml") == Path("explicit.yaml")


def test_errors_name_file_line_and_problem(tmp_path: Path) -> None:
    error = first(
        tmp_path, MINIMAL.replace("    summary: Placeholder surgery.\n", "    summary: 12\n")
    )
    finding = error.first
    assert finding.path.endswith("catalog.yaml")
    assert finding.line == MINIMAL.splitlines().index("    summary: Placeholder surgery.") + 1
    assert "summary must be non-empty text" in finding.message


def test_missing_file_and_directory_are_clear(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no such file"):
        load_catalog(tmp_path / "nope.yaml")
    with pytest.raises(CatalogError, match="is a directory"):
        load_catalog(tmp_path)


def test_empty_bom_and_non_utf8_files_are_refused(tmp_path: Path) -> None:
    assert first(tmp_path, "   \n").first.code == "LTX007"
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    with pytest.raises(CatalogError, match="byte-order mark"):
        load_catalog(tmp_path / "bom.yaml")
    (tmp_path / "latin.yaml").write_bytes("é: 1\n".encode("latin-1"))
    with pytest.raises(CatalogError, match="not valid UTF-8"):
        load_catalog(tmp_path / "latin.yaml")


def test_unsafe_tags_never_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f'!!python/object/apply:os.system ["touch {marker}"]\n'
    error = first(tmp_path, payload)
    assert error.first.code == "LTX004"
    assert not marker.exists()
    assert first(tmp_path, "a: !!python/name:os.system\n").first.code == "LTX004"
    assert first(tmp_path, "a: !custom thing\n").first.code == "LTX004"


def test_billion_laughs_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    tracemalloc.start()
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert info.value.first.code == "LTX004"
    assert info.value.first.line == 1  # refused at the first anchor, before anything expands
    # An expanding loader would need gigabytes here (9**9 strings); this stays under 2 MiB.
    assert peak < 2 * 1024 * 1024


def test_duplicate_keys_are_refused_with_both_lines(tmp_path: Path) -> None:
    error = first(tmp_path, "schema_version: 1\nschema_version: 1\n")
    duplicate = next(f for f in error.findings if f.code == "LTX005")
    assert duplicate.line == 2 and duplicate.column == 1 and "line 1" in duplicate.message


def test_every_duplicate_key_and_every_finding_after_it_in_one_run(tmp_path: Path) -> None:
    from livertx.catalog.load import check_catalog

    text = (
        MINIMAL.replace("    name: Early\n", "    name: Early\n    name: Earlier\n", 1)
        .replace("    kind: stage\n", "    kind: stage\n    kind: stage\n", 1)
        .replace("  - id: pills\n", "  - id: Pills!\n", 1)
        .replace("    name: Pills\n", "", 1)
    )
    _, findings = check_catalog(write(tmp_path, text))
    codes = [(f.code, f.line, f.column) for f in findings if f.severity == "error"]
    assert [c for c in codes if c[0] == "LTX005"] == [
        ("LTX005", 40, 5),
        ("LTX005", 42, 5),
    ], codes
    assert {"LTX014", "LTX010"} <= {c[0] for c in codes}, codes


def test_an_integer_too_long_to_read_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    error = first(
        tmp_path,
        MINIMAL.replace("    summary: Placeholder surgery.\n", f"    summary: {'9' * 5000}\n"),
    )
    assert [f.code for f in error.findings] == ["LTX019"]
    assert "5,000 characters" in error.first.message and error.first.line is not None
    error = first(tmp_path, MINIMAL.replace("schema_version: 1", f"schema_version: {'1' * 4400}"))
    assert error.first.code in ("LTX012", "LTX007"), error.first


def test_every_error_is_listed_not_just_the_first(tmp_path: Path) -> None:
    text = MINIMAL.replace("option: {modality: cutting}", "option: {modality: nowhere}").replace(
        "source: beta", "source: gamma"
    )
    _catalog, findings = check_catalog(write(tmp_path, text))
    codes = [f.code for f in findings]
    assert codes.count("LTX021") >= 1 and codes.count("LTX023") >= 2


def test_unquoted_dates_and_yes_no_stay_text(tmp_path: Path) -> None:
    text = MINIMAL.replace('modified: "2026-01-01"', "modified: 2026-01-01").replace(
        "aliases: [first]", "aliases: [no, yes]"
    )
    catalog = load_catalog(write(tmp_path, text))
    assert str(catalog.modified) == "2026-01-01"
    assert catalog.stage_by_id["early"].aliases == ("no", "yes")


def test_a_drug_and_a_modality_may_share_a_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Names must be unique within one kind of record only: a drug may be called like a modality.
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    drug = load_catalog(FIXTURES / "minimal.yaml", use_cache=False).drugs[0]
    modality = load_catalog(FIXTURES / "minimal.yaml", use_cache=False).modalities[0]
    target = tmp_path / "same-name.yaml"
    target.write_text(
        text.replace(f"name: {drug.name}\n", f"name: {modality.name}\n", 1), encoding="utf-8"
    )
    assert load_catalog(target, use_cache=False).drugs[0].name == modality.name
