"""A Markdown handout of one answer: pastes into an email, GitHub or a document as it is.

Title, the notice as the first paragraph, when it was made (and the review date and catalog
version used), the answer as GitHub-flavoured tables, then the sources with links. Lines are
never wrapped; every string from the catalog or the user is escaped, so none of it can act as
Markdown (a `|` cannot break a table, a `[` cannot make a link, a `<` cannot make HTML).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import groupby

from ..catalog.model import STATUS_MEANINGS
from ..textsafe import strip_controls
from .outline import Cell, Grid, Handout, Items, Para, Section
from .share import (
    NOTICE,
    Doc,
    Row,
    Share,
    about_line,
    cited_sources,
    compared_things,
    matched_lines,
    record_kind_of,
    section_of,
    status_label,
)

_ACTIVE = re.compile(r"([\\`*_\[\]<>|~&!#])")
_LEADING = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")
_SAFE_SCHEMES = ("https://", "http://", "mailto:")


def escape(value: object) -> str:
    """Catalog or user text as literal Markdown text on one line."""
    text = " ".join(strip_controls(str(value if value is not None else "")).split())
    text = _ACTIVE.sub(r"\\\1", text)
    return _LEADING.sub(
        lambda m: (
            m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2))
        ),
        text,
    )


def link(text: str, url: str | None) -> str:
    """A link when the URL is a web or mail address; otherwise the text alone (a catalog's
    `javascript:` URL never becomes a link)."""
    if not url or not url.lower().startswith(_SAFE_SCHEMES) or any(c.isspace() for c in url):
        return escape(text)
    safe = "".join(f"%{ord(c):02X}" if c in "()<>\\" else c for c in url)
    return f"[{escape(text)}]({safe})"


def _table(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in body]
    return lines


def _source_cell(row: Row) -> str:
    if not row.source_id:
        return ""
    where = f"{escape(row.source_id)}"
    if row.tier:
        where += f" ({escape(row.tier)})"
    if row.section:
        where += f" § {escape(row.section)}"
    return where


_COLUMNS: tuple[tuple[str, Callable[[Row], str]], ...] = (
    ("Record", lambda r: f"{escape(r.name)} ({escape(record_kind_of(r))})" if r.name else ""),
    ("Status", lambda r: escape(r.status)),
    ("Qualifier", lambda r: escape(r.qualifier)),
    ("Listed for", lambda r: escape(r.listed_for)),
    ("What it says", lambda r: escape(r.text)),
    ("Source § section", _source_cell),
    ("Review", lambda r: escape(r.review_status)),
)


def rows_tables(rows: Sequence[Row]) -> Iterator[str]:
    """The rows as one table per part of the answer (options, caveats, ...), keeping only the
    columns that part fills."""
    for part, group in groupby(rows, key=section_of):
        items = list(group)
        columns = [(h, cell) for h, cell in _COLUMNS if any(cell(r) for r in items)]
        yield ""
        yield f"## {escape(part[:1].upper() + part[1:])} ({len(items)})"
        yield ""
        yield from _table(
            [h for h, _ in columns], [[cell(r) for _, cell in columns] for r in items]
        )


def _stage_intro(doc: Doc) -> Iterator[str]:
    stage = doc["stage"]
    yield f"**{escape(stage['name'])}** ({escape(stage['kind'])}): {escape(stage['definition'])}"
    if stage["includes"]:
        yield ""
        yield "Covers: " + ", ".join(escape(s) for s in stage["includes"])
    curator_said = "curator" in stage["definition"]  # the shipped ones say so in their text
    if "definition" in stage.get("curator_supplied", []) and not curator_said:
        yield ""
        yield "The definition is the curator's plain wording, not a source's."


def _explain_intro(doc: Doc) -> Iterator[str]:
    m = doc["modality"]
    yield f"**{escape(m['name'])}** ({escape(m['category'])}): {escape(m['summary'])}"
    yield ""
    yield (
        f"Status: {escape(status_label(m['status']))} (recorded from "
        f"{escape(m['status_source'])}, the most trusted source that gives one)"
    )
    if m["aliases"]:
        yield ""
        yield "Also called: " + ", ".join(escape(a) for a in m["aliases"])


def _drug_intro(doc: Doc) -> Iterator[str]:
    for d in doc.get("matches") or doc.get("drugs") or []:
        brands = ", ".join(escape(b) for b in d["brands"])
        matched = (
            f", matched on {escape(d['matched_on'])} ({escape(d['match_type'])}, score "
            f"{d['score']})"
            if "matched_on" in d
            else ""
        )
        yield (
            f"- **{escape(d['name'])}** ({escape(d['class'])}){matched}"
            + (f"; brands (curator-supplied): {brands}" if brands else "")
        )


def _compare_intro(doc: Doc) -> Iterator[str]:
    """What each thing compared is, as the table's first row says it."""
    for name, kind, what in compared_things(doc):
        yield f"- **{escape(name)}** ({escape(kind)}): {escape(what)}"


