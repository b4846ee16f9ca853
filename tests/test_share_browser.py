"""The HTML page in a real headless browser (Debian's chromium, driven by Playwright): it
renders, shows the notice first, and asks for nothing over the network. Skipped, with the
reason, where Playwright or chromium is not installed (.ci/run installs both)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from livertx import NOTICE

from .conftest import invoke

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[browser]')"
)
if not Path(CHROMIUM).exists():
    pytest.skip("no chromium browser installed (apt-get install chromium)", allow_module_level=True)


@pytest.mark.parametrize(
    ("args", "width"),
    [(("stage", "advanced"), 390), (("explain", "tace"), 1024), (("sources",), 390)],
)
def test_the_page_renders_shows_the_notice_and_requests_nothing(
    runner: Any, tmp_path: Path, args: tuple[str, ...], width: int
) -> None:
    page_file = tmp_path / "page.html"
    assert invoke(runner, *args, "--format", "html", "-o", str(page_file)).exit_code == 0
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": width, "height": 800},
        )
        try:
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            notice = page.locator("#notice")
            assert notice.is_visible()
            assert notice.inner_text() == NOTICE
            box = notice.bounding_box()
            assert box is not None and box["y"] < 100  # at the top of the page
            assert box["x"] + box["width"] <= width  # fits a phone's width
            assert page.locator("h2#sources + ul li").count() >= 1
            if args[0] == "stage":
                assert page.locator("table.matrix tbody tr").count() > 10
        finally:
            context.close()
    assert requests == [page_file.as_uri()]
