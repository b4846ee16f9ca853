"""The outline of a handout: what a file made to share says about one answer, in order.

Markdown (livertx.render.markdown) and HTML (livertx.render.html_page) draw the same outline and
differ only in markup, so a handout cannot say in one format what it leaves out in the other.
Every text here is plain: the two formats escape it. To give a new answer a handout, add its
function to `handout`, the Drawing at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..answers import Answer, Drawing
from ..answers.catalog_text import SearchAnswer, SourcesAnswer
from ..answers.common import (
    NOT_LISTED_ANYWHERE,
    CaveatLine,
    Cited,
    Legend,
    Noted,
    SourceLine,
    SourceStatus,
    all_cited,
    catalog_release,
    review_date_words,
    review_state_words,
    sources_of,
)
from ..answers.compact import CompactStage, line_words
from ..answers.compare import NOTHING_RECORDED, CompareAnswer, ComparedThing
from ..answers.drug import DrugAnswer, DrugFacts, DrugsAnswer
from ..answers.modality import NOT_LISTED, ExplainAnswer, ModalitiesAnswer, ModalityFacts
from ..answers.stage import CURATOR_DEFINITION, StageAnswer, StagesAnswer, curator_worded
from ..catalog.model import Status
from ..query import SourceState


@dataclass(frozen=True)
class Para:
    """A paragraph: an optional lead in bold, then the text. `role` says what it is for
    ("found", "warning", "filtered"), so that HTML can set it apart."""

    text: str
    lead: str = ""
    role: str = ""


@dataclass(frozen=True)
class Cell:
    """One cell of a grid, as lines; `status` colours it in HTML."""

    lines: tuple[str, ...]
    status: Status | None = None
    absent: bool = False
    """A matrix cell where the source does not list the treatment: "–"."""


@dataclass(frozen=True)
class Grid:
    """A table under its own heading. With `row_headers`, each row's first cell names it."""

    heading: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""
    row_headers: bool = False
    matrix: bool = False


@dataclass(frozen=True)
class Items:
    """A list under its own heading (numbered when `numbered`)."""

    heading: str
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Paras:
    """Paragraphs under an optional heading."""

    heading: str
    paras: tuple[Para, ...]


Section = Grid | Items | Paras


@dataclass(frozen=True)
class SourceItem:
    """One cited source in the handout's "Sources": its title (a link where it has an address)
    and what follows it, after " · " (a title may end in its own "?")."""

    title: str
    url: str | None
    rest: str


@dataclass(frozen=True)
class Handout:
    title: str
    about: str
    head: tuple[Para, ...]
    sections: tuple[Section, ...]
    sources: tuple[SourceItem, ...] = ()
    legend: tuple[Para, ...] = field(default=())


def lines_cell(lines: Iterable[str], status: Status | None = None) -> Cell:
    return Cell(tuple(lines), status)


def cell(text: str, status: Status | None = None) -> Cell:
    return Cell((text,) if text else (), status)


def about_line(answer: Answer) -> str:
    """When the file was made, the review date it used and the catalog's version."""
    c = answer.context
    parts = [
        f"Made {c.made.isoformat()} with livertx",
        f"review status as of {c.as_of.isoformat()}",
        f"catalog version {catalog_release(c)}",
    ]
    return "; ".join(parts) + "."


