"""A fast reader for the plain block YAML that catalogs are written in.

`read_block_yaml(text)` returns the same data that `strict_yaml.read_yaml` reads from the same
text, as plain dicts and lists without line numbers, or None when the text uses anything outside
the subset it knows. The caller then falls back to the event reader, which also reports every
error with its line. This reader never reports errors itself: an anchor, a tag, a duplicate key,
a tab, an escape sequence, a document marker, a complex key or any other doubt sends the text
back to PyYAML.

The subset: block mappings with plain keys (`name:`), block sequences (`- item`, including
`- key: value` and sequences at their parent key's indentation), plain scalars over one or more
lines, single- and double-quoted scalars without backslashes, folded and literal block scalars
(`>`, `>-`, `|`, `|-`) without indentation indicators, flow collections of plain or quoted
scalars (`[a, b]`, `{key: value}`, nested, over one or more lines), comments and blank lines.
That is everything a hand-written or yaml.safe_dump-written catalog uses, so the common path
never pays for PyYAML's event objects, which alone cost more than this whole reader on a large
catalog (0.7 s of events for a 10 MB file).

Equivalence with the event reader is a tested property (tests/test_block_yaml.py): on the shipped
catalog, the synthetic ones, every rule fixture and generated documents.
"""

from __future__ import annotations

import re
from typing import Any

# Anything PyYAML would refuse or read as a line break (NEL, LS, PS), plus tab, CR and BOM:
# text with any of these takes the event reader.
_OUTSIDE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# Every line, split into indentation, a "- " item marker, a plain "key:" and the rest. The
# regex runs over the whole text at once; the loop below then works on its pieces.
_LINE = re.compile(r"^( *)(- +)?(?:([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: +|$))?(.*)$", re.MULTILINE)
_FLOW_PAIR = re.compile(r" *([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: +(.*?))? *\Z")
_FLOW_TOKEN = re.compile(r"""'(?:[^']|'')*'|"[^"\\]*"|[\[\]{},]|[^\[\]{},'"]+""")
# A plain scalar may not start with an indicator, and may not hold ": " or " #" or end in ":".
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_BLOCK_HEADER = re.compile(r"([>|])(-?)(?: *| +#.*)\Z")
_AFTER_QUOTE = re.compile(r"(?: *| +#.*)\Z")
_SINGLE_LINE = re.compile(r"'((?:[^']|'')*)'(?: *| +#.*)\Z")
_DOUBLE_LINE = re.compile(r'"([^"\\]*)"(?: *| +#.*)\Z')
_SINGLE_BODY = re.compile(r"(?:[^']|'')*")
_DOUBLE_BODY = re.compile(r'[^"\\]*')
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")


def plain_scalar(text: str) -> str | int | float | bool | None:
    """What an unquoted scalar means in a catalog: `true`/`false`, `null`/`~`/empty, an integer,
    a float, or else the text itself (dates stay text; the loader checks them)."""
    lowered = text.lower()
    if lowered in ("", "~", "null"):
        return None
    if lowered in ("true", "false"):
        return lowered == "true"
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


class _Bail(Exception):
    """The text is outside the subset: let the event reader have it."""


# plain_scalar() is needed only for a plain scalar that could be a number (it starts with a
# digit, a sign or a dot) or one of `~`, null, true and false (five characters or fewer).
_NUMBER_START = frozenset("0123456789+-.")
_WORD_START = frozenset("~nNtTfF")
_DIGITS = frozenset("0123456789")


def _plain_ok(text: str) -> bool:
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    return text[0] not in _INDICATORS or (text[0] == "-" and text[1:2] in _DIGITS)


def _plain(text: str) -> Any:
    first = text[0]
    if first in _NUMBER_START or (len(text) < 6 and first in _WORD_START):
        return plain_scalar(text)
    return text


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def read_block_yaml(text: str) -> Any | None:
    """The catalog's data as plain dicts and lists, or None when the text needs the full reader."""
    if _OUTSIDE.search(text):
        return None
    tokens = _LINE.findall(text)
    try:
        return _read(text, tokens)
    except (_Bail, IndexError, RecursionError):  # RecursionError: flow collections nested too deep
        return None


