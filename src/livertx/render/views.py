"""The table views: what each answer shows a person, with sources, sections and review dates.

Each view is a function of one typed answer (livertx.answers) and nothing else. Views are built from livertx.render.plain blocks, so they are drawn by Rich at a terminal
(livertx.render.terminal) and as plain text into a pipe or file, without Rich. Strings from the catalog
or the user are data: they are cleaned of control characters and kept as text spans, so nothing
reads them as markup and no escape sequence of theirs reaches the terminal. `--json` never
imports this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby

from ..answers import Answer, Drawing
from ..answers.catalog_text import SearchAnswer, SourcesAnswer
from ..answers.common import (
    NOT_LISTED_ANYWHERE,
    CaveatLine,
    Cited,
    Context,
    Legend,
    Listed,
    Noted,
    Said,
    SourceLine,
    SourceStatus,
    catalog_release,
    review_date_words,
    review_state_words,
)
from ..answers.compact import (
    CompactAnswer,
    CompactLine,
    CompactNote,
    CompactSource,
    CompactStage,
    CompactThing,
    ListingLine,
    Support,
    marks,
    short_name,
    support_words,
)
from ..answers.compare import NOTHING_RECORDED, CompareAnswer, ComparedThing
from ..answers.drug import DrugAnswer, DrugFacts, DrugsAnswer
from ..answers.modality import NOT_LISTED, ExplainAnswer, ModalitiesAnswer, ModalityFacts
from ..answers.stage import (
    CURATOR_DEFINITION,
    StageAnswer,
    StagesAnswer,
    StatementLine,
    curator_worded,
)
from ..catalog.model import CaveatKind, Drug, ReviewStatus, Status
from ..query import SourceState
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


def t(text: object, style: str = "") -> Styled:
    """Catalog or user text as a styled span: never markup, never control codes."""
    return Styled(strip_controls(str(text)), style)


def _table(title: str, *columns: str | tuple[str, int] | Column) -> Table:
    """A table of these columns: a name alone is as wide as its widest cell; (name, ratio) takes
    `ratio` shares of the spare width."""
    return Table(
        t(title, "bold"),
        [
            c
            if isinstance(c, Column)
            else Column(t(c))
            if isinstance(c, str)
            else Column(t(c[0]), c[1])
            for c in columns
        ],
    )


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


def _review_line(state: SourceState, short: bool = False) -> Styled:
    """The source's date and review state; `short` (a compact view's foot): "undated" alone."""
    date = review_date_words(state)
    out = t(f"{date}, " if date else "")
    out.append_text(t(review_state_words(state, short), REVIEW_STYLE[state.status]))
    return out


def _stage_head(answer: StageAnswer, notes_in_full: bool) -> list[Block]:
    """The stage's name, definition and notes (or, short, who wrote them), and a warning when
    no trusted source lists anything for it."""
    stage = answer.stage
    head = t(f"{stage.name}", "bold")
    head.append_text(t(f"  ({stage.kind.value})", "dim"))
    head.append_text(t(f"\n{stage.definition}"))
    if answer.definition_note:
        head.append_text(t(f"\n{answer.definition_note}", "dim"))
    if stage.includes:
        head.append_text(t(f"\nCovers: {', '.join(stage.includes)}", "dim"))
    parts: list[Block] = [*_lines(answer.found, "yellow"), head]
    if not notes_in_full:
        parts += _lines(answer.notes_line, "dim")
    for note in answer.notes if notes_in_full else ():
        line = t("Note: ", "bold")
        line.append_text(t(note.text))
        line.append_text(t("  — "))
        line.append_text(_cited_lines(note.cited))
        parts.append(line)
    parts += _lines(answer.warning, "bold yellow")
    return parts


def _lines(text: str | None, style: str) -> list[Block]:
    """A sentence of the answer as a line of its own, or nothing when the answer has none."""
    return [] if text is None else [t(text, style)]


def _join(items: Iterable[Styled], sep: str = "\n") -> Styled:
    """The items one after another, `sep` between them."""
    out = Styled()
    for i, item in enumerate(items):
        if i:
            out.append(sep)
        out.append_text(item)
    return out


def _cited(c: Cited) -> Styled:
    out = t(c.source_id, "bold").append_text(t(f" § {c.section}", "dim"))
    if c.state.status is not ReviewStatus.CURRENT:  # an undated page is no fresher
        out.append_text(t(f" ({c.state.status.value})", REVIEW_STYLE[c.state.status]))
    return out


def _cited_lines(items: Sequence[Cited]) -> Styled:
    return _join(map(_cited, items), "; ")


def render_stage_by_source(answer: StageAnswer) -> Block:
    """One row per statement: each source's statement of each option, with its section and the
    source's review state on every row (`livertx stage --by-source`)."""
    stage = answer.stage
    parts = _stage_head(answer, notes_in_full=True)
    parts += _lines(answer.filtered, "yellow")
    table = _table(
        f"Options for {stage.name.lower()} ({len(answer.statements)}), most trusted sources first",
        ("Option", 3),
        ("Qualifier", 3),
        ("Status", 2),
        ("Source · section · review", 5),
    )
    previous: str | None = None
    for line in answer.statements:
        row = line.row
        option = t(row.name, "bold")
        option.append_text(t(f"\n{row.label}", "dim"))
        qualifier = t(row.entry.qualifier or "—")
        covered = [s for s in row.matched_stages if s != stage.id]
        if covered:
            qualifier.append_text(t(f"\n(listed for {', '.join(covered)})", "dim"))
        if row.entry.note:
            qualifier.append_text(t(f"\nCurator's note: {row.entry.note}", "dim"))
        source_id = line.source_ids[0] if line.cited else ""
        if previous is not None and source_id != previous:
            table.add_section()
        previous = source_id
        for c in line.cited:
            table.add_row(
                option, qualifier, _status(row.status), _provenance_cell(c.state, c.section)
            )
    return Group(*parts, table, _caveats_table(answer.caveats), *_lines(answer.hint, "dim"))


