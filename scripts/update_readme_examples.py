"""Re-run every `$ livertx ...` example in README.md and write what it prints under it.

After a catalog or wording change, `tests/test_docs.py` fails until the README shows what
livertx prints; this brings the examples up to date the same way that test runs them: at 100
columns, with --as-of 2026-11-23 unless the example gives a date, with the cache off, in an
empty folder of their own (so `-o` examples write there). An example cut short with a line `…`
keeps as many lines as it showed; a whole example is replaced in full. Read the diff before
committing: the README is what users are shown.

Usage: python scripts/update_readme_examples.py
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
NOTICE_LINE = (
    "Note: Educational information with its sources, not medical advice. "
    "Talk to your care team about any treatment decision."
)


def _runs(line: str) -> bool:
    return (
        line.startswith("$ livertx ")
        and "|" not in line
        and " > " not in line
        and "completion" not in line
        and "<TAB>" not in line
    )


def _printed(command: str, folder: Path) -> list[str]:
    args = shlex.split(command)[1:]
    if "--as-of" not in args:
        args = ["--as-of", "2026-11-23", *args]
    columns = "1000" if "validate" in args else "100"
    env = {**os.environ, "COLUMNS": columns, "LIVERTX_CACHE_DIR": "off"}
    proc = subprocess.run(
        [sys.executable, "-m", "livertx", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=folder,
    )
    printed = proc.stdout.rstrip("\n").split("\n") if proc.stdout else []
    printed += [
        line for line in proc.stderr.rstrip("\n").split("\n") if line and line != NOTICE_LINE
    ]
    catalog = str(ROOT / "data" / "treatments.yaml")
    return [line.replace(catalog, "…/data/treatments.yaml") for line in printed]


def main() -> int:
    lines = README.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    in_console = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "tests").symlink_to(ROOT / "tests")
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
            if not (in_console and _runs(line)):
                continue
            shown = []
            while i < len(lines) and not (
                lines[i].startswith("$ ") or lines[i].strip() == "…" or lines[i].startswith("```")
            ):
                shown.append(lines[i])
                i += 1
            printed = _printed(line[2:], folder)
            if shown and shown[0] == NOTICE_LINE:
                printed = [NOTICE_LINE, *printed]
            cut = i < len(lines) and lines[i].strip() == "…"
            out.extend(printed[: len(shown)] if cut else printed)
    README.write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
