"""Stage answers: which options the sources give for a stage or situation, and the caveats."""

from __future__ import annotations

import datetime as dt
from typing import Iterable, NamedTuple

from ..catalog.index import StageView, names_of, ref_key, stage_view
from ..catalog.model import Catalog, Caveat, OptionKind, Stage, StageKind, StageOption, Status
from .lookups import SourceState, caveats_for, source_state
from .names import NotFound, QueryError, _resolve, clean_query, suggest

# -- stages --------------------------------------------------------------------------------
def resolve_stage(catalog: Catalog, text: str) -> Stage:
    """A stage, group or situation by id, name or alias (any case); typos are tolerated."""
    table = names_of(catalog, "stages")
    try:
        return catalog.stage_by_id[_resolve(text, table, "stage", "stages", "stage")]
    except NotFound:
        near = suggest(text, table)
        hint = "" if near else "; run `livertx stage` to list the stages and situations"
        raise QueryError(f"unknown stage {clean_query(text)!r}{hint}", near) from None


def stage_scope(catalog: Catalog, stage: Stage) -> tuple[frozenset[str], frozenset[str]]:
    """Which stage ids and situation ids an option must name to belong to this stage.

    A group covers its member stages; a stage is also covered by each group that includes it,
    so `metastatic` shows what sources give for advanced disease, while `metastatic` never shows
    what a source gives only for locally advanced disease.
    """
    if stage.kind is StageKind.SITUATION:
        return frozenset(), frozenset({stage.id})
    ids = {stage.id, *stage.includes}
    ids.update(g.id for g in catalog.stages if g.kind is StageKind.GROUP and stage.id in g.includes)
    return frozenset(ids), frozenset()


class OptionRow(NamedTuple):
    """One source's statement of one option, ready to show."""

    entry: StageOption
    kind: OptionKind
    name: str
    label: str  # what sort of option it is, in words: a modality's category, a regimen's kind, "drug"
    status: Status
    tier_rank: int
    sources: tuple[SourceState, ...]
    matched_stages: tuple[str, ...]


def options_for_stage(catalog: Catalog, stage: Stage, as_of: dt.date) -> list[OptionRow]:
    """Every option for a stage: most trusted sources first, standard before other statuses."""
    stage_ids, situation_ids = stage_scope(catalog, stage)
    found: dict[int, tuple[StageOption, StageView]] = {}
    for scope in stage_ids | situation_ids:
        view = stage_view(catalog, scope)
        for index, entry in view.options:
            found[index] = (entry, view)
    rows: list[tuple[tuple[int, int, int], OptionRow]] = []
    for index, (entry, view) in found.items():
        matched = tuple(s for s in entry.stages if s in stage_ids) + tuple(s for s in entry.situations if s in situation_ids)
        if not matched:
            continue
        states = tuple(source_state(catalog, p.source, as_of) for p in entry.provenance)
        rank = min(s.tier_rank for s in states)
        name, label = view.labels[ref_key(entry.option.kind, entry.option.id)]
        row = OptionRow(
            entry=entry,
            kind=entry.option.kind,
            name=name,
            label=label,
            status=entry.status,
            tier_rank=rank,
            sources=states,
            matched_stages=matched,
        )
        rows.append(((rank, -entry.status.rank, index), row))
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def caveats_for_stage(catalog: Catalog, stage: Stage) -> list[Caveat]:
    """Caveats and conflicts for a stage answer: those naming the stage, situation or group, or
    any stage its scope covers (see stage_scope)."""
    stage_ids, situation_ids = stage_scope(catalog, stage)
    return caveats_for(catalog, stage_ids=stage_ids | situation_ids)


