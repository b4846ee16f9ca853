"""Provenance checked against the source documents: each cited section must be a heading there.

A source that names its `document` (a file name in a documents folder) is checked: every
provenance `section` cited for it must stand in that document as a heading or as its title
(rule LTX040). Headings are Markdown's `#` lines; a document without them has plain-text
headings: a short line of its own that does not end a sentence, or the lead of a line before
its first colon (`②Targeted drugs: ...`). The title is the front matter's `title:` or, without
front matter, the first line of text.
"""

from __future__ import annotations

import difflib
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


class Document(NamedTuple):
    """What a document offers as places to cite: its title and its headings, in order."""

    title: str | None
    headings: tuple[str, ...]

    def cites(self, section: str) -> bool:
        """True when the section is one of the headings or the title (case, spacing, emphasis
        marks and a trailing colon do not count)."""
        wanted = heading_key(section)
        return any(heading_key(h) == wanted for h in self.places())

    def places(self) -> tuple[str, ...]:
        return (self.title, *self.headings) if self.title else self.headings

    def nearest(self, section: str) -> str | None:
        """The heading (or title) closest in wording to a section that is not there."""
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


def read_document(path: Path) -> Document:
    """A document's title and headings, or DocumentError when it is not readable text."""
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
    return parse_document(text)


_FRONT_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.M)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$")
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9]*\s*/?\s*>")
"""An HTML tag left in a document's text (`< strong>`): markup, not part of a heading."""
_SENTENCE_END = (".", ",", ";", "。", "，")


def parse_document(text: str) -> Document:
    """The title and headings of a document's text (see the module's docstring)."""
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
    markdown = list(_markdown_headings(lines))
    if title is None:
        title = markdown[0] if markdown else next((line for line in lines if line), None)
    if markdown:
        return Document(title, tuple(markdown))
    return Document(title, tuple(_plain_headings(lines)))


def _markdown_headings(lines: list[str]) -> Iterator[str]:
    fenced = False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
            continue
        match = None if fenced else _MD_HEADING.match(line)
        if match:
            yield match.group(1).strip()


def _plain_headings(lines: list[str]) -> Iterator[str]:
    for line in lines:
        if not line:
            continue
        if len(line) <= 120 and not line.endswith(_SENTENCE_END):
            yield line
        lead = re.split(r"[:：]", line, maxsplit=1)
        if len(lead) == 2 and lead[1].strip() and 0 < len(lead[0].strip()) <= 80:
            yield lead[0].strip()


def check_documents(raw: Any, path: str, folder: Path) -> list[Finding]:
    """LTX040 for each provenance section that does not stand in its source's document, and for
    a source whose document is not in the folder. `raw` is the reader's line-numbered data."""
    findings: list[Finding] = []
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        return findings
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
        file = folder / name
        if not file.is_file():
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
    return findings


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
