"""What a table view is made of, apart from how it is drawn: styled text, tables and groups.

livertx.render.views builds every view from these three kinds of block. A person at a terminal
gets them drawn by Rich (livertx.render.terminal); a pipe or a file gets them laid out here as plain
text, in the same shape (a title, a header over a rule, wrapped cells, a blank line between
sections), without importing Rich at all. Styles are names such as "bold" or "dim"; plain text
drops them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from typing import Union

Block = Union["Styled", "Table", "Group"]

_AFTER_HYPHEN = re.compile(r"[^-]*-+|[^-]+")
_NUMBER_HYPHEN = re.compile(r"\d-\d")  # 2025-12-30 is one word: never broken after its hyphens


class Styled:
    """Text in runs, each with a style name ("" for none). Only text livertx has cleaned goes in."""

    __slots__ = ("spans",)

    def __init__(self, text: str = "", style: str = "") -> None:
        self.spans: list[tuple[str, str]] = [(text, style)] if text else []

    def append(self, text: str, style: str = "") -> Styled:
        if text:
            self.spans.append((text, style))
        return self

    def append_text(self, other: Styled) -> Styled:
        self.spans.extend(other.spans)
        return self

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.spans)


class Column:
    """A column: its header, and either a share of the spare width (`ratio`) or, with no ratio,
    the width of its widest cell, never wrapped. Cells of a ratio column wrap at spaces, and a
    word wider than the column is folded."""

    __slots__ = ("header", "justify", "ratio")

    def __init__(self, header: Styled, ratio: int | None = None, justify: str = "left") -> None:
        self.header = header
        self.ratio = ratio
        self.justify = justify


class Table:
    """A titled table that fills the width; rows may be split into sections; an optional caption."""

    __slots__ = ("_lines", "_widest", "caption", "columns", "header", "rows", "tight", "title")

    def __init__(
        self, title: Styled, columns: Sequence[Column], header: bool = True, tight: bool = False
    ) -> None:
        self.title = title
        self.header = header
        """Whether the column headers and the rule under them are drawn."""
        self.tight = tight
        """A list laid out as a table: no margin, one space between columns, and no blank line
        around it (the compact stage view's rows under their bullets), as Rich draws a table
        with no box."""
        self.columns = list(columns)
        self.rows: list[list[Styled] | None] = []  # None marks the start of a new section
        self.caption: Styled | None = None
        self._widest: list[int] | None = None
        self._lines: list[int] | None = None

    def add_row(self, *cells: Styled) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"a row of this table has {len(self.columns)} cells, not {len(cells)}")
        self.rows.append(list(cells))
        self._widest = self._lines = None

    def widest(self) -> list[int]:
        """For each column, what it needs not to cut a word: a fixed column its widest line, a
        ratio column its widest unbreakable piece (see longest_piece). Worked out once."""
        if self._widest is None:
            widest = []
            for index, column in enumerate(self.columns):
                cells = [column.header, *(row[index] for row in self.rows if row is not None)]
                if column.ratio is None:
                    widest.append(
                        max(cell_width(line) for cell in cells for line in cell.plain.split("\n"))
                    )
                else:
                    widest.append(max(longest_piece(cell.plain) for cell in cells) or 1)
            self._widest = widest
        return self._widest

    def longest_lines(self) -> list[int]:
        """For each column, its widest line unwrapped: more width than that it cannot use."""
        if self._lines is None:
            self._lines = [
                max(
                    cell_width(line)
                    for cell in (column.header, *(row[i] for row in self.rows if row is not None))
                    for line in cell.plain.split("\n")
                )
                for i, column in enumerate(self.columns)
            ]
        return self._lines

    def add_section(self) -> None:
        if self.rows and self.rows[-1] is not None:
            self.rows.append(None)


class Group:
    """Blocks shown one after another; a None among them (a part the answer lacks) is left out."""

    __slots__ = ("blocks",)

    def __init__(self, *blocks: Block | None) -> None:
        self.blocks = [b for b in blocks if b is not None]


# -- plain text --------------------------------------------------------------------------------
DEFAULT_WIDTH = 80
MIN_WIDTH = 20
MAX_WIDTH = 1000
"""A wider COLUMNS is taken as this: a table laid out a hundred million columns wide would
need gigabytes."""
_EDGE = " "  # the table's left margin, as Rich's SIMPLE_HEAD box draws it
_GAP = "   "  # between columns: a cell's right padding, the divider, the next cell's left padding


def _edge(table: Table) -> str:
    return "" if table.tight else _EDGE


def _gap(table: Table) -> str:
    return " " if table.tight else _GAP


def columns() -> int | None:
    """$COLUMNS as a width, kept between MIN_WIDTH and MAX_WIDTH; None when unset or not a number."""
    text = os.environ.get("COLUMNS", "").strip()
    if not text.isdigit() or len(text) > 6:
        return MAX_WIDTH if text.isdigit() else None
    return min(max(int(text), MIN_WIDTH), MAX_WIDTH) if int(text) > 0 else None


def output_width() -> int:
    """The width for text that is not going to a terminal: $COLUMNS, else 80 (as Rich does)."""
    return columns() or DEFAULT_WIDTH


def render_plain(block: Block, width: int) -> str:
    """The block as plain text, each line at most `width` cells wide where the words allow."""
    lines: list[str] = []
    _emit(block, max(width, MIN_WIDTH), lines)
    return "".join(line.rstrip() + "\n" for line in lines)


def _emit(block: Block, width: int, out: list[str]) -> None:
    if isinstance(block, Styled):
        out.extend(wrap(block.plain, width))
    elif isinstance(block, Table):
        _emit_table(block, width, out)
    else:
        for inner in block.blocks:
            _emit(inner, width, out)


LONG_WORD = 24
"""A word longer than this is folded in any table (a URL, a long id); it never makes a table a list."""


def fits(table: Table, width: int) -> bool:
    """Whether every column can be as wide as its widest word (up to LONG_WORD) in `width`. A
    table of several columns that cannot, at a narrow terminal, is shown as a list instead (see
    stacked_lines), so that no name is cut in half; one column simply wraps."""
    if len(table.columns) < 2:
        return True
    need = 2 * len(_edge(table)) + len(_gap(table)) * (len(table.columns) - 1)
    for column, widest in zip(table.columns, table.widest(), strict=True):
        need += widest if column.ratio is None else min(widest, LONG_WORD)
    return need <= width


def stacked_rows(table: Table) -> list[list[tuple[Styled | None, Styled]]]:
    """A table as a list: for each row, (header, cell) pairs, the row's name (the first column,
    or the second when the first holds only numbers, a score) first and with no header, and
    empty cells left out. A row with no name goes on with the row above it (the other side of
    a conflict, under its claim)."""
    cells = [row[0].plain.strip() for row in table.rows if row is not None]
    name = 1 if cells and all(c.isdigit() for c in cells) else 0
    rows: list[list[tuple[Styled | None, Styled]]] = []
    for row in table.rows:
        if row is None:
            continue
        pairs = [
            (column.header, cell)
            for i, (column, cell) in enumerate(zip(table.columns, row, strict=False))
            if i != name and cell.plain.strip()
        ]
        if row[name].plain.strip() or not rows:
            rows.append([(None, row[name]), *pairs])
        else:
            rows[-1] += pairs
    return rows


def stacked_lines(table: Table, width: int) -> list[Styled]:
    """The lines of a table shown as a list (see fits): the title, then each row's name, and each
    other column as `Header: value` under it, wrapped with a hanging indent."""
    lines = [*wrap_styled(table.title, width), Styled()]
    for pairs in stacked_rows(table):
        for header, cell in pairs:
            if header is None:
                lines += [Styled(_EDGE).append_text(line) for line in wrap_styled(cell, width - 1)]
                continue
            label = " ".join(header.plain.split())
            item = Styled(f"{label}: ", "bold") if label else Styled()
            first, *rest = wrap_styled(item.append_text(cell), width - 5)
            lines.append(Styled("   ").append_text(first))
            lines += [Styled("     ").append_text(line) for line in rest]
        lines.append(Styled())
    if table.caption is not None:
        lines += wrap_styled(table.caption, width)
    return lines


def wrap_styled(styled: Styled, width: int) -> list[Styled]:
    """wrap() for styled text: the same lines, each run keeping its style. wrap() only turns a
    space into a line break or adds one (after a hyphen, inside a folded word), so the lines
    are walked beside the text."""
    text = styled.plain
    styles = [style for run, style in styled.spans for _ in run]
    lines: list[Styled] = []
    at = 0
    for line in wrap(text, width):
        if lines and at < len(text) and text[at] in " \n":
            at += 1  # the space or newline that became this break
        out = Styled()
        start = at
        for _ in line:
            if at > start and styles[at] != styles[at - 1]:
                out.append(text[start:at], styles[start])
                start = at
            at += 1
        out.append(text[start:at], styles[start] if start < at else "")
        lines.append(out)
    return lines


def _emit_table(table: Table, width: int, out: list[str]) -> None:
    if not fits(table, width):
        out.extend(line.plain for line in stacked_lines(table, width))
        return
    if table.title.plain:
        out.extend(wrap(table.title.plain, width))
    widths = column_widths(table, width)
    edge, gap = _edge(table), _gap(table)
    if not table.tight or table.title.plain:
        out.append("")
    if table.header:
        out.extend(
            _row_lines([c.header for c in table.columns], table.columns, widths, edge, gap, True)
        )
        out.append(edge + "─" * (sum(widths) + len(gap) * (len(widths) - 1)))
    for row in table.rows:
        if row is None:
            out.append("")
        else:
            out.extend(_row_lines(row, table.columns, widths, edge, gap))
    if not table.tight:
        out.append("")
    if table.caption is not None:
        out.extend(wrap(table.caption.plain, width))


def _row_lines(
    cells: Sequence[Styled],
    columns: Sequence[Column],
    widths: Sequence[int],
    edge: str = _EDGE,
    gap: str = _GAP,
    bottom: bool = False,
) -> list[str]:
    """One row's lines; a header's cells sit on the rule (bottom), as Rich draws them."""
    wrapped = [wrap(cell.plain, w) for cell, w in zip(cells, widths, strict=False)]
    height = max(len(lines) for lines in wrapped)
    if bottom:
        wrapped = [[""] * (height - len(lines)) + lines for lines in wrapped]
    out = []
    for i in range(height):
        parts = []
        for lines, column, w in zip(wrapped, columns, widths, strict=False):
            text = lines[i] if i < len(lines) else ""
            pad = " " * max(w - cell_width(text), 0)
            parts.append(pad + text if column.justify == "right" else text + pad)
        out.append(edge + gap.join(parts))
    return out


def column_widths(table: Table, width: int) -> list[int]:
    """Fixed columns take their widest line; the rest of the width is shared out by ratio, but
    no column is made wider than its widest line: what it does not need goes to the others, and
    a table whose cells all fit is narrower than the page."""
    columns = table.columns
    room = width - 2 * len(_edge(table)) - len(_gap(table)) * (len(columns) - 1)
    widest = table.widest()
    fixed = {i: widest[i] for i, column in enumerate(columns) if column.ratio is None}
    ratios = {i: c.ratio for i, c in enumerate(columns) if c.ratio is not None}
    spare = room - sum(fixed.values())
    if ratios and spare >= 4 * len(ratios):
        widths = [fixed.get(i, 0) for i in range(len(columns))]
        lines = table.longest_lines()
        open_ = dict(ratios)  # the columns that could still use more width
        while open_ and spare > 0:
            total = sum(open_.values())
            shares = {i: spare * r // total for i, r in open_.items()}
            for i in list(open_)[: spare - sum(shares.values())]:  # what rounding left over
                shares[i] += 1
            full = {i for i in open_ if widths[i] + shares[i] >= lines[i]}
            if not full:
                for i, share in shares.items():
                    widths[i] += share
                break
            for i in full:  # give these what their widest line needs, share the rest again
                spare -= lines[i] - widths[i]
                widths[i] = lines[i]
                del open_[i]
        _fit_longest_words(table, widths, ratios)
        return widths
    # Too narrow for that: every column gets an equal share and folds.
    share = max(room // len(columns), 1)
    return [share] * len(columns)


def _pieces(word: str) -> list[str]:
    """A word split after each hyphen, where a line may break: `locally-` `advanced`; a date
    a number range or an option (`--detail`) stays whole."""
    if "-" not in word or _NUMBER_HYPHEN.search(word) or word.startswith("-"):
        return [word]
    return _AFTER_HYPHEN.findall(word) or [word]


def _fit_longest_words(table: Table, widths: list[int], ratios: dict[int, int]) -> None:
    """Widen a ratio column that is narrower than its longest word, taking the width from
    columns with room to spare, so that no word is cut in half that could have fitted."""
    need = {i: table.widest()[i] for i in ratios}
    for i in ratios:
        while widths[i] < need[i]:
            donors = [j for j in ratios if widths[j] > need[j]]
            if not donors:
                return
            richest = max(donors, key=lambda j: widths[j] - need[j])
            widths[richest] -= 1
            widths[i] += 1


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells: breaks at spaces and after hyphens, keeps newlines, and
    folds a word only when it alone is wider than the line."""
    width = max(width, 1)  # a width of 0 or less would fold a word forever
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used, started = "", 0, False
        for w, word in enumerate(paragraph.split(" ")):
            for p, piece in enumerate(_pieces(word)):
                size = cell_width(piece)
                gap = 1 if (started and w and not p) else 0  # a space before a word, none inside
                if started and used + gap + size <= width:
                    line += " " * gap + piece
                    used += gap + size
                    continue
                if started:
                    lines.append(line)
                if size > width:  # wider than the line by itself: fold it
                    *heads, piece = _fold(piece, width)
                    lines += heads
                    size = cell_width(piece)
                line, used, started = piece, size, True
        lines.append(line)
    return lines


def longest_piece(text: str) -> int:
    """The widest run that wrap() would not break (a word, or a part of one between hyphens)."""
    return max(
        (cell_width(piece) for word in text.split() for piece in _pieces(word)),
        default=0,
    )


def _fold(word: str, width: int) -> list[str]:
    """A word cut into lines of at most `width` cells (at least one character each), in one walk
    over it: a 16-million-letter word costs as much per letter as a short one."""
    if word.isascii():
        return [word[i : i + width] for i in range(0, len(word), width)] or [word]
    pieces: list[str] = []
    start, used = 0, 0
    for index, char in enumerate(word):
        size = _char_width(char)
        if used + size > width and index > start:
            pieces.append(word[start:index])
            start, used = index, 0
        used += size
    pieces.append(word[start:])
    return pieces


def cell_width(text: str) -> int:
    """Columns the text takes on a terminal: wide East Asian characters take two, marks none."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if char.isascii():
        return 1
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
