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
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from . import plain


def to_rich(block: plain.Block, width: int | None = None) -> RenderableType:
    """The Rich renderable for a view block; at a `width` too narrow for a table's words, the
    table as a list (see plain.fits)."""
    if isinstance(block, plain.Styled):
        return _text(block)
    if isinstance(block, plain.Table):
        if width is not None and len(block.columns) > 1 and not plain.fits(block, width):
            return _stacked(block)
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
    return Group(*(to_rich(inner, width) for inner in block.blocks))


def _stacked(block: plain.Table) -> RenderableType:
    """A table as a list: each row's name, then each other column as `Header: cell`."""
    parts: list[RenderableType] = [_text(block.title), Text("")]
    for pairs in plain.stacked_rows(block):
        for header, cell in pairs:
            if header is None:
                parts.append(Padding(_text(cell), (0, 0, 0, 1), expand=False))
                continue
            line = Text()
            label = " ".join(header.plain.split())
            if label:
                line.append(f"{label}: ", "bold")
            line.append_text(_text(cell))
            parts.append(Padding(line, (0, 0, 0, 3), expand=False))
        parts.append(Text(""))
    if block.caption is not None:
        parts.append(_text(block.caption))
    return Group(*parts)


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

    buffer = io.StringIO()
    make_console(file=buffer, color=color, width=width).print(to_rich(block, width))
    return buffer.getvalue()
