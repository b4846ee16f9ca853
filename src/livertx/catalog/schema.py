"""The catalog's schema: one description of every field, used by the loader and exported as JSON Schema.

`schemas/catalog.schema.json` is generated from this module (`python -m livertx.catalog.schema`),
and a test keeps the two identical, so editors and the loader never disagree about what is valid.
The check gives back plain JSON data (text, numbers, lists, mappings; dates stay text once
checked), which livertx.catalog.build turns into records and the cache stores as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .errors import Finding, Pos
from .model import SCHEMA_VERSION, CaveatKind, Frequency, StageKind, Status
from .yaml_reader import YamlList, YamlMap

MAX_TEXT_CHARS = 2000
"""The longest text or id a field may hold (LTX019): about four times the longest the shipped
catalog has (a stage note of 529 characters). A longer one is a paste gone wrong, or a file made
to slow every reader down."""
URL_PATTERN = r"^https?://[^\s]+$"
_URL = re.compile(URL_PATTERN, re.IGNORECASE)
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
FINGERPRINT_PATTERN = r"^sha256:[0-9a-f]{16}$"
_FINGERPRINT = re.compile(FINGERPRINT_PATTERN)
_ID = re.compile(ID_PATTERN)
_DATE = re.compile(DATE_PATTERN)

Report = Callable[[str, str, Pos], None]
"""report(code, message, pos): how a type check records a problem."""

Where = str | tuple["Where", str | int]
"""Where a value stands, as a chain of keys and indexes; spelled out only for a message."""


def _at(where: Where) -> str:
    """`catalog.drugs[3].name` from ((("catalog", "drugs"), 3), "name")."""
    parts: list[str] = []
    while isinstance(where, tuple):
        where, step = where
        parts.append(f"[{step}]" if isinstance(step, int) else f".{step}")
    return where + "".join(reversed(parts))


INVALID: Any = object()
"""Returned by a check that failed; the finding has already been reported."""


class FieldType:
    """A value's type: checks a parsed YAML value and describes itself as JSON Schema."""

    def check(self, value: Any, pos: Pos, where: Where, report: Report) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


class Text(FieldType):
    def __init__(self, description: str = "") -> None:
        self.description = description

    def check(self, value: Any, pos: Pos, where: Where, report: Report) -> Any:
        if not isinstance(value, str) or not value.strip():
            report("LTX012", f"{_at(where)} must be non-empty text, not {_kind(value)}", pos)
            return INVALID
        if _too_long(value, pos, where, report):
            return INVALID
        return value.strip()

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS}
        if self.description:
            out["description"] = self.description
        return out


def _too_long(value: str, pos: Pos, where: Where, report: Report) -> bool:
    """LTX019: text longer than any real field (see MAX_TEXT_CHARS)."""
    if len(value) <= MAX_TEXT_CHARS:
        return False
    report(
        "LTX019",
        f"{_at(where)} is {len(value):,} characters long; no field needs more than "
        f"{MAX_TEXT_CHARS:,}: shorten it, or split it into several statements",
        pos,
    )
    return True


class Url(FieldType):
    """A web address: http or https only, so that no `javascript:` or `file:` link reaches a
    handout (LTX018)."""

    def check(self, value: Any, pos: Pos, where: Where, report: Report) -> Any:
        checked = Text().check(value, pos, where, report)
        if checked is INVALID:
            return INVALID
        if not _URL.match(checked):
            report(
                "LTX018",
                f"{_at(where)} {checked!r} is not a web address; write the document's "
                "http:// or https:// address (no spaces), or leave url out",
                pos,
            )
            return INVALID
        return checked

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": URL_PATTERN, "maxLength": MAX_TEXT_CHARS}


class Digest(FieldType):
    """A section's fingerprint: `sha256:` and the first 16 hex digits of the SHA-256 of its
    normalised text (LTX038), as `livertx fingerprint` writes it."""

    def check(self, value: Any, pos: Pos, where: Where, report: Report) -> Any:
        if not isinstance(value, str) or not _FINGERPRINT.fullmatch(value):
            report(
                "LTX038",
                f"{_at(where)} must be a fingerprint written sha256: and 16 hex digits, as "
                f"`livertx fingerprint` writes it, not {value!r}",
                pos,
            )
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": FINGERPRINT_PATTERN}


