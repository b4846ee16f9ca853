"""A user's script: .ci/run type-checks it with mypy --strict against the installed wheel
(its py.typed and public API), then runs it. Not a pytest module."""

import datetime

import livertx
from livertx import (
    NotFound,
    QueryError,
    caveats_for_stage,
    load_catalog,
    make_filters,
    narrow,
    options_for_stage,
    resolve_stage,
    search_drugs,
)

catalog = load_catalog()
stage = resolve_stage(catalog, "late stage")
rows = options_for_stage(catalog, stage, datetime.date(2026, 11, 23))
kept = narrow(catalog, rows, make_filters(catalog, sources=["nci"], statuses=["standard"]))
names: list[str] = [row.name for row in kept.items]
caveats: int = len(caveats_for_stage(catalog, stage))
best: str = search_drugs(catalog, "nexavar")[0].drug.name
try:
    resolve_stage(catalog, "stage 4")
except (NotFound, QueryError) as exc:
    message: str = str(exc)
assert best == "sorafenib" and names and caveats and livertx.__version__
print(best, len(names), caveats)