def _statement_text(line: StatementLine) -> Styled:
    """One source's statement in a treatment row: source, status, qualifier, and markers for
    what only the per-statement view spells out."""
    row = line.row
    out = Styled()
    for i, sid in enumerate(line.source_ids):
        out.append_text(t(("" if i == 0 else "+") + sid, "bold"))
    out.append(" ")
    out.append_text(_status(row.status))
    if row.entry.qualifier:
        out.append_text(t(f": {row.entry.qualifier}"))
    if line.narrower:
        out.append_text(t(f" [for {', '.join(line.narrower)}]", "dim"))
    if row.entry.note:
        out.append_text(t(" [note]", "dim"))
    return out


def render_stage(answer: StageAnswer) -> Block:
    """One row per treatment (modality, drug or regimen), with every source that lists it, most
    trusted first; sections and review states once per source in the legend under it."""
    parts = _stage_head(answer, notes_in_full=False)
    parts += _lines(answer.filtered, "yellow")
    table = _table(
        answer.heading,
        ("Treatment (kind)", 2),
        ("Who lists it, most trusted first: source, status, qualifier", 5),
    )
    for tr in answer.treatments:
        name = t(tr.name, "bold")
        name.append_text(t(f" ({tr.label})", "dim"))
        if tr.caveats:  # the numbered caveats under the table that are about this treatment
            name.append_text(t(f"\n{tr.pointer()}"))
        table.add_row(name, _join(map(_statement_text, tr.statements)))
    return Group(
        *parts,
        table,
        _source_list(answer.sources, answer.context),
        _legend_block(answer.legend),
        _caveat_lines(answer.caveats),
        *_lines(answer.hint, "dim"),
    )


def _support_line(s: Support) -> Styled:
    if s.quiet == "all":  # the group's heading names source and status
        return t(support_words(s))
    out = t(s.source, "bold")
    if s.quiet != "status":  # else the heading says it
        out.append(" ")
        out.append_text(_status(s.status))
    if s.text:
        out.append_text(t(f": {s.text}"))
    out.append_text(t(marks(s.notes)))
    return out


def _compact_line(line: CompactLine, first: bool) -> Styled:
    """One line of the compact view: treatments the same sources list with the same words, and
    who lists them; a class's name before its first line."""
    out = Styled()
    if line.heading and first:
        out.append_text(t(f"{line.heading}: ", "bold"))
    style = "" if line.heading else "bold"
    out.append_text(
        _join((t(e.name, style).append_text(t(marks(e.notes))) for e in line.entries), ", ")
    )
    said = [w for w in map(_support_line, line.support) if w.plain]
    for i, w in enumerate(said):
        out.append(" · " if i else " — ")
        out.append_text(w)
    return out


def render_stage_compact(answer: StageAnswer, c: CompactStage) -> Block:
    """The default stage view: treatments grouped by the strongest support behind them, each
    source's status and limits on the row, numbered notes and named sources under it (see
    livertx.answers.compact)."""
    parts: list[Block] = [*_lines(answer.found, "yellow"), *_lines(answer.warning, "bold yellow")]
    head = t(c.lead, "bold")
    head.append_text(t(c.head[len(c.lead) :]))
    if answer.definition_note:
        head.append_text(t(f" {answer.definition_note}", "dim"))
    parts.append(head)
    parts += _lines(answer.filtered, "yellow")
    table = Table(Styled(), [Column(Styled()), Column(Styled(), 1)], header=False, tight=True)
    for group in c.groups:
        table.add_row(Styled(), t(group.title, "bold underline"))
        previous: str | None = None
        for line in group.lines:
            # a class's name once, on its first line; its other lines hang under it
            first = line.heading is None or line.heading != previous
            table.add_row(t("•" if first else ""), _compact_line(line, first))
            previous = line.heading
    parts.append(table)
    if c.notes:
        parts.append(_compact_notes(c.notes, "Notes ([n] above)"))
    parts.append(_compact_foot(c.sources, answer.context))
    parts += _lines(c.legend or None, "dim")
    parts.append(t(c.more, "dim"))
    return Group(*parts)


