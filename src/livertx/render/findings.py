"""Validation findings as text for people, editors and CI: one formatter per output kind.

Every formatter writes one line per finding and never wraps one, whatever the terminal's width,
so that `grep`, editors and CI log readers can take `path:line:column:` from each line. The
JSON form is livertx.render.json_docs.validate_doc.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING

from ..catalog.errors import Finding
from ..textsafe import one_line, strip_controls

if TYPE_CHECKING:  # only for the annotation: `validate` need not import the fingerprint code
    from ..catalog.fingerprints import Written


class FindingsFormat(str, Enum):
    """The output kinds of `livertx validate --format`."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def _path(path: str) -> str:
    """A path on one line, without control characters (its spaces kept as they are)."""
    return strip_controls(path).replace("\n", " ")


def where(f: Finding) -> str:
    """`path:line:column` (or less, for a finding about the whole file)."""
    out = _path(f.path)
    if f.line is not None:
        out += f":{f.line}"
        if f.column is not None:
            out += f":{f.column}"
    return out


def summary_line(
    path: str, findings: Sequence[Finding], valid: bool, counts: Mapping[str, int]
) -> str:
    """`valid: PATH: 0 error(s), 2 warning(s); 5 sources, ...`"""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    line = f"{'valid' if valid else 'invalid'}: {_path(path)}: {errors} error(s), {warnings} warning(s)"
    if counts:
        line += "; " + ", ".join(f"{v} {k}" for k, v in counts.items())
    return line


def format_text(
    path: str, findings: Sequence[Finding], valid: bool, counts: Mapping[str, int]
) -> str:
    """`path:line:column: severity CODE message`, one line each, then the summary line."""
    lines = [f"{where(f)}: {f.severity} {f.code} {one_line(f.message)}" for f in findings]
    lines.append(summary_line(path, findings, valid, counts))
    return "".join(line + "\n" for line in lines)


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping: data may not hold %, CR or LF as themselves.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(
    path: str, findings: Sequence[Finding], valid: bool, counts: Mapping[str, int]
) -> str:
    """GitHub Actions annotations (`::error file=...,line=...,col=...,title=CODE::message`), one
    per finding, then the summary line as plain log text."""
    lines = []
    for f in findings:
        props = [f"file={_escape_property(_path(f.path))}"]
        if f.line is not None:
            props.append(f"line={f.line}")
            if f.column is not None:
                props.append(f"col={f.column}")
        props.append(f"title={f.code}")
        level = {"error": "error", "note": "notice"}.get(f.severity, "warning")
        message = _escape_data(f"{f.code} {one_line(f.message)}")
        lines.append(f"::{level} {','.join(props)}::{message}")
    lines.append(summary_line(path, findings, valid, counts))
    return "".join(line + "\n" for line in lines)


def format_written(written: Sequence[Written]) -> str:
    """What `livertx fingerprint` recorded, one line a section:
    `source § section: sha256:... checked DATE, N statement(s), new|changed|same text`."""
    lines = []
    for w in written:
        state = "same text" if not w.changed else "new text"
        lines.append(
            f"{w.source} § {one_line(w.section)}: {w.text} checked {w.checked}, "
            f"{w.statements} statement(s), {state}"
        )
    return "".join(line + "\n" for line in lines)


FORMATTERS: Mapping[
    FindingsFormat, Callable[[str, Sequence[Finding], bool, Mapping[str, int]], str]
] = {
    FindingsFormat.TEXT: format_text,
    FindingsFormat.GITHUB: format_github,
}
"""The text formatters; JSON goes through livertx.render.json_docs like every --json."""