def sentence(text: str) -> str:
    """A line of an answer as a sentence that ends once: "... read the caveats." never "..."."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _found(*lines: str | None, role: str = "found") -> tuple[Para, ...]:
    return tuple(Para(line, role=role) for line in lines if line)


def cited_text(items: Sequence[Cited]) -> str:
    """Sources of a statement: "nci § Targeted therapy (overdue); ..."."""
    return "; ".join(
        f"{c.source_id} § {c.section}"
        + ("" if c.state.status.value == "current" else f" ({c.state.status.value})")
        for c in items
    )


def source_items(lines: Sequence[SourceLine]) -> tuple[SourceItem, ...]:
    return tuple(_source_item(line.state, line.sections) for line in lines)


def _source_item(state: SourceState, sections: Sequence[str]) -> SourceItem:
    s = state.source
    publisher = f"{s.publisher} · " if s.publisher else ""
    where = f" · § {'; '.join(sections)}" if sections else ""
    date = review_date_words(state)
    dated = f"{date} · " if date else ""
    return SourceItem(
        s.title,
        s.url,
        f"{publisher}trust tier: {s.tier} (tier {state.tier_rank}) · "
        f"{dated}review state: {review_state_words(state)} · cited as {s.id}{where}",
    )


def legend_paras(legend: Legend) -> tuple[Para, ...]:
    paras = [Para(legend.statuses, "Status:", "legend")] if legend.statuses else []
    paras.append(Para(f"{legend.tiers} Review: {legend.review}", "Trust tiers:", "legend"))
    paras += [Para(marker, role="legend") for marker in legend.markers]
    return tuple(paras)


def caveats_grid(
    caveats: Sequence[CaveatLine], numbers: dict[int, int] | None = None
) -> tuple[Section, ...]:
    """The numbered caveats, each side quoted with its sources; with `numbers`, each caveat goes
    by the number of its note (see _note_numbers) and in that order."""
    if not caveats:
        return ()
    rows = []
    renumbered = numbers or {c.number: c.number for c in caveats}
    for c in sorted(caveats, key=lambda c: renumbered[c.number]):
        for i, st in enumerate(c.statements):
            first = i == 0
            rows.append(
                (
                    cell(str(renumbered[c.number]) if first else ""),
                    cell(c.kind_words if first else ""),
                    lines_cell([c.summary, st.text] if first else [st.text]),
                    cell(cited_text(st.cited)),
                )
            )
    return (
        Grid(
            f"Caveats and conflicting statements ({len(caveats)})"
            + (", numbered as the notes above" if numbers else ""),
            ("No.", "Kind", "What the sources say", "Source § section"),
            tuple(rows),
        ),
    )


def _stage(a: StageAnswer) -> Handout:
    stage = a.stage
    intro = [Para(f"({stage.kind.value}): {stage.definition}", stage.name)]
    if a.definition_note:
        intro.append(Para(a.definition_note))
    if stage.includes:
        intro.append(Para(", ".join(stage.includes), "Covers:"))
    sections: list[Section] = []
    if a.notes:
        sections.append(
            Items(
                "Notes on what this stage means",
                tuple(f"{n.text} ({cited_text(n.cited)})" for n in a.notes),
            )
        )
    if (compact := a.compact) is not None:
        sections += compact_sections(compact)
    sources = [line.state.source.id for line in a.sources]
    numbers = _note_numbers(a.compact)
    rows = []
    for tr in a.treatments:
        head = [f"{tr.name} ({tr.label})"]
        if tr.caveats:
            head.append(tr.pointer(numbers))
        cells = [lines_cell(head)]
        for sid in sources:
            said = [s for s in tr.statements if s.source_ids[0] == sid]
            text = []
            for s in said:
                entry = s.row.entry
                also = "".join(f" +{other}" for other in s.source_ids[1:])
                words = s.row.status.label + also
                if entry.qualifier:
                    words += f": {entry.qualifier}"
                if s.narrower:
                    words += f" [for {', '.join(s.narrower)}]"
                if entry.note:
                    words += " [note]"
                text.append(words)
            cells.append(
                lines_cell(text, said[0].row.status) if said else Cell(("–",), absent=True)
            )
        rows.append(tuple(cells))
    if rows:
        sections.append(
            Grid(
                f"In detail: {a.heading}",
                ("Treatment (kind)", *sources),
                tuple(rows),
                note=(
                    "Each row is a treatment, each column a source, most trusted first. A cell "
                    "gives that source's status for the treatment, with its qualifier; an empty "
                    "cell means the source does not list it for this stage."
                ),
                row_headers=True,
                matrix=True,
            )
        )
    notes = [
        f"{s.row.name}, {s.source_ids[0]} {s.row.status.label}: {s.row.entry.note}"
        for s in a.statements
        if s.row.entry.note
    ]
    if notes:
        sections.append(
            Items("Curator's notes on the statements marked [note]", tuple(dict.fromkeys(notes)))
        )
    sections += caveats_grid(a.caveats, numbers)
    if a.hint:
        sections.append(Paras("", (Para(a.hint),)))
    return Handout(
        a.title,
        about_line(a),
        (
            *_found(a.found),
            *_found(a.filtered, role="filtered"),
            *_found(a.warning, role="warning"),
            *intro,
        ),
        tuple(sections),
        source_items(a.sources),
        legend_paras(a.legend),
    )


def _note_numbers(c: CompactStage | None) -> dict[int, int]:
    """A stage's handout gives the compact reading's numbered notes and then the detail: there,
    each caveat goes by its note's number, so that one number means one thing in the file (the
    screen's detail view, on its own, numbers the caveats 1, 2, 3)."""
    if c is None:
        return {}
    return {n.caveat: n.number for n in c.notes if n.caveat is not None}