def _compact_notes(notes: Sequence[CompactNote], title: str) -> Styled:
    """The numbered notes of a compact view, each on a line of its own."""
    out = t(title, "bold")
    for n in notes:
        out.append(f"\n{n.number}. ")
        out.append_text(t(n.text, _caveat_style_words(n.kind or "")))
    return out


def _foot_words(state: SourceState) -> tuple[object, ...]:
    """What a compact foot's line says of a source, its name aside."""
    return (
        state.tier_rank,
        state.source.tier,
        state.source.kind,
        review_date_words(state),
        state.status,
    )


def _compact_foot(sources: Sequence[CompactSource], context: Context) -> Styled:
    """Each source once, by its short name, with its trust tier, kind and review state."""
    foot = _sources_title("Sources, most trusted first", context)
    for _, alike in groupby(sources, key=lambda src: _foot_words(src.state)):
        same = list(alike)  # sources of one tier, kind and review state share a line
        state = same[0].state
        foot.append("\n")
        for i, src in enumerate(same):
            foot.append_text(t(f"{', ' if i else ''}{src.name}", "bold"))
        tier, kind = state.source.tier, state.source.kind
        if len(same) > 1 and not kind.endswith(("s", "y")):  # "articles"; "summary" stays
            kind += "s"
        if not kind.startswith(tier):  # else "tier 3 unattributed health article", said once
            kind = f"{tier}, {kind}"
        foot.append_text(t(f": tier {state.tier_rank} ", TIER_STYLE.get(state.tier_rank, "")))
        foot.append_text(t(f"{kind}, "))
        foot.append_text(_review_line(state, short=True))
    return foot


def _named_sources(states: Sequence[SourceState]) -> Styled:
    """The sources a list names by short name, on a few lines: each one's id (what --source
    takes), trust tier and review state, most trusted first; `livertx sources` gives the dates."""

    def named(state: SourceState) -> Styled:
        out = t(short_name(state), "bold")
        if short_name(state) != state.source.id:
            out.append_text(t(f" = {state.source.id}", "dim"))
        out.append_text(t(f", tier {state.tier_rank}", TIER_STYLE.get(state.tier_rank, "")))
        return out.append_text(t(f", {state.status.value}", REVIEW_STYLE[state.status]))

    out = t("Sources: ", "bold")
    out.append_text(
        _join(map(named, sorted(dict.fromkeys(states), key=lambda st: st.tier_rank)), "; ")
    )
    out.append_text(t(". `livertx sources` gives their dates.", "dim"))
    return out


DRUGS_NOTE_HINT = "[note]: the curator's reading of the source; --detail shows it."
READING_MARKER = "[reading]: --detail shows the curator's reading."


def _listing_line(line: ListingLine) -> Styled:
    """One listing: where, who, the status and the qualifier's brief form."""
    out = t(f"{line.named_as} ({line.where})" if line.named_as else line.where)
    out.append(" — ")
    out.append_text(t(line.source, "bold"))
    out.append(" ")
    out.append_text(_status(line.status))
    if line.text:
        out.append_text(t(f": {line.text}"))
    if line.noted:
        out.append_text(t(" [reading]", "dim"))
    return out


def _compact_thing(th: CompactThing, several: bool) -> list[Block]:
    """A modality or drug in the compact shape: name, what it is, its status naming stage and
    source, the most trusted source's words, one line per listing, and its notes' numbers."""
    parts: list[Block] = [*_lines(th.found, "yellow")]
    head = t(th.name, "bold")
    head.append_text(t(f" ({th.kind_words})", "dim"))
    if th.also:
        head.append_text(t(f"\n{th.also}", "dim"))
    head.append_text(t(f"\n{th.what}"))
    status = t("\nStatus: ", "bold")
    status.append_text(t(th.status))
    head.append_text(status)
    parts.append(head)
    for a in th.aspects:
        said = t(f"{a.title} ({a.source}): ", "bold")
        said.append_text(t(" ".join(a.texts)))
        if a.others:
            said.append_text(t(f" ({a.others}: --detail)", "dim"))
        parts.append(said)
    if th.listings:
        rows = t(th.listings_title, "bold")
        for line in th.listings:
            rows.append("\n• ")
            rows.append_text(_listing_line(line))
        parts.append(rows)
    parts += [t(line) for line in th.unlisted]
    tail = []
    if th.caveats and several:
        tail.append(f"Caveats: {', '.join(map(str, th.caveats))} below.")
    if th.noted:
        tail.append(READING_MARKER)
    if th.related:
        tail.append(th.related + ".")
    if tail:
        parts.append(t(" ".join(tail), "dim"))
    return parts


