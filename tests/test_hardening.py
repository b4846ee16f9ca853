"""Bad input of every kind: one clear sentence, the documented exit code, never a traceback,
and nothing from a catalog or a query ever acts as terminal markup or control codes."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from livertx import CatalogError
from livertx.catalog import load as catalog_store
from livertx.catalog.load import MAX_CATALOG_BYTES, load_catalog, read_catalog_text

from .conftest import FIXTURES, invoke

RULE_FIXTURES = sorted((FIXTURES / "rules").glob("LTX*.yaml"))
ESC = "\x1b"


# -- catalogs ------------------------------------------------------------------------------
@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=lambda p: p.stem)
def test_every_broken_catalog_gets_one_sentence_and_exit_3(
    fixture: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fixture.stem == "LTX006":
        monkeypatch.setattr("livertx.catalog.load.MAX_CATALOG_BYTES", 1024)
    catalog_store._MEMO.clear()
    result = runner.invoke(
        __import__("livertx.cli", fromlist=["app"]).app,
        ["sources", "--as-of", "2026-02-01", "--catalog", str(fixture)],
    )
    if fixture.stem in ("LTX016", "LTX017", "LTX033", "LTX040", "LTX041", "LTX042", "LTX043"):
        # hidden characters, formula-like text and an overdue source are warnings outside `validate --strict`;
        # documents are read only by `validate --documents`
        assert result.exit_code == 0
        return
    assert result.exit_code == 3, result.output
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Note:")]
    assert len(lines) == 1
    assert fixture.stem in lines[0] and str(fixture) in lines[0] and "livertx validate" in lines[0]
    assert "Traceback" not in result.output and result.stdout == ""


def test_errors_give_the_line_of_the_problem(runner: CliRunner) -> None:
    result = invoke(runner, "sources", "--catalog", str(FIXTURES / "rules" / "LTX005.yaml"))
    assert re.search(r"LTX005\.yaml:\d+: LTX005 duplicate key 'name'", result.stderr)


def test_oversized_catalog_is_refused_before_parsing(tmp_path: Path, runner: CliRunner) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("#" * 1023 + "\n")
        handle.truncate(MAX_CATALOG_BYTES + 1)
    result = invoke(runner, "stage", "advanced", "--catalog", str(big))
    assert result.exit_code == 3 and "LTX006" in result.stderr


def test_unreadable_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "locked.yaml"
    target.write_text("schema_version: 1\n", encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)  # root ignores file modes, so simulate the OS refusal
    with pytest.raises(CatalogError, match="permission denied"):
        read_catalog_text(target)


def test_unsafe_tags_through_the_cli_never_run_code(tmp_path: Path, runner: CliRunner) -> None:
    marker = tmp_path / "ran"
    evil = tmp_path / "evil.yaml"
    evil.write_text(
        f'schema_version: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    result = invoke(runner, "stage", "--catalog", str(evil))
    assert result.exit_code == 3 and "LTX004" in result.stderr and not marker.exists()


# -- hostile text in a catalog ---------------------------------------------------------------
HOSTILE = {
    "markup": "[bold red]LOUD[/bold red] [link=https://example.invalid]click[/link]",
    "osc8": "\\e]8;;https://example.invalid\\e\\\\hidden link\\e]8;;\\e\\\\",
    "csi": "\\e[31mred\\e[0m \\e[2J",
    "bidi": "\\u202eevil\\u202c",
}


def hostile_catalog(tmp_path: Path) -> Path:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    summary: Placeholder surgery.",
        f'    summary: "{HOSTILE["markup"]} {HOSTILE["osc8"]} {HOSTILE["csi"]} {HOSTILE["bidi"]}"',
    )
    text = text.replace("    aliases: [CUT]", '    aliases: [CUT, "[blink]x[/blink]"]')
    text = text.replace(
        "    qualifier: placeholder qualifier", f'    qualifier: "{HOSTILE["csi"]} [i]q[/i]"'
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_catalog_markup_and_escape_codes_print_literally(tmp_path: Path, runner: CliRunner) -> None:
    path = hostile_catalog(tmp_path)
    catalog_store._MEMO.clear()
    out = invoke(
        runner, "explain", "cutting", "--catalog", str(path), env={"COLUMNS": "400"}
    ).stdout
    assert (
        "[bold red]LOUD[/bold red]" in out and "[link=https://example.invalid]click[/link]" in out
    )
    assert "[blink]x[/blink]" in out
    assert ESC not in out and "\u202e" not in out
    assert "red[0m" in out  # the escape character is gone; the rest of the text shows as it is
    stage_out = invoke(
        runner, "stage", "late", "--catalog", str(path), env={"COLUMNS": "400"}
    ).stdout
    assert "[i]q[/i]" in stage_out and ESC not in stage_out


def test_validate_names_each_hidden_character_in_catalog_text(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = hostile_catalog(tmp_path)
    line = next(
        number
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith('    summary: "[bold red]')
    )
    result = invoke(runner, "validate", str(path), "--as-of", "2026-02-01")
    assert result.exit_code == 0  # a warning: the views remove such characters
    warned = [row for row in result.stdout.splitlines() if "LTX016" in row]
    assert f"{path}:{line}:5: warning LTX016 catalog.modalities[0].summary holds U+001B" in (
        "\n".join(warned)
    )
    assert any("U+202E RIGHT-TO-LEFT OVERRIDE" in row for row in warned)
    assert ESC not in result.stdout and "\u202e" not in result.stdout
    strict = invoke(runner, "validate", str(path), "--as-of", "2026-02-01", "--strict")
    assert strict.exit_code == 3 and "error LTX016" in strict.stdout


def test_on_a_real_terminal_only_livertx_own_styles_emit_escape_codes(tmp_path: Path) -> None:
    from livertx.answers.modality import explain_answer
    from livertx.render.terminal import to_rich
    from livertx.render.views import render_modality

    catalog = load_catalog(hostile_catalog(tmp_path), use_cache=False)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="truecolor",
        width=300,
        markup=False,
        emoji=False,
    )
    console.print(to_rich(render_modality(explain_answer(catalog, "cutting", dt.date(2026, 2, 1)))))
    styled = buffer.getvalue()
    assert ESC + "[" in styled  # livertx's own bold and colours are there
    assert ESC + "]8;;" not in styled  # no hyperlink from the catalog (its text shows, inert)
    assert ESC + "[31m" not in styled and ESC + "[2J" not in styled and "\u202e" not in styled
    assert "LOUD" in styled and "[bold red]" in styled


def test_json_keeps_catalog_text_exact_but_escaped(tmp_path: Path, runner: CliRunner) -> None:
    path = hostile_catalog(tmp_path)
    catalog_store._MEMO.clear()
    result = invoke(runner, "explain", "cutting", "--json", "--catalog", str(path))
    assert ESC not in result.stdout  # JSON escapes it as \u001b
    assert "\u202e" not in result.stdout and "\\u202e" in result.stdout  # and the bidi override
    summary = json.loads(result.stdout)["modality"]["summary"]
    assert "\x1b[31mred" in summary and "\u202eevil" in summary  # the text itself is kept


def test_json_escapes_every_control_character_that_a_printable_check_would_let_through() -> None:
    # escape_controls skips its search when the text is printable: that is only safe while no
    # character it escapes is printable, whatever Unicode adds to the expression.
    from livertx.textsafe import CONTROL, escape_controls

    controls = [chr(c) for c in range(sys.maxunicode + 1) if CONTROL.match(chr(c))]
    assert controls and not any(c.isprintable() for c in controls)
    text = json.dumps({"a": "x\u0085y\u200bz"}, ensure_ascii=False, indent=2)
    assert escape_controls(text) == '{\n  "a": "x\\u0085y\\u200bz"\n}'


def test_a_raw_escape_character_pasted_into_the_file_is_named_with_its_line_and_column(
    tmp_path: Path, runner: CliRunner
) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    summary: Placeholder surgery.", "    summary: Placeholder \x1b[31msurgery."
    )
    line = text.splitlines().index("    summary: Placeholder \x1b[31msurgery.") + 1
    path = tmp_path / "pasted.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke(runner, "validate", str(path), "--as-of", "2026-02-01")
    assert result.exit_code == 3 and ESC not in result.stdout
    assert f"{path}:{line}:26: error LTX016 the text holds U+001B, a control character" in (
        result.stdout
    )


def test_every_invisible_or_control_character_is_removed_from_views_and_escaped_in_json() -> None:
    import unicodedata

    from livertx.render.json_docs import dumps
    from livertx.textsafe import strip_controls

    hidden = [
        chr(c)
        for c in range(0x110000)
        if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp") and chr(c) not in "\t\n"
    ]
    assert {"\x1b", "\x9b", "\xad", "\u061c", "\u200b", "\u202e", "\U000e0041"} <= set(hidden)
    text = "a" + "b".join(hidden) + "c"
    assert strip_controls(text) == "a" + "b" * (len(hidden) - 1) + "c"
    shown = dumps({"text": text})
    assert not any(char in shown for char in hidden)
    assert json.loads(shown)["text"] == text


# -- hostile queries ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    ["", "   ", "\t\n", "x" * 10_000, "\x1b[31mnexavar\x1b[0m", "[bold red]nexavar[/]", "[link=https://example.invalid]x[/link]",
     "\x1b]8;;https://example.invalid\x1b\\hi", "ソラフェニブ", "💊💊", "\u202eravaxen", "sorafenib\x00", "Ñéxävär", "-"],
)  # fmt: skip
@pytest.mark.parametrize("command", ["stage", "explain", "drug", "search"])
def test_hostile_queries_never_crash_or_style_the_terminal(
    runner: CliRunner, command: str, query: str
) -> None:
    result = invoke(runner, command, "--", query)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert ESC not in result.stdout and ESC not in result.stderr
    assert "\u202e" not in result.stdout + result.stderr
    json_result = invoke(runner, command, "--json", "--", query)
    assert json_result.exit_code in (0, 1, 2)
    json.loads(json_result.stdout)


def test_markup_in_a_query_is_echoed_literally(runner: CliRunner) -> None:
    result = invoke(runner, "drug", "[bold red]zzz[/]")
    assert result.exit_code == 1 and "[bold red]zzz[/]" in result.stderr


def test_arguments_that_are_not_utf8_get_a_clear_answer(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LIVERTX_CATALOG"}
    env["LIVERTX_CACHE_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"livertx", b"drug", b"\xff\xfe\x1b[31mnex"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert result.returncode in (1, 2)
    stderr = result.stderr.decode("utf-8")
    assert "Traceback" not in stderr and "\ufffd" in stderr and "\x1b" not in stderr


def test_unknown_option_with_escape_codes_is_not_echoed_raw(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LIVERTX_CATALOG"}
    result = subprocess.run(
        [sys.executable, "-m", "livertx", "stage", "--\x1b[2Jwipe"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (
        result.returncode == 2 and "\x1b" not in result.stderr and "No such option" in result.stderr
    )


# -- terminals ----------------------------------------------------------------------------
@pytest.mark.parametrize("env", [{"COLUMNS": "40"}, {"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_narrow_and_plain_terminals(runner: CliRunner, env: dict[str, str]) -> None:
    result = invoke(runner, "stage", "advanced", env=env)
    assert result.exit_code == 0 and ESC not in result.stdout
    if "COLUMNS" in env:
        assert max(len(line) for line in result.stdout.splitlines()) <= 40
