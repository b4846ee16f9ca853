"""Regenerate docs/stage-advanced-html.png: the `livertx stage advanced --format html` page,
drawn by a real headless chromium (Debian's package) through Playwright.

    python scripts/make_html_screenshot.py

The review date and the date the page says it was made are pinned, so the picture changes only
when the catalog or the page's renderer does.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from livertx import load_catalog
from livertx.answers.stage import stage_answer
from livertx.render.html_page import draw_html
from livertx.render.outline import handout

AS_OF = dt.date(2026, 11, 23)
OUT = Path(__file__).resolve().parents[1] / "docs" / "stage-advanced-html.png"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    answer = stage_answer(load_catalog(), "advanced", AS_OF)
    answer = answer._replace(context=answer.context._replace(made=AS_OF))
    with tempfile.TemporaryDirectory() as work, sync_playwright() as p:
        page_file = Path(work) / "advanced.html"
        page_file.write_text(draw_html(handout(answer)), encoding="utf-8")
        context = p.chromium.launch_persistent_context(
            str(Path(work) / "profile"),
            executable_path="/usr/bin/chromium",
            headless=True,
            args=FLAGS,
            viewport={"width": 1000, "height": 1100},
        )
        page = context.new_page()
        page.goto(page_file.as_uri())
        page.screenshot(path=str(OUT))
        context.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