def render_compact(c: CompactAnswer, context: Context) -> Block:
    """The default view of explain, drug and compare (see livertx.answers.compact): each thing in
    the compact shape, then the numbered caveats, each source once and a two-line legend."""
    parts: list[Block] = []
    for th in c.things:
        parts += _compact_thing(th, len(c.things) > 1)
    if c.notes:
        parts.append(_compact_notes(c.notes, "Caveats"))
    parts.append(_compact_foot(c.sources, context))
    parts += _lines(c.curator, "dim")
    parts.append(t(f"{c.legend} --detail: all words.".lstrip(), "dim"))
    return Group(*parts)


def _sources_title(title: str, context: Context) -> Styled:
    out = t(title, "bold")
    out.append_text(t(f" (catalog {catalog_release(context)})", "dim"))
    return out


def _source_list(lines: Sequence[SourceLine], context: Context, sections: bool = True) -> Styled:
    """Each source once, most trusted first: its trust tier, then its date and review state,
    then (when given) the sections used."""
    out = _sources_title("Sources, most trusted first", context)
    for line in lines:
        state = line.state
        out.append("\n")
        out.append_text(t(state.source.id, "bold"))
        out.append_text(
            t(f" · tier {state.tier_rank} {state.source.tier}", TIER_STYLE.get(state.tier_rank, ""))
        )
        out.append(" · ")
        out.append_text(_review_line(state))
        if sections:
            out.append_text(t(" · § " + "; ".join(line.sections), "dim"))
    return out


def _legend_block(legend: Legend) -> Styled:
    """What the statuses, trust tiers and review states mean, and the markers the rows use."""
    out = Styled()
    if legend.statuses is not None:
        out.append_text(t("Status: ", "bold"))
        out.append_text(t(legend.statuses + "\n"))
    out.append_text(t("Trust tiers: ", "bold"))
    out.append_text(t(legend.tiers))
    out.append_text(t(" Review: ", "bold"))
    out.append_text(t(legend.review))
    if legend.markers:
        out.append_text(t("\n" + " ".join(legend.markers), "dim"))
    return out


def _caveats_table(caveats: Sequence[CaveatLine]) -> Block | None:
    if not caveats:
        return None
    table = _table(
        "Caveats and conflicting statements",
        "Kind",
        ("What the sources say", 3),
        ("Source § section", 2),
    )
    for c in caveats:
        for i, st in enumerate(c.statements):
            kind = t(c.kind_words, _caveat_style(c.kind)) if i == 0 else Styled()
            text = t(st.text)
            if i == 0:
                text = t(c.summary + "\n", "bold")
                text.append_text(t(st.text))
            table.add_row(kind, text, _cited_lines(st.cited))
    return table


def _caveat_style(kind: CaveatKind) -> str:
    if kind.value.endswith("claim"):
        return "bold red"
    return "yellow" if kind is CaveatKind.CONFLICT else ""


def _caveat_style_words(kind: str) -> str:
    if kind.endswith("claim"):
        return "bold red"
    return "yellow" if kind == CaveatKind.CONFLICT.value else ""


def _caveat_lines(
    caveats: Sequence[CaveatLine], more: str = "--by-source quotes each side"
) -> Block | None:
    """Each caveat or conflict on a line of its own, numbered (a row names the numbers of the
    caveats about its treatment): its kind, then its summary."""
    if not caveats:
        return None
    out = t(f"Caveats and conflicting statements ({len(caveats)}); {more}", "bold")
    for c in caveats:
        out.append(f"\n{c.number}. ")
        out.append_text(t(c.kind_words, _caveat_style(c.kind)))
        out.append_text(t(f": {c.summary}"))
    return out


def _statement_lines(items: Sequence[Said]) -> Styled:
    return _join(
        t(st.text).append_text(
            t(f" ({', '.join(dict.fromkeys(c.source_id for c in st.cited))})", "dim")
        )
        for st in items
    )


def _compared_head(item: ComparedThing) -> tuple[Styled, Styled]:
    """The column header (name and kind) and what the thing is."""
    head = t(item.name, "bold")
    head.append_text(t(f" ({item.kind_words})", "dim"))
    f = item.facts
    if isinstance(f, ModalityFacts):
        what = t(f.modality.summary + "\n")
        what.append_text(_status(f.status.status))
        what.append_text(t(f" {f.status_line}", "dim"))
    else:
        what = t(f.drug.drug_class)
        if f.target:
            what.append_text(t(f"; target: {f.target}", "dim"))
        if f.brands:
            what.append_text(t(f"\nbrands: {f.brands}", "dim"))
    return head, what