class Id(FieldType):
    def check(self, value: Any, pos: Pos, where: Where, report: Report) -> Any:
        if not isinstance(value, str):
            report("LTX012", f"{_at(where)} must be an id (text), not {_kind(value)}", pos)
            return INVALID
        if _too_long(value, pos, where, report):
            return INVALID
        if not _ID.fullmatch(value):
            report(
                "LTX014",
                f"{_at(where)} {value!r} is not a valid id: use lower-case letters, digits and single hyphens",
                pos,
            )
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_TEXT_CHARS}


class Date(FieldType):
    def check(self, value: Any, pos: Pos, where: Where, report: Report) -> Any:
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            report(
                "LTX013",
                f"{_at(where)} must be a date written YYYY-MM-DD in quotes, not {value!r}",
                pos,
            )
            return INVALID
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            report("LTX013", f"{_at(where)} {value!r} is not a real calendar date", pos)
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": DATE_PATTERN, "format": "date"}


class Int(FieldType):
    def __init__(self, minimum: int = 0) -> None:
        self.minimum = minimum

    def check(self, value: Any, pos: Pos, where: Where, report: Report) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            report(
                "LTX012",
                f"{_at(where)} must be a whole number of at least {self.minimum}, not {value!r}",
                pos,
            )
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum}


class Bool(FieldType):
    def check(self, value: Any, pos: Pos, where: Where, report: Report) -> Any:
        if not isinstance(value, bool):
            report("LTX012", f"{_at(where)} must be true or false, not {value!r}", pos)
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Choice(FieldType):
    def __init__(self, values: list[str]) -> None:
        self.values = values

    def check(self, value: Any, pos: Pos, where: Where, report: Report) -> Any:
        if value not in self.values:
            allowed = ", ".join(self.values)
            report("LTX014", f"{_at(where)} is {value!r}; allowed values are: {allowed}", pos)
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


class ListOf(FieldType):
    """A list of one type of item. With `unique`, an item given twice is a finding (LTX015); the
    list is kept, without the repeat, so that the rules that span records still see it."""

    def __init__(self, item: FieldType, min_items: int = 0, unique: bool = False) -> None:
        self.item = item
        self.min_items = min_items
        self.unique = unique

    def check(self, value: Any, pos: Pos, where: Where, report: Report) -> Any:
        if not isinstance(value, list):
            report("LTX012", f"{_at(where)} must be a list, not {_kind(value)}", pos)
            return INVALID
        if len(value) < self.min_items:
            report("LTX012", f"{_at(where)} must have at least {self.min_items} item(s)", pos)
            return INVALID
        out = []
        pos_of = value.pos_of if isinstance(value, YamlList) else None
        check = self.item.check
        seen: dict[Any, int] = {}
        for i, item in enumerate(value):
            item_pos = pos_of(i) if pos_of is not None else pos
            checked = check(item, item_pos, (where, i), report)
            if checked is INVALID:
                continue
            if self.unique:
                key = _item_key(checked)
                if key in seen:
                    report(
                        "LTX015",
                        f"{_at(where)} lists {_shown(checked)} twice (first as item {seen[key] + 1}); remove the repeat",
                        item_pos,
                    )
                    continue
                seen[key] = i
            out.append(checked)
        return out

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.unique:
            out["uniqueItems"] = True
        return out


def _item_key(value: Any) -> Any:
    """What makes two list items the same: text regardless of case and runs of spaces (but
    `early stage` and `early-stage` differ: a curator may list both spellings), mappings by
    their fields."""
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    if isinstance(value, dict):
        return tuple(sorted((k, _item_key(v)) for k, v in value.items()))
    return value


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return repr(value)


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    required: bool = False


