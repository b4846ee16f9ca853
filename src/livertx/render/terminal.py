"""Draw livertx views with Rich, for a person at a terminal.

The views themselves (livertx.render.views) are built from livertx.render.plain blocks; this module
turns each block into its Rich counterpart. Every piece of text arrives as a `Text` span, so Rich
never reads catalog or user strings as markup. Only the terminal path imports this module.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from . import plain


def to_rich(block: plain.Block, width: int | None = None) -> RenderableType:
    """The Rich renderable for a view block. With the `width` it is drawn at, a table is laid
    out by livertx.render.plain, as for a pipe, and only painted here: the same line breaks (at
    spaces and after hyphens, never inside a word that fits), or the same list when the table is
    too narrow for its words (see plain.fits)."""
    if isinstance(block, plain.Styled):
        return _cell(block, width)
    if isinstance(block, plain.Table):
        if width is not None and not plain.fits(block, width):
            return Group(*(_text(line) for line in plain.stacked_lines(block, width)))
        widths = plain.column_widths(block, width) if width is not None else None
        table = Table(
            title=_cell(block.title, width) if block.title.plain else None,
            title_justify="left",
            box=None if block.tight else box.SIMPLE_HEAD,
            padding=(0, 1, 0, 0) if block.tight else (0, 1),
            show_lines=False,
            show_header=block.header,
            expand=widths is None,
            pad_edge=False,
            caption=_cell(block.caption, width) if block.caption is not None else None,
            caption_justify="left",
        )
        for index, column in enumerate(block.columns):
            table.add_column(
                _cell(column.header, widths[index] if widths else None),
                ratio=None if widths else column.ratio,
                width=widths[index] if widths else None,
                no_wrap=widths is not None or column.ratio is None,
                justify="right" if column.justify == "right" else "left",
                overflow="fold",
            )
        for row in block.rows:
            if row is None:
                table.add_section()
            else:
                table.add_row(
                    *(_cell(cell, widths[i] if widths else None) for i, cell in enumerate(row))
                )
        return table
    return Group(*(to_rich(inner, width) for inner in block.blocks))


def _cell(styled: plain.Styled, width: int | None) -> Text:
    """A cell's text, broken into lines as plain.wrap breaks it when the width is known."""
    if width is None:
        return _text(styled)
    out = Text()
    for i, line in enumerate(plain.wrap_styled(styled, width)):
        if i:
            out.append("\n")
        out.append_text(_text(line))
    return out


def _text(styled: plain.Styled) -> Text:
    out = Text()
    for text, style in styled.spans:
        out.append(text, style or None)
    return out


def make_console(
    file: TextIO | None = None, color: bool | None = None, width: int | None = None
) -> Console:
    """A console on stdout (or `file`). With `color` None it colours only a terminal, and
    honours NO_COLOR and TERM=dumb; True or False decide it (`--color always|never`)."""
    stream = file or sys.stdout
    try:
        is_terminal = stream.isatty()
    except (AttributeError, ValueError):
        is_terminal = False
    if color is None:
        color = is_terminal and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    return Console(
        file=stream,
        width=width or plain.columns(),  # COLUMNS, kept sane; None lets Rich ask the terminal
        # Decided here, not by Rich from the environment: a pipe gets escape codes only when
        # asked for with --color always or FORCE_COLOR.
        force_terminal=is_terminal or color,
        markup=False,
        emoji=False,
        highlight=False,
        no_color=not color,
        soft_wrap=False,
        color_system="auto" if color else None,
    )


def render_text(block: plain.Block, width: int, color: bool) -> str:
    """The view drawn by Rich into a string `width` columns wide, for a pager or a pipe."""
    import io

    width = max(width, plain.MIN_WIDTH)  # a terminal may report 0 columns (a new pty)
    buffer = io.StringIO()
    make_console(file=buffer, color=color, width=width).print(to_rich(block, width))
    return buffer.getvalue()