def compact_sections(c: CompactStage) -> tuple[Section, ...]:
    """The compact reading first, as the screen shows it: each group's lines, the numbered
    notes, and who the short source names are."""
    out: list[Section] = []
    for group in c.groups:
        # each line names its class: a printed list has no hanging indent to show it
        out.append(Items(group.title, tuple(line_words(line) for line in group.lines)))
    if c.notes:
        out.append(
            Items(
                "Notes (the numbers in [ ] above)",
                tuple(
                    f"About the whole stage: {n.text}" if n.number in c.stage_notes else n.text
                    for n in c.notes
                ),
                True,
            )
        )
    out.append(
        Items(
            "Who the sources are, most trusted first",
            tuple(
                f"{s.name}: tier {s.state.tier_rank} {s.state.source.tier}, {s.state.source.kind}, "
                + ", ".join(
                    w
                    for w in (review_date_words(s.state), review_state_words(s.state, short=True))
                    if w
                )
                for s in c.sources
            ),
        )
    )
    if c.legend:
        out.append(Paras("", (Para(f"Statuses: {c.legend}"),)))
    return tuple(out)


def _stages(a: StagesAnswer) -> Handout:
    rows = tuple(
        (
            cell(s.id),
            cell(s.kind.value),
            lines_cell(
                [
                    s.definition + ("*" if curator_worded(s) else ""),
                    *([f"Covers: {', '.join(s.includes)}"] if s.includes else []),
                ]
            ),
            cell(", ".join(s.aliases)),
        )
        for s in a.stages
    )
    return Handout(
        a.title,
        about_line(a),
        (),
        (Grid(a.title, ("Id", "Kind", "Definition", "Also typed as"), rows),),
        source_items(a.sources),
        (Para(f"* {CURATOR_DEFINITION}"),) if any(map(curator_worded, a.stages)) else (),
    )


def status_lines(said: Sequence[SourceStatus], instead: str | None) -> tuple[str, ...]:
    """Each source's status for an option, as the table's "Status by source" cell has it."""
    if not said:
        return (instead or "",)
    return tuple(f"{s.status.label} · {s.source_id}" + (" [note]" if s.notes else "") for s in said)


def notes_items(notes: Sequence[Noted]) -> tuple[Section, ...]:
    if not notes:
        return ()
    return (
        Items(
            "Curator's notes on the statuses marked [note]",
            tuple(
                f"{n.name}, {n.source_id} {n.status.label} ({', '.join(n.stages)}): {n.text}"
                for n in dict.fromkeys(notes)
            ),
        ),
    )


def modality_intro(f: ModalityFacts) -> tuple[Para, ...]:
    m = f.modality
    paras = [
        Para(f"({f.category}): {m.summary}", m.name),
        Para(f"{f.status.status.label} {f.status_line}", "Status:"),
    ]
    if m.aliases:
        curator = " (curator-supplied)" if "aliases" in m.curator_supplied else ""
        paras.append(Para(", ".join(m.aliases) + curator, "Also called:"))
    return tuple(paras)


def modality_sections(f: ModalityFacts, about: str = "") -> tuple[Section, ...]:
    """What the sources say of a modality, part by part, as `explain` shows it."""
    m = f.modality
    sections: list[Section] = []
    prefix = f"{about}: " if about else ""
    for aspect in f.aspects:
        if aspect.said:
            sections.append(
                Grid(
                    prefix + aspect.title,
                    ("Statement", "Source § section"),
                    tuple((cell(s.text), cell(cited_text(s.cited))) for s in aspect.said),
                )
            )
    if f.listed:
        sections.append(
            Grid(
                prefix + "Where sources list it",
                ("Stage or situation", "Qualifier", "Status", "Source § section"),
                tuple(
                    (
                        lines_cell([o.where, *([f"(as {o.named_as})"] if o.named_as else [])]),
                        lines_cell(
                            [
                                o.entry.qualifier or "—",
                                *([f"Curator's note: {o.entry.note}"] if o.entry.note else []),
                            ]
                        ),
                        cell(o.entry.status.label, o.entry.status),
                        cell(cited_text(o.cited)),
                    )
                    for o in f.listed
                ),
            )
        )
    if f.not_listed:
        sections.append(Paras("", (Para(f.not_listed),)))
    if f.members:
        sections.append(
            Grid(
                prefix + f.members_title,
                ("Drug or regimen", "Status by source"),
                tuple(
                    (
                        lines_cell([member.name, member.kind_words]),
                        lines_cell(status_lines(member.said, member.instead)),
                    )
                    for member in f.members
                ),
            )
        )
        sections += notes_items(f.member_notes)
    if m.related:
        sections.append(Paras("", (Para(", ".join(m.related), "Related modalities:"),)))
    sections += caveats_grid(f.caveats)
    return tuple(sections)