# A line that starts a key of the top-level mapping: the same key syntax as _LINE, at column 0.
# Searching from each line break is ten times faster than "^" in multi-line mode.
_TOP_KEY = re.compile(r"\n([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: |$)", re.MULTILINE)


def top_level_pieces(text: str) -> list[tuple[str, str]]:
    """The text cut just before each line that starts a top-level key, as (key, piece) pairs;
    anything before the first key (comments) goes with the first piece.

    Reading each piece alone gives that key's value exactly as reading the whole text would, or
    None. At a line that starts a top-level key, the whole-text reading has closed every
    collection and every plain or block scalar, or has given up on a quoted or flow scalar left
    open; read alone, the piece before that line gives up on the same open scalar (it never
    closes). So the pieces can be read apart, in other processes (livertx.split_load); a tested
    property (tests/test_split_load.py).
    """
    starts = [(match.start(1), match[1]) for match in _TOP_KEY.finditer("\n" + text)]
    starts = [(start - 1, key) for start, key in starts]  # positions in text, not "\n" + text
    if not starts:
        return []
    starts[0] = (0, starts[0][1])
    ends = [start for start, _ in starts[1:]] + [len(text)]
    return [(key, text[start:end]) for (start, key), end in zip(starts, ends)]


def _read(text: str, tokens: list[tuple[str, str, str, str]]) -> Any:
    """One pass over the lines, with a stack of open collections (the innermost in locals)."""
    n = len(tokens)
    lines: list[str] = []  # the raw lines, split only if a scalar runs over several lines
    root: dict[str, Any] | None = None
    stack: list[tuple[Any, int]] = [(None, -1)]  # the collections around `top`, outermost first
    top: Any = None  # the innermost open collection: a dict or a list
    top_indent = -1  # the column of its keys or of its "-"
    pending: Any = None  # a mapping whose last key has its value on the lines below
    pending_key = ""
    pending_indent = -1
    # An open plain scalar that may continue on more-indented lines.
    plain_in: Any = None
    plain_slot: Any = None
    plain_parts: list[str] = []
    plain_parent = -1
    blanks = 0
    indicators, number_start, word_start = _INDICATORS, _NUMBER_START, _WORD_START
    i = 0
    while i < n:
        spaces, dash, key, rest = tokens[i]
        indent = len(spaces)
        if not dash and not key:
            if not rest or rest[0] == "#":  # a blank or comment line
                if plain_in is not None:
                    if rest:  # a comment ends the scalar
                        if len(plain_parts) > 1:
                            plain_in[plain_slot] = _plain("".join(plain_parts))
                        plain_in = None
                    else:
                        blanks += 1
                i += 1
                continue
            if plain_in is None or indent <= plain_parent:
                raise _Bail
            value = rest.rstrip(" ")
            if not _plain_ok(value):
                raise _Bail
            plain_parts.append("\n" * blanks if blanks else " ")
            plain_parts.append(value)
            blanks = 0
            i += 1
            continue
        if plain_in is not None:
            if indent > plain_parent:
                raise _Bail  # "key: value" or "- item" inside a plain scalar
            if len(plain_parts) > 1:
                plain_in[plain_slot] = _plain("".join(plain_parts))
            plain_in = None
        if dash:
            if pending is not None:
                if indent >= pending_indent:  # a list as the value of the key above
                    new_list: list[Any] = []
                    pending[pending_key] = new_list
                    stack.append((top, top_indent))
                    top, top_indent = new_list, indent
                pending = None
            while top_indent > indent:
                top, top_indent = stack.pop()
            if top_indent != indent or type(top) is not list:
                raise _Bail
            if key:  # "- key: value": a mapping starts on this line
                mapping: dict[str, Any] = {}
                top.append(mapping)
                stack.append((top, top_indent))
                top, top_indent = mapping, indent + len(dash)
            else:
                if not rest or rest[0] == "#":
                    raise _Bail  # "-" with its item on the lines below
                slot: Any = len(top)
                container: Any = top
                parent = top_indent
                top.append(None)
        elif pending is not None:
            if indent > pending_indent:  # a mapping as the value of the key above
                new_map: dict[str, Any] = {}
                pending[pending_key] = new_map
                stack.append((top, top_indent))
                top, top_indent = new_map, indent
            pending = None
        if key:
            if not dash:
                while top_indent > indent or (top_indent == indent and type(top) is list):
                    top, top_indent = stack.pop()
                if top is None:
                    if indent or root is not None:
                        raise _Bail
                    root = top = {}
                    top_indent = 0
                elif top_indent != indent or type(top) is not dict:
                    raise _Bail
            if key in top:
                raise _Bail  # a duplicate key: the event reader reports it with both lines
            if not rest or rest[0] == "#":
                top[key] = None
                pending, pending_key, pending_indent = top, key, top_indent
                i += 1
                continue
            slot, container, parent = key, top, top_indent
        # The value on this line, after "key: " or "- ".
        first = rest[0]
        if first in indicators and not (first == "-" and rest[1:2] in _DIGITS):  # -1 is a number
            if first == "'" or first == '"':
                match = (_SINGLE_LINE if first == "'" else _DOUBLE_LINE).match(rest)
                if match is not None:
                    value = match[1]
                    container[slot] = value.replace("''", "'") if first == "'" else value
                    i += 1
                    continue
                if not lines:
                    lines = text.split("\n")
                container[slot], i = _quoted(lines, i, rest, parent)
            elif first == ">" or first == "|":
                if not lines:
                    lines = text.split("\n")
                container[slot], i = _block_scalar(lines, i, rest, parent)
            elif first == "[" or first == "{":
                if not lines:
                    lines = text.split("\n")
                flow, i = _flow_text(lines, i, rest, parent)
                container[slot] = _flow(flow)
            else:
                raise _Bail
            continue
        # _plain_ok() and _plain() written out: this runs once per value, the reader's hottest line
        # (the first-character check of _plain_ok is the indicator test above).
        value = rest.rstrip(" ")
        if ": " in value or " #" in value or value[-1] == ":":
            raise _Bail
        if first in number_start or (len(value) < 6 and first in word_start):
            container[slot] = plain_scalar(value)
        else:
            container[slot] = value
        plain_in, plain_slot, plain_parts, plain_parent, blanks = container, slot, [value], parent, 0
        i += 1
    if plain_in is not None and len(plain_parts) > 1:
        plain_in[plain_slot] = _plain("".join(plain_parts))
    if root is None:
        raise _Bail  # no content at all, or not a mapping
    return root


