"""The stage answer (`livertx stage STAGE`) and the list of stages (`livertx stage`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from ..catalog.index import LOW_TRUST_RANK
from ..catalog.model import Catalog, OptionKind, Stage, StageKind
from ..query import (
    Filters,
    NameMatch,
    OptionRow,
    caveat_pointers,
    caveats_for_stage,
    options_for_stage,
    source_state,
    stage_match,
)
from .common import (
    CaveatLine,
    Cited,
    Context,
    Legend,
    Said,
    SourceLine,
    caveat_lines,
    cited,
    context_of,
    count,
    filtered_line,
    found_line,
    legend,
    said,
    sources_of,
)
from .compact import CompactStage, compact_stage

LOW_TRUST_WARNING = (
    "Every option below comes from an unattributed article or a clinic's promotional page, "
    "not from the authoritative source; read the caveats under the table."
)
CURATOR_DEFINITION = "The definition is the curator's plain wording, not a source's."


def curator_worded(stage: Stage) -> bool:
    """Whether the stage's definition is the curator's wording and does not say so itself
    (the views then add CURATOR_DEFINITION, or in the list of stages a "*" that it explains)."""
    return "definition" in stage.curator_supplied and "curator" not in stage.definition


class StatementLine(NamedTuple):
    """One source's statement of one option for the stage: the row, each source with its
    section, and the narrower stages it is made for ([for locally-advanced] in `advanced`)."""

    row: OptionRow
    cited: tuple[Cited, ...]
    narrower: tuple[str, ...]

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Each source once: a statement citing two sections of one source names it once."""
        return tuple(dict.fromkeys(c.source_id for c in self.cited))


class TreatmentLine(NamedTuple):
    """One modality, drug or regimen with every statement that lists it, most trusted first,
    and the numbers of the caveats about it."""

    kind: OptionKind
    id: str
    name: str
    label: str
    caveats: tuple[int, ...]
    statements: tuple[StatementLine, ...]

    def pointer(self, renumbered: dict[int, int] | None = None) -> str:
        """How its row points at its caveats: "see caveats 1,3,7"; with `renumbered`, at the
        notes that carry them, by those notes' numbers ("see notes 3,4,5"); a caveat with no
        note there is a KeyError, never a number that means something else."""
        numbers = sorted(renumbered[n] if renumbered else n for n in self.caveats)
        word = "note" if renumbered else "caveat"
        return f"see {word}{'s' if len(numbers) > 1 else ''} {','.join(map(str, numbers))}"


class StageAnswer(NamedTuple):
    """Every option the sources give for one stage, group or situation."""

    context: Context
    stage: Stage
    match: NameMatch | None
    found: str | None
    filters: Filters | None
    filtered: str | None
    definition_note: str | None
    stage_sources: tuple[Cited, ...]
    """Where the stage's own definition comes from."""
    notes: tuple[Said, ...]
    notes_line: str | None
    """Said above the table, which shows the notes only by count (the per-statement view and
    the handouts quote them)."""
    warning: str | None
    heading: str
    statements: tuple[StatementLine, ...]
    treatments: tuple[TreatmentLine, ...]
    sources: tuple[SourceLine, ...]
    caveats: tuple[CaveatLine, ...]
    legend: Legend
    hint: str | None
    empty: str | None
    """Why nothing is shown, when nothing is (exit 1)."""
    detail: bool = False
    """Whether the table view is the full one (`--detail`) rather than the compact one; a choice
    of view only: the JSON is the same either way, and the handouts carry both."""
    catalog: Catalog | None = None
    """The catalog the answer was drawn from, for its compact reading."""

    @property
    def compact(self) -> CompactStage | None:
        """The compact reading of this answer (livertx.answers.compact), which the default table
        view and the first part of each handout draw, worked out only when it is drawn: JSON and
        the detail views never pay for it."""
        return None if self.catalog is None else compact_stage(self.catalog, self)

    @property
    def title(self) -> str:
        return f"Options for {self.stage.name}"


class StagesAnswer(NamedTuple):
    """Every stage, group and situation of the catalog."""

    context: Context
    stages: tuple[Stage, ...]
    sources: tuple[SourceLine, ...]
    """Where the definitions come from."""
    detail: bool = False
    """Whether the table view adds the names each stage answers to (a choice of view only: the
    JSON and the handouts carry every field either way)."""

    @property
    def title(self) -> str:
        return "Stages and situations"


def stages_answer(catalog: Catalog, as_of: dt.date, detail: bool = False) -> StagesAnswer:
    sources = sources_of(
        Cited(source_state(catalog, p.source, as_of), None)
        for s in catalog.stages
        for p in s.provenance
    )
    return StagesAnswer(context_of(catalog, as_of), catalog.stages, sources, detail)