def _where_listed(options: Sequence[Listed]) -> Styled:
    """Each stage option, most trusted source first, then most established status."""

    def listed(o: Listed) -> Styled:
        out = t(o.where + (f" (as {o.named_as})" if o.named_as else "") + ": ")
        out.append_text(t(", ".join(dict.fromkeys(c.source_id for c in o.cited)) + " ", "bold"))
        out.append_text(_status(o.entry.status))
        if o.entry.qualifier:
            out.append_text(t(f": {o.entry.qualifier}"))
        if o.entry.note:
            out.append_text(t(f" (curator's note: {o.entry.note})", "dim"))
        return out

    return _join(map(listed, options)) if options else t(NOT_LISTED_ANYWHERE, "dim")


def render_compare(answer: CompareAnswer) -> Block:
    """Modalities and drugs side by side, aspect by aspect, each statement with its source."""
    heads = [_compared_head(item) for item in answer.items]
    table = _table(answer.title, "", *(Column(head, ratio=1) for head, _ in heads))
    table.add_row(t("What it is", "bold"), *(what for _, what in heads))
    for label in answer.labels:
        cells = []
        for item in answer.items:
            said = dict(item.aspects).get(label, ())
            cells.append(
                _statement_lines(said)
                if said
                else t(dict(item.nothing).get(label, NOTHING_RECORDED), "dim")
            )
        table.add_row(t(label, "bold"), *cells)
    table.add_row(
        t("Where sources list it", "bold"), *(_where_listed(i.listed) for i in answer.items)
    )
    caveat_cells = []
    for item in answer.items:
        cell = _join(t(c.kind_words + ": ", "bold").append_text(t(c.summary)) for c in item.caveats)
        caveat_cells.append(cell if item.caveats else t(NOTHING_RECORDED, "dim"))
    table.add_row(t("Caveats", "bold"), *caveat_cells)
    parts: list[Block] = []
    for item in answer.items:
        parts += _lines(item.found, "yellow")
    parts.append(table)
    parts.append(_source_list(answer.sources, answer.context, sections=False))
    parts.append(_legend_block(answer.legend))
    parts += _lines(answer.curator, "dim")
    return Group(*parts)


def render_stages(answer: StagesAnswer) -> Block:
    """The stages and situations. By default one short paragraph each, what it is and what it
    means, under a title that says where to go next, so that the list fits a screen at 80
    columns; `detail` gives the table with the other names each answers to."""
    if not answer.detail:
        title = t(answer.title, "bold")
        title.append_text(t(" (`livertx stage ID` for options, --detail for other names)", "dim"))
        entries: list[Block] = [title]
        for s in answer.stages:
            entry = t(s.id, "bold")
            entry.append_text(t(f" ({s.kind.value}): ", "dim"))
            entry.append_text(t(s.definition + ("*" if curator_worded(s) else "")))
            if s.includes:
                entry.append_text(t(f" Covers: {', '.join(s.includes)}.", "dim"))
            entries.append(entry)
        if any(map(curator_worded, answer.stages)):
            entries.append(t(f"* {CURATOR_DEFINITION}", "dim"))
        return Group(*entries)
    table = _table(answer.title, "Id", "Kind", ("Definition", 3), ("Also typed as", 2))
    for s in answer.stages:
        definition = t(s.definition + ("*" if curator_worded(s) else ""))
        if s.includes:
            definition.append_text(t(f"\nCovers: {', '.join(s.includes)}", "dim"))
        table.add_row(t(s.id, "bold"), t(s.kind.value), definition, t(", ".join(s.aliases)))
    if not any(map(curator_worded, answer.stages)):
        return table
    return Group(table, t(f"* {CURATOR_DEFINITION}", "dim"))


