"""Exit codes, validation findings and the loader's error type."""

from __future__ import annotations

from enum import IntEnum

from .records import Record


class ExitCode(IntEnum):
    """What each exit code of the `livertx` command means."""

    FOUND = 0
    NOT_FOUND = 1
    USAGE = 2
    CATALOG = 3


class Finding(Record):
    """One problem in a catalog: a stable rule code, where it is, and what is wrong."""

    code: str
    message: str
    path: str = ""
    line: int | None = None
    severity: str = "error"

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
