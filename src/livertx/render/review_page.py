"""`livertx review` output: the review queue as plain text, JSON, Markdown and an HTML page.

All four take a livertx.catalog.review_queue.ReviewQueue. Each group is one cited section: why
it needs a re-read, the word diff since it was checked, and the catalog's statements beside the
section's text as it stands now. Text from the catalog and the documents is data: control
characters are removed, and Markdown and HTML escape everything they would read as markup.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator

from .. import NOTICE
from ..catalog.review_queue import Change, Group, Reason, ReviewQueue
from ..textsafe import one_line
from .html_base import esc, page_start
from .json_docs import OUTPUT_SCHEMA_VERSION, Doc

REVIEW_SCHEMA_VERSION = OUTPUT_SCHEMA_VERSION


def _summary(queue: ReviewQueue) -> str:
    parts = [f"{queue.count(r)} {r.value}" for r in Reason if queue.count(r)]
    sections = len(queue.groups)
    return (
        f"{queue.statements} statement(s) in {sections} section(s) to re-read"
        + (f" ({', '.join(parts)})" if parts else "")
        + f", as of {queue.as_of}"
    )


def _why(g: Group) -> str:
    if g.reason is Reason.GONE:
        nearest = f"; the nearest heading now is {one_line(g.nearest)!r}" if g.nearest else ""
        return f"{g.reason.label}{nearest}"
    if g.reason is Reason.CHANGED:
        return f"{g.reason.label} on {g.checked}"
    if g.reason is Reason.OVERDUE:
        checked = f"; last checked {g.checked}" if g.checked else "; never fingerprinted"
        return f"{g.reason.label} since {g.due}{checked}"
    return g.reason.label


def _diff(
    changes: tuple[Change, ...], text: Callable[[str], str], deleted: str, inserted: str
) -> str:
    """A word diff: each run of words as `text` makes it safe, a removed run in the `deleted`
    pattern and an added one in `inserted` (`{}` stands for the words)."""
    marked = {"delete": deleted, "insert": inserted}
    return " ".join(marked.get(c.op, "{}").replace("{}", text(c.text)) for c in changes)


def _diff_text(changes: tuple[Change, ...]) -> str:
    """git's word-diff style: `[-removed-]{+added+}`."""
    return _diff(changes, one_line, "[-{}-]", "{+{}+}")


# -- plain text -----------------------------------------------------------------------------------


def render_text(queue: ReviewQueue, width: int = 100) -> str:
    """The queue for a terminal or a pipe: one block a section, the catalog's statements in the
    left column and the section's text now in the right, wrapped to `width`."""
    width = max(60, width)
    lines = [_summary(queue)]
    for ident in queue.missing:
        lines.append(
            f"note: the document of source {ident!r} is not in {one_line(queue.documents)!r}"
        )
    half = (width - 3) // 2
    for number, g in enumerate(queue.groups, 1):
        lines += ["", f"{number}. {g.source} § {one_line(g.section)}: {_why(g)}"]
        if g.changes:
            lines += textwrap.wrap(
                "what changed: " + _diff_text(g.changes), width, subsequent_indent="  "
            )
        elif g.diff_note:
            lines.append(f"what changed: not shown; {g.diff_note}")
        left: list[str] = []
        for s in g.statements:
            where = f" (line {s.line})" if s.line else ""
            left += textwrap.wrap(f"{s.record} · {s.field}{where}", half) or [""]
            left += textwrap.wrap(
                one_line(s.words) or "(no words of its own)",
                half,
                initial_indent="  ",
                subsequent_indent="  ",
            )
        right = textwrap.wrap(
            one_line(g.text) if g.text is not None else "(the section is not in the document)",
            half,
        )
        header = f"{'catalog says':<{half}} | section text now"
        lines += [header, f"{'-' * half}-+-{'-' * half}"]
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else ""
            b = right[i] if i < len(right) else ""
            lines.append(f"{a:<{half}} | {b}".rstrip())
    if not queue.groups:
        lines.append("Nothing to re-read: every cited section matches its fingerprint.")
    return "".join(line + "\n" for line in lines)


# -- JSON -----------------------------------------------------------------------------------------


def review_doc(queue: ReviewQueue) -> Doc:
    """The queue as the `livertx review --json` document (schemas/output/review.schema.json)."""
    return {
        "schema_version": REVIEW_SCHEMA_VERSION,
        "notice": NOTICE,
        "kind": "review",
        "catalog": queue.catalog,
        "documents": queue.documents,
        "previous": queue.previous,
        "as_of": queue.as_of.isoformat(),
        "counts": {r.value: queue.count(r) for r in Reason},
        "missing_documents": list(queue.missing),
        "sections": [
            {
                "reason": g.reason.value,
                "source": g.source,
                "section": g.section,
                "checked": g.checked.isoformat() if g.checked else None,
                "due": g.due.isoformat() if g.due else None,
                "nearest": g.nearest,
                "text": g.text,
                "changes": [{"op": c.op, "text": c.text} for c in g.changes],
                "changes_note": g.diff_note or None,
                "statements": [
                    {"record": s.record, "field": s.field, "words": s.words, "line": s.line}
                    for s in g.statements
                ],
            }
            for g in queue.groups
        ],
    }


# -- Markdown -------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")


