"""One answer as CSV: a header row, then one row per statement and source (RFC 4180, UTF-8).

The first data row carries the notice, the day the file was made, the review date and the
catalog version, so that the file says what it is wherever it goes.

Spreadsheet formula injection: a cell that starts with `=`, `+`, `-` or `@` could be read as a
formula by a spreadsheet. livertx does not prefix such cells with a quote, because that would
change the catalog's text (a fact would no longer read as its source gives it); the shipped
catalog has no such cell (a test keeps it so). Open a CSV from a catalog you do not trust as
text, or import it with formulas turned off.
"""

from __future__ import annotations

import csv
import io

from ..textsafe import strip_controls
from .share import COLUMNS, NOTICE, Row, Share, about_line, matched_lines


def render_csv(share: Share) -> str:
    """The whole CSV text, lines ending in CRLF as RFC 4180 has them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    said = " ".join([NOTICE, about_line(share), *(f"{line}." for line in matched_lines(share.doc))])
    about = Row("notice", "", "", share.title, "", "", said, "", "", "", "", "")
    writer.writerow(about)
    for row in share.kind.rows(share.doc):
        writer.writerow(" ".join(strip_controls(cell).split()) for cell in row)
    return out.getvalue()
