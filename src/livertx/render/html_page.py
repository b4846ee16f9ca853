"""One answer as a self-contained HTML page: inline CSS, no script, nothing fetched from anywhere.

Readable on a phone (viewport, tables that scroll sideways) and printable (a print stylesheet),
with the notice at the top and the sources, with links, at the end. For a stage, an evidence
matrix shows who says what at a glance: options down the side, sources across the top, each
cell coloured by the status that source gives, with its qualifier. Every string from the catalog
or the user goes through html.escape; a Content-Security-Policy forbids any request.
"""

from __future__ import annotations

import html
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

_SAFE_SCHEMES = ("https://", "http://", "mailto:")

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

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
"""No script, font, image, frame or fetch may load: the page asks nothing of any server."""


def esc(value: object) -> str:
    """Text from the catalog or the user, safe as HTML text or attribute value."""
    return html.escape(strip_controls(str(value if value is not None else "")), quote=True)


def link(text: str, url: str | None) -> str:
    """A link when the URL is a web or mail address; the text alone otherwise."""
    if not url or not url.lower().startswith(_SAFE_SCHEMES):
        return esc(text)
    return f'<a href="{esc(url)}" rel="noreferrer noopener">{esc(text)}</a>'


def _table(header: Sequence[str], body: Iterator[Sequence[str]], cls: str = "") -> Iterator[str]:
    yield f'<div class="scroll"><table{f" class={cls!r}" if cls else ""}>'
    yield "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in header) + "</tr></thead>"
    yield "<tbody>"
    for row in body:
        yield "<tr>" + "".join(row) + "</tr>"
    yield "</tbody></table></div>"


def _source_cell(row: Row) -> str:
    if not row.source_id:
        return ""
    text = esc(row.source_id) + (f" <small>({esc(row.tier)})</small>" if row.tier else "")
    return text + (f"<br><small>§ {esc(row.section)}</small>" if row.section else "")


_COLUMNS: tuple[tuple[str, Callable[[Row], str]], ...] = (
    (
        "Record",
        lambda r: f"{esc(r.name)} <small>{esc(record_kind_of(r))}</small>" if r.name else "",
    ),
    ("Status", lambda r: esc(r.status)),
    ("Qualifier", lambda r: esc(r.qualifier)),
    ("Listed for", lambda r: esc(r.listed_for)),
    ("What it says", lambda r: esc(r.text)),
    ("Source § section", _source_cell),
    ("Review", lambda r: esc(r.review_status)),
)


def rows_tables(rows: Sequence[Row]) -> Iterator[str]:
    """One table per part of the answer, keeping only the columns that part fills."""
    for part, group in groupby(rows, key=section_of):
        items = list(group)
        columns = [(h, cell) for h, cell in _COLUMNS if any(cell(r) for r in items)]
        yield f"<h2>{esc(part[:1].upper() + part[1:])} ({len(items)})</h2>"
        yield from _table(
            [h for h, _ in columns],
            ([f"<td>{cell(r)}</td>" for _, cell in columns] for r in items),
        )


def _listed_for(option: Doc, stage: Doc) -> str:
    """[for locally-advanced]: a statement made for only some of what a group covers."""
    covered = [s for s in option.get("matched", []) if s in stage.get("includes", [])]
    return f"<br><small>[for {esc(', '.join(covered))}]</small>" if covered else ""


def evidence_matrix(doc: Doc) -> Iterator[str]:
    """Options down the side, the sources that list them across the top; each cell holds every
    statement that source makes about that option for this stage, coloured by its status."""
    options: dict[tuple[str, str], str] = {}
    cells: dict[tuple[tuple[str, str], str], list[Doc]] = {}
    for o in doc["options"]:
        key = (o["kind"], o["id"])
        options.setdefault(key, o["name"])
        for src in o["sources"]:
            cells.setdefault((key, src["id"]), []).append(o)
    sources = cited_sources({"options": doc["options"]})
    if not options:
        return
    yield "<h2>Who says what</h2>"
    yield (
        '<p class="legend">Each row is an option, each column a source, most trusted first. '
        "A cell gives that source's status for the option, with its qualifier; an empty cell "
        "means the source does not list it for this stage; [for X] means it lists it for X only. "
        "Colours: "
        + " ".join(
            f'<span class="tag st-{s}">{esc(label)}</span>'
            for s, label in (
                ("standard", "standard"),
                ("clinical_trial", "in clinical trials"),
                ("supportive", "supportive care"),
                ("reported", "reported"),
                ("promotional", "promotional claim"),
            )
        )
        + "</p>"
    )
    header = ["Option"] + [
        f"{esc(s['id'])}<br><small>{esc(s.get('tier'))}</small>" for s in sources
    ]

    def body() -> Iterator[list[str]]:
        for key, name in options.items():
            row = [f'<th scope="row">{esc(name)}<br><small>{esc(key[0])}</small></th>']
            for s in sources:
                said = cells.get((key, s["id"]), [])
                if not said:
                    row.append('<td class="st-none" title="not listed by this source">–</td>')
                    continue
                status = said[0]["status"]
                parts = [
                    f"<strong>{esc(status_label(o['status']))}</strong>"
                    + (f"<br><small>{esc(o['qualifier'])}</small>" if o.get("qualifier") else "")
                    + _listed_for(o, doc["stage"])
                    for o in said
                ]
                row.append(f'<td class="st-{esc(status)}">{"<hr>".join(parts)}</td>')
            yield row

    yield from _table(header, body(), cls="matrix")


