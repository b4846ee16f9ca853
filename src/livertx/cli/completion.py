"""Shell completion of stage, modality and drug names, from the catalog's own name tables."""

from __future__ import annotations

from collections.abc import Callable

import typer

from .output import load


def completer(kind: str) -> Callable[[typer.Context, str], list[str]]:
    """A completion callback for the names of one kind of record (stages, modalities, drugs)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            root_params = ctx.find_root().params
            catalog = load(ctx.params.get("catalog") or root_params.get("catalog"))
        except Exception:  # completion must never break the shell
            return []
        from ..catalog.index import name_key, names_of

        table = names_of(catalog, kind)
        prefix = name_key(incomplete)
        names = [e.text for key in table.keys if key.startswith(prefix) for e in table.by_key[key]]
        # Shells filter candidates case-sensitively: offer "nexavar" to someone typing "nex".
        shown = (n if n.startswith(incomplete) else n.lower() for n in names)
        return sorted(dict.fromkeys(n for n in shown if " " not in n or incomplete))

    return complete
