"""`livertx diff` output: a plain table, a JSON document, and a Markdown changelog section.

All three take a livertx.catalog.diff.CatalogDiff; lines are never wrapped, and catalog text is
cleaned of control characters (the Markdown escapes what Markdown or HTML would read as markup).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .. import NOTICE
from ..catalog.diff import CatalogDiff, FieldChange, RecordChange
from ..textsafe import one_line
from .json_docs import OUTPUT_SCHEMA_VERSION, Doc


def shown(value: Any) -> str:
    """A field's value on one line: text as it is, lists and mappings compactly."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        if set(value) == {"source", "section"}:
            return f"{value['source']} § {value['section']}"
        return "{" + ", ".join(f"{k}: {shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + "; ".join(shown(v) for v in value) + "]"
    return one_line(str(value))


def change_text(f: FieldChange, arrow: str = "->") -> str:
    """`old -> new`; for two lists, only the items removed (-) and added (+)."""
    if isinstance(f.old, list) and isinstance(f.new, list):
        parts = [f"- {shown(item)}" for item in f.old if item not in f.new]
        parts += [f"+ {shown(item)}" for item in f.new if item not in f.old]
        return "; ".join(parts) if parts else "order changed"
    return f"{shown(f.old)} {arrow} {shown(f.new)}"


def _field_line(change: RecordChange, f: FieldChange) -> str:
    if change.change == "added":
        return f"{f.field}: {shown(f.new)}"
    if change.change == "removed":
        return f"{f.field}: {shown(f.old)}"
    return f"{f.field}: {change_text(f)}"


def _what(change: RecordChange) -> str:
    return "catalog" if change.section == "catalog" else f"{change.section} {change.id}"


def render_text(diff: CatalogDiff) -> str:
    """One line per record change, its fields indented below; key changes first."""
    lines = [
        f"--- {one_line(diff.old)} (version {diff.old_version})",
        f"+++ {one_line(diff.new)} (version {diff.new_version})",
    ]
    for change in diff.changes:
        key = (
            " [status/provenance/review]"
            if any(f.key for f in change.fields) and change.change == "changed"
            else ""
        )
        lines.append(f"{change.change:<8} {one_line(_what(change))}{key}")
        if change.change == "changed":
            lines.extend(f"         {one_line(_field_line(change, f))}" for f in change.fields)
    added = sum(1 for c in diff.changes if c.change == "added")
    removed = sum(1 for c in diff.changes if c.change == "removed")
    changed = sum(1 for c in diff.changes if c.change == "changed")
    lines.append(
        "same: no record changed"
        if diff.same
        else f"{added} added, {removed} removed, {changed} changed"
    )
    return "".join(line + "\n" for line in lines)


def diff_doc(diff: CatalogDiff) -> Doc:
    """The --json document of `livertx diff`."""
    return {
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "notice": NOTICE,
        "old": {"path": diff.old, "version": diff.old_version},
        "new": {"path": diff.new, "version": diff.new_version},
        "same": diff.same,
        "changes": [
            {
                "section": c.section,
                "id": c.id,
                "change": c.change,
                "key_change": c.change == "changed" and any(f.key for f in c.fields),
                "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields],
            }
            for c in diff.changes
        ],
    }


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def _md(text: str) -> str:
    """Catalog text as Markdown text: nothing in it is read as markup or HTML."""
    html_safe = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html_safe)


def render_markdown(diff: CatalogDiff) -> str:
    """A "Changes to this catalog" section to paste into a changelog, carrying the notice."""
    title = f"## Changes to this catalog: {_md(diff.old_version)} to {_md(diff.new_version)}"
    out = [title, "", f"_{_md(NOTICE)}_", ""]
    if diff.same:
        out.append("No record changed.")
    groups: tuple[tuple[str, Callable[[RecordChange], bool]], ...] = (
        (
            "Status, provenance and review dates",
            lambda c: c.change == "changed" and any(f.key for f in c.fields),
        ),
        ("Added", lambda c: c.change == "added"),
        ("Removed", lambda c: c.change == "removed"),
        ("Other changes", lambda c: c.change == "changed" and not any(f.key for f in c.fields)),
    )
    for heading, belongs in groups:
        chosen = [c for c in diff.changes if belongs(c)]
        if not chosen:
            continue
        out += [f"### {heading}", ""]
        for c in chosen:
            if c.change in ("added", "removed"):
                label = next((f for f in c.fields if f.field == "name"), None)
                value = None if label is None else (label.new if c.change == "added" else label.old)
                name = f" ({_md(shown(value))})" if value is not None else ""
                out.append(f"- `{c.section}` **{_md(c.id)}**{name}")
                continue
            out.append(
                f"- `{c.section}` **{_md(c.id)}**: "
                + "; ".join(f"{_md(f.field)}: {_md(change_text(f, '→'))}" for f in c.fields)
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_changes(diff: CatalogDiff, fmt: str) -> str:
    """The diff in the format `livertx diff --format` names: text, json or markdown."""
    if fmt == "json":
        from .json_docs import dumps

        return dumps(diff_doc(diff)) + "\n"
    return render_markdown(diff) if fmt == "markdown" else render_text(diff)
