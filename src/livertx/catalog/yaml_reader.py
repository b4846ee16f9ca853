"""A strict, safe YAML reader for catalogs: plain data only, with line numbers.

It builds values straight from the parser's event stream, so anchors, aliases and tags are
refused the moment they appear (nothing is ever expanded or constructed), duplicate keys are
refused, and every mapping and list remembers the line of each key and item for error messages.
Scalars follow a small, predictable schema: `true`/`false`, `null`/`~`/empty, integers, floats,
and everything else a string (dates stay strings; the loader checks them).
"""

from __future__ import annotations

import re
from typing import Union

from .errors import Finding

Value = Union["YamlMap", "YamlList", str, int, float, bool, None]


class YamlMap(dict):  # type: ignore[type-arg]
    """A mapping that knows its own line and the line of each key (1-based)."""

    __slots__ = ("line", "key_lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list):  # type: ignore[type-arg]
    """A list that knows its own line and the line of each item (1-based)."""

    __slots__ = ("line", "item_lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")


def plain_scalar(text: str) -> str | int | float | bool | None:
    """What an unquoted scalar means in a catalog: `true`/`false`, `null`/`~`/empty, an integer,
    a float, or else the text itself (dates stay text; the schema checks them)."""
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


class YamlReadError(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(str(finding))
        self.finding = finding


def read_yaml(text: str, path: str) -> Value:
    """Parse one YAML document into plain data, or raise YamlReadError with a rule code."""
    import yaml  # here, not at the top: a cached catalog is answered without a YAML parser

    try:  # libyaml's C parser when it is there, the pure-Python one otherwise
        from yaml import CSafeLoader as _Loader
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    def fail(code: str, message: str, line: int | None) -> YamlReadError:
        return YamlReadError(Finding(code, message, path, line))

    stack: list[YamlMap | YamlList] = []
    pending_key: list[str | None] = []
    root: Value = None
    documents = 0

    def attach(value: Value, line: int) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        parent = stack[-1]
        if isinstance(parent, YamlList):
            parent.append(value)
            parent.item_lines.append(line)
            return
        key = pending_key[-1]
        if key is None:
            if not isinstance(value, str):
                raise fail("LTX012", "mapping keys must be plain text", line)
            if value in parent:
                raise fail("LTX005", f"duplicate key {value!r} (first on line {parent.key_lines[value]})", line)
            pending_key[-1] = value
            parent.key_lines[value] = line
        else:
            parent[key] = value
            pending_key[-1] = None

    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, yaml.AliasEvent):
                raise fail("LTX004", "YAML aliases (*name) are not allowed in a catalog", line)
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise fail("LTX004", f"YAML anchors (&{anchor}) are not allowed in a catalog", line)
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                raise fail("LTX004", f"YAML tags such as {tag!r} are not allowed in a catalog", line)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail("LTX003", "the file holds more than one YAML document", line)
            elif isinstance(event, yaml.ScalarEvent):
                plain = not event.style and event.implicit[0]
                value: Value = plain_scalar(event.value) if plain else event.value
                if pending_key and stack and isinstance(stack[-1], YamlMap) and pending_key[-1] is None:
                    value = event.value  # keys are always text, even `2025` or `true`
                attach(value, line or 0)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if stack and isinstance(stack[-1], YamlMap) and pending_key[-1] is None:
                    raise fail("LTX012", "mapping keys must be plain text", line)
                container: YamlMap | YamlList = (
                    YamlMap(line or 0) if isinstance(event, yaml.MappingStartEvent) else YamlList(line or 0)
                )
                attach(container, line or 0)
                stack.append(container)
                pending_key.append(None)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                pending_key.pop()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = mark.line + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        raise fail("LTX003", f"not valid YAML: {problem}", where) from None
    except yaml.YAMLError as exc:
        raise fail("LTX003", f"not valid YAML: {str(exc).splitlines()[0] if str(exc) else 'parse error'}", None) from None
    return root