@dataclass
class Record(FieldType):
    """A mapping with known fields. Unknown fields are errors; so are missing required ones."""

    name: str
    fields: list[Field]
    description: str = ""
    one_of_keys: bool = False  # exactly one of the fields must be present (a tagged reference)
    by_name: dict[str, Field] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {f.name: f for f in self.fields}

    def check(self, value: Any, pos: Pos, where: Where, report: Report) -> Any:
        if not isinstance(value, dict):
            report(
                "LTX012", f"{_at(where)} must be a mapping ({self.name}), not {_kind(value)}", pos
            )
            return INVALID
        pos_of = value.pos_of if isinstance(value, YamlMap) else lambda _key: pos
        by_name = self.by_name
        out: dict[str, Any] = {}
        ok = True
        for key, item in value.items():
            spec = by_name.get(key)
            if spec is None:
                known = ", ".join(by_name)
                report(
                    "LTX011",
                    f"{_at(where)} has an unknown field {key!r}; known fields are: {known}",
                    pos_of(key),
                )
                ok = False
                continue
            checked = spec.type.check(item, pos_of(key), (where, key), report)
            if checked is INVALID:
                ok = False
            else:
                out[key] = checked
        if self.one_of_keys:
            if len(value) != 1:
                names = " or ".join(self.by_name)
                report("LTX012", f"{_at(where)} must name exactly one of {names}", pos)
                return INVALID
        else:
            for spec in self.fields:
                if spec.required and spec.name not in value:
                    report(
                        "LTX010", f"{_at(where)} is missing the required field {spec.name!r}", pos
                    )
                    ok = False
        return out if ok else INVALID

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {f.name: f.type.json_schema() for f in self.fields},
        }
        if self.description:
            out["description"] = self.description
        if self.one_of_keys:
            out["minProperties"] = 1
            out["maxProperties"] = 1
        else:
            required = [f.name for f in self.fields if f.required]
            if required:
                out["required"] = required
        return out


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "empty text" if not value.strip() else "text"
    return type(value).__name__


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


PROVENANCE = Record(
    "provenance",
    [
        Field("source", Id(), True),
        Field("section", Text("A heading as it appears in the document"), True),
    ],
    "Where a fact stands: a source id and a heading of that document.",
)
PROVENANCE_LIST = ListOf(PROVENANCE, unique=True)
STATEMENT = Record("statement", [Field("text", Text(), True), Field("provenance", PROVENANCE_LIST)])
STATEMENTS = ListOf(STATEMENT)
NAMES = ListOf(Text(), unique=True)
IDS = ListOf(Id(), unique=True)
REVIEWED = Field("reviewed", Date(), True)
CURATOR = Field("curator_supplied", ListOf(Text(), unique=True))

