"""Text that is safe to put on a terminal: the one home for stripping control characters.

Used for everything livertx prints outside JSON (which escapes control characters itself):
catalog strings, user queries echoed in messages, and command-line arguments before Typer
parses them. No ESC, no OSC-8 hyperlinks, no bidi overrides or zero-width tricks survive.
"""

from __future__ import annotations

import re

CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls except tab and newline (ESC is \x1b)
    # every invisible format character (Unicode's Cf, Zl and Zp, up to Unicode 15.1): the soft
    # hyphen, zero-width and joiner characters, bidi marks and overrides, tag characters...
    "\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)
"""What strip_controls removes (tabs aside); `livertx validate` reports it in a catalog (LTX016)."""


def escape_controls(json_text: str) -> str:
    """JSON text with every CONTROL character written as a \\u escape: the json module escapes
    only U+0000-U+001F, so a C1 control or a bidi override in the catalog would otherwise reach
    a terminal that shows the JSON. The document's meaning does not change."""
    # Every CONTROL character is unprintable to str.isprintable, which is much quicker than
    # searching for them (a stage's document: 0.3 ms against 2 ms); JSON's own newlines aside.
    if json_text.replace("\n", "").isprintable() or CONTROL.search(json_text) is None:
        return json_text

    def escaped(found: re.Match[str]) -> str:
        raw = found.group().encode("utf-16-be")
        return "".join(
            f"\\u{int.from_bytes(raw[i : i + 2], 'big'):04x}" for i in range(0, len(raw), 2)
        )

    return CONTROL.sub(escaped, json_text)


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
