"""One answer as CSV: a header row, then one row per statement and source (RFC 4180, UTF-8).

The first data row carries the notice, the day the file was made, the review date and the
catalog version, so that the file says what it is wherever it goes.

Spreadsheet formula injection: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return (or their full-width forms) could be run as a formula by a spreadsheet. By default such a
cell is defused as OWASP's CSV injection advice has it: a single quote is put in front of it,
after the cell is cleaned of control characters (so that a cleaned "\t=1+1" is defused too).
The quote is visible; `--raw-csv` writes the cells as the catalog has them.
"""

from __future__ import annotations

import csv
import io

from ..textsafe import strip_controls
from .share import COLUMNS, NOTICE, Row, Share, about_line, matched_lines

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""How a cell a spreadsheet would run as a formula begins (OWASP), full-width forms included."""


def spreadsheet_safe(cell: object) -> object:
    """A cell that no spreadsheet runs as a formula: text that begins like one gets a leading
    single quote; anything else (numbers, empty cells) as it is."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return f"'{cell}"
    return cell


def render_csv(share: Share, defuse: bool = True) -> str:
    """The whole CSV text, lines ending in CRLF as RFC 4180 has them; with `defuse`, no cell
    begins like a formula (see spreadsheet_safe)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    said = " ".join([NOTICE, about_line(share), *(f"{line}." for line in matched_lines(share.doc))])
    about = Row("notice", "", "", share.title, "", "", said, "", "", "", "", "")
    writer.writerow(about)
    for row in share.kind.rows(share.doc):
        cells = (" ".join(strip_controls(cell).split()) for cell in row)
        writer.writerow(map(spreadsheet_safe, cells) if defuse else cells)
    return out.getvalue()
