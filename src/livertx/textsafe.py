"""Text that is safe to put on a terminal: the one home for stripping control characters.

Used for everything livertx prints outside JSON (which escapes control characters itself):
catalog strings, user queries echoed in messages, and command-line arguments before Typer
parses them. No ESC, no OSC-8 hyperlinks, no bidi overrides or zero-width tricks survive.
"""

from __future__ import annotations

import re

CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls except tab and newline (ESC is \x1b)
    "\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"  # invisible and bidi controls
)
"""What strip_controls removes (tabs aside); `livertx validate` reports it in a catalog (LTX016)."""


def strip_controls(text: str) -> str:
    """Remove control and invisible formatting characters; tabs become spaces; keep newlines.
    A byte that was not UTF-8 (kept in a path as a lone surrogate) is shown as U+FFFD."""
    if not text.isascii():
        try:  # a path's undecodable byte (U+DC80-U+DCFF) back to itself, then to U+FFFD
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # any other lone surrogate
            raw = text.encode("utf-8", "surrogatepass")
        text = raw.decode("utf-8", "replace")
    return CONTROL.sub("", text.replace("\r\n", "\n").replace("\t", " "))


def one_line(text: str) -> str:
    """Safe text on a single line with runs of white space collapsed."""
    return " ".join(strip_controls(text).split())


def from_os(text: str) -> str:
    """An argument or input line as the OS gave it: undecodable bytes become U+FFFD, controls go."""
    repaired = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return strip_controls(repaired)