def _flow_text(lines: list[str], i: int, rest: str, parent: int) -> tuple[str, int]:
    """The whole text of a flow collection that starts with `rest` on line i, and the next line."""
    depth = rest.count("[") + rest.count("{") - rest.count("]") - rest.count("}")
    parts = [rest.rstrip(" ")]
    j = i + 1
    while depth > 0:
        line = lines[j]  # an IndexError (no closing bracket) also means: let PyYAML say so
        stripped = line.strip(" ")
        if not stripped or _indent(line) <= parent:
            raise _Bail
        parts.append(stripped)
        depth += stripped.count("[") + stripped.count("{") - stripped.count("]") - stripped.count("}")
        j += 1
    return " ".join(parts), j


def _flow(text: str) -> Any:
    """A flow collection of plain scalars, nested as deep as it likes: `[a, {key: b}]`."""
    if "#" in text:
        raise _Bail  # a comment, or a "#" that might start one
    tokens = _FLOW_TOKEN.findall(text)
    if sum(map(len, tokens)) != len(text):
        raise _Bail  # a quote that does not close, or a backslash escape
    tokens = [token for token in tokens if token.strip(" ")]
    value, end = _flow_node(tokens, 0)
    if end != len(tokens):
        raise _Bail  # text after the closing bracket
    return value


def _flow_scalar(token: str) -> Any:
    if token[0] == "'":
        return token[1:-1].replace("''", "'")
    if token[0] == '"':
        return token[1:-1]
    token = token.strip(" ")
    if ":" in token or not _plain_ok(token):
        raise _Bail
    return _plain(token)


