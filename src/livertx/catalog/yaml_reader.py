"""A strict, safe YAML reader for catalogs: plain data only, with line numbers.

It builds values straight from the parser's event stream, so anchors, aliases and tags are
refused the moment they appear (nothing is ever expanded or constructed), and every mapping and list remembers the line of each key and item for error messages.
Scalars follow a small, predictable schema: `true`/`false`, `null`/`~`/empty, integers, floats,
and everything else a string (dates stay strings; the loader checks them).

A repeated key is a finding that does not stop the reading (the first value is kept), so that
`livertx validate` reports every one in one run. An integer too long to be read as one stays
text, which the field rules then report (LTX019, or LTX012 where a number belongs).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Union

from .errors import Finding, Pos

Value = Union["YamlMap", "YamlList", str, int, float, bool, None]


class YamlMap(dict):  # type: ignore[type-arg]
    """A mapping that knows its own line and column and those of each key (1-based)."""

    __slots__ = ("column", "key_columns", "key_lines", "line")

    def __init__(self, line: int, column: int = 1) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.key_lines: dict[str, int] = {}
        self.key_columns: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def pos(self) -> Pos:
        return Pos(self.line, self.column)

    def pos_of(self, key: str) -> Pos:
        """Where the key stands; the mapping's own position when it has no such key."""
        if key not in self.key_lines:
            return self.pos()
        return Pos(self.key_lines[key], self.key_columns.get(key, 1))


class YamlList(list):  # type: ignore[type-arg]
    """A list that knows its own line and column and those of each item (1-based)."""

    __slots__ = ("column", "item_columns", "item_lines", "line")

    def __init__(self, line: int, column: int = 1) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.item_lines: list[int] = []
        self.item_columns: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line

    def pos(self) -> Pos:
        return Pos(self.line, self.column)

    def pos_of(self, index: int) -> Pos:
        """Where the item stands; the list's own position when it has no such item."""
        if not 0 <= index < len(self.item_lines):
            return self.pos()
        columns = self.item_columns
        return Pos(self.item_lines[index], columns[index] if index < len(columns) else 1)


_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")


MAX_INT_DIGITS = 4300
"""The longest integer a catalog may hold: Python's own limit for reading one from text (int()
raises ValueError past it). A longer one stays text; no field holds such a number."""

_SPECIAL_START = frozenset("0123456789+-.~nNtTfF")
"""How a plain scalar that is a number, a null or true/false can begin."""


def plain_scalar(text: str) -> str | int | float | bool | None:
    """What an unquoted scalar means in a catalog: `true`/`false`, `null`/`~`/empty, an integer,
    a float, or else the text itself (dates stay text; the schema checks them)."""
    if not text:
        return None
    if text[0] not in _SPECIAL_START:  # most values: plain words
        return text
    lowered = text.lower()
    if lowered in ("~", "null"):
        return None
    if lowered in ("true", "false"):
        return lowered == "true"
    if _INT.match(text):
        if len(text.lstrip("+-")) > MAX_INT_DIGITS:  # int() would raise ValueError
            return text
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