def render_modality(answer: ExplainAnswer) -> Block:
    f = answer.facts
    m = f.modality
    head = t(m.name, "bold")
    head.append_text(t(f"  ({f.category})", "dim"))
    if m.aliases:
        head.append_text(t(f"\nAlso called: {', '.join(m.aliases)}", "dim"))
    status_line = t("\nStatus: ", "bold")
    status_line.append_text(_status(f.status.status))
    status_line.append_text(t(f" {f.status_line}", "dim"))
    head.append_text(status_line)
    head.append_text(t(f"\n\n{m.summary}"))
    parts: list[Block] = [*_lines(answer.found, "yellow"), head]
    for aspect in f.aspects:
        if aspect.said:
            table = _table(aspect.title, ("Statement", 3), ("Source § section", 2))
            for st in aspect.said:
                table.add_row(t(st.text), _cited_lines(st.cited))
            parts.append(table)
    if f.listed:
        table = _table(
            "Where sources list it",
            ("Stage or situation", 2),
            ("Qualifier", 3),
            ("Status", 2),
            ("Source § section", 3),
        )
        for o in f.listed:
            where = o.where + (f"\n(as {o.named_as})" if o.named_as else "")
            qualifier = t(o.entry.qualifier or "—")
            if o.entry.note:
                qualifier.append_text(t(f"\nCurator's note: {o.entry.note}", "dim"))
            table.add_row(t(where), qualifier, _status(o.entry.status), _cited_lines(o.cited))
        parts.append(table)
    parts += _lines(f.not_listed, "dim")
    if f.members:
        listed = _table(f.members_title, ("Drug or regimen", 3), ("Status by source", 4))
        for member in f.members:
            label = t(member.name, "bold")
            label.append_text(t(f"\n{member.kind_words}", "dim"))
            listed.add_row(label, _said_cell(member.said, member.instead))
        parts.append(listed)
        noted = _notes_lines(f.member_notes)
        if noted is not None:
            parts.append(noted)
    if m.related:
        line = t("Related modalities: ", "bold")
        line.append_text(t(", ".join(m.related)))
        parts.append(line)
    return Group(
        *parts,
        _caveats_table(f.caveats),
        _sources_footer(f.cited, f.curator_supplied, answer.context),
        _legend_block(answer.legend),
    )


def _sources_footer(items: Sequence[Cited], curator: str | None, context: Context) -> Block:
    table = _table(
        f"Sources (catalog {catalog_release(context)})",
        ("Source", 3),
        ("Section", 3),
        ("Review", 2),
    )
    for c in items:
        table.add_row(_source_cell(c.state, None), t(c.section), _review_line(c.state))
    if curator:
        table.caption = t(curator, "dim")
    return table


ALSO_SHOWN = 1
"""How many other names of a modality its list shows before a count of the rest: the first
is the one the curator put first, often the abbreviation people know (TACE, RFA, SBRT)."""


def _modalities_table() -> Table:
    """The modalities' table, in the list and in its --detail form."""
    return _table("Modalities", ("Name", 3), ("Category", 2), ("Status", 2), ("Also called", 3))


def render_modalities(answer: ModalitiesAnswer) -> Block:
    """The modalities, one or two lines each: name, category, the status recorded from the most
    trusted source that gives one (by the source's short name, each source once at the foot),
    and the first other names with a count of the rest; `detail` gives every other name."""
    if answer.detail:
        return render_modalities_detail(answer)
    names = {line.state.source.id: short_name(line.state) for line in answer.sources}
    table = _modalities_table()
    for row in answer.rows:
        m = row.modality
        status = _status(row.status.status)
        if row.status.source_id:
            status.append_text(
                t(f" ({names.get(row.status.source_id, row.status.source_id)})", "dim")
            )
        also = ", ".join(m.aliases[:ALSO_SHOWN])
        if len(m.aliases) > ALSO_SHOWN:
            also += f"\u00a0(+{len(m.aliases) - ALSO_SHOWN})"  # the count stays with the name
        table.add_row(t(m.name, "bold"), t(row.category), status, t(also))
    foot = t("(+N): N more names; `livertx explain NAME` or --detail shows them.", "dim")
    if answer.aliases_note:
        foot.append_text(t(f" {answer.aliases_note}", "dim"))
    table.caption = foot
    return Group(
        *_lines(answer.filtered, "yellow"),
        table,
        _named_sources([line.state for line in answer.sources]),
        _legend_block(answer.legend),
    )


def render_modalities_detail(answer: ModalitiesAnswer) -> Block:
    """The modalities with every other name each answers to, and the id of the source each
    status is recorded from."""
    table = _modalities_table()
    for row in answer.rows:
        m = row.modality
        status = _status(row.status.status)
        status.append_text(t(f"\n{row.status.source_id}", "dim"))
        table.add_row(
            t(m.name, "bold"),
            t(row.category),
            status,
            t(", ".join(m.aliases)),
        )
    if answer.aliases_note:
        table.caption = t(answer.aliases_note, "dim")
    return Group(*_lines(answer.filtered, "yellow"), table, _legend_block(answer.legend))


def _said_cell(said: Sequence[SourceStatus], instead: str | None = None) -> Styled:
    """Each source's status for one option, most trusted source first, marked [note] where the
    curator noted something about it."""
    if not said:
        return t(instead or NOT_LISTED, "dim")
    return _join(
        _status(s.status).append_text(
            t(f" · {s.source_id}" + (" [note]" if s.notes else ""), "dim")
        )
        for s in said
    )


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