def _explain(a: ExplainAnswer) -> Handout:
    f = a.facts
    legend = legend_paras(a.legend)
    if f.curator_supplied:
        legend += (Para(f.curator_supplied, role="legend"),)
    return Handout(
        a.title,
        about_line(a),
        (*_found(a.found), *modality_intro(f)),
        modality_sections(f),
        source_items(f.sources),
        legend,
    )


def _modalities(a: ModalitiesAnswer) -> Handout:
    rows = tuple(
        (
            cell(r.modality.name),
            cell(r.category),
            lines_cell([r.status.status.label, r.status.source_id], r.status.status),
            cell(", ".join(r.modality.aliases)),
            cell(r.modality.summary),
        )
        for r in a.rows
    )
    notes = (Para(a.aliases_note, role="legend"),) if a.aliases_note else ()
    return Handout(
        a.title,
        about_line(a),
        _found(a.filtered, role="filtered"),
        (Grid("Modalities", ("Name", "Category", "Status", "Also called", "Summary"), rows),),
        source_items(a.sources),
        (*legend_paras(a.legend), *notes),
    )


def drug_intro(f: DrugFacts, matched: str = "") -> str:
    """ "sorafenib (targeted therapy), matched on ...; brands: Nexavar (curator-supplied)"."""
    d = f.drug
    text = f"{d.name} ({d.drug_class})" + matched
    if f.target:
        text += f"; target: {f.target}"
    return text + (f"; brands: {f.brands}" if f.brands else "")


def drug_sections(f: DrugFacts, about: str = "") -> tuple[Section, ...]:
    """Where the sources list a drug (by itself and in each combination), how the documents
    spell it, and the notes on it, as the table's row of it says."""
    heading = f"{about or f.drug.name}: where the sources list it"
    rows = [
        (cell("listed by itself"), lines_cell(status_lines(f.statuses, NOT_LISTED))),
        *((cell(r.name), lines_cell(status_lines(r.said, NOT_LISTED))) for r in f.regimens),
    ]
    stages = f"{', '.join(f.own_stages) or '—'}"
    if f.combined_stages:
        stages += f"; in combinations: {', '.join(f.combined_stages)}"
    sections: list[Section] = [
        Grid(heading, ("Drug or combination", "Status by source"), tuple(rows)),
        Paras("", (Para(stages, "Stages:"), Para(cited_text(f.row_cited), "Sources:"))),
    ]
    if f.spellings:
        sections.append(
            Grid(
                f"{about or f.drug.name}: how the documents spell it",
                ("Spelling", "Reading", "Source § section"),
                tuple((cell(s.text), cell(s.note), cell(cited_text(s.cited))) for s in f.spellings),
            )
        )
    if f.notes:
        sections.append(
            Grid(
                f"{about or f.drug.name}: notes",
                ("Statement", "Source § section"),
                tuple((cell(s.text), cell(cited_text(s.cited))) for s in f.notes),
            )
        )
    return tuple(sections)


def _drug(a: DrugAnswer) -> Handout:
    sections: list[Section] = [
        Items(
            "Drugs found",
            tuple(
                drug_intro(
                    line.facts,
                    f", matched on {line.match.matched_on} ({line.matched_words}, score "
                    f"{line.match.score})",
                )
                for line in a.matches
            ),
        )
    ]
    for line in a.matches:
        sections += drug_sections(line.facts)
    sections += notes_items(a.notes)
    sections += caveats_grid(a.caveats)
    sources = sources_of(
        all_cited(*(line.facts.row_cited for line in a.matches), *(c.statements for c in a.caveats))
    )
    return Handout(
        a.title,
        about_line(a),
        (*_found(a.found), *(Para(i, role="warning") for i in a.interpretations)),
        tuple(sections),
        source_items(sources),
        (*legend_paras(a.legend), *((Para(a.curator, role="legend"),) if a.curator else ())),
    )


def _drugs(a: DrugsAnswer) -> Handout:
    sections: list[Section] = [Items("Drugs", tuple(drug_intro(f) for f in a.drugs))]
    for f in a.drugs:
        sections += drug_sections(f)
    sections += notes_items(a.notes)
    sections += caveats_grid(a.caveats)
    sources = sources_of(
        all_cited(*(f.row_cited for f in a.drugs), *(c.statements for c in a.caveats))
    )
    return Handout(
        a.title,
        about_line(a),
        _found(a.filtered, role="filtered"),
        tuple(sections),
        source_items(sources),
        (*legend_paras(a.legend), *((Para(a.curator, role="legend"),) if a.curator else ())),
    )