def _flow_node(tokens: list[str], k: int) -> tuple[Any, int]:
    """The node that starts at tokens[k], and the index just after it."""
    token = tokens[k]
    if token == "[":
        items: list[Any] = []
        k += 1
        if tokens[k] == "]":
            return items, k + 1
        while True:
            item, k = _flow_node(tokens, k)
            items.append(item)
            if tokens[k] == "]":
                return items, k + 1
            if tokens[k] != ",":
                raise _Bail
            k += 1
    if token == "{":
        mapping: dict[str, Any] = {}
        k += 1
        if tokens[k] == "}":
            return mapping, k + 1
        while True:
            pair = _FLOW_PAIR.match(tokens[k])
            if pair is None or pair[1] in mapping:
                raise _Bail
            if pair[2]:
                mapping[pair[1]] = _flow_scalar(pair[2])
                k += 1
            else:  # the value is the next token: a quoted scalar or a nested collection
                if tokens[k + 1] in (",", "}", "]"):
                    raise _Bail  # `key:` with nothing after it
                if not tokens[k].endswith(" "):
                    raise _Bail  # `key:"text"`: PyYAML reads all of it as one plain key
                mapping[pair[1]], k = _flow_node(tokens, k + 1)
            if tokens[k] == "}":
                return mapping, k + 1
            if tokens[k] != ",":
                raise _Bail
            k += 1
    if token in ("]", "}", ","):
        raise _Bail
    return _flow_scalar(token), k + 1


def _quoted(lines: list[str], i: int, rest: str, parent: int) -> tuple[str, int]:
    """A single- or double-quoted scalar from `rest` on line i, over as many lines as it takes."""
    quote = rest[0]
    body = _SINGLE_BODY if quote == "'" else _DOUBLE_BODY
    n = len(lines)
    line, start, j = rest, 1, i
    pieces: list[str] = []
    while True:
        match = body.match(line, start)
        assert match is not None  # both patterns match the empty string
        end = match.end()
        closed = end < len(line)
        if closed and line[end] != quote:
            raise _Bail  # a backslash escape in a double-quoted scalar
        piece = match[0] if j == i else match[0].lstrip(" ")
        pieces.append(piece if closed else piece.rstrip(" "))
        if closed:
            if _AFTER_QUOTE.match(line, end + 1) is None:
                raise _Bail
            break
        j += 1
        if j >= n:
            raise _Bail
        line, start = lines[j], 0
        if line.strip(" ") and (_indent(line) <= parent or line.lstrip(" ").startswith(("---", "..."))):
            raise _Bail
    # Line breaks fold: one becomes a space, and each blank line between two lines a newline.
    parts = [pieces[0]]
    blanks = 0
    last = len(pieces) - 1
    for k in range(1, len(pieces)):
        piece = pieces[k]
        if not piece and k < last:
            blanks += 1
            continue
        parts.append("\n" * blanks if blanks else " ")
        parts.append(piece)
        blanks = 0
    if quote == "'":
        parts = [part.replace("''", "'") for part in parts]
    return "".join(parts), j + 1


def _block_scalar(lines: list[str], i: int, rest: str, parent: int) -> tuple[str, int]:
    """A folded (`>`) or literal (`|`) block scalar whose header is `rest` on line i."""
    header = _BLOCK_HEADER.match(rest)
    if header is None:
        raise _Bail  # keep (+) chomping or an indentation indicator
    folded, strip = header[1] == ">", header[2] == "-"
    n = len(lines)
    j = i + 1
    if j >= n or not lines[j].strip(" "):
        raise _Bail  # leading blank lines, or an empty scalar
    indent = _indent(lines[j])
    if indent <= parent:
        raise _Bail
    content: list[str] = []
    trailing = 0
    last = j
    while j < n:
        line = lines[j]
        if not line.strip(" "):
            if len(line) > indent:
                raise _Bail  # spaces beyond the indentation on a blank line
            trailing += 1
            j += 1
            continue
        column = _indent(line)
        if column < indent:
            break
        if column > indent:
            raise _Bail  # a more-indented line keeps its line breaks
        if content:
            if folded:
                content.append("\n" * trailing if trailing else " ")
            else:
                content.append("\n" * (trailing + 1))
        trailing = 0
        content.append(line[indent:])
        last = j
        j += 1
    text = "".join(content)
    if not strip and last + 1 < n:
        text += "\n"
    return text, j
