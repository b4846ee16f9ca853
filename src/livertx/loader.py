"""Load a catalog file strictly: safe YAML, checked fields, resolved references, quality rules.

`load_catalog()` returns an immutable `Catalog` or raises `CatalogError`; `check_catalog()` returns
every finding (for `livertx validate`). Each rule has a stable code, listed in RULES.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from functools import partial
from pathlib import Path
from typing import Any, Iterable, Mapping

from .catalog_store import resolve_catalog_path
from .errors import CatalogError, Finding
from .names import NAME_KINDS, NameTable
from .model import (
    SECTIONS,
    AppliesTo,
    Catalog,
    Category,
    Caveat,
    CaveatKind,
    Component,
    Drug,
    Frequency,
    Modality,
    OptionKind,
    OptionRef,
    Provenance,
    Regimen,
    ReviewPolicy,
    ReviewStatus,
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

MAX_CATALOG_BYTES = 16 * 1024 * 1024
"""Catalogs larger than this are refused before they are parsed (LTX006)."""

RULES: Mapping[str, str] = {
    "LTX001": "The catalog file can be read (it exists, is a file, and is readable).",
    "LTX002": "The file is UTF-8 text with no byte-order mark and no NUL bytes.",
    "LTX003": "The file is one valid YAML document.",
    "LTX004": "No YAML anchors, aliases or tags: plain data only.",
    "LTX005": "No mapping repeats a key.",
    "LTX006": f"The file is at most {MAX_CATALOG_BYTES // (1024 * 1024)} MiB.",
    "LTX007": "The top level is a mapping with a supported schema_version.",
    "LTX010": "Every required field is present.",
    "LTX011": "No unknown fields.",
    "LTX012": "Every field has the right type (text, list, mapping, number, true/false).",
    "LTX013": "Dates are real calendar dates written YYYY-MM-DD.",
    "LTX014": "Ids and enumerated values are valid.",
    "LTX020": "Ids are unique within each kind of record.",
    "LTX021": "Every reference (tier, category, parent, related, drug, modality, regimen, stage) names a record that exists.",
    "LTX022": "No name or alias is claimed by two records of the same kind.",
    "LTX023": "Provenance names a known source.",
    "LTX024": "Stage options name at least one stage or situation, each of the right kind.",
    "LTX030": "Every record and statement that states facts has provenance.",
    "LTX031": "Every source has dates or is marked undated, not both.",
    "LTX032": "Every dated source has a review frequency; one assigned by policy matches the catalog's policy.",
    "LTX033": "No source is past its next review date (a warning; an error with --strict).",
    "LTX034": "Each stage option is one source's statement: its provenance names a single source.",
    "LTX035": "No status is upgraded: only an authoritative source can call an option standard, and a promotional source's claims are reported, supportive or promotional.",
    "LTX036": "Brand names, synonyms and short forms are marked curator-supplied.",
    "LTX037": "curator_supplied names fields that the record has.",
}


def read_catalog_text(path: Path) -> str:
    """Read the file with the size, encoding and type checks (LTX001, LTX002, LTX006)."""
    name = str(path)
    try:
        if path.is_dir():
            raise CatalogError([Finding("LTX001", "is a directory, not a catalog file; pass the YAML file inside it", name)])
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            raise CatalogError(
                [Finding("LTX006", f"is {size:,} bytes; catalogs are limited to {MAX_CATALOG_BYTES:,} bytes", name)]
            )
        with path.open("rb") as handle:
            # Read what stat reported, plus one byte to notice a file that grew past the cap.
            raw = handle.read(min(size, MAX_CATALOG_BYTES) + 1)
    except FileNotFoundError:
        raise CatalogError([Finding("LTX001", "no such file; check the path or unset LIVERTX_CATALOG", name)]) from None
    except PermissionError:
        raise CatalogError([Finding("LTX001", "cannot be read (permission denied)", name)]) from None
    except OSError as exc:
        raise CatalogError([Finding("LTX001", f"cannot be read ({exc.strerror or exc})", name)]) from None
    if len(raw) > MAX_CATALOG_BYTES:
        raise CatalogError([Finding("LTX006", f"is larger than {MAX_CATALOG_BYTES:,} bytes", name)])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise CatalogError([Finding("LTX002", "starts with a byte-order mark; save it as UTF-8 without BOM", name, 1)])
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise CatalogError([Finding("LTX002", "contains a NUL byte; it is not a text file", name, line)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogError([Finding("LTX002", f"is not valid UTF-8 (bad byte at offset {exc.start})", name, line)]) from None
    if not text.strip():
        raise CatalogError([Finding("LTX007", "is empty; a catalog needs schema_version, sources, stages and the rest", name, 1)])
    return text


def check_catalog(
    path: str | os.PathLike[str] | None = None,
    *,
    as_of: dt.date | None = None,
    strict: bool = False,
) -> tuple[Catalog | None, list[Finding]]:
    """Run every rule on a catalog file. Review status (LTX033) is checked only when `as_of` is given.

    A catalog in plain block YAML is read first by the fast reader (livertx.block_yaml), which
    keeps no line numbers; a large one is read, checked and built by two processes at once
    (livertx.split_load). Any other YAML, or any finding at all, sends the text through the
    line-numbered reader and every rule again, so that each finding points at its line.
    """
    from .block_yaml import read_block_yaml
    from .split_load import NotClean, load_split
    from .strict_yaml import YamlReadError, read_yaml

    resolved = resolve_catalog_path(path)
    name = str(resolved)
    try:
        text = read_catalog_text(resolved)
    except CatalogError as exc:
        return None, list(exc.findings)
    try:
        catalog = load_split(text, name)
        if catalog is not None:
            if as_of is None or not any(_overdue_findings(catalog, as_of, strict, _Builder(name, {}))):
                return catalog, []
            raise NotClean  # an overdue source: its finding needs its line
        data = read_block_yaml(text)
        if data is not None:
            catalog, findings = _check_data(data, name, as_of, strict)
            if not findings:
                return catalog, findings
    except NotClean:
        pass
    try:
        data = read_yaml(text, name)
    except YamlReadError as exc:
        return None, [exc.finding]
    return _check_data(data, name, as_of, strict)


def _check_data(data: Any, name: str, as_of: dt.date | None, strict: bool) -> tuple[Catalog | None, list[Finding]]:
    """The schema, the references and the quality rules, on data read from the file `name`."""
    from .schema import check_catalog_shape

    converted, findings = check_catalog_shape(data, name)
    if converted is None:
        return None, findings
    builder = _Builder(name, data)
    catalog = builder.build(converted)
    findings.extend(builder.findings)
    if catalog is not None and as_of is not None:
        findings.extend(_overdue_findings(catalog, as_of, strict, builder))
    return catalog, findings


def _overdue_findings(catalog: Catalog, as_of: dt.date, strict: bool, builder: "_Builder") -> Iterable[Finding]:
    from .review import next_review_due, review_status

    policy = catalog.review_policy.dated_without_frequency
    for source in catalog.sources:
        if review_status(source, policy, as_of) is ReviewStatus.OVERDUE:
            due = next_review_due(source, policy)
            yield Finding(
                "LTX033",
                f"source {source.id!r} was due for review on {due} (as of {as_of}); re-check it against the document",
                builder.path,
                builder.line_for("sources", source.id),
                "error" if strict else "warning",
            )


_MAKERS: Mapping[str, str] = {
    "sources": "_source",
    "stages": "_stage",
    "categories": "_category",
    "modalities": "_modality",
    "drugs": "_drug",
    "regimens": "_regimen",
    "stage_options": "_option",
    "caveats": "_caveat",
}
"""The builder method that makes one record of each section."""


class _Builder:
    """Turns checked data into records, resolving references and applying the quality rules."""

    def __init__(self, path: str, raw: Any) -> None:
        self.path = path
        self.raw = raw
        self.findings: list[Finding] = []
        # The same {source, section} recurs hundreds of times: share one object for each.
        self._interned: dict[tuple[str, str], Provenance] = {}

    # -- finding helpers ---------------------------------------------------------------------
    def line_for(self, section: str, record_id: str | None = None, key: str | None = None) -> int | None:
        """Best line for a record (by id) in a top-level list, or for a key within it."""
        top = self.raw
        items = top.get(section) if isinstance(top, dict) else None
        if not isinstance(items, list):
            return top.line_of(section) if hasattr(top, "line_of") else None
        for index, item in enumerate(items):
            if isinstance(item, dict) and item.get("id") == record_id:
                if key is not None and hasattr(item, "line_of"):
                    return int(item.line_of(key))
                return int(items.line_of(index)) if hasattr(items, "line_of") else None
        return int(items.line) if hasattr(items, "line") else None

    def error(self, code: str, message: str, line: int | None, severity: str = "error") -> None:
        self.findings.append(Finding(code, message, self.path, line, severity))

    # -- building ----------------------------------------------------------------------------
    def build(self, data: dict[str, Any]) -> Catalog | None:
        """The catalog from checked data, or None when its ids clash (LTX020); findings go to
        self.findings."""
        sections: dict[str, Any] = {name: self.section(name, data[name]) for name in SECTIONS}
        catalog = Catalog(**self.header(data), **sections, path=self.path)
        return catalog if self.check(catalog) else None

    def header(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The catalog's own fields (all but the record lists), built from checked data."""
        policy = data["review_policy"]
        return {
            "schema_version": data["schema_version"],
            "version": data["version"],
            "modified": data["modified"],
            "review_policy": ReviewPolicy(Frequency(policy["dated_without_frequency"]), policy["rationale"]),
            "trust_tiers": tuple(TrustTier(t["id"], t["rank"], t["description"]) for t in data["trust_tiers"]),
        }

    def section(self, name: str, items: Iterable[dict[str, Any]]) -> tuple[Any, ...]:
        """The records of one section from its checked items. No rule here looks beyond one
        record, so sections can be built apart (see livertx.split_load)."""
        make = getattr(self, _MAKERS[name])
        return tuple(make(item) for item in items)

    def check(self, catalog: Catalog, names_checked: Iterable[str] = ()) -> bool:
        """Every rule that spans records: unique ids, references, names, quality. False when ids
        clash (LTX020), because references cannot be resolved then. `names_checked`: kinds whose
        name table was already checked for clashes where it was built."""
        self._unique_ids("trust_tiers", catalog.trust_tiers)
        for name in SECTIONS:
            self._unique_ids(name, catalog.part(name))  # type: ignore[arg-type]
        if any(f.code == "LTX020" for f in self.findings):
            return False
        self._check_references(catalog)
        self._check_names(catalog, frozenset(names_checked))
        self._check_quality(catalog)
        return True

    def _category(self, c: dict[str, Any]) -> Category:
        return Category(c["id"], c["name"])

    def _prov(self, items: Iterable[dict[str, str]] | None) -> tuple[Provenance, ...]:
        out = []
        for p in items or ():
            key = (p["source"], p["section"])
            shared = self._interned.get(key)
            if shared is None:
                shared = self._interned[key] = Provenance(sys.intern(key[0]), key[1])
            out.append(shared)
        return tuple(out)

    def _statements(self, items: Iterable[dict[str, Any]] | None) -> tuple[Statement, ...]:
        return tuple(Statement(s["text"], self._prov(s.get("provenance"))) for s in items or ())

    def _source(self, s: dict[str, Any]) -> Source:
        return Source(
            id=s["id"],
            title=s["title"],
            kind=s["kind"],
            tier=s["tier"],
            language=s["language"],
            audience=s["audience"],
            reviewed=s["reviewed"],
            publisher=s.get("publisher"),
            author=s.get("author"),
            url=s.get("url"),
            license=s.get("license"),
            published=s.get("published"),
            last_reviewed=s.get("last_reviewed"),
            review_frequency=Frequency(s["review_frequency"]) if "review_frequency" in s else None,
            review_frequency_basis=s.get("review_frequency_basis"),
            undated=s.get("undated", False),
            document=s.get("document"),
        )

    def _stage(self, s: dict[str, Any]) -> Stage:
        return Stage(
            id=s["id"],
            name=s["name"],
            kind=StageKind(s["kind"]),
            definition=s["definition"],
            reviewed=s["reviewed"],
            provenance=self._prov(s.get("provenance")),
            aliases=s.get("aliases", ()),
            includes=s.get("includes", ()),
            notes=self._statements(s.get("notes")),
            curator_supplied=s.get("curator_supplied", ()),
        )

    def _modality(self, m: dict[str, Any]) -> Modality:
        return Modality(
            id=m["id"],
            name=m["name"],
            category=m["category"],
            summary=m["summary"],
            statuses=tuple(StatusClaim(Status(c["status"]), self._prov(c.get("provenance"))) for c in m["statuses"]),
            provenance=self._prov(m.get("provenance")),
            reviewed=m["reviewed"],
            parent=m.get("parent"),
            aliases=m.get("aliases", ()),
            how_it_works=self._statements(m.get("how_it_works")),
            who_for=self._statements(m.get("who_for")),
            side_effects=self._statements(m.get("side_effects")),
            limits=self._statements(m.get("limits")),
            notes=self._statements(m.get("notes")),
            related=m.get("related", ()),
            curator_supplied=m.get("curator_supplied", ()),
        )

    def _drug(self, d: dict[str, Any]) -> Drug:
        return Drug(
            id=d["id"],
            name=d["name"],
            drug_class=d["class"],
            modality=d["modality"],
            provenance=self._prov(d.get("provenance")),
            reviewed=d["reviewed"],
            target=d.get("target"),
            brands=d.get("brands", ()),
            salt_forms=d.get("salt_forms", ()),
            short_forms=d.get("short_forms", ()),
            synonyms=d.get("synonyms", ()),
            source_spellings=tuple(
                SourceSpelling(sp["text"], sp["note"], self._prov(sp.get("provenance")))
                for sp in d.get("source_spellings", ())
            ),
            notes=self._statements(d.get("notes")),
            curator_supplied=d.get("curator_supplied", ()),
        )

    def _regimen(self, r: dict[str, Any]) -> Regimen:
        components = tuple(Component(OptionKind(kind), ident) for c in r["components"] for kind, ident in c.items())
        return Regimen(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            components=components,
            provenance=self._prov(r.get("provenance")),
            reviewed=r["reviewed"],
            aliases=r.get("aliases", ()),
            notes=self._statements(r.get("notes")),
            curator_supplied=r.get("curator_supplied", ()),
        )

    def _option(self, o: dict[str, Any]) -> StageOption:
        ((kind, ident),) = o["option"].items()
        return StageOption(
            id=o["id"],
            option=OptionRef(OptionKind(kind), ident),
            status=Status(o["status"]),
            provenance=self._prov(o.get("provenance")),
            reviewed=o["reviewed"],
            stages=o.get("stages", ()),
            situations=o.get("situations", ()),
            qualifier=o.get("qualifier"),
            note=o.get("note"),
        )

    def _caveat(self, c: dict[str, Any]) -> Caveat:
        applies = c["applies_to"]
        return Caveat(
            id=c["id"],
            kind=CaveatKind(c["kind"]),
            summary=c["summary"],
            applies_to=AppliesTo(
                modalities=applies.get("modalities", ()),
                drugs=applies.get("drugs", ()),
                regimens=applies.get("regimens", ()),
                stages=applies.get("stages", ()),
            ),
            statements=self._statements(c["statements"]),
            reviewed=c["reviewed"],
        )

    # -- rules -------------------------------------------------------------------------------
    def _unique_ids(self, section: str, records: Iterable[Any]) -> None:
        seen: set[str] = set()
        items = self.raw.get(section, [])
        for index, record in enumerate(records):
            if record.id in seen:
                line = items.line_of(index) if hasattr(items, "line_of") else None
                self.error("LTX020", f"{section}: the id {record.id!r} is used twice", line)
            seen.add(record.id)

    def _ref(self, table: Mapping[str, Any], ident: str, what: str, section: str, owner: str, key: str) -> bool:
        if ident in table:
            return True
        self.error(
            "LTX021",
            f"{section} {owner!r}: {key} names {what} {ident!r}, which the catalog does not define",
            self.line_for(section, owner, key),
        )
        return False

    def _check_references(self, c: Catalog) -> None:
        # The id tables in locals: this walks every reference of a large catalog.
        stages, modalities = c.stage_by_id, c.modality_by_id
        for s in c.sources:
            self._ref(c.tier_by_id, s.tier, "trust tier", "sources", s.id, "tier")
        for st in c.stages:
            for inc in st.includes:
                if self._ref(stages, inc, "stage", "stages", st.id, "includes"):
                    if stages[inc].kind is not StageKind.STAGE:
                        self.error("LTX024", f"stages {st.id!r}: includes {inc!r}, which is not a stage", self.line_for("stages", st.id, "includes"))
        categories = c.category_by_id
        for m in c.modalities:
            self._ref(categories, m.category, "category", "modalities", m.id, "category")
            if m.parent is not None:
                self._ref(modalities, m.parent, "modality", "modalities", m.id, "parent")
            for rel in m.related:
                self._ref(modalities, rel, "modality", "modalities", m.id, "related")
        for d in c.drugs:
            self._ref(modalities, d.modality, "modality", "drugs", d.id, "modality")
        tables: dict[OptionKind, Mapping[str, Any]] = {
            OptionKind.MODALITY: modalities,
            OptionKind.DRUG: c.drug_by_id,
            OptionKind.REGIMEN: c.regimen_by_id,
        }
        for r in c.regimens:
            for comp in r.components:
                self._ref(tables[comp.kind], comp.id, comp.kind.value, "regimens", r.id, "components")
        situation = StageKind.SITUATION
        for o in c.stage_options:
            self._ref(tables[o.option.kind], o.option.id, o.option.kind.value, "stage_options", o.id, "option")
            if not o.stages and not o.situations:
                self.error("LTX024", f"stage_options {o.id!r}: names no stage and no situation", self.line_for("stage_options", o.id))
            for sid in o.stages:
                if self._ref(stages, sid, "stage", "stage_options", o.id, "stages"):
                    if stages[sid].kind is situation:
                        self.error("LTX024", f"stage_options {o.id!r}: {sid!r} is a situation; list it under situations", self.line_for("stage_options", o.id, "stages"))
            for sid in o.situations:
                if self._ref(stages, sid, "situation", "stage_options", o.id, "situations"):
                    if stages[sid].kind is not situation:
                        self.error("LTX024", f"stage_options {o.id!r}: {sid!r} is a stage, not a situation; list it under stages", self.line_for("stage_options", o.id, "situations"))
        for cv in c.caveats:
            a = cv.applies_to
            for key, ids, table in (
                ("modalities", a.modalities, modalities),
                ("drugs", a.drugs, tables[OptionKind.DRUG]),
                ("regimens", a.regimens, tables[OptionKind.REGIMEN]),
                ("stages", a.stages, stages),
            ):
                for ident in ids:
                    self._ref(table, ident, key.rstrip("s").replace("modalitie", "modality"), "caveats", cv.id, "applies_to")
        sources = c.source_by_id
        for section, owner, prov in _all_provenance(c):
            for p in prov:
                if p.source not in sources:
                    self.error(
                        "LTX023",
                        f"{section} {owner!r}: provenance names the source {p.source!r}, which is not under sources",
                        self.line_for(section, owner),
                    )

    def _check_names(self, c: Catalog, checked: frozenset[str] = frozenset()) -> None:
        # The catalog's own lookup tables: built once here, then kept with it (and cached).
        for section in NAME_KINDS:
            if section in checked:
                continue
            table: NameTable = getattr(c.names, section)
            for key, claimants in table.conflicts():
                ids = " and ".join(repr(e.record_id) for e in claimants)
                self.error(
                    "LTX022",
                    f"{section}: the name {claimants[1].text!r} is claimed by both {ids}; keep it on one record",
                    self.line_for(section, claimants[1].record_id),
                )

    def _check_quality(self, c: Catalog) -> None:
        for section, owner, prov in _all_provenance(c):
            if not prov:
                self.error("LTX030", f"{section} {owner!r}: states facts but has no provenance", self.line_for(section, owner))
        policy = c.review_policy.dated_without_frequency
        for s in c.sources:
            line = partial(self.line_for, "sources", s.id)  # looked up only for a finding
            dated = s.latest_date is not None
            if dated and s.undated:
                self.error("LTX031", f"source {s.id!r} gives dates but is also marked undated", line())
            elif not dated and not s.undated:
                self.error("LTX031", f"source {s.id!r} has no published or last_reviewed date; add one or mark it undated: true", line())
            if dated:
                if s.review_frequency is None:
                    self.error("LTX032", f"source {s.id!r} is dated but has no review_frequency; use the policy's ({policy.value}) with review_frequency_basis: policy", line())
                elif s.review_frequency_basis is None:
                    self.error("LTX032", f"source {s.id!r} must say where its review_frequency comes from (review_frequency_basis: source or policy)", line())
                elif s.review_frequency_basis == "policy" and s.review_frequency is not policy:
                    self.error("LTX032", f"source {s.id!r} takes its review frequency from the policy, which says {policy.value}, not {s.review_frequency.value}", line())
        for o in c.stage_options:
            sources = {p.source for p in o.provenance}
            if len(sources) > 1:
                self.error("LTX034", f"stage option {o.id!r} cites {len(sources)} sources; record each source's statement as its own entry", self.line_for("stage_options", o.id))
        lowest_rank = max(t.rank for t in c.trust_tiers)
        tiers, by_id = c.tier_by_id, c.source_by_id
        for section, owner, status, prov in _all_status_claims(c):
            for p in prov:
                source = by_id.get(p.source)
                if source is None or source.tier not in tiers:
                    continue
                rank = tiers[source.tier].rank
                tier = source.tier
                promotional_tier = rank == lowest_rank
                if status is Status.STANDARD and rank != 1:
                    self.error("LTX035", f"{section} {owner!r}: {p.source!r} is a {tier} source and cannot make an option standard", self.line_for(section, owner))
                elif promotional_tier and status in (Status.STANDARD, Status.CLINICAL_TRIAL):
                    self.error("LTX035", f"{section} {owner!r}: {p.source!r} is promotional; its claim cannot be {status.value}", self.line_for(section, owner))
        for d in c.drugs:
            for fieldname in ("brands", "synonyms", "short_forms"):
                if getattr(d, fieldname) and fieldname not in d.curator_supplied:
                    self.error("LTX036", f"drug {d.id!r}: {fieldname} come from the curator, not the documents; list {fieldname!r} in curator_supplied", self.line_for("drugs", d.id, fieldname))
        for section, records in (("stages", c.stages), ("modalities", c.modalities), ("drugs", c.drugs), ("regimens", c.regimens)):
            for record in records:
                for fieldname in record.curator_supplied:
                    attr = "drug_class" if fieldname == "class" else fieldname
                    if not getattr(record, attr, None):
                        self.error("LTX037", f"{section} {record.id!r}: curator_supplied names {fieldname!r}, which the record does not have", self.line_for(section, record.id, "curator_supplied"))


