"""The stage answer a person reads: one row per treatment, filters, legends, no word cut in
half, colour and a pager at a terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from .conftest import AS_OF, FIXTURES, invoke, invoke_json


def piped(
    *args: str, columns: int = 100, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "LIVERTX_CATALOG")
    }
    return subprocess.run(
        [sys.executable, "-m", "livertx", "--as-of", AS_OF, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**clean, "COLUMNS": str(columns), **(env or {})},
        timeout=120,
    )


def test_each_treatment_is_one_row_with_every_source_that_lists_it() -> None:
    lines = piped("stage", "advanced", "--detail", columns=1000).stdout.splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line.startswith(" Transarterial chemoembolization (interventional)")
    )
    assert sum(1 for line in lines if line.startswith(" Transarterial chemoembolization")) == 1
    said = [line.split("   ")[-1].strip() for line in lines[start : start + 4]]
    # four sources list TACE for advanced disease, the most trusted first, one line each
    assert [s.split(" ")[0] for s in said] == [
        "nci",
        "palliative-surgery-qa",
        "advanced-cure-article",
        "united-life",
    ]
    assert said[0].startswith("nci standard: NCI lists it for people with locally advanced cancer")


def test_nothing_of_the_per_statement_view_is_lost() -> None:
    grouped = piped("stage", "advanced", "--detail", columns=1000).stdout
    doc = json.loads(piped("stage", "advanced", "--json").stdout)
    for option in doc["options"]:
        assert f"{option['name']} (" in grouped
        if option["qualifier"]:
            assert option["qualifier"] in grouped, option["entry_id"]
        for source in option["sources"]:
            assert source["id"] in grouped and source["section"] in grouped
    for caveat in doc["caveats"]:
        assert caveat["summary"] in grouped


def test_the_grouped_view_is_far_shorter_than_the_per_statement_one() -> None:
    grouped = piped("stage", "advanced").stdout.count("\n")
    by_source = piped("stage", "advanced", "--by-source").stdout.count("\n")
    assert grouped * 3 < by_source


def test_the_per_statement_view_is_kept_under_by_source() -> None:
    out = piped("stage", "advanced", "--by-source").stdout
    assert "Options for advanced (45), most trusted sources first" in out
    assert out.count("reviewed 2025-12-30, overdue") >= 14  # on every NCI row, as before


def test_sources_legend_shows_each_source_once_trust_tier_before_review_state() -> None:
    out = piped("stage", "advanced", "--detail", columns=1000).stdout
    legend = out[out.index("Sources, most trusted first") :]
    lines = legend.splitlines()[1:5]
    assert [line.split(" · ")[0] for line in lines] == [
        "nci",
        "palliative-surgery-qa",
        "advanced-cure-article",
        "united-life",
    ]
    assert lines[2].split(" · ")[1:3] == ["tier 3 unattributed", "undated: no review date"]
    assert lines[0].split(" · ")[1].startswith("tier 1 authoritative")
    assert (
        "Status: standard" in out
        and "Trust tiers: 1 authoritative" in out
        and "undated (no date" in out
    )


def test_at_60_columns_no_word_that_fits_its_column_is_cut() -> None:
    out = piped("stage", "advanced", columns=60).stdout
    words = set(
        re.findall(
            r"[A-Za-z]{6,}",
            " ".join(
                json.loads(piped("stage", "advanced", "--json").stdout)["options"][i]["name"]
                for i in range(45)
            ),
        )
    )
    printed = set(re.findall(r"[A-Za-z]+", out))
    for word in words:
        assert word in printed, word
    assert piped("stage", "advanced", columns=60).stdout.count("chemoembolization") >= 1
    assert not re.search(r"chemoemboliz\w*\n\s+\w", out.replace("chemoembolization", ""))


@pytest.mark.parametrize(
    "args", [["drug", "nexavar"], ["compare", "tace", "tae", "rfa", "sorafenib", "pei"]]
)
def test_at_60_columns_a_table_with_many_columns_keeps_names_whole(args: list[str]) -> None:
    out = piped(*args, columns=60).stdout
    assert "sorafenib" in out and "Nexavar" in out
    assert all(out.startswith("sorafenib", m.start()) for m in re.finditer("soraf", out))
    assert max(len(line) for line in out.splitlines()) <= 60


def test_in_a_pipe_a_name_and_its_kind_are_told_apart() -> None:
    out = piped("stage", "advanced", "--detail").stdout
    assert "Palliative surgery (surgery)" in out and "sorafenib (drug)" in out


@pytest.mark.parametrize(
    "args, kept, gone",
    [
        (["--source", "nci"], "nci standard", "advanced-cure-article reported"),
        (["--min-trust", "attributed"], "palliative-surgery-qa reported", "united-life"),
        (["--status", "promotional"], "united-life promotional claim", "nci standard"),
        (["--kind", "drug"], "sorafenib (drug)", "(combination)"),
        (
            ["--kind", "local-ablation", "--source", "palliative-surgery-qa"],
            "Microwave ablation",
            "Cryoablation",
        ),
    ],
)
def test_filters_narrow_the_table_and_the_header_says_so(
    args: list[str], kept: str, gone: str
) -> None:
    result = piped("stage", "advanced", "--detail", *args)
    assert result.returncode == 0
    table = result.stdout[: result.stdout.index("Sources, most trusted first")]
    assert kept in table and gone not in table
    assert "Showing only: " in result.stdout


def test_filters_apply_to_the_json_and_are_recorded_in_it(runner: CliRunner) -> None:
    code, doc = invoke_json(runner, "stage", "advanced", "--status", "standard", "--source", "nci")
    assert code == 0
    assert doc["filters"] == {
        "sources": ["nci"],
        "min_trust": None,
        "statuses": ["standard"],
        "kinds": [],
    }
    assert doc["options"] and all(o["status"] == "standard" for o in doc["options"])
    assert {s["entry_id"] for t in doc["treatments"] for s in t["statements"]} == {
        o["entry_id"] for o in doc["options"]
    }


def test_the_json_groups_every_statement_by_treatment(runner: CliRunner) -> None:
    _, doc = invoke_json(runner, "stage", "advanced")
    assert len(doc["treatments"]) == 33 and len(doc["options"]) == 45
    tace = next(t for t in doc["treatments"] if t["id"] == "tace")
    # one entry per statement, each with its own status and sources (TACE: four statements,
    # three statuses, which two parallel lists could not line up)
    assert [(s["sources"], s["status"]) for s in tace["statements"]] == [
        (["nci"], "standard"),
        (["palliative-surgery-qa"], "reported"),
        (["advanced-cure-article"], "reported"),
        (["united-life"], "promotional"),
    ]
    assert sorted(s["entry_id"] for t in doc["treatments"] for s in t["statements"]) == sorted(
        o["entry_id"] for o in doc["options"]
    )
    options = {o["entry_id"]: o for o in doc["options"]}
    for t in doc["treatments"]:
        for s in t["statements"]:
            entry = options[s["entry_id"]]
            assert s["status"] == entry["status"]
            assert s["sources"] == [src["id"] for src in entry["sources"]]


@pytest.mark.parametrize(
    "args, valid",
    [
        (["--source", "ncii"], "nci, palliative-surgery-qa, advanced-cure-article"),
        (["--min-trust", "high"], "authoritative, attributed, unattributed, promotional"),
        (["--status", "approved"], "standard, supportive, clinical_trial, reported, promotional"),
        (["--kind", "pill"], "modality, drug, regimen"),
    ],
)
def test_an_unknown_filter_value_exits_2_and_lists_the_valid_ones(
    runner: CliRunner, args: list[str], valid: str
) -> None:
    result = invoke(runner, "stage", "advanced", *args)
    assert result.exit_code == 2 and valid in result.stderr and result.stdout == ""


def test_a_filter_that_leaves_nothing_exits_1_and_names_itself(runner: CliRunner) -> None:
    result = invoke(runner, "stage", "advanced", "--source", "nci", "--status", "promotional")
    assert result.exit_code == 1
    assert "no option for 'Advanced' is left after --status promotional" in result.stderr
    code, doc = invoke_json(
        runner, "stage", "advanced", "--source", "nci", "--status", "promotional"
    )
    assert code == 1 and doc["options"] == [] and doc["filters"]["sources"] == ["nci"]


def _terminal(args: list[str], env: dict[str, str], rows: int = 24, columns: int = 100) -> str:
    """Run livertx with a terminal as stdout; what the terminal received."""
    import fcntl
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execvpe(sys.executable, [sys.executable, "-m", "livertx", "--as-of", AS_OF, *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    seen = bytearray()
    end = time.monotonic() + 60
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    os.waitpid(pid, 0)
    return seen.decode("utf-8", "replace")


@pytest.fixture
def pager(tmp_path: Path) -> Path:
    script = tmp_path / "pager"
    script.write_text("#!/bin/sh\necho PAGER-STARTED\ncat\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "NO_COLOR",
            "FORCE_COLOR",
            "PAGER",
            "LIVERTX_PAGER",
            "LESS",
            "COLUMNS",
            "LINES",
            "LIVERTX_CATALOG",
        )
    }
    return {**env, "TERM": "xterm", **extra}


def test_at_a_terminal_long_output_goes_through_the_pager(pager: Path) -> None:
    screen = _terminal(["stage", "advanced"], _env(LIVERTX_PAGER=str(pager)))
    assert "PAGER-STARTED" in screen and "Options for advanced" in screen


def test_the_paged_text_starts_with_the_notice(tmp_path: Path) -> None:
    # the notice on stderr is above the pager, and often off the screen once it pages
    marking = tmp_path / "pager"
    marking.write_text("#!/bin/sh\nsed 's/^/PAGED: /'\n", encoding="utf-8")
    marking.chmod(0o755)
    screen = _terminal(["stage", "advanced"], _env(LIVERTX_PAGER=str(marking)))
    paged = [line for line in screen.splitlines() if line.startswith("PAGED: ")]
    assert paged[0].startswith("PAGED: Note: Educational information"), paged[:2]
    assert any("Options for advanced" in line for line in paged)


def test_a_table_redirected_into_a_file_carries_the_notice(tmp_path: Path) -> None:
    import subprocess
    import sys

    handout = tmp_path / "handout.txt"
    with handout.open("w", encoding="utf-8") as file:
        subprocess.run(
            [sys.executable, "-m", "livertx", "stage", "advanced", "--detail"],
            stdout=file,
            stderr=subprocess.DEVNULL,
            env={**_env(), "LIVERTX_CACHE_DIR": "off"},
            check=True,
        )
    lines = handout.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Note: Educational information") and "Advanced" in lines[1]
    # into a pipe (a script's grep or head) the table stays as it is; stderr has the notice
    assert not piped("stage", "advanced").stdout.startswith("Note:")


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize(
    "args", [["explain", "tace"], ["drug", "nexavar"], ["search", "stent"], ["stage", "advanced"]]
)
def test_a_terminal_breaks_lines_where_a_pipe_does(args: list[str], columns: int) -> None:
    # Rich used to fold words in its own way at a terminal: "locally-advanc" / "ed" and
    # "multikina" / "se" at 80 columns, where the pipe broke after the hyphen or at a space
    screen = _terminal([*args, "--no-pager", "--color", "never"], _env(), columns=columns)
    shown = [
        line.rstrip()
        for line in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen).replace("\r", "").splitlines()
        if not line.startswith("Note: Educational")
    ]
    assert shown == [line.rstrip() for line in piped(*args, columns=columns).stdout.splitlines()]


def test_no_pager_and_short_output_print_directly(pager: Path) -> None:
    screen = _terminal(["stage", "advanced", "--no-pager"], _env(LIVERTX_PAGER=str(pager)))
    assert "PAGER-STARTED" not in screen and "Options for advanced" in screen
    short = _terminal(["sources"], _env(LIVERTX_PAGER=str(pager)), rows=200)
    assert "PAGER-STARTED" not in short and "nci" in short


def test_pager_falls_back_to_pager_then_prints_directly_when_none_starts(pager: Path) -> None:
    via_pager = _terminal(["stage", "advanced"], _env(PAGER=str(pager)))
    assert "PAGER-STARTED" in via_pager
    missing = _terminal(["stage", "advanced"], _env(LIVERTX_PAGER="/nonexistent/pager"))
    assert "Options for advanced" in missing and "Traceback" not in missing
    # a quote left open is no command either: it used to end in shlex's traceback, exit 1
    unclosed = _terminal(["stage", "advanced"], _env(PAGER="less -R '"))
    assert "Options for advanced" in unclosed and "Traceback" not in unclosed


def test_a_pipe_is_never_paged(pager: Path) -> None:
    result = piped("stage", "advanced", env={"LIVERTX_PAGER": str(pager)})
    assert "PAGER-STARTED" not in result.stdout


# -- filters on the listings ----------------------------------------------------------------
def test_explain_listing_narrows_by_kind_and_says_so(runner: CliRunner) -> None:
    result = invoke(runner, "explain", "--kind", "local-ablation")
    assert (
        result.exit_code == 0
        and "Showing only modalities that pass: kind local-ablation" in result.stdout
    )
    assert "Cryoablation" in result.stdout and "Liver transplant" not in result.stdout
    code, doc = invoke_json(runner, "explain", "--kind", "local-ablation")
    assert code == 0 and {m["category"] for m in doc["modalities"]} == {"local-ablation"}
    assert doc["filters"]["kinds"] == ["local-ablation"]


def test_drug_listing_narrows_by_source_and_status(runner: CliRunner) -> None:
    code, doc = invoke_json(
        runner, "drug", "--source", "advanced-cure-article", "--status", "reported"
    )
    names = {d["name"] for d in doc["drugs"]}
    assert code == 0 and {"nivolumab", "sorafenib"} <= names and "ramucirumab" not in names
    assert all(any(s["status"] == "reported" for s in d["statuses"]) for d in doc["drugs"])


def test_search_filters_apply_before_the_limit(runner: CliRunner) -> None:
    code, doc = invoke_json(runner, "search", "sorafenib", "--kind", "caveat", "--limit", "2")
    assert code == 0 and doc["results"] and {r["kind"] for r in doc["results"]} == {"caveat"}
    # a stage option's qualifier is `--kind option` (it was found only as its treatment's kind)
    code, doc = invoke_json(runner, "search", "palliative", "--kind", "option", "--limit", "20")
    assert code == 0 and len(doc["results"]) >= 5
    assert {r["kind"] for r in doc["results"]} == {"option"}
    code, doc = invoke_json(runner, "search", "sorafenib", "--source", "united-life")
    assert code == 0 and all(
        any(s["id"] == "united-life" for s in r["sources"]) for r in doc["results"]
    )


def test_listing_filters_with_a_name_are_a_usage_error_not_ignored(runner: CliRunner) -> None:
    for args in (
        ["explain", "tace", "--source", "nci"],
        ["drug", "nexavar", "--status", "standard"],
    ):
        result = invoke(runner, *args)
        assert result.exit_code == 2 and "narrow the list you get with no" in result.stderr


def test_a_listing_filter_that_leaves_nothing_exits_1(runner: CliRunner) -> None:
    result = invoke(runner, "drug", "--status", "promotional")
    assert result.exit_code == 1 and "no drug is left after --status promotional" in result.stderr


# -- compare ----------------------------------------------------------------------------------
def test_compare_puts_two_modalities_side_by_side_with_their_sources() -> None:
    result = piped("compare", "tace", "rfa", "--detail", columns=200)
    assert result.returncode == 0
    out = result.stdout
    assert "Compared: Transarterial chemoembolization · Radiofrequency ablation" in out
    for aspect in (
        "What it is",
        "How it works",
        "Who it is for",
        "Where sources list it",
        "Caveats",
    ):
        assert f" {aspect} " in out, aspect
    assert "Showing Radiofrequency ablation for 'rfa' (an alias)" in out
    assert "nci · tier 1 authoritative" in out and "Status: standard" in out


def test_compare_takes_drugs_and_the_json_keeps_each_whole_record(runner: CliRunner) -> None:
    code, doc = invoke_json(runner, "compare", "tace", "nexavar", "lenvatinib")
    assert code == 0
    assert [i["kind"] for i in doc["items"]] == ["modality", "drug", "drug"]
    assert (
        doc["items"][1]["drug"]["id"] == "sorafenib"
        and doc["items"][1]["match"]["matched_by"] == "alias"
    )
    assert doc["items"][0]["modality"]["how_it_works"]


@pytest.mark.parametrize(
    "names, reason",
    [
        (["tace"], "compare needs two names or more"),
        (["tace", "aspirin"], "'aspirin' is neither a modality nor a drug in the catalog"),
        (["sorafenib", "Nexavar"], "both name sorafenib"),
    ],
)
def test_compare_refuses_with_the_reason(runner: CliRunner, names: list[str], reason: str) -> None:
    result = invoke(runner, "compare", *names)
    assert result.exit_code == 2 and reason in result.stderr and result.stdout == ""


def test_explain_with_two_names_points_to_compare() -> None:
    result = piped(
        "--catalog", os.devnull, "explain", "tace", "--as-of", "2026-01-01", "radio frequency"
    )
    assert result.returncode == 2
    assert "livertx compare tace 'radio frequency'" in result.stderr


@pytest.mark.parametrize(
    "args, hint",
    [
        (["explain", "radiofrequency", "ablation"], "quote them: livertx explain 'radiofrequency ablation'"),
        (["drug", "sorafenib", "tosylate"], "quote them: livertx drug 'sorafenib tosylate'"),
        (["stage", "locally", "advanced"], "quote them: livertx stage 'locally advanced'"),
        (["search", "cell", "therapy"], "to give words to search for, quote them"),
        (["drug", "sorafenib", "lenvatinib"], "livertx compare sorafenib lenvatinib"),
        # words that name nothing are quoted, not compared ("cell therapy"); in a catalog
        # without radiofrequency ablation neither word is a name there
        (["explain", "cell", "therapy"], "quote them: livertx explain 'cell therapy'"),
        (["explain", "radiofrequency", "ablation", "--catalog", str(FIXTURES / "minimal.yaml")],
         "quote them: livertx explain 'radiofrequency ablation'"),
    ],
)  # fmt: skip
def test_a_name_of_several_unquoted_words_gets_the_quoted_command(
    args: list[str], hint: str
) -> None:
    result = piped(*args)
    assert result.returncode == 2 and hint in result.stderr
    if "compare" not in hint:
        assert "compare" not in result.stderr  # not two things to weigh


def test_compare_offers_similar_names_as_suggestions_not_as_candidates(runner: CliRunner) -> None:
    result = invoke(runner, "compare", "tac", "rfa", "--json")
    error = json.loads(result.stdout)["error"]
    assert result.exit_code == 2 and error["candidates"] == []  # on exit 2, candidates are answers
    assert "(suggestions, not matches): tace, transarterial-embolization" in error["message"]


def test_no_pager_without_a_terminal_type(pager: Path) -> None:
    env = {k: v for k, v in _env(LIVERTX_PAGER=str(pager)).items() if k != "TERM"}
    screen = _terminal(["stage", "advanced"], env)
    assert "PAGER-STARTED" not in screen and "Options for advanced" in screen


def test_a_pager_named_without_options_gets_less_settings_unless_set(tmp_path: Path) -> None:
    script = tmp_path / "pager"
    script.write_text('#!/bin/sh\necho "LESS=[$LESS]"\ncat > /dev/null\n', encoding="utf-8")
    script.chmod(0o755)
    assert "LESS=[FRX]" in _terminal(["stage", "advanced"], _env(PAGER=str(script)))
    assert "LESS=[-S]" in _terminal(["stage", "advanced"], _env(PAGER=str(script), LESS="-S"))


def test_status_may_be_typed_as_the_tables_word_it(runner: CliRunner) -> None:
    worded = invoke_json(runner, "stage", "advanced", "--status", "promotional claim")
    plain = invoke_json(runner, "stage", "advanced", "--status", "promotional")
    assert worded[0] == plain[0] == 0 and worded[1]["options"] == plain[1]["options"]
    assert worded[1]["filters"]["statuses"] == ["promotional"]


def test_a_row_points_to_the_numbered_caveats_about_its_treatment() -> None:
    # in metastatic, TACE is listed by two articles only; NCI lists it for locally advanced
    # cancer, and the conflict caveat says so: the row must lead the reader to it
    out = piped("stage", "metastatic", "--detail").stdout
    lines = out.splitlines()
    numbered = {
        line.split(". ", 1)[1]: line.split(".", 1)[0] for line in lines if re.match(r"\d+\. ", line)
    }
    conflict = next(
        n
        for text, n in numbered.items()
        if text.startswith("conflict: NCI: TAE/TACE for locally advanced, not metastatic")
    )
    start = next(i for i, line in enumerate(lines) if line.startswith(" Transarterial  "))
    row = " ".join(lines[start : start + 4])
    assert "chemoembolization" in row
    pointer = re.search(r"see caveats? ([\d, ]+)", row)
    assert pointer and conflict in pointer.group(1).replace(" ", "").split(",")


@pytest.mark.parametrize("detail", [[], ["--detail"]])
def test_a_caveat_tied_only_to_another_stage_is_not_shown(detail: list[str]) -> None:
    # "For recurrent cancer, NCI names sorafenib only in one palliative item" was listed under
    # advanced (an article names sorafenib there), and "often found late, when surgery is no longer
    # possible" under localized: a note with no marker reads as being about the whole answer
    recurrent = "NCI names TACE and sorafenib in one palliative item"
    late = "usually found late; article: often inoperable then"
    assert recurrent not in " ".join(piped("stage", "advanced", *detail).stdout.split())
    assert recurrent in " ".join(piped("stage", "recurrent", *detail).stdout.split())
    assert late not in " ".join(piped("stage", "localized", *detail).stdout.split())
    assert late in " ".join(piped("stage", "advanced", *detail).stdout.split())
    # a stage's answer never carries a caveat about advanced disease only
    for stage in ("localized", "recurrent", "unresectable", "small-lesions"):
        out = " ".join(piped("stage", stage, *detail).stdout.split())
        assert "how useful interventional therapy is in advanced disease" not in out, stage


def test_a_group_is_not_marked_as_a_limit_in_its_members_view() -> None:
    # NCI lists its drugs for "locally advanced or metastatic": in `metastatic` that is no limit
    out = piped("stage", "metastatic", "--detail").stdout
    assert "[for advanced]" not in out
    assert "[for locally-advanced]" in piped("stage", "advanced", "--detail").stdout


def test_the_legend_explains_only_the_markers_the_rows_use(runner: CliRunner) -> None:
    # `stage recurrent` explained [for X], which none of its rows has
    recurrent = invoke(runner, "stage", "recurrent", "--detail").stdout
    assert "[for X]" not in recurrent and "[note]: the curator added a note" in recurrent
    advanced = " ".join(invoke(runner, "stage", "advanced", "--detail").stdout.split())
    assert "[for X]: the source lists it for X only." in advanced
    # the list of modalities shows the first other name of each and counts the rest; it did
    # not say when there were more, and --detail shows them all
    listing = invoke(runner, "explain", env={"COLUMNS": "60"}).stdout
    tace = " ".join(
        listing.split(" Transarterial chemoembolization\n", 1)[1].split("\n\n")[0].split()
    )
    assert tace.endswith("Also called: TACE (+6)"), tace
    assert "(+N): N more names; `livertx explain NAME` or --detail shows them." in " ".join(
        listing.split()
    )
    electroporation = " ".join(
        listing.split(" Electroporation therapy\n", 1)[1].split("\n\n")[0].split()
    )
    assert electroporation.endswith("Also called: electroporation")  # its one name, no count
    full = " ".join(invoke(runner, "explain", "--detail").stdout.split())
    assert "transcatheter arterial chemoembolization" in full and "(+6)" not in full


def test_a_narrowed_listing_says_its_records_are_shown_whole(runner: CliRunner) -> None:
    # "Showing only: source advanced-cure-article" sat above rows that say "standard · nci"
    out = " ".join(invoke(runner, "drug", "--source", "advanced-cure-article").stdout.split())
    assert out.startswith(
        "Showing only drugs that pass: source advanced-cure-article (each is shown whole, with "
        "every source and status)"
    )
    assert "standard for advanced (NCI)" in out
    handout = invoke(runner, "drug", "--source", "nci", "--format", "markdown").stdout
    assert (
        "Showing only drugs that pass: source nci (each is shown whole, with every source and "
        "status)" in handout
    )
