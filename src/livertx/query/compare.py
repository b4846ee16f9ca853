"""`livertx compare`: several modalities or drugs, resolved as `explain` and `drug` resolve them,
with what each source says about each, aspect by aspect."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import NamedTuple

from ..catalog.index import names_of
from ..catalog.model import (
    MODALITY_STATEMENTS,
    Catalog,
    Caveat,
    Drug,
    Modality,
    OptionKind,
    OptionRef,
    StageOption,
    Statement,
)
from .lookups import (
    caveats_about,
    caveats_for_modality,
    drug_refs,
    drugs_and_regimens_of,
    modality_refs,
    options_naming,
)
from .names import NameMatch, NotFound, QueryError, combination_of, match_names, resolve_name

MAX_COMPARED = 6
"""More than this many side by side would not fit any screen."""


class Compared(NamedTuple):
    """One thing compared: a modality or a drug, how the query named it, and what the sources
    say of it, by aspect."""

    kind: OptionKind
    record: Modality | Drug
    match: NameMatch
    aspects: tuple[tuple[str, tuple[Statement, ...]], ...]
    options: tuple[StageOption, ...]
    caveats: tuple[Caveat, ...]


def _resolve(catalog: Catalog, names: Sequence[str], text: str) -> tuple[OptionKind, NameMatch]:
    """A modality or, failing that, a drug. An exact name of either wins over a slip of the
    other; a name of neither is a usage error that offers similar names of both, or, for a
    combination, the comparison with its parts in its place among `names`."""
    found: list[tuple[OptionKind, NameMatch]] = []
    missing: list[NotFound] = []
    for kind, table in ((OptionKind.MODALITY, "modalities"), (OptionKind.DRUG, "drugs")):
        try:
            found.append((kind, resolve_name(catalog, table, text)))
        except NotFound as exc:
            missing.append(exc)
    if not found:
        # a combination's own name or alias (never a slip of one), or its drugs named in turn
        named = {
            m.record_id
            for m in match_names(names_of(catalog, "regimens"), text)
            if m.how in ("exact", "alias")
        }
        regimen = named.pop() if len(named) == 1 else combination_of(catalog, text)
        if regimen is not None:
            r = catalog.regimen_by_id[regimen]
            parts = " ".join(
                " ".join(shlex.quote(catalog.option_name(c)) for c in r.components)
                if name == text
                else shlex.quote(name.strip())
                for name in names
            )
            raise QueryError(
                f"{text.strip()!r} is a combination ({r.name}), not one modality or drug; "
                f"compare what it combines: `livertx compare {parts}`"
            )
        # Suggestions go in the message, not in `candidates`: on exit 2 those are records the
        # query fits, and a script would take them as the answer.
        similar = list(dict.fromkeys(c for exc in missing for c in exc.candidates))
        hint = (
            f"; similar names in the catalog (suggestions, not matches): {', '.join(similar)}"
            if similar
            else ""
        )
        raise QueryError(
            f"{text.strip()!r} is neither a modality nor a drug in the catalog; "
            f"run `livertx explain` or `livertx drug` to list them{hint}"
        )
    exact = [f for f in found if f[1].how in ("exact", "alias")]
    return (exact or found)[0]


def compare_items(catalog: Catalog, names: Sequence[str]) -> list[Compared]:
    """Each name resolved (see _resolve), with its statements, the stage options that list it
    and the caveats about it. QueryError (exit 2) for fewer than two names, more than
    MAX_COMPARED, a name of nothing, or two names of one record."""
    if len(names) < 2:
        raise QueryError("compare needs two names or more, such as `livertx compare tace rfa`")
    if len(names) > MAX_COMPARED:
        raise QueryError(f"compare shows at most {MAX_COMPARED} side by side; give fewer names")
    out: list[Compared] = []
    seen: dict[tuple[OptionKind, str], str] = {}
    for text in names:
        kind, match = _resolve(catalog, names, text)
        key = (kind, match.record_id)
        if key in seen:
            raise QueryError(f"{seen[key]!r} and {text.strip()!r} both name {match.record_id}")
        seen[key] = text.strip()
        if kind is OptionKind.MODALITY:
            m = catalog.modality_by_id[match.record_id]
            refs: list[OptionRef] = modality_refs(catalog, m)
            aspects = tuple(
                (label, tuple(getattr(m, field))) for field, label in MODALITY_STATEMENTS
            )
            # A modality no source lists by its own name (immunotherapy) shows its drugs' and
            # regimens' listings, so it does not look less established than one that is listed.
            if not options_naming(catalog, refs):
                drugs, regimens = drugs_and_regimens_of(catalog, m)
                refs += [OptionRef(OptionKind.DRUG, d.id) for d in drugs]
                refs += [OptionRef(OptionKind.REGIMEN, r.id) for r in regimens]
            caveats = caveats_for_modality(catalog, m)
            record: Modality | Drug = m
        else:
            d = catalog.drug_by_id[match.record_id]
            refs = drug_refs(catalog, d)
            aspects = (("Notes", tuple(d.notes)),)
            caveats = caveats_about(catalog, refs)
            record = d
        out.append(
            Compared(
                kind, record, match, aspects, tuple(options_naming(catalog, refs)), tuple(caveats)
            )
        )
    return out