INTROS: dict[str, Callable[[Doc], Iterator[str]]] = {
    "stage": _stage_intro,
    "explain": _explain_intro,
    "drug": _drug_intro,
    "drugs": _drug_intro,
    "compare": _compare_intro,
}
"""Lines that introduce an answer, before its tables; a kind without one goes straight to them."""


def _sources(doc: Doc) -> Iterator[str]:
    yield ""
    yield "## Sources"
    yield ""
    for s in cited_sources(doc):
        # " · " between the parts: a title may end in its own "?" ("How to treat it?")
        publisher = f" · {escape(s['publisher'])}" if s.get("publisher") else ""
        tier = escape(s.get("tier") or "")
        rank = f" (tier {s['tier_rank']})" if s.get("tier_rank") else ""
        yield (
            f"- {link(s['title'], s.get('url'))}{publisher} · trust tier: {tier}{rank} · "
            f"review state: {escape(s.get('review_status') or 'unknown')}"
        )
    yield ""
    yield f"Status: {escape(STATUS_MEANINGS)}"


def render_markdown(share: Share) -> str:
    """The whole handout for one answer, ending with a newline."""
    kind = share.kind
    lines = [f"# {escape(share.title)}", "", f"**{NOTICE}**", "", escape(about_line(share))]
    for line in matched_lines(share.doc):  # as the table says it above the answer
        lines += ["", f"**{escape(line)}**"]
    intro = INTROS.get(kind.name)
    if intro is not None:
        lines += ["", *intro(share.doc)]
    lines += list(rows_tables(list(kind.rows(share.doc))))
    lines += list(_sources(share.doc))
    return "\n".join(lines) + "\n"


def _cell_md(c: Cell) -> str:
    return "<br>".join(escape(line) for line in c.lines) or " "


def _para_md(p: Para) -> str:
    text = escape(p.text)
    if p.lead:
        return f"**{escape(p.lead)}** {text}"
    return f"**{text}**" if p.role in ("found", "warning") else text


def _section_md(s: Section) -> Iterator[str]:
    yield ""
    if s.heading:
        yield f"## {escape(s.heading)}"
        yield ""
    if isinstance(s, Grid):
        if s.note:
            yield escape(s.note)
            yield ""
        yield from _table([escape(h) for h in s.header], [[_cell_md(c) for c in r] for r in s.rows])
    elif isinstance(s, Items):
        for n, item in enumerate(s.items, 1):
            yield f"{n}. {escape(item)}" if s.numbered else f"- {escape(item)}"
    else:
        for i, p in enumerate(s.paras):
            yield from ([""] if i else []) + [_para_md(p)]


def draw_markdown(h: Handout) -> str:
    """The whole handout for one answer, ending with a newline."""
    lines = [f"# {escape(h.title)}", "", f"**{NOTICE}**", "", escape(h.about)]
    for p in h.head:
        lines += ["", _para_md(p)]
    for s in h.sections:
        lines += list(_section_md(s))
    if h.sources:
        lines += ["", "## Sources", ""]
        lines += [f"- {link(s.title, s.url)} · {escape(s.rest)}" for s in h.sources]
    for p in h.legend:
        lines += ["", _para_md(p)]
    return "\n".join(lines) + "\n"