def _stage_intro(doc: Doc) -> Iterator[str]:
    stage = doc["stage"]
    yield f"<p><strong>{esc(stage['name'])}</strong> ({esc(stage['kind'])}): {esc(stage['definition'])}</p>"
    if stage["includes"]:
        yield "<p>Covers: " + ", ".join(esc(s) for s in stage["includes"]) + "</p>"
    yield from evidence_matrix(doc)


def _explain_intro(doc: Doc) -> Iterator[str]:
    m = doc["modality"]
    yield f"<p><strong>{esc(m['name'])}</strong> ({esc(m['category'])}): {esc(m['summary'])}</p>"
    yield (
        f"<p>Status: {esc(status_label(m['status']))} (recorded from "
        f"{esc(m['status_source'])}, the most trusted source that gives one)</p>"
    )


def _drug_intro(doc: Doc) -> Iterator[str]:
    yield "<ul>"
    for d in doc.get("matches") or doc.get("drugs") or []:
        brands = ", ".join(esc(b) for b in d["brands"])
        matched = (
            f", matched on {esc(d['matched_on'])} ({esc(d['match_type'])}, score {esc(d['score'])})"
            if "matched_on" in d
            else ""
        )
        yield (
            f"<li><strong>{esc(d['name'])}</strong> ({esc(d['class'])}){matched}"
            + (f"; brands (curator-supplied): {brands}" if brands else "")
            + "</li>"
        )
    yield "</ul>"


def _compare_intro(doc: Doc) -> Iterator[str]:
    """What each thing compared is, as the table's first row says it."""
    yield "<ul>"
    for name, kind, what in compared_things(doc):
        yield f"<li><strong>{esc(name)}</strong> ({esc(kind)}): {esc(what)}</li>"
    yield "</ul>"


INTROS: dict[str, Callable[[Doc], Iterator[str]]] = {
    "stage": _stage_intro,
    "explain": _explain_intro,
    "drug": _drug_intro,
    "drugs": _drug_intro,
    "compare": _compare_intro,
}
"""What comes before an answer's tables; a kind without one goes straight to them."""


def _sources(doc: Doc) -> Iterator[str]:
    yield '<h2 id="sources">Sources</h2>'
    yield "<ul>"
    for s in cited_sources(doc):
        # " · " between the parts: a title may end in its own "?" ("How to treat it?")
        publisher = f" · {esc(s['publisher'])}" if s.get("publisher") else ""
        rank = f" (tier {esc(s['tier_rank'])})" if s.get("tier_rank") else ""
        yield (
            f"<li>{link(s['title'], s.get('url'))}{publisher} · trust tier: "
            f"{esc(s.get('tier'))}{rank} · review state: "
            f"{esc(s.get('review_status') or 'unknown')}</li>"
        )
    yield "</ul>"
    yield f'<p class="legend">Status: {esc(STATUS_MEANINGS)}</p>'


def render_html(share: Share) -> str:
    """The whole page for one answer."""
    kind = share.kind
    title = esc(share.title)
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{title} · livertx</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f'<p class="notice" role="note" id="notice">{esc(NOTICE)}</p>',
        f"<h1>{title}</h1>",
        f'<p class="about">{esc(about_line(share))}</p>',
        *(
            f'<p class="matched"><strong>{esc(line)}</strong></p>'
            for line in matched_lines(share.doc)
        ),
        "<main>",
    ]
    intro = INTROS.get(kind.name)
    body = list(intro(share.doc)) if intro else []
    body += rows_tables(list(kind.rows(share.doc)))
    body += _sources(share.doc)
    return "\n".join([*head, *body, "</main>", "</body>", "</html>"]) + "\n"


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
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{title} · livertx</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
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