def _all_provenance(c: Catalog) -> Iterable[tuple[str, str, tuple[Provenance, ...]]]:
    """Every provenance list in the catalog, with the record that owns it."""
    for s in c.stages:
        yield "stages", s.id, s.provenance
        for n in s.notes:
            yield "stages", s.id, n.provenance
    for m in c.modalities:
        yield "modalities", m.id, m.provenance
        for group in (m.how_it_works, m.who_for, m.side_effects, m.limits, m.notes):
            for st in group:
                yield "modalities", m.id, st.provenance
        for claim in m.statuses:
            yield "modalities", m.id, claim.provenance
    for d in c.drugs:
        yield "drugs", d.id, d.provenance
        for n in d.notes:
            yield "drugs", d.id, n.provenance
        for sp in d.source_spellings:
            yield "drugs", d.id, sp.provenance
    for r in c.regimens:
        yield "regimens", r.id, r.provenance
        for n in r.notes:
            yield "regimens", r.id, n.provenance
    for o in c.stage_options:
        yield "stage_options", o.id, o.provenance
    for cv in c.caveats:
        for st in cv.statements:
            yield "caveats", cv.id, st.provenance


def _all_status_claims(c: Catalog) -> Iterable[tuple[str, str, Status, tuple[Provenance, ...]]]:
    for m in c.modalities:
        for claim in m.statuses:
            yield "modalities", m.id, claim.status, claim.provenance
    for o in c.stage_options:
        yield "stage_options", o.id, o.status, o.provenance