class YamlReadError(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(str(finding))
        self.finding = finding


_DISCARD = object()
"""The key a repeated key's value goes to: it is read (and checked for aliases), then dropped."""


def read_yaml(text: str, path: str, findings: list[Finding] | None = None) -> Value:
    """Parse one YAML document into plain data, or raise YamlReadError with a rule code for a
    file that cannot be read on. Repeated keys are appended to `findings`, and reading goes on;
    without a list, the first one raises YamlReadError."""
    import yaml  # here, not at the top: a cached catalog is answered without a YAML parser

    try:  # libyaml's C parser when it is there, the pure-Python one otherwise
        from yaml import CSafeLoader as _Loader
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    def fail(code: str, message: str, line: int | None, column: int | None = None) -> YamlReadError:
        return YamlReadError(Finding(code, message, path, line, "error", column))

    # The open containers, innermost last, and for each mapping the key waiting for its value.
    stack: list[YamlMap | YamlList] = []
    pending_key: list[object] = []  # a key's text, None before a key, or _DISCARD
    found = findings if findings is not None else []

    def note(code: str, message: str, line: int, column: int) -> None:
        finding = Finding(code, message, path, line, "error", column)
        if findings is None:
            raise YamlReadError(finding)
        found.append(finding)

    root: list[Value] = []
    documents = 0

    def attach(value: Value, line: int, column: int) -> None:
        if not stack:
            root.append(value)
            return
        parent = stack[-1]
        if isinstance(parent, YamlList):
            parent.append(value)
            parent.item_lines.append(line)
            parent.item_columns.append(column)
            return
        key = pending_key[-1]
        if key is not _DISCARD:
            parent[key] = value
        pending_key[-1] = None

    def start_key(parent: YamlMap, value: str, line: int, column: int) -> None:
        if value in parent:
            note(
                "LTX005",
                f"duplicate key {value!r} (first on line {parent.key_lines[value]}); "
                "keep one of the two and delete the other",
                line,
                column,
            )
            pending_key[-1] = _DISCARD
            return
        pending_key[-1] = value
        parent.key_lines[value] = line
        parent.key_columns[value] = column

    def refuse_extras(event: object, line: int) -> None:
        """Anchors, aliases and tags: refused the moment they appear, never expanded."""
        if event.__class__ is yaml.AliasEvent:
            raise fail("LTX004", "YAML aliases (*name) are not allowed in a catalog", line)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise fail("LTX004", f"YAML anchors (&{anchor}) are not allowed in a catalog", line)
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise fail("LTX004", f"YAML tags such as {tag!r} are not allowed in a catalog", line)

    scalar, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    get_event: Callable[[], Any] = _Loader(text).get_event  # events are read by their class
    try:
        while (event := get_event()) is not None:
            kind = event.__class__
            if kind is scalar or kind is mapping_start or kind is sequence_start:
                line = event.start_mark.line + 1
                column = event.start_mark.column + 1
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    refuse_extras(event, line)
                in_key = bool(stack) and stack[-1].__class__ is YamlMap and pending_key[-1] is None
                if kind is scalar:
                    if in_key:  # keys are always text, even `2025` or `true`
                        start_key(stack[-1], event.value, line, column)  # type: ignore[arg-type]  # in_key: a YamlMap
                    else:
                        plain = not event.style and event.implicit[0]
                        attach(plain_scalar(event.value) if plain else event.value, line, column)
                    continue
                if in_key:
                    raise fail("LTX012", "mapping keys must be plain text", line, column)
                container: YamlMap | YamlList = (
                    YamlMap(line, column) if kind is mapping_start else YamlList(line, column)
                )
                attach(container, line, column)
                stack.append(container)
                pending_key.append(None)
            elif kind in ends:
                stack.pop()
                pending_key.pop()
            elif kind is yaml.AliasEvent:
                refuse_extras(event, event.start_mark.line + 1)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail(
                        "LTX003",
                        "the file holds more than one YAML document",
                        event.start_mark.line + 1,
                    )
    except yaml.MarkedYAMLError as exc:
        tab = _tab_in_indentation(text)
        if tab is not None:  # PyYAML says "cannot start any token", which never says why
            raise fail("LTX003", "tabs are not allowed for indentation; use spaces", *tab) from None
        mark = exc.problem_mark or exc.context_mark
        where = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        raise fail("LTX003", f"not valid YAML: {problem}", where, column) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: say which, and where
        at = exc.position if isinstance(exc.position, int) else 0
        line = text.count("\n", 0, at) + 1
        char = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        raise fail(
            "LTX016",
            f"the text holds U+{char:04X}, a control character, which YAML does not allow "
            "either; delete it",
            line,
            at - text.rfind("\n", 0, at),
        ) from None
    except yaml.YAMLError as exc:
        raise fail(
            "LTX003",
            f"not valid YAML: {str(exc).splitlines()[0] if str(exc) else 'parse error'}",
            None,
        ) from None
    return root[0] if root else None


_TAB_INDENT = re.compile(r"^[ ]*\t", re.M)


def _tab_in_indentation(text: str) -> tuple[int, int] | None:
    """The line and column of the first tab in a line's indentation, if any line has one."""
    match = _TAB_INDENT.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    return line, match.end() - match.start()
