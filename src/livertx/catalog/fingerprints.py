"""Section fingerprints: what text a curator checked each cited section's statements against.

A source's `fingerprints` list holds, for each section of its document that the catalog cites,
a digest of the section's text as a reader sees it (livertx.catalog.documents.reader_text) and
the date a curator last checked every statement citing that section against that text. With
the documents at hand, `drift_findings` compares them (LTX041-LTX043, LTX040 for a section that
is gone); `record_fingerprints` writes new ones, only for the sections a curator names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .documents import Document, find_document, heading_key, read_document
from .errors import Finding, Pos
from .schema import FINGERPRINT_PATTERN
from .yaml_reader import YamlList, YamlMap

_DIGEST = re.compile(FINGERPRINT_PATTERN)


def fingerprint_of(text: str) -> str:
    """`sha256:` and the first 16 hex digits of the SHA-256 of a section's normalised text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Citation(NamedTuple):
    """One provenance entry: the statement it backs and where it stands in the catalog file."""

    source: str
    section: str
    record: str  # `stage_options nci-localized-surveillance`
    field: str  # `provenance`, `who_for[1]`, `statuses[0]`
    words: str  # the catalog's words that cite the section
    pos: Pos | None


_SKIPPED_WORDS = frozenset(
    {"id", "reviewed", "provenance", "curator_supplied", "aliases", "related", "category"}
)
"""Fields that hold links, ids and dates, or what only the curator supplies: not a source's words."""


def _words(holder: Mapping[str, Any]) -> str:
    """The catalog's own words in the mapping that holds a provenance list: its text, or its
    short fields (`status: standard; qualifier: ...`)."""
    if isinstance(holder.get("text"), str):
        return " ".join(holder["text"].split())
    curator = holder.get("curator_supplied")
    skipped = _SKIPPED_WORDS | set(curator if isinstance(curator, list) else ())
    parts = []
    for key, value in holder.items():
        if key in skipped:
            continue
        if isinstance(value, str):
            parts.append(f"{key}: {' '.join(value.split())}")
        elif isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            parts.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in value.items()))
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            parts.append(f"{key}: {', '.join(value)}")
    return "; ".join(parts)


def citations(raw: Any) -> list[Citation]:
    """Every provenance entry of the reader's line-numbered catalog data, in file order."""
    found: list[Citation] = []
    if not isinstance(raw, YamlMap):
        return found
    for section, records in raw.items():
        if section == "sources" or not isinstance(records, YamlList):
            continue
        for record in records:
            if not isinstance(record, YamlMap):
                continue
            ident = record.get("id")
            label = f"{section} {ident}" if isinstance(ident, str) else section
            found.extend(_walk(record, label, "", record))
    return found


def _walk(node: Any, label: str, field: str, holder: YamlMap) -> Iterator[Citation]:
    if isinstance(node, YamlMap):
        for key, value in node.items():
            if key == "provenance" and isinstance(value, YamlList):
                for index, entry in enumerate(value):
                    if not isinstance(entry, YamlMap):
                        continue
                    source, section = entry.get("source"), entry.get("section")
                    if isinstance(source, str) and isinstance(section, str):
                        yield Citation(
                            source,
                            section.strip(),
                            label,
                            field or "provenance",
                            _words(node),
                            entry.pos_of("section") if "section" in entry else value.pos_of(index),
                        )
            else:
                yield from _walk(value, label, f"{field}.{key}" if field else key, node)
    elif isinstance(node, YamlList):
        for index, value in enumerate(node):
            yield from _walk(value, label, f"{field}[{index}]", holder)


class Recorded(NamedTuple):
    """A fingerprint as the catalog file holds it, with where it stands."""

    source: str
    section: str
    text: str
    checked: str
    pos: Pos


def recorded_fingerprints(raw: Any) -> list[Recorded]:
    """Every well-formed fingerprint entry of the sources in the reader's data."""
    out: list[Recorded] = []
    sources = raw.get("sources") if isinstance(raw, YamlMap) else None
    if not isinstance(sources, YamlList):
        return out
    for source in sources:
        if not isinstance(source, YamlMap) or not isinstance(source.get("id"), str):
            continue
        entries = source.get("fingerprints")
        if not isinstance(entries, YamlList):
            continue
        for index, entry in enumerate(entries):
            if not isinstance(entry, YamlMap):
                continue
            section, text, checked = entry.get("section"), entry.get("text"), entry.get("checked")
            if isinstance(section, str) and isinstance(text, str) and isinstance(checked, str):
                out.append(
                    Recorded(source["id"], section.strip(), text, checked, entries.pos_of(index))
                )
    return out


