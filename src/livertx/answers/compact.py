"""The compact stage answer: what `livertx stage STAGE` shows by default, on about one screen.

It is a second reading of the same StageAnswer, never a second lookup: every treatment, every
source's status and every caveat of the answer is on it. What changes is the order and the words:

- treatments are grouped by the strongest support behind them: listed as standard by the most
  trusted source; offered in clinical trials; named by other sources without being called
  standard; named only by a promotional source;
- inside a group, a drug class keeps its drugs together ("Immunotherapy: pembrolizumab"); a
  class that only a less trusted source lists as a whole stays in that source's group and says
  that its drugs stand above, so that it neither sits under a heading its listing lacks nor reads
  as only a clinic's claim;
- treatments that the same sources list with the same words share a line;
- each source's qualifier is shown in the curator's brief form (`brief` in the catalog, which
  keeps every limit), on the row when it is short, else as a numbered note; every caveat is a
  numbered note too, numbered in reading order;
- sources are named once, at the foot, by the curator's short name, with their trust tier and
  review state; ids only in the detail views.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..catalog.model import Catalog, CaveatKind, OptionKind, StageKind, Status
from ..query import SourceState
from .common import CaveatLine, Listed, Said, SourceLine, all_cited, count, sources_of

if TYPE_CHECKING:
    from .stage import StageAnswer, StatementLine, TreatmentLine

COMBINATIONS = "Combinations"
CLAIMS = (CaveatKind.UNSUPPORTED_CLAIM,)
"""The caveats whose notes name their kind: a claim with no evidence given, not a warning (a
promotional claim's summary already says whose page makes it)."""
INLINE_CHARS = 72
"""A qualifier at most this long stands on its row; a longer one becomes a numbered note."""
REPEATED_CHARS = 55
"""A qualifier longer than this that several rows share is a note too, said once ("its
'advanced' includes tumours still in the liver (a reading)", on seven rows); a shorter one stays
on its rows, where rows with the same words share a line."""

STATUS_SHORT = {
    Status.STANDARD: "{who} lists it here (a reading)",
    Status.SUPPORTIVE: "care for symptoms and wellbeing",
    Status.REPORTED: "named, not called standard",
}
"""What each status means, in the few words the compact legend has room for (one line at 100
columns); "in clinical trials" says itself, and "promotional claim" is the foot's "tier 4
promotional" page."""


class Support(NamedTuple):
    """One source's statement on a compact line: who says it, with what status, and its
    qualifier (short, on the row) or the numbers of the notes that carry it."""

    source: str
    source_id: str
    status: Status
    text: str | None
    notes: tuple[int, ...]
    quiet: Literal["", "status", "all"] = ""
    """What the group's heading already says, and the row leaves out: "all" when it names the
    source and the status ("Standard: listed by NCI for this stage"), "status" when it names
    the status only ("Reported by other sources ...": the row says "Q&A: palliative")."""


class Entry(NamedTuple):
    """One treatment on a compact line, with the numbers of the notes about it."""

    id: str
    name: str
    notes: tuple[int, ...]


class CompactLine(NamedTuple):
    """Treatments that the same sources list with the same words, under their class."""

    heading: str | None
    entries: tuple[Entry, ...]
    support: tuple[Support, ...]


class CompactGroup(NamedTuple):
    title: str
    lines: tuple[CompactLine, ...]


class CompactNote(NamedTuple):
    """A numbered note: a caveat (its kind and summary) or a qualifier too long for its row."""

    number: int
    text: str
    kind: str | None
    """The caveat's kind in words ("limitation", "promotional claim"); None for a qualifier."""
    caveat: int | None = None
    """The caveat's number in the detail view, for a caveat (a stage's handout gives the detail
    its notes' numbers)."""


class CompactSource(NamedTuple):
    name: str
    state: SourceState


class CompactStage(NamedTuple):
    """The compact reading of a stage answer (see the module's docstring)."""

    lead: str
    """"Options for" the stage, with the notes about the whole stage and "(situation)" after a
    situation's name: "Options for advanced [1,2]"."""
    head: str
    """The lead and the stage's definition ("Options for advanced [1,2]: Locally advanced or
    ..."): one line at 100 columns when it can."""
    stage_notes: tuple[int, ...]
    """The notes about the whole stage (marked on the head), not about a row."""
    more: str
    """Where the rest is, in one line at 100 columns: "--detail: all words; --by-source: 1 note
    by the article on the stage. All stages: `livertx stage`." (the notes the sources add on what
    the stage means are counted, with whose they are)."""
    groups: tuple[CompactGroup, ...]
    notes: tuple[CompactNote, ...]
    sources: tuple[CompactSource, ...]
    legend: str
    """What the statuses shown mean ("" when none needs saying: "in clinical trials")."""


def note_text(c: CaveatLine) -> str:
    """A caveat as a numbered note says it: its summary, and for a claim its kind first
    ("Unsupported claim: one unattributed article gives ..."), so that a claim on its own line
    never reads as advice."""
    return f"{c.kind_words.capitalize()}: {c.summary}" if c.kind in CLAIMS else c.summary


def short_name(state: SourceState) -> str:
    """A source as the compact views name it: the curator's short name, else its id."""
    return state.source.short_name or state.source.id


def _group_of(tr: TreatmentLine, top_tier: int, promo_tier: int) -> int:
    """0 standard by the most trusted tier; 1 supportive care by it; 2 in clinical trials;
    3 named by other sources; 4 named only by the least trusted (promotional) tier."""
    best = tr.statements[0].row
    if best.tier_rank == top_tier and best.status is Status.STANDARD:
        return 0
    if best.tier_rank == top_tier and best.status is Status.SUPPORTIVE:
        return 1
    if any(s.row.status is Status.CLINICAL_TRIAL for s in tr.statements):
        return 2
    if all(s.row.tier_rank == promo_tier for s in tr.statements):
        return 4
    return 3


def _most_trusted(answer: StageAnswer) -> str:
    """The short names of the most trusted sources of the answer: "NCI"."""
    top = [short_name(s.state) for s in answer.sources if s.state.tier_rank == 1]
    return " and ".join(dict.fromkeys(top)) or "the most trusted source"


GROUP_TITLES: tuple[tuple[str, Status | None, str], ...] = (
    (
        "Standard: listed by {who} for this {what}",
        Status.STANDARD,
        "Standard: listed by {who} for this {what}",
    ),
    ("Supportive care listed by {who}", Status.SUPPORTIVE, "Supportive care listed by {who}"),
    ("In clinical trials", Status.CLINICAL_TRIAL, "In clinical trials: listed by {who}"),
    ("Reported by other sources: named, not called standard", None, ""),
    ("Named only on a promotional page", Status.PROMOTIONAL, "Only promotional claims, by {who}"),
)
"""Each group's title (see _group_of; {who}: the most trusted sources), and the status and title
that name the one source every line of the group begins with, when one does: the lines then
show only that source's qualifier (see Support.quiet)."""


def _status_said(s: Support, status: Status) -> Support:
    """The support as a row under a title that names `status` shows it: without the status."""
    return s._replace(quiet="status") if s.status is status else s


def _heading(catalog: Catalog, tr: TreatmentLine, classes: set[str]) -> tuple[str | None, str]:
    """The class heading a treatment stands under, and the name it is shown by there."""
    if tr.kind is OptionKind.DRUG:
        drug = catalog.drug_by_id[tr.id]
        modality = catalog.modality_by_id.get(drug.modality)
        return (modality.name if modality else drug.drug_class.capitalize()), tr.name
    if tr.kind is OptionKind.REGIMEN:
        return COMBINATIONS, tr.name
    if tr.id in classes:
        return tr.name, f"{tr.name.lower()} as a class"
    return None, tr.name


def compact_stage(catalog: Catalog, answer: StageAnswer) -> CompactStage:
    """The compact reading of `answer` (see the module's docstring)."""
    ranks = [tier.rank for tier in catalog.trust_tiers]
    top_tier, promo_tier = min(ranks, default=1), max(ranks, default=1)
    caveats = {c.number: c for c in answer.caveats}
    # the listed modalities that are the class of a listed drug: they stand with their drugs
    drug_classes = {
        catalog.drug_by_id[tr.id].modality for tr in answer.treatments if tr.kind is OptionKind.DRUG
    }
    classes = drug_classes & {tr.id for tr in answer.treatments if tr.kind is OptionKind.MODALITY}
    group_of = {(tr.kind, tr.id): _group_of(tr, top_tier, promo_tier) for tr in answer.treatments}
    drugs_group: dict[str, int] = {}  # each class's best group among its drugs
    for tr in answer.treatments:
        if tr.kind is OptionKind.DRUG and catalog.drug_by_id[tr.id].modality in classes:
            cls = catalog.drug_by_id[tr.id].modality
            drugs_group[cls] = min(drugs_group.get(cls, 99), group_of[(tr.kind, tr.id)])
    heading = {(tr.kind, tr.id): _heading(catalog, tr, classes) for tr in answer.treatments}
    for cls, g in drugs_group.items():
        key = (OptionKind.MODALITY, cls)
        if group_of[key] > g:
            # a class that a less trusted source lists as a whole stays in that source's group,
            # and says that its drugs stand above: never under a heading its own listing lacks,
            # never as if the class were only that source's claim
            heading[key] = (
                None,
                f"{catalog.modality_by_id[cls].name} as a class (its drugs above)",
            )

    def shown(line: StatementLine, head: str | None) -> str | None:
        """The qualifier as a compact row says it, with the narrower stage it is for."""
        text = line.row.entry.short_qualifier
        if text and head and text.lower() == head.lower():
            text = None  # "targeted therapy" under the heading Targeted therapy says it again
        for sid in line.narrower:
            name = catalog.stage_by_id[sid].name.lower()
            if text is None or name not in text.lower():
                text = f"{text}; {name} only" if text else f"{name} only"
        return text

    said = Counter(
        shown(s, heading[(tr.kind, tr.id)][0]) for tr in answer.treatments for s in tr.statements
    )
    numbering = Numbering()
    # a caveat about the stage itself, or about no row shown ("Sources use 'advanced'
    # differently"), is numbered first and marked on the head, so no note points at nothing
    on_rows = {n for tr in answer.treatments for n in tr.caveats}
    stage_notes = numbering.caveats([c for c in answer.caveats if c.number not in on_rows])

    def support(line: StatementLine, head: str | None) -> Support:
        text = shown(line, head)
        state = line.cited[0].state
        who = short_name(state)
        marks: tuple[int, ...] = ()
        if text and (len(text) > INLINE_CHARS or (said[text] > 1 and len(text) > REPEATED_CHARS)):
            # too long for its row, or said of many rows: a note that the rows point to
            marks, text = (numbering.qualifier(who, text),), None
        return Support(who, state.source.id, line.row.status, text, marks)

    most_trusted = _most_trusted(answer)
    what = "situation" if answer.stage.kind is StageKind.SITUATION else "stage"
    titles = [title.format(who=most_trusted, what=what) for title, _, _ in GROUP_TITLES]
    # per group, its lines in reading order: (heading, entries, support); treatments under one
    # heading with the same support share a line
    by_group: dict[int, list[tuple[str | None, list[Entry], tuple[Support, ...]]]] = {}
    for tr in answer.treatments:
        head, name = heading[(tr.kind, tr.id)]
        entry = Entry(tr.id, name, numbering.caveats([caveats[n] for n in tr.caveats]))
        supports = tuple(support(s, head) for s in tr.statements)
        lines = by_group.setdefault(group_of[(tr.kind, tr.id)], [])
        same = [line for line in lines if line[0] == head and line[2] == supports]
        if same:
            same[0][1].append(entry)
            continue
        # a new line under a heading goes after that heading's other lines
        under = [i for i, line in enumerate(lines) if head is not None and line[0] == head]
        lines.insert(under[-1] + 1 if under else len(lines), (head, [entry], supports))
    for lines in by_group.values():  # combinations after the drugs they are made of
        lines.sort(key=lambda line: line[0] == COMBINATIONS)
    for g, (_, status, title) in enumerate(GROUP_TITLES):
        if status is None:
            continue
        firsts = {(line[2][0].source, line[2][0].status) for line in by_group.get(g, [])}
        if len(firsts) == 1 and (first := next(iter(firsts)))[1] is status:
            # every line begins with one source's statement of this status: the title says
            # whose, once, and the lines give only what it says
            titles[g] = title.format(who=first[0], what=what)
            by_group[g] = [
                (h, entries, (sup[0]._replace(quiet="all"), *sup[1:]))
                for h, entries, sup in by_group[g]
            ]
    if 3 in by_group:  # its title says "reported": the rows name only who reports it
        by_group[3] = [
            (h, entries, tuple(_status_said(s, Status.REPORTED) for s in sup))
            for h, entries, sup in by_group[3]
        ]
    groups = tuple(
        CompactGroup(
            titles[g],
            tuple(CompactLine(h, tuple(entries), sup) for h, entries, sup in by_group[g]),
        )
        for g in sorted(by_group)
    )
    groups, notes, stage_notes = _in_reading_order(groups, numbering.notes, stage_notes)
    stage = answer.stage
    by = list(dict.fromkeys(short_name(c.state) for n in answer.notes for c in n.cited))
    statuses = {s.row.status for s in answer.statements}
    explained = [
        f"{s.label} = {STATUS_SHORT[s].format(who=most_trusted)}"
        for s in reversed(Status)
        if s in statuses and s in STATUS_SHORT
    ]
    lead = (
        f"Options for {stage.name.lower()}{marks(stage_notes)}"
        f"{' (situation)' if what == 'situation' else ''}"
    )
    return CompactStage(
        lead=lead,
        head=f"{lead}: {stage.definition}",
        stage_notes=stage_notes,
        more="--detail: all words"
        + (
            f"; --by-source: {count(len(answer.notes), 'note')} by the {' and '.join(by)} on the stage"
            if answer.notes
            else ""
        )
        + ". All stages: `livertx stage`.",
        groups=groups,
        notes=tuple(notes),
        # the statements' sources and those that only its notes cite ("interventional article",
        # whose words a note gives): the foot names whoever a line relies on
        sources=compact_sources(
            sources_of(
                all_cited(
                    *(s.cited for s in answer.statements), *(n.statements for n in answer.caveats)
                )
            )
        ),
        legend="; ".join(explained) + "." if explained else "",
    )


def _in_reading_order(
    groups: tuple[CompactGroup, ...], notes: list[CompactNote], first: tuple[int, ...]
) -> tuple[tuple[CompactGroup, ...], list[CompactNote], tuple[int, ...]]:
    """The notes renumbered in the order a reader meets their markers (the head's first, then
    each row's), since rows are grouped after their notes were counted: never "[12]" above
    "[11]"."""
    order = list(first)
    for g in groups:
        for line in g.lines:
            for numbers in (*(e.notes for e in line.entries), *(s.notes for s in line.support)):
                order += [n for n in sorted(numbers) if n not in order]
    order += [n.number for n in notes if n.number not in order]
    new = {old: i for i, old in enumerate(order, 1)}

    def renumber(numbers: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(new[n] for n in numbers)

    groups = tuple(
        g._replace(
            lines=tuple(
                line._replace(
                    entries=tuple(e._replace(notes=renumber(e.notes)) for e in line.entries),
                    support=tuple(s._replace(notes=renumber(s.notes)) for s in line.support),
                )
                for line in g.lines
            )
        )
        for g in groups
    )
    notes = sorted((n._replace(number=new[n.number]) for n in notes), key=lambda n: n.number)
    return groups, notes, renumber(first)


def marks(numbers: tuple[int, ...]) -> str:
    """Note numbers as a line shows them, in order: " [1,3]"."""
    return f" [{','.join(map(str, sorted(numbers)))}]" if numbers else ""


def support_words(s: Support) -> str:
    """One source's statement as a compact line says it: "NCI standard: locally advanced only";
    under a heading that names source and status, "locally advanced only" ("" when nothing is
    left)."""
    if s.quiet == "all":  # "see note [4]" rather than a bare "[4]"
        return f"{s.text or ('see note' if s.notes else '')}{marks(s.notes)}"
    status = "" if s.quiet == "status" else f" {s.status.label}"
    return f"{s.source}{status}{': ' + s.text if s.text else ''}{marks(s.notes)}"


def line_words(line: CompactLine, first: bool = True) -> str:
    """A compact line as text (the handouts' items): the class's name on its first line, the
    treatments with their note numbers, then who lists them."""
    names = ", ".join(e.name + marks(e.notes) for e in line.entries)
    head = f"{line.heading}: " if line.heading and first else ""
    said = " · ".join(w for w in map(support_words, line.support) if w)
    return f"{head}{names}{' — ' + said if said else ''}"


# -- the compact readings of explain, compare and drug ------------------------------------------
# They share one shape with the stage answer: what the thing is, a status that names its stage and
# source, the most trusted source's words, one line per listing, caveats as numbered notes, and each
# source once at the foot. Each is a second reading of its answer's facts, never a second lookup.


class ListingLine(NamedTuple):
    """One stage option that names the record, as a compact line: where, who, what status, and
    the qualifier in its brief form."""

    where: str
    """The stages and situations it is listed for, by name ("Locally advanced")."""
    named_as: str | None
    """The combination or drug listed in the record's place, when it is not the record itself."""
    source: str
    status: Status
    text: str | None
    noted: bool
    """Whether the curator noted something on the listing (a reading: --detail shows it)."""


class AspectWords(NamedTuple):
    """One kind of statement (how it works, who it is for...) in the most trusted source's
    words; the other sources' statements are only named and counted (--detail quotes them)."""

    title: str
    source: str
    texts: tuple[str, ...]
    others: str | None
    """ "2 more by article and clinic", or None."""


def _where(catalog: Catalog, ids: Sequence[str]) -> str:
    names = [catalog.stage_by_id[i].name if i in catalog.stage_by_id else i for i in ids]
    return ", ".join(names)


def listing_lines(catalog: Catalog, listed: Sequence[Listed]) -> tuple[ListingLine, ...]:
    """Each listing on a line, most trusted source first (the order of `listed`)."""
    return tuple(
        ListingLine(
            _where(catalog, (*o.entry.stages, *o.entry.situations)),
            o.named_as,
            " and ".join(dict.fromkeys(short_name(c.state) for c in o.cited)),
            o.entry.status,
            o.entry.short_qualifier,
            bool(o.entry.note),
        )
        for o in listed
    )


def _and(words: Sequence[str]) -> str:
    words = list(dict.fromkeys(words))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _for_stages(catalog: Catalog, ids: Sequence[str]) -> str:
    """ "locally advanced and recurrent cancer", "unresectable tumours": stages named as a
    sentence reads them, stages then situations."""
    ids = list(dict.fromkeys(ids))
    stages = [
        i
        for i in ids
        if i in catalog.stage_by_id and catalog.stage_by_id[i].kind is not StageKind.SITUATION
    ]
    situations = [i for i in ids if i not in stages]
    parts = []
    if stages:
        parts.append(_and([catalog.stage_by_id[i].name.lower() for i in stages]) + " cancer")
    if situations:
        words = [
            catalog.stage_by_id[i].name.lower() if i in catalog.stage_by_id else i
            for i in situations
        ]
        parts.append(f"the situation{'s' if len(words) > 1 else ''} {_and(words)}")
    return " and ".join(parts)


def status_sentence(catalog: Catalog, listed: Sequence[Listed]) -> str | None:
    """Who lists it with what status: the most trusted source's statuses with the stages they
    are for, then the others' statuses by source, "standard for locally advanced and recurrent
    cancer (NCI); also reported by Q&A and article, a promotional claim by clinic". None when
    nothing is listed."""
    if not listed:
        return None
    top = best_tier(listed)
    # the most trusted source's listings, one clause per status and limit: sorafenib is
    # "standard for advanced cancer (NCI: targeted therapy); standard for recurrent cancer (NCI:
    # palliative ...)", never one "standard for advanced and recurrent cancer" that drops a limit;
    # listings for the same stages with different limits (a class's drugs) give none
    by_stages: dict[tuple[Status, tuple[str, ...]], list[Listed]] = {}
    others: dict[Status, list[str]] = {}
    for o in sorted(listed, key=lambda o: -o.entry.status.rank):
        if best_tier([o]) == top:
            stages = (*o.entry.stages, *o.entry.situations)
            by_stages.setdefault((o.entry.status, stages), []).append(o)
        else:
            others.setdefault(o.entry.status, []).extend(short_name(c.state) for c in o.cited)
    where: dict[tuple[Status, str | None], list[str]] = {}
    who: dict[tuple[Status, str | None], list[str]] = {}
    for (status, stages), group in by_stages.items():
        limits = {o.entry.short_qualifier for o in group}
        key = (status, limits.pop() if len(limits) == 1 else None)
        where.setdefault(key, []).extend(stages)
        who.setdefault(key, []).extend(short_name(c.state) for o in group for c in o.cited)

    clauses = [
        f"{status.label} for {_for_stages(catalog, where[status, limit])} "
        f"({_and(who[status, limit])}{': ' + limit if limit else ''})"
        for status, limit in where
    ]
    also = [
        f"{'a ' if status is Status.PROMOTIONAL else ''}{status.label} by {_and(names)}"
        for status, names in others.items()
    ]
    return "; ".join(clauses) + (f"; also {', '.join(also)}" if also else "")


def own_status(
    catalog: Catalog, listed: Sequence[Listed], kind: OptionKind, record_id: str
) -> str | None:
    """The status sentence of a record from its own listings; a record that sources list only
    within combinations says so, never taking a combination's status as its own."""
    own = [o for o in listed if o.entry.option.kind is kind and o.entry.option.id == record_id]
    combined = [o for o in listed if o not in own]
    # nivolumab: NCI lists it only with ipilimumab, an article alone; the more trusted
    # listing comes first, and both are said
    mine = status_sentence(catalog, own)
    only, first, then = "listed only within combinations", "within combinations", "on its own"
    return with_others(catalog, own, mine, combined, only, first, then)


def with_others(
    catalog: Catalog,
    own: Sequence[Listed],
    mine: str | None,
    others: Sequence[Listed],
    only: str,
    first: str,
    then: str,
) -> str | None:
    """`mine`, the status sentence of a record's own listings, with the status sentence of the
    listings that name it through other records (`others`): those alone ("{only}: ...") when it
    has none of its own, and first, with both said ("{first}: ...; {then}: ..."), when a more
    trusted source lists it only through the others."""
    theirs = status_sentence(catalog, others)
    if theirs is None:
        return mine
    if mine is None:
        return f"{only}: {theirs}"
    if best_tier(others) < best_tier(own):
        return f"{first}: {theirs}; {then}: {mine}"
    return mine


def best_tier(listings: Sequence[Listed]) -> int:
    """The rank of the most trusted source among the listings (1 is the most trusted)."""
    return min((c.state.tier_rank for o in listings for c in o.cited), default=99)


def aspect_words(title: str, said: Sequence[Said], most: int | None = None) -> AspectWords | None:
    """The statements of the most trusted source that makes any (at most `most` of them), and
    who else says something."""
    if not said:
        return None
    # one source's words under its name: two articles of one tier are not one "article"
    state = min((s.cited[0].state for s in said if s.cited), key=lambda st: st.tier_rank)
    top = [s for s in said if s.cited and s.cited[0].state.source.id == state.source.id][:most]
    rest = [s for s in said if s not in top]
    # "Who it is for (clinic's claim)": when only a promotional page says it, the line must not
    # read as the treatment's eligibility
    promoted = "'s claim" if state.source.tier == Status.PROMOTIONAL.value else ""
    source = short_name(state) + promoted
    others = None
    if rest:
        who = _and([short_name(c.state) for s in rest for c in s.cited[:1]])
        others = f"{len(rest)} more by {who}"
    return AspectWords(title, source, tuple(s.text for s in top), others)


def compact_sources(lines: Sequence[SourceLine]) -> tuple[CompactSource, ...]:
    return tuple(CompactSource(short_name(s.state), s.state) for s in lines)


LISTED_SHORT = {
    Status.STANDARD: "the most trusted source lists it (curator's reading)",
    Status.CLINICAL_TRIAL: "offered within trials",
    Status.SUPPORTIVE: "care for symptoms",
    Status.REPORTED: "not called standard",
    Status.PROMOTIONAL: "a clinic's sales page",
}
"""What each status means, in the fewest words: a line of explain, drug and compare names
its stage itself."""


class CompactThing(NamedTuple):
    """A modality or drug as the compact explain, drug and compare views show it."""

    name: str
    kind_words: str
    """ "interventional", "targeted therapy" (a drug's class)."""
    found: str | None
    """How a name that is not its own found it ("Showing sorafenib for 'nexavar' (its brand)")."""
    also: str | None
    """Other names, shortened: "Also called (curator-supplied): TACE, chemoembolization and 5
    more (--detail)"."""
    what: str
    """One plain sentence of what it is."""
    status: str
    """Who lists it with what status, for which stages (never a bare "standard")."""
    aspects: tuple[AspectWords, ...]
    listings_title: str
    listings: tuple[ListingLine, ...]
    """Its own listings, then those of its drugs and combinations (a class's), each named."""
    unlisted: tuple[str, ...]
    """Sentences for its drugs that no source lists by themselves ("Listed only within a
    combination: atezolizumab")."""
    related: str | None
    caveats: tuple[int, ...]
    """The numbers of the notes that are its caveats."""

    @property
    def noted(self) -> int:
        """How many of its statuses or listings carry a curator's note (--detail shows them)."""
        return sum(1 for line in self.listings if line.noted)


class CompactAnswer(NamedTuple):
    """The compact reading of an explain, drug or compare answer: its things, the numbered notes
    (caveats, each once), each source once, a short legend and the curator's line."""

    things: tuple[CompactThing, ...]
    notes: tuple[CompactNote, ...]
    sources: tuple[CompactSource, ...]
    legend: str
    curator: str | None


def also_called(names: Sequence[str], curator: bool, shown: int = 3) -> str | None:
    """The first few other names, and how many more --detail shows."""
    if not names:
        return None
    head = ", ".join(names[:shown])
    more = f" and {len(names) - shown} more (--detail)" if len(names) > shown else ""
    return f"Also called{' (curator-supplied)' if curator else ''}: {head}{more}"


class Numbering:
    """Numbers notes in reading order, each caveat or qualifier once however many things or
    rows it is about."""

    def __init__(self) -> None:
        self.notes: list[CompactNote] = []
        self._numbers: dict[object, int] = {}

    def _note(self, key: object, text: str, kind: str | None, caveat: int | None = None) -> int:
        if key not in self._numbers:
            self._numbers[key] = len(self.notes) + 1
            self.notes.append(CompactNote(self._numbers[key], text, kind, caveat))
        return self._numbers[key]

    def caveats(self, caveats: Sequence[CaveatLine]) -> tuple[int, ...]:
        """The note numbers of the caveats, in order."""
        return tuple(self._note(c.id, note_text(c), c.kind_words, c.number) for c in caveats)

    def qualifier(self, who: str, text: str) -> int:
        """The note number of a source's qualifier too long for its row, which names whose
        words it is ("article: its 'advanced' includes ...")."""
        return self._note((who, text), f"{who}: {text}", None)


def compact_answer(
    things: Sequence[CompactThing],
    numbering: Numbering,
    sources: Sequence[SourceLine],
    curator: str | None,
) -> CompactAnswer:
    """The compact reading of an explain, drug or compare answer: its things, the notes they
    were numbered, the answer's sources and what the statuses their lines show mean, in the
    fewest words, most established first."""
    shown = {line.status for th in things for line in th.listings}
    words = [f"{s.label}: {LISTED_SHORT[s]}" for s in reversed(Status) if s in shown]
    legend = "; ".join(words) + "." if words else ""
    return CompactAnswer(
        tuple(things), tuple(numbering.notes), compact_sources(sources), legend, curator
    )
