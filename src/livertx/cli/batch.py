"""Batch drug lookups: one query per input line, one result per line, in input order."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from typing import TextIO

from ..catalog.model import Catalog
from .formats import Answer, Format
from .output import Done, ExitCode, say


def answer_stdin(
    catalog: Catalog, query: str | None, out: Answer, limit: int, as_of: dt.date
) -> None:
    """`livertx drug --stdin`: the queries on standard input, each answered on one line of
    standard output; exit 1 when any matched nothing. Raises QueryError for what --stdin
    cannot be given with (a QUERY, an --output file, a format other than table or json) and
    when standard input is closed or carries the catalog."""
    from ..query import QueryError

    if query is not None:
        raise QueryError(
            "--stdin reads the queries from standard input, one per line; give QUERY or --stdin, not both"
        )
    if out.path is not None:
        raise QueryError(
            "--stdin answers one line per query on standard output; it writes no --output file"
        )
    if out.format not in (Format.TABLE, Format.JSON):
        raise QueryError(
            "--stdin answers one line per query on standard output; of the formats it has only table and json"
        )
    if sys.stdin is None:
        raise QueryError(
            "standard input is closed; give the queries on standard input, one per line"
        )
    if str(catalog.path) in ("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"):
        raise QueryError(
            "standard input carries the catalog, so it cannot carry the queries too; give the catalog as a file"
        )
    missed = run_drug_batch(
        catalog, sys.stdin, sys.stdout, limit=limit, as_json=out.format is Format.JSON, as_of=as_of
    )
    if missed:
        say(f"livertx: {missed} quer{'y' if missed == 1 else 'ies'} matched nothing.")
        raise Done(ExitCode.NOT_FOUND)


def run_drug_batch(
    catalog: Catalog,
    lines: Iterable[str],
    out: TextIO,
    *,
    limit: int,
    as_json: bool,
    as_of: dt.date,
) -> int:
    """Answer every line; return how many queries matched nothing.

    With `as_json`, each line of output is one JSON document (JSON Lines): the same shape as
    `drug --json`, so an unmatched query gets `"matches": []`. Without it, each line is
    tab-separated: the query, then the best match's generic name, score and match type (empty
    fields when nothing matched).
    """
    import json

    from .. import NOTICE
    from ..answers.drug import combination_of_matches, drug_facts
    from ..query import DrugMatch, NotFound, QueryError, clean_query, drugs_in_text, search_drugs
    from ..render.json_docs import OUTPUT_SCHEMA_VERSION, combination_doc, drug_record
    from ..textsafe import escape_controls, one_line

    encode = json.JSONEncoder(ensure_ascii=False).encode

    def dumps(value: object) -> str:
        return escape_controls(encode(value))

    # The notice on every line, as in every JSON document: a saved file of lines carries it too.
    # Which catalog and review date answered, as in `drug --json`: a saved file of lines says so.
    about = dumps({"version": catalog.version, "schema_version": catalog.schema_version})
    head = (
        f'{{"schema_version": {OUTPUT_SCHEMA_VERSION}, "notice": {dumps(NOTICE)}, '
        f'"catalog": {about}, "as_of": {dumps(as_of.isoformat())}, "query": '
    )
    bodies: dict[str, str] = {}  # each drug's JSON, built once per run and reused for every query
    shown: dict[
        tuple[object, ...], str
    ] = {}  # each match's JSON, the same for every query it answers

    def match_json(m: DrugMatch) -> str:
        key = (m.drug.id, m.score, m.matched_on, m.name_kind, m.how, m.regimen_id)
        text = shown.get(key)
        if text is not None:
            return text
        body = bodies.get(m.drug.id)
        if body is None:
            doc = drug_record(drug_facts(catalog, m.drug, as_of))
            doc.pop("name")
            body = bodies[m.drug.id] = dumps(doc)[1:-1]
        text = shown[key] = (
            f'{{"name": {dumps(m.drug.name)}, "score": {m.score}, "matched_on": {dumps(m.matched_on)}, '
            f'"match_type": {dumps(m.match_type)}, "matched_by": {dumps(m.how)}, "matched_name_kind": {dumps(m.name_kind)}, '
            f'"matched_regimen": {dumps(m.regimen_id)}, {body}}}'
        )
        return text

    def lookup(query: str) -> list[DrugMatch]:
        """search_drugs, then the names inside a text that is no one name; a text that names a
        drug beside a word the catalog lacks, or drugs that disagree, gets no answer."""
        found = search_drugs(catalog, query, limit=limit)
        if found:
            return found
        try:
            return drugs_in_text(catalog, query, explain=False)[:limit]
        except (NotFound, QueryError):
            return []

    missed = 0
    for raw in lines:
        query = clean_query(raw.rstrip("\n"))
        matches = lookup(query) if query else []
        if query and not matches:  # a blank line still gets its line, but is no query
            missed += 1
        combination = combination_of_matches(catalog, matches)
        if as_json:
            out.write(
                f'{head}{dumps(query)}, "combination": {dumps(combination_doc(combination))}, '
                f'"matches": [{", ".join(match_json(m) for m in matches)}]}}\n'
            )
        else:
            best = matches[0] if matches else None
            fields = (
                # a combination's line names the regimen, whose drugs the JSON lists
                [query, best.matched_on, str(best.score), best.match_type]
                if best and best.how == "combination"
                # one the catalog does not list names each drug, with the lowest score
                else [
                    query,
                    " + ".join(m.drug.name for m in matches),
                    str(min(m.score for m in matches)),
                    "unlisted-combination",
                ]
                if best and combination is not None
                else [query, best.drug.name, str(best.score), best.match_type]
                if best
                else [query, "", "", ""]
            )
            out.write("\t".join(one_line(f) for f in fields) + "\n")
    out.flush()
    return missed
