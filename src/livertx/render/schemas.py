"""The JSON Schemas that fix the shape of every `--json` document and of the catalog itself.

They ship inside the package (`livertx/schemas/`), so an installed user can read them with
`livertx schema NAME`; in a checkout they are read from the repository's `schemas/` folder.
"""

from __future__ import annotations

from pathlib import Path

CATALOG_SCHEMA = "catalog"
"""The name under which the catalog's own schema is listed; every other name is a command's."""


def schema_root() -> Path:
    """The folder holding `catalog.schema.json` and `output/`: in the package, else the checkout."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "schemas"
    if (packaged / "catalog.schema.json").is_file():
        return packaged
    return package.parents[1] / "schemas"


def _path_of(name: str) -> Path:
    root = schema_root()
    if name == CATALOG_SCHEMA:
        return root / "catalog.schema.json"
    return root / "output" / f"{name}.schema.json"


def schema_names() -> list[str]:
    """Every schema's name: `catalog`, then one per output document (`stage`, `drug`, ...)."""
    output = sorted(
        p.name.removesuffix(".schema.json")
        for p in (schema_root() / "output").glob("*.schema.json")
    )
    return [CATALOG_SCHEMA, *output]


def schema_text(name: str) -> str:
    """The schema called `name`, as its JSON text. KeyError when there is none by that name."""
    if name not in schema_names():
        raise KeyError(name)
    return _path_of(name).read_text(encoding="utf-8")


def schema_title(name: str) -> str:
    """The schema's title: the command (or file) whose output it describes."""
    import json

    title = json.loads(schema_text(name)).get("title", "")
    return str(title)
