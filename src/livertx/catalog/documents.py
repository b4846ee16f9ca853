"""Provenance checked against the source documents: each cited section must be a heading there.

A source that names its `document` (a file name in a documents folder) is checked: every
provenance `section` cited for it must stand in that document as a heading or as its title
(rule LTX040). Headings are Markdown's `#` lines; a document without them has plain-text
headings: a short line of its own that does not end a sentence, or the lead of a line before
its first colon (`②Targeted drugs: ...`). The title is the front matter's `title:` or, without
front matter, the first line of text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .errors import MAX_CATALOG_BYTES, Finding
from .yaml_reader import YamlList, YamlMap


class DocumentsFolderError(Exception):
    """The documents folder cannot be used (missing, not a folder, empty): a usage mistake."""


class DocumentError(Exception):
    """A document cannot be read as text (binary, not UTF-8, too large, unreadable)."""


class Section(NamedTuple):
    """A heading and the text a reader sees under it, normalised (see `reader_text`): up to the
    next heading of the same or a higher level, so a section takes in its sub-sections."""

    heading: str
    text: str


class Document(NamedTuple):
    """What a document offers as places to cite: its title, its headings in order, and the text
    under each heading (the title's text is the whole body unless the title is also a heading)."""

    title: str | None
    headings: tuple[str, ...]
    sections: tuple[Section, ...] = ()
    body: str = ""

    def cites(self, section: str) -> bool:
        """True when the section is one of the headings or the title (case, spacing, emphasis
        marks and a trailing colon do not count)."""
        wanted = heading_key(section)
        return any(heading_key(h) == wanted for h in self.places())

    def places(self) -> tuple[str, ...]:
        return (self.title, *self.headings) if self.title else self.headings

    def section_text(self, section: str) -> str | None:
        """The normalised text of a cited section (its first heading of that name, else the
        whole body for the title), or None when the document has no such place."""
        wanted = heading_key(section)
        for found in self.sections:
            if heading_key(found.heading) == wanted:
                return found.text
        if self.title is not None and heading_key(self.title) == wanted:
            return self.body
        return None

    def nearest(self, section: str) -> str | None:
        """The heading (or title) closest in wording to a section that is not there."""
        import difflib  # only when a section is not there

        wanted = " ".join(section.casefold().split())
        best, score = None, 0.0
        for place in self.places():
            ratio = difflib.SequenceMatcher(
                None, wanted, " ".join(place.casefold().split())
            ).ratio()
            if ratio > score:
                best, score = place, ratio
        return best


_IGNORED = re.compile(r"[\s*_`\"'“”‘’]+")


def heading_key(text: str) -> str:
    """How a section and a heading are compared."""
    return _IGNORED.sub("", text.casefold()).rstrip(":：")


def documents_folder(folder: str | os.PathLike[str]) -> Path:
    """The folder, checked: it exists, is a folder, and holds at least one file."""
    path = Path(folder)
    if not path.exists():
        raise DocumentsFolderError(f"the documents folder {str(path)!r} does not exist")
    if not path.is_dir():
        raise DocumentsFolderError(
            f"{str(path)!r} is not a folder; pass the folder that holds the documents"
        )
    try:
        has_file = any(entry.is_file() for entry in path.iterdir())
    except OSError as exc:
        raise DocumentsFolderError(
            f"the documents folder {str(path)!r} cannot be read ({exc.strerror or exc})"
        ) from None
    if not has_file:
        raise DocumentsFolderError(f"the documents folder {str(path)!r} holds no documents")
    return path


HTML_SUFFIXES = (".html", ".htm")


def find_document(folder: Path, name: str) -> Path | None:
    """The file a source's `document` names in the folder, or a saved web page of the same
    name (`000_x.txt` as `000_x.html`) when the curator saved the new copy that way."""
    exact = folder / name
    if exact.is_file():
        return exact
    stem = Path(name).stem
    for suffix in HTML_SUFFIXES:
        page = folder / (stem + suffix)
        if page.is_file():
            return page
    return None


def read_document(path: Path) -> Document:
    """A document's title, headings and section texts, or DocumentError when it is not readable
    text. A saved web page (`.html`, `.htm`, or text that begins like HTML) is read for the text
    a reader sees (see livertx.catalog.html_text)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CATALOG_BYTES + 1)
    except OSError as exc:
        raise DocumentError(
            f"the document {str(path)!r} cannot be read ({exc.strerror or exc})"
        ) from None
    if len(raw) > MAX_CATALOG_BYTES:
        raise DocumentError(
            f"the document {str(path)!r} is larger than {MAX_CATALOG_BYTES:,} bytes"
        )
    if b"\x00" in raw:
        raise DocumentError(f"the document {str(path)!r} is binary, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"the document {str(path)!r} is not UTF-8 text (bad byte at offset {exc.start})"
        ) from None
    if not text.strip():
        raise DocumentError(f"the document {str(path)!r} is empty")
    if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
        from .html_text import html_to_markdown

        document = parse_document(html_to_markdown(text), plain_headings=False)
        if not document.headings:
            raise DocumentError(
                f"the web page {str(path)!r} has no headings (h1 to h6), so no section can be found in it"
            )
        return document
    return parse_document(text)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].casefold()
    return head.startswith(("<!doctype html", "<html"))


_FRONT_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.M)
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9]*\s*/?\s*>")
"""An HTML tag left in a document's text (`< strong>`): markup, not part of a heading."""
_SENTENCE_END = (".", ",", ";", "。", "，")


class _Heading(NamedTuple):
    line: int  # index of the line it stands on
    level: int  # 1-6 for Markdown; 1 for a plain-text heading line, 2 for a lead before a colon
    text: str
    rest: str  # the text after the heading on its own line (a lead's explanation)


def parse_document(text: str, plain_headings: bool = True) -> Document:
    """The title, headings and section texts of a document's text (see the module's docstring).
    Without `plain_headings` (a web page's text), only `#` lines are headings."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = None
    body = text
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            front = text[4:end]
            found = _FRONT_TITLE.search(front)
            if found:
                title = found.group(1).strip("'\"")
            body = text[end + 4 :]
    lines = [_TAG.sub("", line).strip() for line in body.split("\n")]
    found_headings = list(_markdown_headings(lines))
    markdown = bool(found_headings)
    if not markdown and plain_headings:
        found_headings = list(_plain_headings(lines))
    if title is None:
        first = next((line for line in lines if line), None)
        title = found_headings[0].text if markdown else first
    text_lines = _body_lines(lines, found_headings, markdown)
    sections = tuple(
        Section(h.text, reader_text(_section_lines(text_lines, found_headings, i), markdown))
        for i, h in enumerate(found_headings)
    )
    return Document(
        title, tuple(h.text for h in found_headings), sections, reader_text(text_lines, markdown)
    )


def _section_lines(lines: list[str], headings: list[_Heading], index: int) -> list[str]:
    """The lines under heading `index`, up to the next heading of the same or a higher level."""
    heading = headings[index]
    stop = len(lines)
    for later in headings[index + 1 :]:
        if later.level <= heading.level and later.line > heading.line:
            stop = later.line
            break
    return ([heading.rest] if heading.rest else []) + lines[heading.line + 1 : stop]


def _body_lines(lines: list[str], headings: list[_Heading], markdown: bool) -> list[str]:
    """Every line of the body, a Markdown heading as its text (its `#` marks are markup)."""
    if not markdown:
        return lines
    by_line = {h.line: h.text for h in headings}
    return [by_line.get(i, line) for i, line in enumerate(lines)]


def _markdown_headings(lines: list[str]) -> Iterator[_Heading]:
    fenced = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
            continue
        match = None if fenced else _MD_HEADING.match(line)
        if match:
            yield _Heading(i, len(match.group(1)), match.group(2).strip(), "")


def _plain_headings(lines: list[str]) -> Iterator[_Heading]:
    for i, line in enumerate(lines):
        if not line:
            continue
        if len(line) <= 120 and not line.endswith(_SENTENCE_END):
            yield _Heading(i, 1, line, "")
        lead = re.split(r"[:：]", line, maxsplit=1)
        if len(lead) == 2 and lead[1].strip() and 0 < len(lead[0].strip()) <= 80:
            yield _Heading(i, 2, lead[0].strip(), lead[1].strip())


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_BULLET = re.compile(r"^(?:[-+*>]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"[*_`]+")


def reader_text(lines: list[str], markdown: bool = True) -> str:
    """The text a reader sees in these lines, on one line: link targets, images, HTML tags,
    emphasis marks, Markdown list bullets and every difference of spacing or line breaks left out,
    so that a fingerprint changes only when the words do."""
    import html

    words: list[str] = []
    for line in lines:
        if markdown:
            line = _BULLET.sub("", line)
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _ANY_TAG.sub(" ", line)
        line = _EMPHASIS.sub("", html.unescape(line))
        words.extend(line.split())
    return " ".join(words)


def check_documents(raw: Any, path: str, folder: Path) -> tuple[list[Finding], dict[str, Document]]:
    """LTX040 for each provenance section that does not stand in its source's document, and for
    a source whose document is not in the folder; and the documents read, by source id, for the
    drift check (livertx.catalog.fingerprints.drift_findings). `raw` is the reader's
    line-numbered data."""
    findings: list[Finding] = []
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        return findings, {}
    documents: dict[str, Document | None] = {}
    names: dict[str, str] = {}
    for source in raw["sources"]:
        if not isinstance(source, YamlMap):
            continue
        ident, name = source.get("id"), source.get("document")
        if not isinstance(ident, str) or not isinstance(name, str) or not name.strip():
            continue
        where = source.pos_of("document")
        names[ident] = name
        if name != Path(name).name or name in (".", ".."):
            findings.append(
                Finding.at(
                    "LTX040",
                    f"source {ident!r}: document {name!r} must be a file name inside the documents folder",
                    path,
                    where,
                )
            )
            documents[ident] = None
            continue
        file = find_document(folder, name)
        if file is None:
            findings.append(
                Finding.at(
                    "LTX040",
                    f"source {ident!r}: its document {name!r} is not in {str(folder)!r}",
                    path,
                    where,
                )
            )
            documents[ident] = None
            continue
        documents[ident] = read_document(file)
    for entry in _provenance_entries(raw):
        source, section = entry.get("source"), entry.get("section")
        if not isinstance(source, str) or not isinstance(section, str):
            continue
        document = documents.get(source)
        if document is None or document.cites(section):
            continue
        nearest = document.nearest(section)
        hint = f"; the nearest heading is {nearest!r}" if nearest else ""
        findings.append(
            Finding.at(
                "LTX040",
                f"section {section.strip()!r} is not a heading or the title of {names[source]!r}, the document of source {source!r}{hint}",
                path,
                entry.pos_of("section"),
            )
        )
    return findings, {ident: doc for ident, doc in documents.items() if doc is not None}


def _provenance_entries(node: Any) -> Iterator[YamlMap]:
    """Every mapping with a source and a section (a provenance entry), in file order."""
    if isinstance(node, YamlMap):
        if "source" in node and "section" in node:
            yield node
        for value in node.values():
            yield from _provenance_entries(value)
    elif isinstance(node, YamlList):
        for value in node:
            yield from _provenance_entries(value)
