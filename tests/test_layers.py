"""The package's layers: imports run one way only (cli -> render -> answers -> query -> catalog), with no cycles.

Every import that runs counts, at the top of a module or inside a function, so that a newcomer can
read the flow from the tree: a module never needs one that needs it back. Imports under
`if TYPE_CHECKING:` never run and name types only; they are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "livertx"
LAYERS = ("catalog", "query", "answers", "render", "cli")
"""Lowest first: a layer may import the layers before it, never one after it."""


def _module_name(path: Path) -> str:
    parts = ["livertx", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """The livertx modules that one module imports, anywhere in its text."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):  # drop the `if TYPE_CHECKING:` blocks
        if (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
        ):
            node.body = []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("livertx"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            elif node.module and node.module.startswith("livertx"):
                target = node.module
            else:
                continue
            for alias in node.names:  # `from . import rules` imports the module livertx.<...>.rules
                found.add(
                    f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target
                )
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_the_graph_sees_the_imports_it_should() -> None:
    # A check that found no edges would pass vacuously: pin a few that must be there.
    assert "livertx.catalog.model" in GRAPH["livertx.catalog.build"]
    assert (
        "livertx.catalog.rules" in GRAPH["livertx.catalog.load"]
    )  # a function-level `from . import rules`
    assert "livertx.query" in GRAPH["livertx.render.views"]
    assert "livertx.answers.stage" in GRAPH["livertx.render.views"]
    assert "livertx.query" in GRAPH["livertx.answers.stage"] or any(
        m.startswith("livertx.query.") for m in GRAPH["livertx.answers.stage"]
    )
    assert {"livertx.cli.output", "livertx.cli.completion"} <= GRAPH["livertx.cli.app"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_layer_above_its_own(module: str) -> None:
    own = _layer(module)
    if own is None:
        return  # livertx itself (lazy names only) and livertx.textsafe (imports nothing of ours)
    above = sorted(m for m in GRAPH[module] if (layer := _layer(m)) is not None and layer > own)
    assert above == [], f"{module} imports {above}, which belong to a layer above {LAYERS[own]}"


def test_no_module_imports_one_that_imports_it_back() -> None:
    cycles = []
    for start in GRAPH:
        stack, seen = [(start, (start,))], set()
        while stack:
            module, path = stack.pop()
            for target in GRAPH[module]:
                if target == start:
                    cycles.append(" -> ".join((*path, start)))
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, (*path, target)))
    assert cycles == []


def test_the_leaf_modules_import_nothing_of_livertx() -> None:
    assert GRAPH["livertx.textsafe"] == set()
    assert GRAPH["livertx"] == set()  # its public names are loaded lazily, by name
    assert "livertx.catalog.index" not in GRAPH["livertx.catalog.model"]  # only under TYPE_CHECKING
