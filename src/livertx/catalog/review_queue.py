"""The review queue: what a curator must re-read, most urgent first, with each cited section's
text beside the catalog's words and what changed in it since it was checked.

Built from a catalog file, the documents as they are now and, optionally, the copies the
fingerprints were taken from (for the word diff: a fingerprint is a digest, so the old words come
from the old copy, and only when that copy is the text that was checked).
"""

from __future__ import annotations

import datetime as dt
import difflib
from enum import Enum
from typing import NamedTuple

from .documents import (
    Document,
    DocumentsFolderError,
    documents_folder,
    find_document,
    heading_key,
    read_document,
)
from .fingerprints import Citation, citations, fingerprint_of, recorded_fingerprints
from .model import ReviewStatus
from .review import next_review_due, review_status


class Reason(str, Enum):
    """Why a statement is in the queue, most urgent first."""

    GONE = "gone"
    CHANGED = "changed"
    OVERDUE = "overdue"
    UNCHECKED = "unchecked"

    @property
    def rank(self) -> int:
        return list(Reason).index(self)

    @property
    def label(self) -> str:
        return REASON_LABELS[self]


REASON_LABELS = {
    Reason.GONE: "section gone from the document",
    Reason.CHANGED: "section text changed since it was checked",
    Reason.OVERDUE: "source overdue for review",
    Reason.UNCHECKED: "never checked against this document",
}


class Change(NamedTuple):
    """One run of words in the word diff: `equal`, `delete` (only in the checked text) or
    `insert` (only in the text now). Long equal runs are cut to a few words either side."""

    op: str
    text: str


class Statement(NamedTuple):
    record: str
    field: str
    words: str
    line: int | None


class Group(NamedTuple):
    """The statements that cite one section, and why they need a re-read."""

    reason: Reason
    source: str
    section: str
    statements: tuple[Statement, ...]
    text: str | None  # the section's text now; None when it is gone
    checked: dt.date | None  # when its fingerprint was taken
    nearest: str | None = None  # for a section that is gone: the closest heading now
    due: dt.date | None = None  # for an overdue source: when it was due
    changes: tuple[Change, ...] = ()  # the word diff, when the checked copy is at hand
    diff_note: str = ""  # why there is no word diff


class ReviewQueue(NamedTuple):
    catalog: str
    documents: str
    previous: str | None
    as_of: dt.date
    groups: tuple[Group, ...]
    missing: tuple[str, ...]  # sources whose document is not in the folder

    @property
    def statements(self) -> int:
        return sum(len(g.statements) for g in self.groups)

    def count(self, reason: Reason) -> int:
        return sum(len(g.statements) for g in self.groups if g.reason is reason)


CONTEXT_WORDS = 6