TIER = Record(
    "trust tier",
    [Field("id", Id(), True), Field("rank", Int(1), True), Field("description", Text(), True)],
)
POLICY = Record(
    "review policy",
    [
        Field("dated_without_frequency", Choice(_values(Frequency)), True),
        Field("rationale", Text(), True),
    ],
)
FINGERPRINT = Record(
    "fingerprint",
    [
        Field("section", Text("A heading of the document that the catalog cites"), True),
        Field("text", Digest(), True),
        Field("checked", Date(), True),
    ],
    "The section's text when a curator last checked every statement citing it against it, and "
    "the date of that check (written by `livertx fingerprint`).",
)
SOURCE = Record(
    "source",
    [
        Field("id", Id(), True),
        Field("title", Text("The document's own title, exactly as written"), True),
        Field("publisher", Text()),
        Field("author", Text()),
        Field("url", Url()),
        Field("kind", Text(), True),
        Field("tier", Id(), True),
        Field("language", Text(), True),
        Field("audience", Text(), True),
        Field("license", Text()),
        Field("published", Date()),
        Field("last_reviewed", Date()),
        Field("review_frequency", Choice(_values(Frequency))),
        Field("review_frequency_basis", Choice(["source", "policy"])),
        Field("undated", Bool()),
        Field("document", Text()),
        Field("fingerprints", ListOf(FINGERPRINT, unique=True)),
        Field("short_name", Text("The curator's short readable name, shown in the compact views")),
        REVIEWED,
    ],
)
STAGE = Record(
    "stage",
    [
        Field("id", Id(), True),
        Field("name", Text(), True),
        Field("kind", Choice(_values(StageKind)), True),
        Field("aliases", NAMES),
        Field("includes", IDS),
        Field("definition", Text(), True),
        Field("notes", STATEMENTS),
        CURATOR,
        Field("provenance", PROVENANCE_LIST),
        REVIEWED,
    ],
)
CATEGORY = Record("category", [Field("id", Id(), True), Field("name", Text(), True)])
STATUS_CLAIM = Record(
    "status claim",
    [Field("status", Choice(_values(Status)), True), Field("provenance", PROVENANCE_LIST)],
)
MODALITY = Record(
    "modality",
    [
        Field("id", Id(), True),
        Field("name", Text(), True),
        Field("category", Id(), True),
        Field("parent", Id()),
        Field("aliases", NAMES),
        Field("summary", Text(), True),
        Field("how_it_works", STATEMENTS),
        Field("who_for", STATEMENTS),
        Field("side_effects", STATEMENTS),
        Field("limits", STATEMENTS),
        Field("notes", STATEMENTS),
        Field("related", IDS),
        Field("statuses", ListOf(STATUS_CLAIM, 1), True),
        CURATOR,
        Field("provenance", PROVENANCE_LIST),
        REVIEWED,
    ],
)
SPELLING = Record(
    "source spelling",
    [
        Field("text", Text(), True),
        Field("note", Text(), True),
        Field("provenance", PROVENANCE_LIST),
    ],
)
NOT_BRAND = Record(
    "name that is not a brand here",
    [Field("name", Text(), True), Field("note", Text(), True)],
)
DRUG = Record(
    "drug",
    [
        Field("id", Id(), True),
        Field("name", Text("Generic name"), True),
        Field("class", Text(), True),
        Field("modality", Id(), True),
        Field("target", Text()),
        Field("brands", NAMES),
        Field("salt_forms", NAMES),
        Field("short_forms", NAMES),
        Field("synonyms", NAMES),
        Field("source_spellings", ListOf(SPELLING)),
        Field("not_brands", ListOf(NOT_BRAND)),
        Field("notes", STATEMENTS),
        CURATOR,
        Field("provenance", PROVENANCE_LIST),
        REVIEWED,
    ],
)
COMPONENT = Record("component", [Field("drug", Id()), Field("modality", Id())], one_of_keys=True)
REGIMEN = Record(
    "regimen",
    [
        Field("id", Id(), True),
        Field("name", Text(), True),
        Field("kind", Text(), True),
        Field("components", ListOf(COMPONENT, 1), True),
        Field("aliases", NAMES),
        Field("notes", STATEMENTS),
        CURATOR,
        Field("provenance", PROVENANCE_LIST),
        REVIEWED,
    ],
)
OPTION_REF = Record(
    "option reference",
    [Field("modality", Id()), Field("drug", Id()), Field("regimen", Id())],
    one_of_keys=True,
)
STAGE_OPTION = Record(
    "stage option",
    [
        Field("id", Id(), True),
        Field("stages", IDS),
        Field("situations", IDS),
        Field("option", OPTION_REF, True),
        Field("qualifier", Text()),
        Field(
            "brief",
            Text(
                "The curator's shortening of the qualifier for the compact views, keeping every limit"
            ),
        ),
        Field("status", Choice(_values(Status)), True),
        Field("note", Text()),
        Field("provenance", PROVENANCE_LIST),
        REVIEWED,
    ],
)
APPLIES_TO = Record(
    "applies_to",
    [Field("modalities", IDS), Field("drugs", IDS), Field("regimens", IDS), Field("stages", IDS)],
)
CAVEAT = Record(
    "caveat",
    [
        Field("id", Id(), True),
        Field("kind", Choice(_values(CaveatKind)), True),
        Field("summary", Text(), True),
        Field("applies_to", APPLIES_TO, True),
        Field("statements", ListOf(STATEMENT, 1), True),
        REVIEWED,
    ],
)
CATALOG = Record(
    "catalog",
    [
        Field("schema_version", Int(1), True),
        Field("version", Text(), True),
        Field("modified", Date(), True),
        Field("review_policy", POLICY, True),
        Field("trust_tiers", ListOf(TIER, 1), True),
        Field("sources", ListOf(SOURCE, 1), True),
        Field("stages", ListOf(STAGE, 1), True),
        Field("categories", ListOf(CATEGORY, 1), True),
        Field("modalities", ListOf(MODALITY), True),
        Field("drugs", ListOf(DRUG), True),
        Field("regimens", ListOf(REGIMEN), True),
        Field("stage_options", ListOf(STAGE_OPTION), True),
        Field("caveats", ListOf(CAVEAT), True),
    ],
    "A livertx catalog of liver cancer treatment options with provenance.",
)


def catalog_json_schema() -> dict[str, Any]:
    """The catalog's JSON Schema (draft 2020-12), generated from the field rules above."""
    body = CATALOG.json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://livertx.invalid/schemas/catalog.schema.json",
        "title": "livertx catalog",
        **body,
    }


