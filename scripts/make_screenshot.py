"""Regenerate docs/stage-advanced.svg: a real `livertx stage advanced` table, exported by Rich.

    python scripts/make_screenshot.py

The review date is pinned so that the picture changes only when the catalog or the renderer does.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from rich.console import Console
from rich.text import Text

from livertx import load_catalog
from livertx.query import caveats_for_stage, options_for_stage, resolve_stage
from livertx.render.terminal import to_rich
from livertx.render.views import render_stage

AS_OF = dt.date(2026, 11, 23)
OUT = Path(__file__).resolve().parents[1] / "docs" / "stage-advanced.svg"


LINES = 44
"""The first screen: the head and the first treatments, as a person sees it before paging."""


def main() -> None:
    catalog = load_catalog()
    stage = resolve_stage(catalog, "advanced")
    rows = options_for_stage(catalog, stage, AS_OF)
    caveats = caveats_for_stage(catalog, stage)
    full = Console(width=100, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    full.print(to_rich(render_stage(catalog, stage, rows, caveats, AS_OF), 100))
    lines = full.file.getvalue().splitlines()  # type: ignore[attr-defined]
    console = Console(
        record=True, width=100, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    for line in lines[:LINES]:
        console.print(Text.from_ansi(line))
    OUT.parent.mkdir(exist_ok=True)
    console.save_svg(
        str(OUT),
        title=f"livertx stage advanced  (first {LINES} of {len(lines)} lines, as of {AS_OF})",
    )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
