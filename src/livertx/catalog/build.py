"""Records from checked catalog data: the one place where plain data becomes typed records.

A catalog read from YAML and a catalog read from the cache are built here from the same plain
data, the output of livertx.catalog.schema's check. Nothing here looks beyond one record; the
rules that span records are in livertx.catalog.rules.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .model import (
    AppliesTo,
    Category,
    Caveat,
    CaveatKind,
    Drug,
    Fingerprint,
    Frequency,
    Modality,
    NotBrand,
    OptionKind,
    OptionRef,
    Provenance,
    Regimen,
    ReviewPolicy,
    Source,
    SourceSpelling,
    Stage,
    StageKind,
    StageOption,
    Statement,
    Status,
    StatusClaim,
    TrustTier,
)

_date = dt.date.fromisoformat


def _optional_date(text: str | None) -> dt.date | None:
    return None if text is None else _date(text)


class Builder:
    """Makes records from checked data. One builder shares one Provenance object per distinct
    {source, section}, which recurs hundreds of times in a catalog."""

    def __init__(self) -> None:
        self._interned: dict[tuple[str, str], Provenance] = {}
        self._makers: Mapping[str, Callable[[dict[str, Any]], Any]] = {
            "sources": self.source,
            "stages": self.stage,
            "categories": self.category,
            "modalities": self.modality,
            "drugs": self.drug,
            "regimens": self.regimen,
            "stage_options": self.option,
            "caveats": self.caveat,
        }

    def header(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The catalog's own fields (all but the record lists)."""
        policy = data["review_policy"]
        return {
            "schema_version": data["schema_version"],
            "version": data["version"],
            "modified": _date(data["modified"]),
            "review_policy": ReviewPolicy(
                Frequency(policy["dated_without_frequency"]), policy["rationale"]
            ),
            "trust_tiers": tuple(
                TrustTier(t["id"], t["rank"], t["description"]) for t in data["trust_tiers"]
            ),
        }

    def section(self, name: str, items: Iterable[dict[str, Any]]) -> tuple[Any, ...]:
        """The records of one section (see model.SECTIONS), in file order."""
        make = self._makers[name]
        return tuple(make(item) for item in items)

    def provenance(self, items: Iterable[dict[str, str]] | None) -> tuple[Provenance, ...]:
        out = []
        for p in items or ():
            key = (p["source"], p["section"])
            shared = self._interned.get(key)
            if shared is None:
                shared = self._interned[key] = Provenance(sys.intern(key[0]), key[1])
            out.append(shared)
        return tuple(out)

    def statements(self, items: Iterable[dict[str, Any]] | None) -> tuple[Statement, ...]:
        return tuple(
            Statement(s["text"], self.provenance(s.get("provenance"))) for s in items or ()
        )

    def category(self, c: dict[str, Any]) -> Category:
        return Category(c["id"], c["name"])

    def source(self, s: dict[str, Any]) -> Source:
        return Source(
            id=s["id"],
            title=s["title"],
            kind=s["kind"],
            tier=s["tier"],
            language=s["language"],
            audience=s["audience"],
            reviewed=_date(s["reviewed"]),
            publisher=s.get("publisher"),
            author=s.get("author"),
            url=s.get("url"),
            license=s.get("license"),
            published=_optional_date(s.get("published")),
            last_reviewed=_optional_date(s.get("last_reviewed")),
            review_frequency=Frequency(s["review_frequency"]) if "review_frequency" in s else None,
            review_frequency_basis=s.get("review_frequency_basis"),
            undated=s.get("undated", False),
            document=s.get("document"),
            fingerprints=tuple(
                Fingerprint(f["section"], f["text"], _date(f["checked"]))
                for f in s.get("fingerprints", ())
            ),
            short_name=s.get("short_name"),
        )

    def stage(self, s: dict[str, Any]) -> Stage:
        return Stage(
            id=s["id"],
            name=s["name"],
            kind=StageKind(s["kind"]),
            definition=s["definition"],
            reviewed=_date(s["reviewed"]),
            provenance=self.provenance(s.get("provenance")),
            aliases=tuple(s.get("aliases", ())),
            includes=tuple(s.get("includes", ())),
            notes=self.statements(s.get("notes")),
            curator_supplied=tuple(s.get("curator_supplied", ())),
        )

    def modality(self, m: dict[str, Any]) -> Modality:
        return Modality(
            id=m["id"],
            name=m["name"],
            category=m["category"],
            summary=m["summary"],
            statuses=tuple(
                StatusClaim(Status(c["status"]), self.provenance(c.get("provenance")))
                for c in m["statuses"]
            ),
            provenance=self.provenance(m.get("provenance")),
            reviewed=_date(m["reviewed"]),
            parent=m.get("parent"),
            aliases=tuple(m.get("aliases", ())),
            how_it_works=self.statements(m.get("how_it_works")),
            who_for=self.statements(m.get("who_for")),
            side_effects=self.statements(m.get("side_effects")),
            limits=self.statements(m.get("limits")),
            notes=self.statements(m.get("notes")),
            related=tuple(m.get("related", ())),
            curator_supplied=tuple(m.get("curator_supplied", ())),
        )

    def drug(self, d: dict[str, Any]) -> Drug:
        return Drug(
            id=d["id"],
            name=d["name"],
            drug_class=d["class"],
            modality=d["modality"],
            provenance=self.provenance(d.get("provenance")),
            reviewed=_date(d["reviewed"]),
            target=d.get("target"),
            brands=tuple(d.get("brands", ())),
            salt_forms=tuple(d.get("salt_forms", ())),
            short_forms=tuple(d.get("short_forms", ())),
            synonyms=tuple(d.get("synonyms", ())),
            source_spellings=tuple(
                SourceSpelling(sp["text"], sp["note"], self.provenance(sp.get("provenance")))
                for sp in d.get("source_spellings", ())
            ),
            notes=self.statements(d.get("notes")),
            curator_supplied=tuple(d.get("curator_supplied", ())),
            not_brands=tuple(NotBrand(n["name"], n["note"]) for n in d.get("not_brands", ())),
        )

    def regimen(self, r: dict[str, Any]) -> Regimen:
        components = tuple(
            OptionRef(OptionKind(kind), ident) for c in r["components"] for kind, ident in c.items()
        )
        return Regimen(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            components=components,
            provenance=self.provenance(r.get("provenance")),
            reviewed=_date(r["reviewed"]),
            aliases=tuple(r.get("aliases", ())),
            notes=self.statements(r.get("notes")),
            curator_supplied=tuple(r.get("curator_supplied", ())),
        )

    def option(self, o: dict[str, Any]) -> StageOption:
        ((kind, ident),) = o["option"].items()
        return StageOption(
            id=o["id"],
            option=OptionRef(OptionKind(kind), ident),
            status=Status(o["status"]),
            provenance=self.provenance(o.get("provenance")),
            reviewed=_date(o["reviewed"]),
            stages=tuple(o.get("stages", ())),
            situations=tuple(o.get("situations", ())),
            qualifier=o.get("qualifier"),
            brief=o.get("brief"),
            note=o.get("note"),
        )

    def caveat(self, c: dict[str, Any]) -> Caveat:
        applies = c["applies_to"]
        return Caveat(
            id=c["id"],
            kind=CaveatKind(c["kind"]),
            summary=c["summary"],
            applies_to=AppliesTo(
                modalities=tuple(applies.get("modalities", ())),
                drugs=tuple(applies.get("drugs", ())),
                regimens=tuple(applies.get("regimens", ())),
                stages=tuple(applies.get("stages", ())),
            ),
            statements=self.statements(c["statements"]),
            reviewed=_date(c["reviewed"]),
        )
