"""The rules that span records: unique ids, references, names, review dates and quality.

Each rule has a stable code, listed in livertx.catalog.errors.RULES with the file-level and
field-level rules that livertx.catalog.load and livertx.catalog.schema apply. Findings point at the line of the record
or key concerned, taken from the line-numbered data the YAML reader gave.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from .errors import Finding
from .index import NAME_KINDS, NameTable, names_of
from .model import SECTIONS, Catalog, OptionKind, Provenance, ReviewStatus, StageKind, Status
from .review import next_review_due, review_status


def check_rules(
    catalog: Catalog, raw: Any, path: str, as_of: dt.date | None = None, strict: bool = False
) -> list[Finding]:
    """Every rule that spans records, on a catalog built from `raw` (the reader's line-numbered
    data). Review dates (LTX033) are checked only when `as_of` is given; `strict` makes an overdue
    source an error instead of a warning. When ids clash (LTX020), references cannot be resolved,
    so only that is reported."""
    rules = _Rules(path, raw)
    if rules.check(catalog) and as_of is not None:
        rules.overdue(catalog, as_of, strict)
    return rules.findings


class _Rules:
    """Applies the rules to one catalog and collects the findings with their lines."""

    def __init__(self, path: str, raw: Any) -> None:
        self.path = path
        self.raw = raw
        self.findings: list[Finding] = []

    # -- finding helpers ---------------------------------------------------------------------
    def line_for(
        self, section: str, record_id: str | None = None, key: str | None = None
    ) -> int | None:
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

    def check(self, catalog: Catalog) -> bool:
        """False when ids clash (LTX020), because references cannot be resolved then."""
        self._unique_ids("trust_tiers", catalog.trust_tiers)
        for name in SECTIONS:
            self._unique_ids(name, getattr(catalog, name))
        if any(f.code == "LTX020" for f in self.findings):
            return False
        self._check_references(catalog)
        self._check_names(catalog)
        self._check_quality(catalog)
        return True

    def overdue(self, catalog: Catalog, as_of: dt.date, strict: bool) -> None:
        policy = catalog.review_policy.dated_without_frequency
        for source in catalog.sources:
            if review_status(source, policy, as_of) is ReviewStatus.OVERDUE:
                due = next_review_due(source, policy)
                self.error(
                    "LTX033",
                    f"source {source.id!r} was due for review on {due} (as of {as_of}); re-check it against the document",
                    self.line_for("sources", source.id),
                    "error" if strict else "warning",
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

    def _ref(
        self, table: Mapping[str, Any], ident: str, what: str, section: str, owner: str, key: str
    ) -> bool:
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
                if (
                    self._ref(stages, inc, "stage", "stages", st.id, "includes")
                    and stages[inc].kind is not StageKind.STAGE
                ):
                    self.error(
                        "LTX024",
                        f"stages {st.id!r}: includes {inc!r}, which is not a stage",
                        self.line_for("stages", st.id, "includes"),
                    )
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
                self._ref(
                    tables[comp.kind], comp.id, comp.kind.value, "regimens", r.id, "components"
                )
        situation = StageKind.SITUATION
        for o in c.stage_options:
            self._ref(
                tables[o.option.kind],
                o.option.id,
                o.option.kind.value,
                "stage_options",
                o.id,
                "option",
            )
            if not o.stages and not o.situations:
                self.error(
                    "LTX024",
                    f"stage_options {o.id!r}: names no stage and no situation",
                    self.line_for("stage_options", o.id),
                )
            for sid in o.stages:
                if (
                    self._ref(stages, sid, "stage", "stage_options", o.id, "stages")
                    and stages[sid].kind is situation
                ):
                    self.error(
                        "LTX024",
                        f"stage_options {o.id!r}: {sid!r} is a situation; list it under situations",
                        self.line_for("stage_options", o.id, "stages"),
                    )
            for sid in o.situations:
                if (
                    self._ref(stages, sid, "situation", "stage_options", o.id, "situations")
                    and stages[sid].kind is not situation
                ):
                    self.error(
                        "LTX024",
                        f"stage_options {o.id!r}: {sid!r} is a stage, not a situation; list it under stages",
                        self.line_for("stage_options", o.id, "situations"),
                    )
        for cv in c.caveats:
            a = cv.applies_to
            for key, ids, table in (
                ("modalities", a.modalities, modalities),
                ("drugs", a.drugs, tables[OptionKind.DRUG]),
                ("regimens", a.regimens, tables[OptionKind.REGIMEN]),
                ("stages", a.stages, stages),
            ):
                for ident in ids:
                    self._ref(
                        table,
                        ident,
                        key.rstrip("s").replace("modalitie", "modality"),
                        "caveats",
                        cv.id,
                        "applies_to",
                    )
        sources = c.source_by_id
        for section, owner, prov in _all_provenance(c):
            for p in prov:
                if p.source not in sources:
                    self.error(
                        "LTX023",
                        f"{section} {owner!r}: provenance names the source {p.source!r}, which is not under sources",
                        self.line_for(section, owner),
                    )

    def _check_names(self, c: Catalog) -> None:
        # The catalog's own lookup tables: built once here, then kept with it.
        for section in NAME_KINDS:
            table: NameTable = names_of(c, section)
            for _key, claimants in table.conflicts():
                ids = " and ".join(repr(e.record_id) for e in claimants)
                self.error(
                    "LTX022",
                    f"{section}: the name {claimants[1].text!r} is claimed by both {ids}; keep it on one record",
                    self.line_for(section, claimants[1].record_id),
                )

    def _check_quality(self, c: Catalog) -> None:
        for section, owner, prov in _all_provenance(c):
            if not prov:
                self.error(
                    "LTX030",
                    f"{section} {owner!r}: states facts but has no provenance",
                    self.line_for(section, owner),
                )
        policy = c.review_policy.dated_without_frequency
        for s in c.sources:
            line = partial(self.line_for, "sources", s.id)  # looked up only for a finding
            dated = s.latest_date is not None
            if dated and s.undated:
                self.error(
                    "LTX031", f"source {s.id!r} gives dates but is also marked undated", line()
                )
            elif not dated and not s.undated:
                self.error(
                    "LTX031",
                    f"source {s.id!r} has no published or last_reviewed date; add one or mark it undated: true",
                    line(),
                )
            if dated:
                if s.review_frequency is None:
                    self.error(
                        "LTX032",
                        f"source {s.id!r} is dated but has no review_frequency; use the policy's ({policy.value}) with review_frequency_basis: policy",
                        line(),
                    )
                elif s.review_frequency_basis is None:
                    self.error(
                        "LTX032",
                        f"source {s.id!r} must say where its review_frequency comes from (review_frequency_basis: source or policy)",
                        line(),
                    )
                elif s.review_frequency_basis == "policy" and s.review_frequency is not policy:
                    self.error(
                        "LTX032",
                        f"source {s.id!r} takes its review frequency from the policy, which says {policy.value}, not {s.review_frequency.value}",
                        line(),
                    )
        for o in c.stage_options:
            sources = {p.source for p in o.provenance}
            if len(sources) > 1:
                self.error(
                    "LTX034",
                    f"stage option {o.id!r} cites {len(sources)} sources; record each source's statement as its own entry",
                    self.line_for("stage_options", o.id),
                )
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
                    self.error(
                        "LTX035",
                        f"{section} {owner!r}: {p.source!r} is a {tier} source and cannot make an option standard",
                        self.line_for(section, owner),
                    )
                elif promotional_tier and status in (Status.STANDARD, Status.CLINICAL_TRIAL):
                    self.error(
                        "LTX035",
                        f"{section} {owner!r}: {p.source!r} is promotional; its claim cannot be {status.value}",
                        self.line_for(section, owner),
                    )
        for d in c.drugs:
            for fieldname in ("brands", "synonyms", "short_forms"):
                if getattr(d, fieldname) and fieldname not in d.curator_supplied:
                    self.error(
                        "LTX036",
                        f"drug {d.id!r}: {fieldname} come from the curator, not the documents; list {fieldname!r} in curator_supplied",
                        self.line_for("drugs", d.id, fieldname),
                    )
        for section, records in (
            ("stages", c.stages),
            ("modalities", c.modalities),
            ("drugs", c.drugs),
            ("regimens", c.regimens),
        ):
            for record in records:
                for fieldname in record.curator_supplied:
                    attr = "drug_class" if fieldname == "class" else fieldname
                    if not getattr(record, attr, None):
                        self.error(
                            "LTX037",
                            f"{section} {record.id!r}: curator_supplied names {fieldname!r}, which the record does not have",
                            self.line_for(section, record.id, "curator_supplied"),
                        )


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
