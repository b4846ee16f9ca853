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


def to_rich(block: plain.Block) -> RenderableType:
    """The Rich renderable for a view block."""
    if isinstance(block, plain.Styled):
        return _text(block)
    if isinstance(block, plain.Table):
        table = Table(
            title=_text(block.title),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_lines=False,
            expand=True,
            pad_edge=False,
            caption=_text(block.caption) if block.caption is not None else None,
            caption_justify="left",
        )
        for column in block.columns:
            table.add_column(
                _text(column.header),
                ratio=column.ratio,
                no_wrap=column.ratio is None,
                justify="right" if column.justify == "right" else "left",
                overflow="fold",
            )
        for row in block.rows:
            if row is None:
                table.add_section()
            else:
                table.add_row(*(_text(cell) for cell in row))
        return table
    return Group(*(to_rich(inner) for inner in block.blocks))


def _text(styled: plain.Styled) -> Text:
    out = Text()
    for text, style in styled.spans:
        out.append(text, style or None)
    return out


def make_console(file: TextIO | None = None) -> Console:
    """A console on stdout (or `file`) that honours NO_COLOR and TERM=dumb, and sends no ANSI
    codes to anything that is not a terminal."""
    stream = file or sys.stdout
    no_color = "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb"
    try:
        is_terminal = stream.isatty()
    except (AttributeError, ValueError):
        is_terminal = False
    return Console(
        file=stream,
        width=plain.columns(),  # COLUMNS, kept sane; None lets Rich ask the terminal
        # Decided here, not by FORCE_COLOR: a pipe or file never receives escape codes.
        force_terminal=is_terminal,
        markup=False,
        emoji=False,
        highlight=False,
        no_color=no_color,
        soft_wrap=False,
        color_system=None if no_color else "auto",
    )


def print_view(block: plain.Block, file: TextIO | None = None) -> None:
    """Draw a view on the terminal (or on `file`)."""
    make_console(file=file).print(to_rich(block))