def drift_findings(
    raw: Any, path: str, documents: Mapping[str, Document], strict: bool
) -> list[Finding]:
    """What changed in the documents since the fingerprints were taken, one finding per line:
    LTX041 at each citation of a section whose text changed, LTX042 at the first citation of a
    section never fingerprinted, LTX043 (a note) for a section of a document that no statement cites (its
    title, the whole document, aside).
    `documents` maps a source id to its document as read now. A section that is gone is LTX040's
    (livertx.catalog.documents.check_documents)."""
    severity = "error" if strict else "warning"
    recorded = {(r.source, heading_key(r.section)): r for r in recorded_fingerprints(raw)}
    cited_keys: dict[str, set[str]] = {}
    by_section: dict[tuple[str, str], list[Citation]] = {}
    all_citations = citations(raw)
    for c in all_citations:
        cited_keys.setdefault(c.source, set()).add(heading_key(c.section))
        by_section.setdefault((c.source, heading_key(c.section)), []).append(c)
    findings: list[Finding] = []
    for c in all_citations:
        document = documents.get(c.source)
        if document is None:
            continue
        text = document.section_text(c.section)
        if text is None:
            continue  # gone: LTX040
        key = (c.source, heading_key(c.section))
        others = len(by_section[key]) - 1
        also = f" (and {others} other statement(s))" if others else ""
        fingerprint = recorded.get(key)
        if fingerprint is not None and not _DIGEST.fullmatch(fingerprint.text):
            continue  # malformed: LTX038 says so
        if fingerprint is None:
            if by_section[key][0] is not c:
                continue  # one finding a section, at its first citation
            findings.append(
                Finding.at(
                    "LTX042",
                    f"{c.record} {c.field} cites {c.source} § {c.section!r}{also}, which has no "
                    "fingerprint: no curator has recorded checking its statements against the "
                    "document (`livertx fingerprint`)",
                    path,
                    c.pos,
                    severity,
                )
            )
        elif fingerprint.text != fingerprint_of(text):
            findings.append(
                Finding.at(
                    "LTX041",
                    f"{c.record} {c.field} cites {c.source} § {c.section!r}{also}, whose text "
                    f"changed since a curator checked it on {fingerprint.checked}; re-read the "
                    "statement against the section (`livertx review`)",
                    path,
                    c.pos,
                    severity,
                )
            )
    for ident, document in documents.items():
        wanted = cited_keys.get(ident, set())
        pos = _document_pos(raw, ident)
        seen: set[str] = {heading_key(document.title)} if document.title else set()
        for section in document.sections:
            name = heading_key(section.heading)
            if name in wanted or name in seen or not section.text:
                continue
            seen.add(name)
            findings.append(
                Finding.at(
                    "LTX043",
                    f"source {ident!r}: no statement cites the section {section.heading!r} of its document",
                    path,
                    pos,
                    "note",
                )
            )
    return findings


def _document_pos(raw: Any, ident: str) -> Pos | None:
    for source in raw.get("sources", ()) if isinstance(raw, YamlMap) else ():
        if isinstance(source, YamlMap) and source.get("id") == ident and "document" in source:
            return source.pos_of("document")
    return None


# -- writing fingerprints ------------------------------------------------------------------------


class FingerprintError(Exception):
    """The curator's selection cannot be recorded (an unknown source, a section not cited, a
    source without a document): a usage mistake, nothing is written."""


class Written(NamedTuple):
    """One fingerprint as `record_fingerprints` wrote it."""

    source: str
    section: str
    text: str
    checked: dt.date
    statements: int
    changed: bool  # False when the same fingerprint was already there (only the date may move)


