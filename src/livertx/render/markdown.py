"""A Markdown handout of one answer: pastes into an email, GitHub or a document as it is.

Title, the notice as the first paragraph, when it was made (and the review date and catalog
version used), the answer as GitHub-flavoured tables, then the sources with links. Lines are
never wrapped; every string from the catalog or the user is escaped, so none of it can act as
Markdown (a `|` cannot break a table, a `[` cannot make a link, a `<` cannot make HTML).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .. import NOTICE
from ..textsafe import strip_controls
from .outline import Cell, Grid, Handout, Items, Para, Section

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
