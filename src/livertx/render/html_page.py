"""One answer as a self-contained HTML page: inline CSS, no script, nothing fetched from anywhere.

Readable on a phone (viewport, tables that scroll sideways) and printable (a print stylesheet),
with the notice at the top and the sources, with links, at the end. For a stage, an evidence
matrix shows who says what at a glance: options down the side, sources across the top, each
cell coloured by the status that source gives, with its qualifier. Every string from the catalog
or the user goes through html.escape; a Content-Security-Policy forbids any request.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .. import NOTICE
from .html_base import esc, link, page_start
from .outline import Cell, Grid, Handout, Items, Para, Section

CSS = """
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; font: 16px/1.5 system-ui, -apple-system,
  "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { font-size: 1.25rem; margin-top: 2rem; }
.notice { border: 2px solid #9a6700; background: #fff8c5; padding: .75rem 1rem; border-radius: 6px;
  font-weight: 600; }
.about, .legend, small { color: var(--muted); }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.matrix th[scope=row] { min-width: 8rem; }
.matrix td { min-width: 9rem; }
.st-standard { background: #dafbe1; } .st-clinical_trial { background: #ddf4ff; }
.st-supportive { background: #fbefff; } .st-reported { background: #fff1e5; }
.st-promotional { background: #ffebe9; } .st-none { color: var(--muted); text-align: center; }
.tag { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-weight: 600; }
a { color: #0969da; overflow-wrap: anywhere; }
@media (max-width: 40rem) { body { padding: .5rem; font-size: 15px; } table { font-size: .85rem; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .scroll { overflow: visible; }
  table { page-break-inside: auto; } tr { page-break-inside: avoid; }
  td, th, .notice { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a[href]::after { content: " (" attr(href) ")"; color: var(--muted); }
}
"""


def _table(header: Sequence[str], body: Iterator[Sequence[str]], cls: str = "") -> Iterator[str]:
    yield f'<div class="scroll"><table{f" class={cls!r}" if cls else ""}>'
    yield "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in header) + "</tr></thead>"
    yield "<tbody>"
    for row in body:
        yield "<tr>" + "".join(row) + "</tr>"
    yield "</tbody></table></div>"


def _cell_html(c: Cell, tag: str = "td") -> str:
    if c.absent:
        return '<td class="st-none" title="not listed by this source">–</td>'
    cls = f' class="st-{c.status.value}"' if c.status is not None else ""
    scope = ' scope="row"' if tag == "th" else ""
    return f"<{tag}{scope}{cls}>{'<br>'.join(esc(line) for line in c.lines)}</{tag}>"


def _para_html(p: Para) -> str:
    cls = f' class="{p.role}"' if p.role else ""
    text = esc(p.text.strip())
    if p.lead:
        text = f"<strong>{esc(p.lead)}</strong> {text}"
    elif p.role in ("found", "warning"):
        text = f"<strong>{text}</strong>"
    return f"<p{cls}>{text}</p>"


def _section_html(s: Section) -> Iterator[str]:
    if s.heading:
        yield f"<h2>{esc(s.heading)}</h2>"
    if isinstance(s, Grid):
        if s.note:
            yield f'<p class="legend">{esc(s.note)}</p>'
        yield from _table(
            [esc(h) for h in s.header],
            (
                [_cell_html(c, "th" if s.row_headers and i == 0 else "td") for i, c in enumerate(r)]
                for r in s.rows
            ),
            cls="matrix" if s.matrix else "",
        )
    elif isinstance(s, Items):
        tag = "ol" if s.numbered else "ul"
        yield f"<{tag}>" + "".join(f"<li>{esc(item)}</li>" for item in s.items) + f"</{tag}>"
    else:
        yield from (_para_html(p) for p in s.paras)


def draw_html(h: Handout) -> str:
    """The whole page for one answer."""
    title = esc(h.title)
    lines = [
        *page_start(f"{h.title} · livertx", CSS),
        f'<p class="notice" role="note" id="notice">{esc(NOTICE)}</p>',
        f"<h1>{title}</h1>",
        f'<p class="about">{esc(h.about)}</p>',
        "<main>",
        *(_para_html(p) for p in h.head),
    ]
    for s in h.sections:
        lines += _section_html(s)
    if h.sources:
        lines += ['<h2 id="sources">Sources</h2>', "<ul>"]
        lines += [f"<li>{link(s.title, s.url)} · {esc(s.rest)}</li>" for s in h.sources]
        lines.append("</ul>")
    lines += [_para_html(p) for p in h.legend]
    return "\n".join([*lines, "</main>", "</body>", "</html>"]) + "\n"