def _drug_row_cells(f: DrugFacts) -> tuple[Styled, Styled, Styled]:
    """What a drug is, where the sources list it (by itself and in each regimen, each with its own
    statuses), and its sources."""
    klass = t(f.drug.drug_class)
    if f.drug.target:
        klass.append_text(t(f"\n{f.drug.target}", "dim"))
    where = t("listed: ", "bold")
    where.append_text(_said_cell(f.statuses))
    for r in f.regimens:
        where.append_text(t(f"\n{r.name}: ", "bold"))
        where.append_text(_said_cell(r.said))
    stages = f"\nstages: {', '.join(f.own_stages) or '—'}"
    if f.combined_stages:
        stages += f"; in combinations: {', '.join(f.combined_stages)}"
    where.append_text(t(stages, "dim"))
    return klass, where, _cited_lines(f.row_cited)


def _drug_name(d: Drug) -> Styled:
    name = t(d.name, "bold")
    if d.brands:
        name.append_text(t(f"\n{', '.join(d.brands)}", "dim"))
    return name


def render_drug_matches(answer: DrugAnswer) -> Block:
    table = _table(
        answer.title,
        Column(t("Score"), None, "right"),
        ("Drug", 2),
        ("Matched on", 2),
        ("Class", 2),
        ("Regimens / stages", 3),
        ("Sources", 3),
    )
    for line in answer.matches:
        m = line.match
        matched = t(m.matched_on)
        matched.append_text(t(f"\n{line.matched_words}", "dim"))
        klass, where, sources = _drug_row_cells(line.facts)
        table.add_row(t(str(m.score)), _drug_name(m.drug), matched, klass, where, sources)
    return Group(*_lines(answer.found, "yellow"), *_drug_table(table, answer))


def render_drugs(answer: DrugsAnswer) -> Block:
    """The drugs, a few lines each: name and brands, class, and each listing on a line of its
    own, by itself and in each combination: the status, the stages and who says it (by the
    source's short name; each source once at the foot, with its id, tier and review state).
    A drug names the numbers of the caveats about it, which follow as one line each; `detail`
    gives the full table (targets, sections, the curator's notes, the caveats in full)."""
    if answer.detail:
        return render_drugs_detail(answer)
    cited = {c.state.source.id: c.state for f in answer.drugs for c in f.row_cited}
    named = {
        s.source_id
        for f in answer.drugs
        for said in (f.statuses, *(r.said for r in f.regimens))
        for s in said
    }
    states = {sid: state for sid, state in cited.items() if sid in named}
    names = {sid: short_name(state) for sid, state in states.items()}
    numbers = {c.id: c.number for c in answer.caveats}
    table = _table("Drugs", ("Drug", 2), ("Modality", 2), ("Listed: status for stages (source)", 7))
    for f in answer.drugs:
        name = t(f.drug.name, "bold")
        name.append_text(t(marks(tuple(numbers[c] for c in f.caveat_ids if c in numbers))))
        if f.drug.brands:
            name.append_text(t(f"\n{', '.join(f.drug.brands)}", "dim"))
        lines = [_listings(f.statuses, names)] if f.statuses else []
        for r in f.regimens:
            line = t(f"{r.name}: ", "bold")
            lines.append(line.append_text(_listings(r.said, names, "; ")))
        where = _join(lines) if lines else t(NOT_LISTED, "dim")
        modality = f.catalog.modality_by_id.get(f.drug.modality)
        table.add_row(name, t(modality.name if modality else f.drug.drug_class), where)
    return Group(
        *_lines(answer.filtered, "yellow"),
        table,
        _caveat_lines(answer.caveats, "--detail quotes each side"),
        _named_sources(list(states.values())) if states else None,
        _legend_block(answer.legend),
        *_lines(_shown_curator_line(answer), "dim"),
        *_lines(DRUGS_NOTE_HINT if answer.notes else None, "dim"),
    )


def _listings(said: Sequence[SourceStatus], names: dict[str, str], gap: str = "\n") -> Styled:
    """Each source's listing: `standard for advanced, recurrent (NCI)`, [note] where the
    curator noted something about it."""

    def listing(s: SourceStatus) -> Styled:
        out = _status(s.status)
        if s.stages:
            out.append_text(t(f" for {', '.join(s.stages)}"))
        name = names.get(s.source_id, s.source_id)
        return out.append_text(t(f" ({name})" + (" [note]" if s.notes else ""), "dim"))

    return _join(map(listing, said), gap)


def _shown_curator_line(answer: DrugsAnswer) -> str | None:
    """Which of the fields the list shows (brands, and the class as the modality the drug
    belongs to) the curator supplied."""
    from ..answers.common import curator_line

    shown = ("brands", "modality")
    return curator_line(
        [
            f.drug._replace(
                curator_supplied=tuple(x for x in f.drug.curator_supplied if x in shown)
            )
            for f in answer.drugs
        ]
    )


