"""The table views: what each command shows a person, with sources, sections and review dates.

Views are built from livertx.render.plain blocks, so they are drawn by Rich at a terminal
(livertx.render.terminal) and as plain text into a pipe or file, without Rich. Strings from the catalog
or the user are data: they are cleaned of control characters and kept as text spans, so nothing
reads them as markup and no escape sequence of theirs reaches the terminal. `--json` never
imports this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..catalog.index import LOW_TRUST_RANK
from ..catalog.model import (
    MODALITY_STATEMENTS,
    STATUS_MEANINGS,
    Catalog,
    Caveat,
    Drug,
    Modality,
    OptionKind,
    OptionRef,
    Provenance,
    ReviewStatus,
    Stage,
    StageOption,
    Statement,
    Status,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..query.compare import Compared
    from ..query.filters import Filters

from ..query import (
    DrugMatch,
    NameMatch,
    OptionRow,
    SourceState,
    TextHit,
    caveat_pointers,
    caveats_for_drugs,
    caveats_for_hits,
    caveats_for_modality,
    drug_refs,
    drugs_and_regimens_of,
    how_found,
    modality_refs,
    modality_status,
    most_trusted_first,
    options_naming,
    regimens_with,
    source_state,
    stages_listing,
    statuses_of,
)
from ..textsafe import strip_controls
from .plain import Block, Column, Group, Styled, Table

STATUS_STYLE = {
    Status.STANDARD: "bold green",
    Status.SUPPORTIVE: "cyan",
    Status.CLINICAL_TRIAL: "yellow",
    Status.REPORTED: "default",
    Status.PROMOTIONAL: "bold red",
}
REVIEW_STYLE = {
    ReviewStatus.CURRENT: "green",
    ReviewStatus.OVERDUE: "yellow",
    # Never quieter than overdue: an undated page is not fresher than an overdue dated one.
    ReviewStatus.UNDATED: "yellow",
}
TIER_STYLE = {1: "green", 2: "", 3: "yellow", 4: "bold red"}
"""Trust tier ranks, shown before review states: the tier says more about a source."""


def _curator_line(drugs: Iterable[Drug]) -> Styled:
    """Which drug fields the curator supplied (no source document states them): each field once,
    with the drugs it applies to when not all of them (apatinib's class, say)."""
    drugs = list(drugs)
    fields: dict[str, list[str]] = {}
    for d in drugs:
        for field in d.curator_supplied:
            fields.setdefault(field.replace("_", " "), []).append(d.name)
    parts = [
        field if len(names) == len(drugs) else f"{field} ({', '.join(names)})"
        for field, names in fields.items()
    ]
    return t(f"Curator-supplied, not from the documents: {'; '.join(parts)}.", "dim")


def clean(text: object) -> str:
    """Text safe for a terminal: no control, bidi-override or zero-width characters."""
    return strip_controls(str(text))


def t(text: object, style: str = "") -> Styled:
    """Catalog or user text as a styled span: never markup, never control codes."""
    return Styled(clean(text), style)


def _table(title: str, *columns: Column) -> Table:
    return Table(t(title, "bold"), columns)


def _col(name: str, ratio: int | None = None, justify: str = "left") -> Column:
    """A column that takes `ratio` shares of the spare width, or (with no ratio) its widest cell."""
    return Column(t(name), ratio, justify)


def _status(status: Status) -> Styled:
    return t(status.label, STATUS_STYLE[status])


def _source_cell(state: SourceState, section: str | None) -> Styled:
    out = t(state.source.id, "bold")
    out.append_text(t(f" ({state.source.tier})", "dim"))
    if section:
        out.append_text(t(f"\n§ {section}", "italic"))
    return out


def _provenance_cell(state: SourceState, section: str | None) -> Styled:
    """Source id and tier, the section, and the review state, on three short lines."""
    out = _source_cell(state, section)
    out.append("\n")
    out.append_text(_review_line(state))
    return out


def _review_line(state: SourceState) -> Styled:
    s = state.source
    if state.status is ReviewStatus.UNDATED:
        return t("undated: no review date", REVIEW_STYLE[state.status])
    date = s.last_reviewed or s.published
    label = "reviewed" if s.last_reviewed else "published"
    out = t(f"{label} {date}, ")
    out.append_text(
        t(f"{state.status.value} (due {state.next_review})", REVIEW_STYLE[state.status])
    )
    return out


def _by_trust(catalog: Catalog, items: Iterable[Provenance]) -> list[Provenance]:
    """Citations most trusted source first, as everywhere else; otherwise in catalog order."""
    return sorted(items, key=lambda p: catalog.tier_rank(p.source))


def _provenance_lines(catalog: Catalog, items: Iterable[Provenance], as_of: dt.date) -> Styled:
    out = Styled()
    for i, p in enumerate(_by_trust(catalog, items)):
        state = source_state(catalog, p.source, as_of)
        if i:
            out.append("; ")
        out.append_text(t(f"{p.source}", "bold"))
        out.append_text(t(f" § {p.section}", "dim"))
        if state.status is not ReviewStatus.CURRENT:  # an undated page is no fresher
            out.append_text(t(f" ({state.status.value})", REVIEW_STYLE[state.status]))
    return out


def _statements(
    catalog: Catalog, title: str, items: Sequence[Statement], as_of: dt.date
) -> Block | None:
    if not items:
        return None
    table = _table(title, _col("Statement", ratio=3), _col("Source § section", ratio=2))
    for st in items:
        table.add_row(t(st.text), _provenance_lines(catalog, st.provenance, as_of))
    return table


def render_caveats(catalog: Catalog, caveats: Sequence[Caveat], as_of: dt.date) -> Block | None:
    if not caveats:
        return None
    table = _table(
        "Caveats and conflicting statements",
        _col("Kind"),
        _col("What the sources say", ratio=3),
        _col("Source § section", ratio=2),
    )
    for c in caveats:
        style = (
            "bold red"
            if c.kind.value.endswith("claim")
            else ("yellow" if c.kind.value == "conflict" else "")
        )
        for i, st in enumerate(c.statements):
            kind = t(c.kind.value.replace("_", " "), style) if i == 0 else Styled()
            text = t(st.text)
            if i == 0:
                text = t(c.summary + "\n", "bold")
                text.append_text(t(st.text))
            table.add_row(kind, text, _provenance_lines(catalog, st.provenance, as_of))
    return table


def showing(shown: str, query: str, how: str, name_type: str, score: int) -> Styled | None:
    """The line above an answer found by anything but its own name: "Showing sorafenib for
    'sorafinib' (one slip; similarity 89)", so that nobody takes one name for another."""
    detail = how_found(how, name_type, score)
    return (
        None if detail is None else t(f"Showing {shown} for {clean(query)!r} ({detail})", "yellow")
    )


def _showing_match(shown: str, match: NameMatch | None) -> list[Block]:
    line = showing(shown, match.query, match.how, match.name_type, match.score) if match else None
    return [line] if line else []


def _stage_head(
    catalog: Catalog,
    stage: Stage,
    rows: Sequence[OptionRow],
    as_of: dt.date,
    match: NameMatch | None,
    notes_in_full: bool = True,
) -> list[Block]:
    """The stage's name, definition and notes (or, short, who wrote them), and a warning when
    no trusted source lists anything for it."""
    head = t(f"{stage.name}", "bold")
    head.append_text(t(f"  ({stage.kind.value})", "dim"))
    head.append_text(t(f"\n{stage.definition}"))
    if stage.includes:
        head.append_text(t(f"\nCovers: {', '.join(stage.includes)}", "dim"))
    parts: list[Block] = [*_showing_match(stage.name, match), head]
    if stage.notes and not notes_in_full:
        by = list(dict.fromkeys(p.source for n in stage.notes for p in n.provenance))
        parts.append(
            t(
                f"{len(stage.notes)} note(s) on what this stage means, from {', '.join(by)}; "
                "--by-source shows them.",
                "dim",
            )
        )
    for note in stage.notes if notes_in_full else ():
        line = t("Note: ", "bold")
        line.append_text(t(note.text))
        line.append_text(t("  — "))
        line.append_text(_provenance_lines(catalog, note.provenance, as_of))
        parts.append(line)
    if rows and all(r.tier_rank >= LOW_TRUST_RANK for r in rows):
        parts.append(
            t(
                "Every option below comes from an unattributed article or a clinic's promotional page, "
                "not from the authoritative source; read the caveats under the table.",
                "bold yellow",
            )
        )
    return parts


def _situations_hint(catalog: Catalog, stage: Stage) -> list[Block]:
    situations = [s.id for s in catalog.stages if s.kind.value == "situation"]
    if stage.kind.value != "situation" and situations:
        return [
            t(
                f"Some options are tied to a situation instead: livertx stage {situations[0]} (see `livertx stage` for all).",
                "dim",
            )
        ]
    return []


def _filtered_line(filters: Filters | None, whole: str = "") -> list[Block]:
    """What a narrowed answer shows. A stage's statements are narrowed one by one; a listing
    keeps each record that passes whole, with sources and statuses that do not pass."""
    if not filters:
        return []
    if not whole:
        return [t(f"Showing only: {filters.described()}", "yellow")]
    return [
        t(
            f"Showing only {whole} that pass: {filters.described()} (each is shown whole, with "
            "every source and status)",
            "yellow",
        )
    ]


def render_stage_by_source(
    catalog: Catalog,
    stage: Stage,
    rows: Sequence[OptionRow],
    caveats: Sequence[Caveat],
    as_of: dt.date,
    match: NameMatch | None = None,
    filters: Filters | None = None,
) -> Block:
    """One row per statement: each source's statement of each option, with its section and the
    source's review state on every row (`livertx stage --by-source`)."""
    parts = _stage_head(catalog, stage, rows, as_of, match)
    parts += _filtered_line(filters)
    table = _table(
        f"Options for {stage.name.lower()} ({len(rows)}), most trusted sources first",
        _col("Option", ratio=3),
        _col("Qualifier", ratio=3),
        _col("Status", ratio=2),
        _col("Source · section · review", ratio=5),
    )
    previous: str | None = None
    for row in rows:
        option = t(row.name, "bold")
        option.append_text(t(f"\n{row.label}", "dim"))
        qualifier = t(row.entry.qualifier or "—")
        covered = [s for s in row.matched_stages if s != stage.id]
        if covered:
            qualifier.append_text(t(f"\n(listed for {', '.join(covered)})", "dim"))
        if row.entry.note:
            qualifier.append_text(t(f"\nCurator's note: {row.entry.note}", "dim"))
        source_id = row.sources[0].source.id if row.sources else ""
        if previous is not None and source_id != previous:
            table.add_section()
        previous = source_id
        for state, p in zip(row.sources, row.entry.provenance, strict=False):
            table.add_row(
                option, qualifier, _status(row.status), _provenance_cell(state, p.section)
            )
    parts.append(table)
    block = render_caveats(catalog, caveats, as_of)
    if block is not None:
        parts.append(block)
    parts += _situations_hint(catalog, stage)
    return Group(*parts)


def _narrower(row: OptionRow, stage: Stage) -> list[str]:
    """The stages a row names that are narrower than the view, shown as [for X]: locally-advanced
    in `advanced`, never advanced in `metastatic`."""
    return [s for s in row.matched_stages if s in stage.includes]


def _statement_text(row: OptionRow, stage: Stage) -> Styled:
    """One source's statement in a treatment row: source, status, qualifier, and markers for
    what only the per-statement view spells out."""
    out = Styled()
    # A statement citing two sections of one source names that source once.
    ids = list(dict.fromkeys(state.source.id for state in row.sources))
    for i, source_id in enumerate(ids):
        out.append_text(t(("" if i == 0 else "+") + source_id, "bold"))
    out.append(" ")
    out.append_text(_status(row.status))
    if row.entry.qualifier:
        out.append_text(t(f": {row.entry.qualifier}"))
    covered = _narrower(row, stage)
    if covered:
        out.append_text(t(f" [for {', '.join(covered)}]", "dim"))
    if row.entry.note:
        out.append_text(t(" [note]", "dim"))
    return out


def render_stage(
    catalog: Catalog,
    stage: Stage,
    rows: Sequence[OptionRow],
    caveats: Sequence[Caveat],
    as_of: dt.date,
    match: NameMatch | None = None,
    filters: Filters | None = None,
) -> Block:
    """One row per treatment (modality, drug or regimen), with every source that lists it, most
    trusted first; sections and review states once per source in the legend under it."""
    parts = _stage_head(catalog, stage, rows, as_of, match, notes_in_full=False)
    parts += _filtered_line(filters)
    from ..query.filters import group_by_treatment

    treatments = group_by_treatment(rows)
    pointers = {
        ref: [str(i + 1) for i in at]
        for ref, at in caveat_pointers(catalog, stage, caveats).items()
    }
    used = list(dict.fromkeys(state.source.id for r in rows for state in r.sources))
    table = _table(
        f"Options for {stage.name.lower()}: {_count(len(treatments), 'treatment')}, "
        f"{_count(len(rows), 'statement')} "
        f"from {len(used)} source{'s' if len(used) != 1 else ''}",
        _col("Treatment (kind)", ratio=2),
        _col("Who lists it, most trusted first: source, status, qualifier", ratio=5),
    )
    for tr in sorted(treatments, key=lambda x: (x.rows[0].tier_rank, -x.rows[0].status.rank)):
        name = t(tr.name, "bold")
        name.append_text(t(f" ({tr.label})", "dim"))
        about = pointers.get((tr.kind, tr.id), [])
        if about:  # the numbered caveats under the table that are about this treatment
            name.append_text(t(f"\nsee caveat{'s' if len(about) > 1 else ''} {','.join(about)}"))
        said = Styled()
        for i, row in enumerate(tr.rows):
            if i:
                said.append("\n")
            said.append_text(_statement_text(row, stage))
        table.add_row(name, said)
    parts.append(table)
    parts.append(_sources_legend(catalog, rows, as_of))
    scoped = any(_narrower(r, stage) for r in rows)
    parts.append(_legend(catalog, notes=any(r.entry.note for r in rows), scoped=scoped))
    compact = _caveat_lines(caveats)
    if compact is not None:
        parts.append(compact)
    parts += _situations_hint(catalog, stage)
    return Group(*parts)


def _sources_legend(catalog: Catalog, rows: Sequence[OptionRow], as_of: dt.date) -> Block:
    """Each source the rows cite, once: trust tier first, the sections used, the date and the
    review state."""
    sections: dict[str, list[str]] = {}
    states: dict[str, SourceState] = {}
    for row in rows:
        for state, p in zip(row.sources, row.entry.provenance, strict=False):
            states[state.source.id] = state
            listed = sections.setdefault(state.source.id, [])
            if p.section not in listed:
                listed.append(p.section)
    return _source_lines(states, sections)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _source_lines(
    states: dict[str, SourceState], sections: dict[str, list[str]] | None = None
) -> Styled:
    """Each source once, most trusted first: its trust tier, then its date and review state,
    then (when given) the sections used."""
    out = t("Sources, most trusted first", "bold")
    for sid in sorted(states, key=lambda s: states[s].tier_rank):
        state = states[sid]
        out.append("\n")
        out.append_text(t(sid, "bold"))
        out.append_text(
            t(f" · tier {state.tier_rank} {state.source.tier}", TIER_STYLE.get(state.tier_rank, ""))
        )
        out.append(" · ")
        out.append_text(_review_line(state))
        if sections is not None:
            out.append_text(t(" · § " + "; ".join(sections[sid]), "dim"))
    return out


def _legend(
    catalog: Catalog, notes: bool = False, statuses: bool = True, scoped: bool = False
) -> Styled:
    """What the statuses, trust tiers and review states mean, and the markers the rows use."""
    out = Styled()
    if statuses:
        out.append_text(t("Status: ", "bold"))
        out.append_text(t(STATUS_MEANINGS + "\n"))
    out.append_text(t("Trust tiers: ", "bold"))
    out.append_text(t(", ".join(f"{tier.rank} {tier.id}" for tier in catalog.trust_tiers) + "."))
    out.append_text(t(" Review: ", "bold"))
    out.append_text(
        t("current; overdue (past its next review date); undated (no date: age unknown).")
    )
    markers = []
    if notes:
        markers.append(
            "[note]: the curator added a note, such as a reading of unclear text; "
            "--by-source shows it."
        )
    if scoped:
        markers.append("[for X]: the source lists it for X only.")
    if markers:
        out.append_text(t("\n" + " ".join(markers), "dim"))
    return out


def _caveat_lines(caveats: Sequence[Caveat]) -> Block | None:
    """Each caveat or conflict on a line of its own, numbered (a row names the numbers of the
    caveats about its treatment): its kind, then its summary."""
    if not caveats:
        return None
    out = t(
        f"Caveats and conflicting statements ({len(caveats)}); --by-source quotes each side", "bold"
    )
    for number, c in enumerate(caveats, 1):
        style = (
            "bold red"
            if c.kind.value.endswith("claim")
            else ("yellow" if c.kind.value == "conflict" else "")
        )
        out.append(f"\n{number}. ")
        out.append_text(t(c.kind.value.replace("_", " "), style))
        out.append_text(t(f": {c.summary}"))
    return out


def _statement_lines(items: Sequence[Statement]) -> Styled:
    out = Styled()
    for i, st in enumerate(items):
        if i:
            out.append("\n")
        out.append_text(t(st.text))
        out.append_text(t(f" ({', '.join(dict.fromkeys(p.source for p in st.provenance))})", "dim"))
    return out if items else t(NOTHING_RECORDED, "dim")


NOTHING_RECORDED = "nothing in the catalog"
"""An empty aspect in `compare`: a dash read as "none" (no side effects), which the catalog
does not say."""


def _nothing_recorded(catalog: Catalog, item: Compared, label: str) -> Styled:
    """An empty aspect of a compared modality, and the broader or related modalities that do have
    it: TACE has no side effects of its own in the catalog, while interventional therapy, which
    the source describes as embolization, does. Where they are, not that they apply."""
    if item.kind is OptionKind.MODALITY:
        m = catalog.modality_by_id[item.record.id]
        field = {title: field for field, title in MODALITY_STATEMENTS}[label]
        near = [
            other
            for other in dict.fromkeys((*([m.parent] if m.parent else []), *m.related))
            if getattr(catalog.modality_by_id[other], field)
        ]
        if near:
            return t(f"{NOTHING_RECORDED} for it; recorded for {', '.join(near)}", "dim")
    return t(NOTHING_RECORDED, "dim")


def _compared_head(catalog: Catalog, item: Compared) -> tuple[Styled, Styled]:
    """The column header (name and kind) and what the thing is."""
    head = t(item.record.name, "bold")
    if item.kind is OptionKind.MODALITY:
        m = catalog.modality_by_id[item.record.id]
        head.append_text(t(f" ({catalog.category_by_id[m.category].name.lower()})", "dim"))
        shown = modality_status(catalog, m)
        what = t(m.summary + "\n")
        what.append_text(_status(shown.status))
        what.append_text(
            t(f" (recorded from {shown.source_id}, the most trusted source that gives one)", "dim")
        )
    else:
        d = catalog.drug_by_id[item.record.id]
        head.append_text(t(" (drug)", "dim"))
        what = t(d.drug_class)
        if d.target:
            curator = " (curator-supplied)" if "target" in d.curator_supplied else ""
            what.append_text(t(f"; target: {d.target}{curator}", "dim"))
        if d.brands:
            curator = " (curator-supplied)" if "brands" in d.curator_supplied else ""
            what.append_text(t(f"\nbrands: {', '.join(d.brands)}{curator}", "dim"))
    return head, what


def _where_listed(catalog: Catalog, item: Compared) -> Styled:
    """Each stage option, most trusted source first, then most established status; an option
    that is not the compared record itself (a regimen, a modality's drug) is named."""
    options = item.options
    options = most_trusted_first(catalog, options)
    out = Styled()
    for i, o in enumerate(options):
        if i:
            out.append("\n")
        where = ", ".join((*o.stages, *o.situations))
        if o.option.kind is OptionKind.REGIMEN or o.option.id != item.record.id:
            where += f" (as {catalog.option_name(o.option)})"
        out.append_text(t(f"{where}: "))
        out.append_text(t(", ".join(dict.fromkeys(p.source for p in o.provenance)) + " ", "bold"))
        out.append_text(_status(o.status))
        if o.qualifier:
            out.append_text(t(f": {o.qualifier}"))
        if o.note:
            out.append_text(t(f" (curator's note: {o.note})", "dim"))
    return out if options else t("no source lists it for a stage or situation", "dim")


def render_compare(catalog: Catalog, items: Sequence[Compared], as_of: dt.date) -> Block:
    """Modalities and drugs side by side, aspect by aspect, each statement with its source."""
    heads = [_compared_head(catalog, item) for item in items]
    table = _table(
        "Compared: " + " · ".join(item.record.name for item in items),
        _col(""),
        *(Column(head, ratio=1) for head, _ in heads),
    )
    table.add_row(t("What it is", "bold"), *(what for _, what in heads))
    labels = list(dict.fromkeys(label for item in items for label, _ in item.aspects))
    for label in labels:
        cells = [dict(item.aspects).get(label, ()) for item in items]
        if any(cells):
            table.add_row(
                t(label, "bold"),
                *(
                    _statement_lines(c) if c else _nothing_recorded(catalog, item, label)
                    for item, c in zip(items, cells, strict=True)
                ),
            )
    table.add_row(
        t("Where sources list it", "bold"), *(_where_listed(catalog, i) for i in items)
    )
    caveat_cells = []
    for item in items:
        cell = Styled()
        for i, c in enumerate(item.caveats):
            if i:
                cell.append("\n")
            cell.append_text(t(c.kind.value.replace("_", " ") + ": ", "bold"))
            cell.append_text(t(c.summary))
        caveat_cells.append(cell if item.caveats else t(NOTHING_RECORDED, "dim"))
    table.add_row(t("Caveats", "bold"), *caveat_cells)
    parts: list[Block] = []
    for item in items:
        parts += _showing_match(item.record.name, item.match)
    parts.append(table)
    cited = [
        p
        for item in items
        for p in (
            *item.record.provenance,
            *(p for o in item.options for p in o.provenance),
            *(p for _, sts in item.aspects for st in sts for p in st.provenance),
        )
    ]
    states = {p.source: source_state(catalog, p.source, as_of) for p in cited}
    parts.append(_source_lines(states))
    parts.append(_legend(catalog, notes=False))
    drugs = [catalog.drug_by_id[i.record.id] for i in items if i.kind is OptionKind.DRUG]
    if any(d.curator_supplied for d in drugs):
        parts.append(_curator_line(drugs))
    return Group(*parts)


def render_stages(catalog: Catalog) -> Block:
    table = _table(
        "Stages and situations",
        _col("Id"),
        _col("Kind"),
        _col("Definition", ratio=3),
        _col("Also typed as", ratio=2),
    )
    for s in catalog.stages:
        definition = t(s.definition)
        if s.includes:
            definition.append_text(t(f"\nCovers: {', '.join(s.includes)}", "dim"))
        table.add_row(t(s.id, "bold"), t(s.kind.value), definition, t(", ".join(s.aliases)))
    return table


def render_modality(
    catalog: Catalog, m: Modality, as_of: dt.date, match: NameMatch | None = None
) -> Block:
    shown = modality_status(catalog, m)
    head = t(m.name, "bold")
    head.append_text(t(f"  ({catalog.category_by_id[m.category].name})", "dim"))
    if m.aliases:
        head.append_text(t(f"\nAlso called: {', '.join(m.aliases)}", "dim"))
    status_line = t("\nStatus: ", "bold")
    status_line.append_text(_status(shown.status))
    status_line.append_text(
        t(f" (recorded from {shown.source_id}, the most trusted source that gives one)", "dim")
    )
    head.append_text(status_line)
    head.append_text(t(f"\n\n{m.summary}"))
    parts: list[Block] = [*_showing_match(m.name, match), head]
    for field, title in MODALITY_STATEMENTS:
        block = _statements(catalog, title, getattr(m, field), as_of)
        if block is not None:
            parts.append(block)
    refs = modality_refs(catalog, m)
    options = options_naming(catalog, refs)
    if options:
        table = _table(
            "Where sources list it",
            _col("Stage or situation", ratio=2),
            _col("Qualifier", ratio=3),
            _col("Status", ratio=2),
            _col("Source § section", ratio=3),
        )
        for o in most_trusted_first(catalog, options):
            where = ", ".join((*o.stages, *o.situations))
            if o.option.kind is OptionKind.REGIMEN:
                where += f"\n(as {catalog.option_name(o.option)})"
            qualifier = t(o.qualifier or "—")
            if o.note:
                qualifier.append_text(t(f"\nCurator's note: {o.note}", "dim"))
            table.add_row(
                t(where),
                qualifier,
                _status(o.status),
                _provenance_lines(catalog, o.provenance, as_of),
            )
        parts.append(table)
    drugs, regimens = drugs_and_regimens_of(catalog, m)
    listed_for = stages_listing(
        catalog,
        [OptionRef(OptionKind.DRUG, d.id) for d in drugs]
        + [OptionRef(OptionKind.REGIMEN, r.id) for r in regimens],
    )
    if not options:
        parts.append(
            t(
                "No source lists it by this name for a stage or situation"
                + (
                    "; the sources' stage lists name its drugs and combinations instead (below)."
                    if listed_for
                    else "."
                ),
                "dim",
            )
        )
    notes: list[Noted] = []
    if drugs or regimens:
        title = "Drugs and regimens, each with the status recorded from each source"
        if listed_for:
            title += f" (listed for: {', '.join(listed_for)}; `livertx drug NAME` shows where)"
        listed = _table(
            title,
            _col("Drug or regimen", ratio=3),
            _col("Status by source", ratio=4),
        )
        for ref, name in [(OptionRef(OptionKind.DRUG, d.id), d.name) for d in drugs] + [
            (OptionRef(OptionKind.REGIMEN, r.id), r.name) for r in regimens
        ]:
            label = t(name, "bold")
            kind = "combination" if ref.kind is OptionKind.REGIMEN else ref.kind.value
            label.append_text(t(f"\n{kind}", "dim"))
            if (
                not statuses_of(catalog, ref)
                and ref.kind is OptionKind.DRUG
                and any(
                    statuses_of(catalog, OptionRef(OptionKind.REGIMEN, r.id))
                    for r in regimens_with(catalog, ref.kind, ref.id)
                )
            ):
                # atezolizumab: on no list by itself, on NCI's within a pair; not "unused"
                listed.add_row(label, t("listed only within a combination (below)", "dim"))
            else:
                listed.add_row(label, _said(catalog, ref, notes))
        parts.append(listed)
        noted = _notes_lines(notes)
        if noted is not None:
            parts.append(noted)
    if m.related:
        line = t("Related modalities: ", "bold")
        line.append_text(t(", ".join(m.related)))
        parts.append(line)
    block = render_caveats(catalog, caveats_for_modality(catalog, m), as_of)
    if block is not None:
        parts.append(block)
    parts.append(_sources_footer(catalog, m.provenance, as_of, m.curator_supplied))
    parts.append(_legend(catalog))
    return Group(*parts)


def _sources_footer(
    catalog: Catalog, items: Sequence[Provenance], as_of: dt.date, curator: Sequence[str]
) -> Block:
    table = _table(
        "Sources",
        _col("Source", ratio=3),
        _col("Section", ratio=3),
        _col("Review", ratio=2),
    )
    for p in _by_trust(catalog, items):
        state = source_state(catalog, p.source, as_of)
        table.add_row(_source_cell(state, None), t(p.section), _review_line(state))
    if curator:
        table.caption = t(f"Curator-supplied, not from the documents: {', '.join(curator)}", "dim")
    return table


def render_modalities(
    catalog: Catalog, modalities: Sequence[Modality] | None = None, filters: Filters | None = None
) -> Block:
    listed = catalog.modalities if modalities is None else modalities
    table = _table(
        "Modalities",
        _col("Name", ratio=3),
        _col("Category", ratio=2),
        _col("Status", ratio=2),
        _col("Also called", ratio=3),
    )
    for m in listed:
        shown = modality_status(catalog, m)
        status = _status(shown.status)
        status.append_text(t(f"\n{shown.source_id}", "dim"))
        table.add_row(
            t(m.name, "bold"),
            t(catalog.category_by_id[m.category].name),
            status,
            t(", ".join(m.aliases[:4]) + (", …" if len(m.aliases) > 4 else "")),
        )
    if any("aliases" in m.curator_supplied for m in listed):
        table.caption = t("Also called: curator-supplied, not from the documents.", "dim")
    return Group(*_filtered_line(filters, "modalities"), table, _legend(catalog))


class Noted(NamedTuple):
    """A curator's note on one source's status for an option, shown under a table of statuses."""

    name: str
    source_id: str
    status: Status
    text: str
    stages: tuple[str, ...]


def _said(catalog: Catalog, ref: OptionRef, notes: list[Noted]) -> Styled:
    """Each source's status for one option, most trusted source first, marked [note] where the
    curator noted something about it; the notes are added to `notes`, for _notes_lines."""
    said = statuses_of(catalog, ref)
    if not said:
        return t("no source lists it for a stage", "dim")
    out = Styled()
    for i, s in enumerate(said):
        if i:
            out.append("\n")
        out.append_text(_status(s.status))
        out.append_text(t(f" · {s.source_id}", "dim"))
        if s.notes:
            out.append_text(t(" [note]", "dim"))
            notes.extend(
                Noted(catalog.option_name(ref), s.source_id, s.status, n.text, n.stages)
                for n in s.notes
            )
    return out


def _notes_lines(notes: Sequence[Noted]) -> Block | None:
    """The notes that the [note] markers in a table of statuses point at, each once."""
    if not notes:
        return None
    out = t("Curator's notes on the statuses marked [note]", "bold")
    for n in dict.fromkeys(notes):
        out.append_text(t(f"\n{n.name}, {n.source_id} "))
        out.append_text(_status(n.status))
        out.append_text(t(f" ({', '.join(n.stages)}): {n.text}"))
    return out


def _drug_row_cells(
    catalog: Catalog, d: Drug, as_of: dt.date, notes: list[Noted]
) -> tuple[Styled, Styled, Styled]:
    """What a drug is, where the sources list it (by itself and in each regimen, each with its own
    statuses), and its sources."""
    klass = t(d.drug_class)
    if d.target:
        klass.append_text(t(f"\n{d.target}", "dim"))
    where = t("listed: ", "bold")
    where.append_text(_said(catalog, OptionRef(OptionKind.DRUG, d.id), notes))
    for r in regimens_with(catalog, OptionKind.DRUG, d.id):
        where.append_text(t(f"\n{r.name}: ", "bold"))
        where.append_text(_said(catalog, OptionRef(OptionKind.REGIMEN, r.id), notes))
    refs = drug_refs(catalog, d)  # the drug, then each regimen that uses it
    own, combined = stages_listing(catalog, refs[:1]), stages_listing(catalog, refs[1:])
    stages = f"\nstages: {', '.join(own) or '—'}"
    if combined:
        stages += f"; in combinations: {', '.join(combined)}"
    where.append_text(t(stages, "dim"))
    # the drug's own sections, then those of the stage lists its statuses come from
    cited = dict.fromkeys(
        [*d.provenance, *(p for o in options_naming(catalog, refs) for p in o.provenance)]
    )
    return klass, where, _provenance_lines(catalog, cited, as_of)


def render_drug_matches(
    catalog: Catalog, query: str, matches: Sequence[DrugMatch], as_of: dt.date
) -> Block:
    table = _table(
        f"Drugs matching {clean(query)!r}",
        _col("Score", justify="right"),
        _col("Drug", ratio=2),
        _col("Matched on", ratio=2),
        _col("Class", ratio=2),
        _col("Regimens / stages", ratio=3),
        _col("Sources", ratio=3),
    )
    best = matches[0] if matches else None
    above: list[Block] = []
    notes: list[Noted] = []
    if best is not None and best.how != "exact":
        shown = best.drug.name if len(matches) == 1 else ", ".join(m.drug.name for m in matches)
        line = showing(shown, query, best.how, best.name_kind, best.score)
        above = [line] if line else []
    for m in matches:
        d = m.drug
        name = t(d.name, "bold")
        if d.brands:
            name.append_text(t(f"\n{', '.join(d.brands)}", "dim"))
        matched = t(m.matched_on)
        matched.append_text(t(f"\n{m.name_kind}, {m.match_type.split('-')[1]}", "dim"))
        klass, where, sources = _drug_row_cells(catalog, d, as_of, notes)
        table.add_row(t(str(m.score)), name, matched, klass, where, sources)
    parts: list[Block] = [*above, table]
    noted = _notes_lines(notes)
    if noted is not None:
        parts.append(noted)
    parts.append(_legend(catalog))
    caveats = render_caveats(catalog, caveats_for_drugs(catalog, [m.drug for m in matches]), as_of)
    if caveats is not None:
        parts.append(caveats)
    spelled = [sp for m in matches for sp in m.drug.source_spellings if m.matched_on == sp.text]
    for sp in spelled:
        parts.append(t(f"Interpretation: {sp.note}", "yellow"))
    if any(m.drug.curator_supplied for m in matches):
        parts.append(_curator_line(m.drug for m in matches))
    return Group(*parts)


def render_drugs(
    catalog: Catalog,
    as_of: dt.date,
    drugs: Sequence[Drug] | None = None,
    filters: Filters | None = None,
) -> Block:
    listed = catalog.drugs if drugs is None else drugs
    notes: list[Noted] = []
    table = _table(
        "Drugs",
        _col("Drug", ratio=2),
        _col("Class / target", ratio=3),
        _col("Regimens / stages", ratio=3),
        _col("Sources", ratio=3),
    )
    for d in listed:
        name = t(d.name, "bold")
        if d.brands:
            name.append_text(t(f"\n{', '.join(d.brands)}", "dim"))
        klass, where, sources = _drug_row_cells(catalog, d, as_of, notes)
        table.add_row(name, klass, where, sources)
    parts: list[Block] = [*_filtered_line(filters, "drugs"), table]
    noted = _notes_lines(notes)
    if noted is not None:
        parts.append(noted)
    caveats = render_caveats(catalog, caveats_for_drugs(catalog, listed), as_of)
    if caveats is not None:
        parts.append(caveats)
    parts.append(_legend(catalog))
    if any(d.curator_supplied for d in listed):
        parts.append(_curator_line(listed))
    return Group(*parts)


def render_sources(catalog: Catalog, states: Sequence[SourceState]) -> Block:
    table = _table(
        "Source documents",
        _col("Source", ratio=4),
        _col("Kind / tier", ratio=3),
        _col("Dates", ratio=3),
        _col("Review", ratio=3),
    )
    for st in states:
        s = st.source
        title = t(s.id, "bold")
        title.append_text(t(f"\n{s.title}"))
        if s.publisher:
            title.append_text(t(f"\n{s.publisher}", "dim"))
        kind = t(s.kind)
        kind.append_text(t(f"\ntier {st.tier_rank}: {s.tier}", "dim"))
        if s.undated:
            dates = t("undated", "dim")
        else:
            lines = []
            if s.published:
                lines.append(f"published {s.published}")
            if s.last_reviewed:
                lines.append(f"reviewed {s.last_reviewed}")
            dates = t("\n".join(lines))
        review = t(st.status.value, REVIEW_STYLE[st.status])
        if st.review_frequency:
            basis = " (catalog policy)" if st.frequency_basis == "policy" else ""
            review.append_text(
                t(f"\n{st.review_frequency}{basis}\nnext due {st.next_review}", "dim")
            )
        table.add_row(title, kind, dates, review)
    return Group(table, _legend(catalog, statuses=False))


def render_search(
    catalog: Catalog,
    query: str,
    hits: Sequence[TextHit],
    as_of: dt.date,
    filters: Filters | None = None,
) -> Block:
    table = _table(
        f"Catalog text matching {clean(query)!r}",
        _col("Kind"),
        _col("Record", ratio=2),
        _col("Where it matched", ratio=4),
        _col("Sources", ratio=2),
    )
    for h in hits:
        record = t(h.name, "bold")
        record.append_text(t(f"\n{h.id}", "dim"))
        text = t(f"{h.field.replace('_', ' ')}: ", "dim")
        text.append_text(t(h.excerpt))
        sources = Styled()
        for i, sid in enumerate(h.source_ids):
            state = source_state(catalog, sid, as_of)
            if i:
                sources.append("\n")
            sources.append_text(t(sid, "bold"))
            sources.append_text(t(f" ({state.source.tier})", "dim"))
        table.add_row(t(h.kind), record, text, sources)
    caveats = render_caveats(catalog, caveats_for_hits(catalog, hits), as_of)
    parts: list[Block] = [*_filtered_line(filters, "results"), table]
    legend = _legend(catalog, statuses=False)
    return Group(*parts, legend) if caveats is None else Group(*parts, caveats, legend)