class Shape(NamedTuple):
    """What the field rules made of a document."""

    data: dict[str, Any] | None
    """The checked data of the whole catalog; None when any field rule failed."""
    findings: list[Finding]
    """Every finding of the field rules."""
    usable: dict[str, Any] | None
    """The catalog's own fields and every record that passed, for the rules that span records;
    None when the catalog's own fields cannot be used."""
    unchecked: dict[str, frozenset[str]]
    """For each section, the ids of the records left out of `usable` ("*" when one had no
    usable id): references to them are not reported again as unknown."""


HEADER = ("schema_version", "version", "modified", "review_policy")

HEADER_STAND_INS: dict[str, Any] = {
    "schema_version": SCHEMA_VERSION,
    "version": "",
    "modified": "1970-01-01",
    "review_policy": {"dated_without_frequency": "annual", "rationale": ""},
}
"""What a damaged catalog field is replaced by, so that the rules spanning records still run
(`unchecked["catalog"]` names the fields replaced)."""
"""The catalog's own fields; without all of them, no rule that spans records can run."""


def check_catalog_shape(data: Any, path: str) -> Shape:
    """Check types and fields of the whole document: every problem is reported, and the records
    that passed are kept for the rules that span records."""
    findings: list[Finding] = []

    def report(code: str, message: str, pos: Pos) -> None:
        findings.append(Finding.at(code, message, path, pos))

    if not isinstance(data, dict):
        pos = data.pos() if isinstance(data, (YamlMap, YamlList)) else Pos(1)
        report("LTX007", f"the top level must be a mapping, not {_kind(data)}", pos)
        return Shape(None, findings, None, {})
    version = data.get("schema_version")
    if version != SCHEMA_VERSION and version is not None:
        pos = data.pos_of("schema_version") if isinstance(data, YamlMap) else Pos(1)
        report(
            "LTX007",
            f"schema_version {version!r} is not supported; this livertx reads {SCHEMA_VERSION}",
            pos,
        )
        return Shape(None, findings, None, {})
    top = data.pos() if isinstance(data, YamlMap) else Pos(1)
    checked = CATALOG.check(data, top, "catalog", report)
    if checked is not INVALID and not findings:
        return Shape(checked, findings, checked, {})
    usable, unchecked = _usable_parts(data, top)
    return Shape(None, findings, usable, unchecked)


def _usable_parts(
    data: dict[str, Any], top: Pos
) -> tuple[dict[str, Any] | None, dict[str, frozenset[str]]]:
    """The catalog's own fields and the records that pass every field rule on their own (a
    repeat in a list, LTX015, does not count: the list is kept without it). Checked a second
    time, quietly, only when the catalog has findings."""
    damaged: list[str] = []

    def quiet(code: str, _message: str, _pos: Pos) -> None:
        if code != "LTX015":
            damaged.append(code)

    pos_of = data.pos_of if isinstance(data, YamlMap) else lambda _key: top
    usable: dict[str, Any] = {}
    unchecked: dict[str, frozenset[str]] = {}
    broken: set[str] = set()
    for name in HEADER:
        spec = CATALOG.by_name[name]
        damaged.clear()
        checked = (
            spec.type.check(data[name], pos_of(name), name, quiet) if name in data else INVALID
        )
        if checked is INVALID or damaged:
            # Already reported; a stand-in lets the rules that span records run all the same.
            # No rule reads the version or the date, and none that needs the policy runs.
            broken.add(name)
            checked = HEADER_STAND_INS[name]
        usable[name] = checked
    if broken:
        unchecked["catalog"] = frozenset(broken)
    for spec in CATALOG.fields:
        if spec.name in HEADER or not isinstance(spec.type, ListOf):
            continue
        items = data.get(spec.name)
        kept: list[Any] = []
        left_out: set[str] = set()
        if not isinstance(items, list):
            left_out.add("*")
        else:
            item_pos = items.pos_of if isinstance(items, YamlList) else lambda _i: top
            for i, item in enumerate(items):
                damaged.clear()
                checked = spec.type.item.check(item, item_pos(i), (spec.name, i), quiet)
                if checked is INVALID or damaged:
                    ident = item.get("id") if isinstance(item, dict) else None
                    left_out.add(ident if isinstance(ident, str) else "*")
                else:
                    kept.append(checked)
        usable[spec.name] = kept
        if left_out:
            unchecked[spec.name] = frozenset(left_out)
    return usable, unchecked


if __name__ == "__main__":  # pragma: no cover - regenerates schemas/catalog.schema.json
    print(json.dumps(catalog_json_schema(), indent=2))