def record_fingerprints(
    catalog_text: str,
    raw: Any,
    folder: Path,
    sources: Sequence[str],
    sections: Sequence[str],
    checked: dt.date,
) -> tuple[str, list[Written]]:
    """The catalog's text with new fingerprints for the cited sections of `sources` (every
    source with a document when `sources` is empty), only the named `sections` when some are
    given, each dated `checked`; and what was written. Nothing else in the text changes.
    Raises FingerprintError for a selection that cannot be honoured, DocumentError for a
    document that cannot be read."""
    by_id: dict[str, YamlMap] = {}
    for source in raw.get("sources", ()) if isinstance(raw, YamlMap) else ():
        if isinstance(source, YamlMap) and isinstance(source.get("id"), str):
            by_id[source["id"]] = source
    for ident in sources:
        if ident not in by_id:
            known = ", ".join(by_id)
            raise FingerprintError(f"there is no source {ident!r}; the sources are: {known}")
    chosen = list(dict.fromkeys(sources)) or [  # a source named twice is one source
        i for i, s in by_id.items() if isinstance(s.get("document"), str)
    ]
    cited: dict[str, dict[str, tuple[str, int]]] = {}
    for c in citations(raw):
        key = heading_key(c.section)
        heading, count = cited.setdefault(c.source, {}).get(key, (c.section, 0))
        cited[c.source][key] = (heading, count + 1)
    if sections and len(chosen) != 1:
        raise FingerprintError("--section needs exactly one --source: the document it is in")
    lines = catalog_text.split("\n")
    written: list[Written] = []
    # Edit the sources from the last to the first, so that earlier line numbers stay true.
    plans = []
    for ident in chosen:
        source = by_id[ident]
        name = source.get("document")
        if not isinstance(name, str):
            raise FingerprintError(f"source {ident!r} names no document to fingerprint")
        file = find_document(folder, name)
        if file is None:
            raise FingerprintError(
                f"source {ident!r}: its document {name!r} is not in {str(folder)!r}"
            )
        document = read_document(file)
        wanted = cited.get(ident, {})
        if sections:
            keys = []
            for section in sections:
                key = heading_key(section)
                if key not in wanted:
                    raise FingerprintError(
                        f"no statement cites the section {section!r} of source {ident!r}"
                    )
                if key not in keys:  # a section named twice is one section
                    keys.append(key)
        else:
            keys = list(wanted)
        old = {heading_key(r.section): r for r in recorded_fingerprints(raw) if r.source == ident}
        new: dict[str, tuple[str, str, str]] = {
            key: (r.section, r.text, r.checked) for key, r in old.items() if key in wanted
        }
        for key in keys:
            heading, count = wanted[key]
            text = document.section_text(heading)
            if text is None:
                nearest = document.nearest(heading)
                hint = f"; the nearest heading is {nearest!r}" if nearest else ""
                raise FingerprintError(
                    f"the section {heading!r} of source {ident!r} is not in {file.name!r}{hint}: "
                    "correct the citations first"
                )
            digest = fingerprint_of(text)
            new[key] = (heading, digest, checked.isoformat())
            before = old.get(key)
            written.append(
                Written(
                    ident, heading, digest, checked, count, before is None or before.text != digest
                )
            )
        order = [heading_key(section.heading) for section in document.sections]
        keys_in_order = [k for k in dict.fromkeys([*order, *new]) if k in new]
        plans.append((source, [new[k] for k in keys_in_order]))
    for source, entries in sorted(plans, key=lambda p: -p[0].pos().line):
        lines = _replace_block(lines, source, entries)
    return "\n".join(lines), written


def _yaml_text(text: str) -> str:
    """A section heading as a quoted YAML scalar (JSON's double-quoted form is YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _replace_block(
    lines: list[str], source: YamlMap, entries: list[tuple[str, str, str]]
) -> list[str]:
    """The lines with the source's `fingerprints:` block replaced, or added after its
    `document:` line; every other line, comment and blank line stays as it was."""
    indent = source.pos().column - 1
    pad = " " * indent
    block = [f"{pad}fingerprints:"] + [
        f'{pad}  - {{section: {_yaml_text(s)}, text: "{t}", checked: "{c}"}}' for s, t, c in entries
    ]
    if "fingerprints" in source:
        at = source.pos_of("fingerprints").line - 1
        stop = at + 1
        while stop < len(lines) and (
            not lines[stop].strip()
            or _indent(lines[stop]) > indent
            or (_indent(lines[stop]) == indent and lines[stop].lstrip().startswith("- "))
        ):
            stop += 1
        while stop > at + 1 and not lines[stop - 1].strip():
            stop -= 1
        return lines[:at] + block + lines[stop:]
    at = source.pos_of("document").line
    return lines[:at] + block + lines[at:]
