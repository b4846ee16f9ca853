"""Regenerate docs/stage-advanced.svg: a real `livertx stage advanced` answer (the compact
default view, notice first, as a terminal shows it), drawn by Rich at 100 columns.

    python scripts/make_screenshot.py

The review date is pinned so that the picture changes only when the catalog or the renderer does.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from rich.console import Console
from rich.text import Text

from livertx import NOTICE, load_catalog
from livertx.answers.stage import stage_answer
from livertx.render.terminal import to_rich
from livertx.render.views import view

AS_OF = dt.date(2026, 11, 23)
WIDTH = 100
OUT = Path(__file__).resolve().parents[1] / "docs" / "stage-advanced.svg"


def main() -> None:
    answer = stage_answer(load_catalog(), "advanced", AS_OF)
    console = Console(
        record=True, width=WIDTH, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    console.print(Text(f"Note: {NOTICE}", style="dim"))
    console.print(to_rich(view(answer), WIDTH))
    lines = console.export_text(clear=False).count("\n")
    OUT.parent.mkdir(exist_ok=True)
    console.save_svg(str(OUT), title=f"livertx stage advanced  ({lines} lines, as of {AS_OF})")
    print(f"wrote {OUT} ({lines} lines)")


if __name__ == "__main__":
    main()