def compared_what(item: ComparedThing) -> tuple[str, ...]:
    """What a thing compared is, as the table's first row says it."""
    f = item.facts
    if isinstance(f, ModalityFacts):
        return (f.modality.summary, f"{f.status.status.label} {f.status_line}")
    lines = [f.drug.drug_class + (f"; target: {f.target}" if f.target else "")]
    return (*lines, *([f"brands: {f.brands}"] if f.brands else []))


def _compare(a: CompareAnswer) -> Handout:
    rows = [(cell("What it is"), *(lines_cell(compared_what(i)) for i in a.items))]
    for label in a.labels:
        cells = []
        for item in a.items:
            said = dict(item.aspects).get(label, ())
            lines = [
                f"{s.text} ({', '.join(dict.fromkeys(c.source_id for c in s.cited))})" for s in said
            ]
            cells.append(lines_cell(lines or [dict(item.nothing).get(label, NOTHING_RECORDED)]))
        rows.append((cell(label), *cells))
    rows.append(
        (
            cell("Where sources list it"),
            *(
                lines_cell(
                    [
                        f"{o.where}"
                        + (f" (as {o.named_as})" if o.named_as else "")
                        + f": {', '.join(dict.fromkeys(c.source_id for c in o.cited))} "
                        + o.entry.status.label
                        + (f": {o.entry.qualifier}" if o.entry.qualifier else "")
                        + (f" (curator's note: {o.entry.note})" if o.entry.note else "")
                        for o in i.listed
                    ]
                    or [NOT_LISTED_ANYWHERE]
                )
                for i in a.items
            ),
        )
    )
    rows.append(
        (
            cell("Caveats"),
            *(
                lines_cell(
                    [f"{c.kind_words}: {c.summary}" for c in i.caveats] or [NOTHING_RECORDED]
                )
                for i in a.items
            ),
        )
    )
    header = ("", *(f"{i.name} ({i.kind_words})" for i in a.items))
    return Handout(
        a.title,
        about_line(a),
        _found(*(i.found for i in a.items)),
        (Grid(a.title, header, tuple(rows), row_headers=True),),
        source_items(a.sources),
        (*legend_paras(a.legend), *((Para(a.curator, role="legend"),) if a.curator else ())),
    )


def _sources(a: SourcesAnswer) -> Handout:
    rows = []
    for st in a.sources:
        s = st.source
        dates = [
            *([f"published {s.published}"] if s.published else []),
            *([f"reviewed {s.last_reviewed}"] if s.last_reviewed else []),
        ]
        freq = (st.review_frequency or "") + (
            " (catalog policy)" if st.frequency_basis == "policy" else ""
        )
        rows.append(
            (
                lines_cell([s.id, s.title, *([s.publisher] if s.publisher else [])]),
                lines_cell([s.kind, f"tier {st.tier_rank}: {s.tier}"]),
                lines_cell(dates or ["undated"]),
                lines_cell(
                    [
                        st.status.value,
                        *([freq, f"next due {st.next_review}"] if freq else []),
                        *([st.overdue_by] if st.overdue_by else []),
                    ]
                ),
            )
        )
    return Handout(
        a.title,
        about_line(a),
        (),
        (Grid(a.title, ("Source", "Kind / tier", "Dates", "Review"), tuple(rows)),),
        source_items([SourceLine(st) for st in a.sources]),
        legend_paras(a.legend),
    )


def _search(a: SearchAnswer) -> Handout:
    rows = tuple(
        (
            cell(found.hit.kind),
            lines_cell([found.hit.name, found.hit.id]),
            cell(f"{found.hit.field.replace('_', ' ')}: {found.hit.excerpt}"),
            lines_cell([f"{st.source.id} ({st.source.tier})" for st in found.sources]),
        )
        for found in a.hits
    )
    states = {st.source.id: st for found in a.hits for st in found.sources}
    cited = sources_of(c for caveat in a.caveats for s in caveat.statements for c in s.cited)
    for line in cited:
        states.setdefault(line.state.source.id, line.state)
    return Handout(
        a.title,
        about_line(a),
        (*_found(a.filtered, role="filtered"), *_found(a.approximate)),
        (
            Grid(a.title, ("Kind", "Record", "Where it matched", "Sources"), rows),
            *caveats_grid(a.caveats),
        ),
        source_items(
            sorted((SourceLine(s) for s in states.values()), key=lambda line: line.state.tier_rank)
        ),
        legend_paras(a.legend),
    )


handout = Drawing[Handout](
    _stage, _stages, _explain, _modalities, _drug, _drugs, _compare, _sources, _search
)
"""The outline of the handout for one answer."""