def _md(text: str | None) -> str:
    """Catalog or document text as Markdown text: nothing in it is read as markup or HTML."""
    safe = one_line(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", safe)


def _diff_md(changes: tuple[Change, ...]) -> str:
    return _diff(changes, _md, "~~{}~~", "**{}**")


def render_markdown(queue: ReviewQueue) -> str:
    """A page a reviewer can work through: a checklist item per section, the word diff, and a
    two-column table (the catalog's statements | the section's text now)."""
    out = ["# Catalog review queue", "", f"_{_md(NOTICE)}_", "", _md(_summary(queue)) + ".", ""]
    out.append(
        f"Documents: `{_code(queue.documents)}`"
        + (f"; checked copies: `{_code(queue.previous)}`" if queue.previous else "")
        + f"; catalog: `{_code(queue.catalog)}`."
    )
    for ident in queue.missing:
        out += ["", f"The document of source {_md(ident)} is not in the documents folder."]
    for number, g in enumerate(queue.groups, 1):
        out += ["", f"## {number}. {_md(g.source)} § {_md(g.section)}", ""]
        out.append(f"- [ ] {_md(_why(g))}; re-read {len(g.statements)} statement(s).")
        if g.changes:
            out += ["", "What changed (~~removed~~, **added**): " + _diff_md(g.changes)]
        elif g.diff_note:
            out += ["", f"What changed is not shown: {_md(g.diff_note)}."]
        statements = "<br>".join(
            f"**{_md(s.record)}** · {_md(s.field)}: {_md(s.words) or '(no words of its own)'}"
            for s in g.statements
        )
        text = _md(g.text) if g.text is not None else "_(the section is not in the document)_"
        out += [
            "",
            "| the catalog says | the section says now |",
            "|---|---|",
            f"| {statements} | {text} |",
        ]
    if not queue.groups:
        out += ["", "Nothing to re-read: every cited section matches its fingerprint."]
    return "\n".join(out) + "\n"


def _code(text: str | None) -> str:
    return one_line(text or "").replace("`", "'")


# -- HTML -----------------------------------------------------------------------------------------

CSS = """
body { margin: 0 auto; max-width: 80rem; padding: 1rem; font: 15px/1.5 system-ui, sans-serif; color: #1b1f24; }
.notice { border: 1px solid #d0d7de; background: #fff8c5; padding: .5rem .75rem; }
section { border-top: 1px solid #d0d7de; margin-top: 1.5rem; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.pair > div { border: 1px solid #d0d7de; padding: .5rem .75rem; overflow-wrap: anywhere; }
.pair h3 { font-size: 1rem; margin: 0 0 .25rem; }
del { background: #ffebe9; } ins { background: #dafbe1; text-decoration: none; }
.why { font-weight: 600; }
ul.statements { padding-left: 1.2rem; margin: 0; }
@media (max-width: 50rem) { .pair { grid-template-columns: 1fr; } }
"""


def _diff_html(changes: tuple[Change, ...]) -> str:
    return _diff(changes, esc, "<del>{}</del>", "<ins>{}</ins>")


def _group_html(number: int, g: Group) -> Iterator[str]:
    yield f'<section id="s{number}">'
    yield f"<h2>{number}. {esc(g.source)} § {esc(g.section)}</h2>"
    yield (
        f'<p><label><input type="checkbox"> <span class="why">{esc(_why(g))}</span>; '
        f"re-read {len(g.statements)} statement(s).</label></p>"
    )
    if g.changes:
        yield f"<p>What changed: {_diff_html(g.changes)}</p>"
    elif g.diff_note:
        yield f"<p>What changed is not shown: {esc(g.diff_note)}.</p>"
    yield '<div class="pair"><div><h3>The catalog says</h3><ul class="statements">'
    for s in g.statements:
        where = f" (line {s.line})" if s.line else ""
        yield (
            f"<li><strong>{esc(s.record)}</strong> · {esc(s.field)}{esc(where)}: "
            f"{esc(s.words) or '(no words of its own)'}</li>"
        )
    yield "</ul></div><div><h3>The section says now</h3>"
    yield (
        f"<p>{esc(g.text)}</p>"
        if g.text is not None
        else "<p><em>(the section is not in the document)</em></p>"
    )
    yield "</div></div></section>"


def render_html(queue: ReviewQueue) -> str:
    """A self-contained page (no script, nothing loaded from anywhere) with the notice in it."""
    head = [
        *page_start("Catalog review queue", CSS),
        "<h1>Catalog review queue</h1>",
        f'<p class="notice">{esc(NOTICE)}</p>',
        f"<p>{esc(_summary(queue))}. Documents: <code>{esc(queue.documents)}</code>"
        + (f"; checked copies: <code>{esc(queue.previous)}</code>" if queue.previous else "")
        + f"; catalog: <code>{esc(queue.catalog)}</code>.</p>",
    ]
    body: list[str] = []
    for ident in queue.missing:
        body.append(f"<p>The document of source {esc(ident)} is not in the documents folder.</p>")
    for number, g in enumerate(queue.groups, 1):
        body.extend(_group_html(number, g))
    if not queue.groups:
        body.append("<p>Nothing to re-read: every cited section matches its fingerprint.</p>")
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"


def render_queue(queue: ReviewQueue, fmt: str) -> str:
    """The queue in the format `livertx review --format` names: text (as wide as $COLUMNS, else
    80), json, markdown or html."""
    if fmt == "json":
        from .json_docs import dumps

        return dumps(review_doc(queue)) + "\n"
    if fmt == "markdown":
        return render_markdown(queue)
    if fmt == "html":
        return render_html(queue)
    from .plain import output_width

    return render_text(queue, output_width())
