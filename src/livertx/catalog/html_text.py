"""A saved web page as the text a reader sees, written as Markdown headings and lines, so that
livertx.catalog.documents reads it like a Markdown copy of the same page.

The standard library's HTMLParser does the parsing. Headings (h1-h6) become `#` lines, the page's
<title> its front-matter title, and each block (paragraph, list item, table cell, line break) a
line of its own. Scripts, styles, navigation, headers, footers, forms and other page furniture are
dropped, and so are link targets and markup: only the words a reader sees are kept.
"""

from __future__ import annotations

from html.parser import HTMLParser

_DROPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "svg",
        "iframe",
        "object",
        "head",
    }
)
"""Elements whose content a reader of the article does not see as its text."""

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "body",
        "br",
        "hr",
    }
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.title: list[str] = []
        self.dropped = 0  # depth inside dropped elements
        self.in_title = False
        self.heading = 0  # the level of the heading being read, 0 outside one

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if not text:
            return
        if self.heading:
            self.lines.append("#" * self.heading + " " + text)
        else:
            # A line of text that would read as a Markdown heading is not one in the page.
            self.lines.append(text.lstrip("#").lstrip() or text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
            return
        if tag in _DROPPED:
            if tag not in _VOID:
                self.dropped += 1
            return
        if self.dropped:
            return
        if tag in _HEADINGS:
            self._flush()
            self.heading = _HEADINGS[tag]
        elif tag in _BLOCKS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.dropped and tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if tag in _DROPPED:
            self.dropped = max(0, self.dropped - 1)
            return
        if self.dropped:
            return
        if tag in _HEADINGS:
            self._flush()
            self.heading = 0
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.dropped:
            self.current.append(data)


def html_to_markdown(page: str) -> str:
    """The reader's text of an HTML page: front matter with its <title>, then one line per
    heading (as `#` lines) and per block of text."""
    parser = _PageText()
    parser.feed(page)
    parser.close()
    parser._flush()
    title = " ".join("".join(parser.title).split())
    front = f"---\ntitle: {title}\n---\n" if title else ""
    return front + "\n".join(parser.lines) + "\n"