def render_drugs_detail(answer: DrugsAnswer) -> Block:
    """The full table of drugs: each one's target, where the sources list it by itself and in
    each combination, its sources with their sections, the curator's notes, the caveats in full."""
    table = _table(
        "Drugs", ("Drug", 2), ("Class / target", 3), ("Regimens / stages", 3), ("Sources", 3)
    )
    for f in answer.drugs:
        klass, where, sources = _drug_row_cells(f)
        table.add_row(_drug_name(f.drug), klass, where, sources)
    return Group(*_lines(answer.filtered, "yellow"), *_drug_table(table, answer))


def _drug_table(table: Table, answer: DrugAnswer | DrugsAnswer) -> list[Block | None]:
    """A table of drugs in full, then the curator's notes, the caveats, the legend, and (for a
    search) how the words were read."""
    said = answer.interpretations if isinstance(answer, DrugAnswer) else ()
    return [
        table,
        _notes_lines(answer.notes),
        _caveats_table(answer.caveats),
        _legend_block(answer.legend),
        *(t(line, "yellow") for line in said),
        *_lines(answer.curator, "dim"),
    ]


def render_sources(answer: SourcesAnswer) -> Block:
    """The source documents, most trusted first: each one's trust tier, what it is, and its
    review state before its dates, so that an overdue or undated source shows at a glance. A
    few lines per source; --json and the handouts carry every field."""
    table = _table("Source documents", "Tier", ("Source", 3), ("Review", 2))
    for st in answer.sources:
        s = st.source
        title = t(s.id, "bold")
        title.append_text(t(f" · {s.kind}", "dim"))
        title.append_text(t(f"\n{s.title}"))
        if s.publisher:
            title.append_text(t(f" ({s.publisher})"))
        tier = t(f"{st.tier_rank} {s.tier}", TIER_STYLE.get(st.tier_rank, ""))
        table.add_row(tier, title, _review_cell(st))
    return Group(table, _legend_block(answer.legend))


def _review_cell(st: SourceState) -> Styled:
    """Its review state first (`252 days overdue`), then its date, how often it is reviewed
    and when it is next due."""
    if st.source.undated:
        return t(st.status.value, REVIEW_STYLE[st.status])
    out = t(st.overdue_by or st.status.value, REVIEW_STYLE[st.status])
    out.append_text(t("\n" + ", ".join(_dates(st))))
    if st.review_frequency:
        policy = ", catalog policy" if st.frequency_basis == "policy" else ""
        out.append_text(t(f"\ndue {st.next_review} ({st.review_frequency}{policy})", "dim"))
    return out


def _dates(st: SourceState) -> list[str]:
    s = st.source
    return [
        *([f"published {s.published}"] if s.published else []),
        *([f"reviewed {s.last_reviewed}"] if s.last_reviewed else []),
    ]


def render_search(answer: SearchAnswer) -> Block:
    table = _table(answer.title, "Kind", ("Record", 2), ("Where it matched", 4), ("Sources", 2))
    for found in answer.hits:
        h = found.hit
        record = t(h.name, "bold")
        record.append_text(t(f"\n{h.id}", "dim"))
        text = t(f"{h.field.replace('_', ' ')}: ", "dim")
        text.append_text(t(h.excerpt))
        sources = _join(
            t(st.source.id, "bold").append_text(t(f" ({st.source.tier})", "dim"))
            for st in found.sources
        )
        table.add_row(t(h.kind), record, text, sources)
    return Group(
        *_lines(answer.filtered, "yellow"),
        *_lines(answer.approximate, "yellow"),
        table,
        _caveats_table(answer.caveats),
        _legend_block(answer.legend),
    )


def _stage_view(answer: StageAnswer) -> Block:
    if answer.detail or (stage := answer.compact) is None:
        return render_stage(answer)
    return render_stage_compact(answer, stage)


def _explain_view(answer: ExplainAnswer) -> Block:
    if answer.detail or answer.compact is None:
        return render_modality(answer)
    return render_compact(answer.compact, answer.context)


def _drug_view(answer: DrugAnswer) -> Block:
    if answer.detail or answer.compact is None or not answer.matches:
        return render_drug_matches(answer)
    return render_compact(answer.compact, answer.context)


def _compare_view(answer: CompareAnswer) -> Block:
    if answer.detail or answer.compact is None:
        return render_compare(answer)
    return render_compact(answer.compact, answer.context)


_VIEW = Drawing[Block](
    _stage_view,
    render_stages,
    _explain_view,
    render_modalities,
    _drug_view,
    render_drugs,
    _compare_view,
    render_sources,
    render_search,
)


def view(answer: Answer, by_source: bool = False) -> Block:
    """The table view of an answer; `by_source`: a stage's one row per source statement."""
    if by_source and isinstance(answer, StageAnswer):
        return render_stage_by_source(answer)
    return _VIEW(answer)
