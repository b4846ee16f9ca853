"""The `$ livertx ...` examples of the README and of docs/*.md, run the way the README says they
were run.

    python tests/readme_examples.py     # re-run every example and write its output into the pages

tests/test_docs.py checks that each example shows what livertx prints; after a catalog or
wording change, this brings the examples up to date the same way: at 100 columns (1000 for
`validate`, one line per finding), with --as-of 2026-11-23 unless the example gives a date, with
the cache off, each page's in an empty folder of their own, in order (so that `-o` examples
write there, and one that refuses to overwrite a file sees the file). An example cut short with
a line `…` keeps as many lines as it showed; a whole example is replaced in full.
Read the diff before committing: the README is what users are shown.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a script: make `livertx` importable from a checkout
    sys.path.insert(0, str(ROOT / "src"))

from livertx.catalog.load import default_catalog_path  # noqa: E402

README = ROOT / "README.md"
# The pages users read: the README, then the reference under docs/.
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
NOTICE_LINE = (
    "Note: Educational information with its sources, not medical advice. "
    "Talk to your care team about any treatment decision."
)


def runs(line: str) -> bool:
    """Whether a console line is an example that runs on its own: no pipe, no redirect, no shell
    completion."""
    return (
        line.startswith("$ livertx ")
        and "|" not in line
        and " > " not in line
        and "completion" not in line
        and "<TAB>" not in line
    )


def printed(command: str, folder: Path, notice_first: bool) -> list[str]:
    """What the example prints, stdout then stderr, as the README shows it: the notice line only
    where the example shows it first, and the shipped catalog's path (the checkout's, or the
    installed package's, from an sdist) as `…/data/treatments.yaml`."""
    args = shlex.split(command)[1:]
    if "--as-of" not in args:
        args = ["--as-of", "2026-11-23", *args]
    columns = "1000" if "validate" in args else "100"  # one line per finding, wherever it lives
    env = {**os.environ, "COLUMNS": columns, "LIVERTX_CACHE_DIR": "off"}
    proc = subprocess.run(
        [sys.executable, "-m", "livertx", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=folder,  # where `-o` and `export` examples write; tests/ is linked in
    )
    lines = proc.stdout.rstrip("\n").split("\n") if proc.stdout else []
    lines += [line for line in proc.stderr.rstrip("\n").split("\n") if line and line != NOTICE_LINE]
    if notice_first:
        lines = [NOTICE_LINE, *lines]
    for catalog in (str(ROOT / "data" / "treatments.yaml"), str(default_catalog_path())):
        lines = [line.replace(catalog, "…/data/treatments.yaml") for line in lines]
    return lines


def example_folder(tmp: Path) -> Path:
    """An empty folder for the examples, with tests/ linked in for those that name a fixture."""
    (tmp / "tests").symlink_to(ROOT / "tests")
    return tmp


def docs_text() -> str:
    """Every page users read, README first, as one text: what the docs tests search."""
    return "\n".join(page.read_text(encoding="utf-8") for page in PAGES)


def main() -> int:
    for page in PAGES:
        rewrite(page)
    return 0


def rewrite(page: Path) -> None:
    """Re-run the examples of one page, in order, and write what they print into it."""
    lines = page.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    in_console = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = example_folder(Path(tmp))
        i = 0
        while i < len(lines):
            line = lines[i]
            out.append(line)
            i += 1
            if line.startswith("```console"):
                in_console = True
                continue
            if in_console and line.startswith("```"):
                in_console = False
                continue
            if not (in_console and runs(line)):
                continue
            shown = []
            while i < len(lines) and not (
                lines[i].startswith("$ ") or lines[i].strip() == "…" or lines[i].startswith("```")
            ):
                shown.append(lines[i])
                i += 1
            now = printed(line[2:], folder, notice_first=bool(shown) and shown[0] == NOTICE_LINE)
            cut = i < len(lines) and lines[i].strip() == "…"
            out.extend(now[: len(shown)] if cut else now)
    page.write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
