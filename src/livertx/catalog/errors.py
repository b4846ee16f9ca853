"""Validation findings, the rule codes they carry, and the loader's error type."""

from collections.abc import Mapping
from typing import NamedTuple

MAX_CATALOG_BYTES = 16 * 1024 * 1024
"""Catalogs larger than this are refused before they are parsed (LTX006)."""

RULES: Mapping[str, str] = {
    "LTX001": "The catalog file can be read (it exists, is a file, and is readable).",
    "LTX002": "The file is UTF-8 text with no byte-order mark and no NUL bytes.",
    "LTX003": "The file is one valid YAML document.",
    "LTX004": "No YAML anchors, aliases or tags: plain data only.",
    "LTX005": "No mapping repeats a key.",
    "LTX006": f"The file is at most {MAX_CATALOG_BYTES // (1024 * 1024)} MiB.",
    "LTX007": "The top level is a mapping with a supported schema_version.",
    "LTX010": "Every required field is present.",
    "LTX011": "No unknown fields.",
    "LTX012": "Every field has the right type (text, list, mapping, number, true/false).",
    "LTX013": "Dates are real calendar dates written YYYY-MM-DD.",
    "LTX014": "Ids and enumerated values are valid.",
    "LTX015": "No list repeats an item (brands, aliases, stages, provenance and every other list).",
    "LTX016": "The file holds no control or invisible characters (escape sequences, zero-width spaces, bidi overrides); tabs and line breaks aside (a warning; an error with --strict, or where YAML itself refuses the character).",
    "LTX017": "No text begins like a spreadsheet formula (=, +, -, @): CSV exports defuse it, but a pasted cell should be reworded (a warning; an error with --strict).",
    "LTX018": "A source's url is an http:// or https:// address (no javascript:, file: or data: link).",
    "LTX019": "No text or id is longer than 2,000 characters, about four times the longest real field.",
    "LTX020": "Ids are unique within each kind of record.",
    "LTX021": "Every reference (tier, category, parent, related, drug, modality, regimen, stage) names a record that exists.",
    "LTX022": "No name or alias is claimed by two records of the same kind.",
    "LTX023": "Provenance names a known source.",
    "LTX024": "Stage options name at least one stage or situation, each of the right kind.",
    "LTX030": "Every record and statement that states facts has provenance.",
    "LTX031": "Every source has dates or is marked undated, not both.",
    "LTX032": "Every dated source has a review frequency; one assigned by policy matches the catalog's policy.",
    "LTX033": "No source is past its next review date (a warning; an error with --strict).",
    "LTX034": "Each stage option is one source's statement: its provenance names a single source.",
    "LTX035": "No status is upgraded: only an authoritative source can call an option standard, and a promotional source's claims are promotional (or supportive care), never reported, in trials or standard.",
    "LTX036": "Brand names, synonyms and short forms are marked curator-supplied.",
    "LTX037": "curator_supplied names fields that the record has.",
    "LTX038": "A section fingerprint is written `sha256:` and 16 hex digits, as `livertx fingerprint` writes it.",
    "LTX039": "A source fingerprints only sections that its statements cite, each once.",
    "LTX040": "Each provenance section stands in its source's document as a heading, or as its title where the document has none (checked with --documents; the message names the nearest heading).",
    "LTX041": "No cited section's text changed since a curator checked it: its fingerprint matches the document (checked with --documents; a warning, an error with --strict).",
    "LTX042": "Every cited section has a fingerprint, so its statements were checked against the document (checked with --documents; a warning, an error with --strict).",
    "LTX043": "A section of a document that no statement cites (a note, never an error: read it for anything the catalog should say).",
    "LTX044": "A stage option's brief shortens its qualifier and keeps its limits: it is shorter, and keeps 'only', 'not', 'claims' and '(a reading)' where the qualifier says them.",
}

NOTES = frozenset({"LTX043"})
"""Codes that are notes: something to read, never an error or a warning, even with --strict."""


class Pos(NamedTuple):
    """Where a value stands in the file: its line and column, both counted from 1."""

    line: int
    column: int = 1


class Finding(NamedTuple):
    """One problem in a catalog: a stable rule code, where it is, and what is wrong."""

    code: str
    message: str
    path: str = ""
    line: int | None = None
    severity: str = "error"
    column: int | None = None

    @classmethod
    def at(
        cls, code: str, message: str, path: str, pos: Pos | None, severity: str = "error"
    ) -> "Finding":
        """A finding at a position (line and column) of the file."""
        if pos is None:
            return cls(code, message, path, None, severity)
        return cls(code, message, path, pos.line, severity, pos.column)

    @property
    def sort_key(self) -> tuple[int, int]:
        """Findings without a line (about the whole file) first, then by line and column."""
        return (self.line or 0, self.column or 0)

    @property
    def location(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.code} {self.message}"


class CatalogError(Exception):
    """The catalog cannot be used. `findings` lists every error found, first one first."""

    def __init__(self, findings: list[Finding]) -> None:
        if not findings:
            raise ValueError("CatalogError needs at least one finding")
        self.findings = findings
        super().__init__(str(findings[0]))

    @property
    def first(self) -> Finding:
        return self.findings[0]