def _statement(row: OptionRow, stage: Stage) -> StatementLine:
    """A row with each source's section, and the stages it names that are narrower than the
    view, shown as [for X]: locally-advanced in `advanced`, never advanced in `metastatic`."""
    states = zip(row.sources, row.entry.provenance, strict=False)
    narrower = tuple(s for s in row.matched_stages if s in stage.includes)
    return StatementLine(row, tuple(Cited(state, p.section) for state, p in states), narrower)


def stage_answer(
    catalog: Catalog,
    name: str,
    as_of: dt.date,
    filters: Filters | None = None,
    detail: bool = False,
) -> StageAnswer:
    """The answer for a stage as a person names it (NotFound when the catalog has no such
    stage), narrowed by the filters when there are any; `detail` chooses the full table view."""
    match = stage_match(catalog, name)
    stage = catalog.stage_by_id[match.record_id]
    rows = options_for_stage(catalog, stage, as_of)
    empty = None
    if filters is not None:
        from ..query import narrow

        narrowed = narrow(catalog, rows, filters)
        rows = narrowed.items
        if narrowed.emptied_by is not None:
            empty = (
                f"no option for {stage.name!r} is left after {narrowed.emptied_by} "
                f"({narrowed.before} statement(s) before it)"
            )
    if not rows and empty is None:
        empty = f"no source lists an option for {stage.name!r}"
    full = _answer(catalog, stage, match, rows, as_of, filters, empty)
    return full._replace(detail=detail, catalog=catalog)


def _answer(
    catalog: Catalog,
    stage: Stage,
    match: NameMatch,
    rows: Sequence[OptionRow],
    as_of: dt.date,
    filters: Filters | None,
    empty: str | None,
) -> StageAnswer:
    from ..query.filters import group_by_treatment

    context = context_of(catalog, as_of)
    caveats = caveats_for_stage(catalog, stage) if rows else []
    pointers = caveat_pointers(catalog, stage, caveats)
    statements = tuple(_statement(row, stage) for row in rows)
    by_row = {id(s.row): s for s in statements}
    groups = sorted(
        group_by_treatment(rows), key=lambda x: (x.rows[0].tier_rank, -x.rows[0].status.rank)
    )
    treatments = tuple(
        TreatmentLine(
            tr.kind,
            tr.id,
            tr.name,
            tr.label,
            tuple(i + 1 for i in pointers.get((tr.kind, tr.id), [])),
            tuple(by_row[id(r)] for r in tr.rows),
        )
        for tr in groups
    )
    sources = sources_of(c for s in statements for c in s.cited)
    notes_by = list(dict.fromkeys(p.source for n in stage.notes for p in n.provenance))
    return StageAnswer(
        context=context,
        stage=stage,
        match=match,
        found=found_line(stage.name, match),
        filters=filters,
        filtered=filtered_line(filters),
        definition_note=CURATOR_DEFINITION if curator_worded(stage) else None,
        stage_sources=cited(catalog, stage.provenance, as_of),
        notes=said(catalog, stage.notes, as_of),
        notes_line=(
            f"{len(stage.notes)} note(s) on what this stage means, from {', '.join(notes_by)}; "
            "--by-source shows them."
            if stage.notes
            else None
        ),
        warning=(
            LOW_TRUST_WARNING if rows and all(r.tier_rank >= LOW_TRUST_RANK for r in rows) else None
        ),
        heading=(
            f"Options for {stage.name.lower()}: {count(len(treatments), 'treatment')}, "
            f"{count(len(rows), 'statement')} from {count(len(sources), 'source')}"
        ),
        statements=statements,
        treatments=treatments,
        sources=sources,
        caveats=caveat_lines(catalog, caveats, as_of),
        legend=legend(
            context,
            notes=any(r.entry.note for r in rows),
            scoped=any(s.narrower for s in statements),
        ),
        hint=_situations_hint(catalog, stage),
        empty=empty,
    )


def _situations_hint(catalog: Catalog, stage: Stage) -> str | None:
    """Where to look next: a group's member stages (their answers leave out what is listed for
    the other member only), and the situations."""
    first, *others = stage.includes or ("",)
    members = f"`livertx stage {first}`" + "".join(f" (or `{i}`)" for i in others)
    parts = [f"One stage: {members}."] if first else []
    situations = [s.id for s in catalog.stages if s.kind is StageKind.SITUATION]
    if stage.kind is not StageKind.SITUATION and situations:
        parts.append(f"Situations such as {situations[0]}: `livertx stage`.")
    return " ".join(parts) or None