def word_diff(old: str, new: str) -> tuple[Change, ...]:
    """What changed from `old` to `new`, word by word, with a few words of context kept around
    each change (an empty tuple when nothing did)."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[Change] = []
    opcodes = matcher.get_opcodes()
    if all(op == "equal" for op, *_ in opcodes):
        return ()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = a[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            if len(words) > 2 * CONTEXT_WORDS:
                head = [] if first else words[:CONTEXT_WORDS]
                tail = [] if last else words[-CONTEXT_WORDS:]
                text = " ".join([*head, "…", *tail])
            else:
                text = " ".join(words)
            out.append(Change("equal", text))
            continue
        if op in ("delete", "replace"):
            out.append(Change("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(Change("insert", " ".join(b[j1:j2])))
    return tuple(out)


def build_review_queue(
    path: str | None,
    folder: str,
    as_of: dt.date,
    previous: str | None = None,
    sources: tuple[str, ...] = (),
) -> ReviewQueue:
    """The queue for a catalog file against the documents in `folder`, optionally with the
    copies the fingerprints were taken from in `previous`. Raises CatalogError for a catalog
    that is not valid, DocumentsFolderError (also when no folder is named), DocumentError, and
    KeyError for an unknown source."""
    from .load import load_catalog, read_catalog_text, resolve_catalog_path
    from .yaml_reader import read_yaml

    if not folder:
        raise DocumentsFolderError(
            "--documents DIR is required: the folder of the documents as they are now"
        )
    resolved = resolve_catalog_path(path)
    catalog = load_catalog(resolved, use_cache=False)
    for ident in sources:
        if ident not in catalog.source_by_id:
            raise KeyError(ident)
    raw = read_yaml(read_catalog_text(resolved), str(resolved), [])
    here = documents_folder(folder)
    there = documents_folder(previous) if previous is not None else None
    policy = catalog.review_policy.dated_without_frequency
    tiers = {t.id: t.rank for t in catalog.trust_tiers}
    recorded = {(r.source, heading_key(r.section)): r for r in recorded_fingerprints(raw)}
    now: dict[str, Document] = {}
    before: dict[str, Document | None] = {}
    missing: list[str] = []
    for source in catalog.sources:
        if source.document is None or (sources and source.id not in sources):
            continue
        file = find_document(here, source.document)
        if file is None:
            missing.append(source.id)
            continue
        now[source.id] = read_document(file)
        old = find_document(there, source.document) if there is not None else None
        before[source.id] = read_document(old) if old is not None else None
    grouped: dict[tuple[Reason, str, str], list[Citation]] = {}
    for c in citations(raw):
        document = now.get(c.source)
        if document is None:
            continue
        source = catalog.source_by_id[c.source]
        fingerprint = recorded.get((c.source, heading_key(c.section)))
        text = document.section_text(c.section)
        if text is None:
            reason = Reason.GONE
        elif fingerprint is not None and fingerprint.text != fingerprint_of(text):
            reason = Reason.CHANGED
        elif review_status(source, policy, as_of) is ReviewStatus.OVERDUE:
            reason = Reason.OVERDUE
        elif fingerprint is None:
            reason = Reason.UNCHECKED
        else:
            continue
        grouped.setdefault((reason, c.source, heading_key(c.section)), []).append(c)
    groups = []
    for (reason, ident, key), cited in grouped.items():
        source = catalog.source_by_id[ident]
        document = now[ident]
        section = cited[0].section
        text = document.section_text(section)
        fingerprint = recorded.get((ident, key))
        changes: tuple[Change, ...] = ()
        note = ""
        if reason is Reason.CHANGED and fingerprint is not None and text is not None:
            changes, note = _changes(before.get(ident), section, fingerprint.text, text, previous)
        groups.append(
            Group(
                reason,
                ident,
                section,
                tuple(
                    Statement(c.record, c.field, c.words, c.pos.line if c.pos else None)
                    for c in cited
                ),
                text,
                dt.date.fromisoformat(fingerprint.checked) if fingerprint else None,
                document.nearest(section) if text is None else None,
                next_review_due(source, policy) if reason is Reason.OVERDUE else None,
                changes,
                note,
            )
        )
    order = {ident: i for i, ident in enumerate(catalog.source_by_id)}
    groups.sort(
        key=lambda g: (
            g.reason.rank,
            tiers.get(catalog.source_by_id[g.source].tier, 99),
            order[g.source],
            g.statements[0].line or 0,
        )
    )
    return ReviewQueue(
        str(resolved),
        str(here),
        str(there) if there else None,
        as_of,
        tuple(groups),
        tuple(missing),
    )


def _changes(
    old: Document | None, section: str, digest: str, text: str, previous: str | None
) -> tuple[tuple[Change, ...], str]:
    if previous is None:
        return (), "give --previous DIR, the copies it was checked against, to see what changed"
    if old is None:
        return (), f"the previous copy of this document is not in {previous!r}"
    old_text = old.section_text(section)
    if old_text is None:
        return (), "the previous copy has no such section"
    if fingerprint_of(old_text) != digest:
        return (), "the previous copy is not the text that was checked (its fingerprint differs)"
    return word_diff(old_text, text), ""
