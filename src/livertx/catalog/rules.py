"""The rules that span records: unique ids, references, names, review dates and quality.

Each rule has a stable code, listed in livertx.catalog.errors.RULES with the file-level and
field-level rules that livertx.catalog.load and livertx.catalog.schema apply. Findings point at the line of the record
or key concerned, taken from the line-numbered data the YAML reader gave.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from .documents import heading_key
from .errors import Finding, Pos
from .index import (
    NAME_KINDS,
    NameEntry,
    NameTable,
    closest_id,
    drug_entries,
    named_entries,
    names_of,
)
from .model import SECTIONS, Catalog, OptionKind, Provenance, ReviewStatus, StageKind, Status
from .review import next_review_due, review_status
from .yaml_reader import YamlList, YamlMap


def check_rules(
    catalog: Catalog,
    raw: Any,
    path: str,
    as_of: dt.date | None = None,
    strict: bool = False,
    unchecked: Mapping[str, frozenset[str]] | None = None,
) -> list[Finding]:
    """Every rule that spans records, on a catalog built from `raw` (the reader's line-numbered
    data). Review dates (LTX033) are checked only when `as_of` is given; `strict` makes an overdue
    source an error instead of a warning. When ids clash (LTX020), references cannot be resolved,
    so only that is reported. `unchecked` names, per section, the records the field rules left
    out of `catalog` ("*": one without a usable id); a reference to one is not reported again."""
    rules = _Rules(path, raw, unchecked or {})
    if rules.check(catalog) and as_of is not None:
        rules.overdue(catalog, as_of, strict)
    return rules.findings


FORMULA_START = ("=", "+", "-", "@")
"""How a spreadsheet formula begins (OWASP's CSV injection list, tab and CR aside: the text is
stripped of those before it is checked)."""


def text_warnings(raw: Any, path: str, strict: bool = False) -> list[Finding]:
    """What may be wrong with the catalog's text, as a warning (an error with `strict`) at the
    key or item that holds it:

    LTX016: control and invisible characters (an escape sequence, a zero-width space or a bidi
    override, pasted in with a document's text or written as a YAML escape such as "\\e"). The
    views remove them and JSON escapes them, but they can hide what a text says or stop a name
    from matching. Tabs and line breaks are fine.

    LTX017: text that begins like a spreadsheet formula (`=`, `+`, `-`, `@`). CSV exports defuse
    it, but a curator should see that a pasted cell came with it."""
    import unicodedata

    from ..textsafe import CONTROL

    findings: list[Finding] = []
    severity = "error" if strict else "warning"

    def visit(value: Any, where: str, pos: Pos) -> None:
        if isinstance(value, str):
            if value.strip().startswith(FORMULA_START):
                findings.append(
                    Finding.at(
                        "LTX017",
                        f"{where} begins with {value.strip()[0]!r}, as a spreadsheet formula does; "
                        "reword it to begin with a word or a number",
                        path,
                        pos,
                        severity,
                    )
                )
            for char in dict.fromkeys(CONTROL.findall(value)):
                name = unicodedata.name(char, "")
                what = f"U+{ord(char):04X}" + (
                    f" {name}, an invisible formatting character"
                    if name
                    else ", a control character"
                )
                findings.append(
                    Finding.at(
                        "LTX016",
                        f"{where} holds {what}; delete it, since it can hide what the text says "
                        "or stop a name from matching",
                        path,
                        pos,
                        severity,
                    )
                )
        elif isinstance(value, YamlMap):
            for key, item in value.items():
                visit(item, f"{where}.{key}", value.pos_of(key))
        elif isinstance(value, YamlList):
            for index, item in enumerate(value):
                visit(item, f"{where}[{index}]", value.pos_of(index))

    visit(raw, "catalog", Pos(1))
    return findings


class _Rules:
    """Applies the rules to one catalog and collects the findings with their lines."""

    def __init__(self, path: str, raw: Any, unchecked: Mapping[str, frozenset[str]]) -> None:
        self.path = path
        self.raw = raw
        self.unchecked = unchecked
        self.findings: list[Finding] = []

    # -- finding helpers ---------------------------------------------------------------------
    def record(self, section: str, record_id: str) -> tuple[YamlList, int] | None:
        """The raw list of a section and the index of the first record with this id."""
        items = self.raw.get(section) if isinstance(self.raw, dict) else None
        if not isinstance(items, YamlList):
            return None
        for index, item in enumerate(items):
            if isinstance(item, dict) and item.get("id") == record_id:
                return items, index
        return None

    def pos_for(
        self,
        section: str,
        record_id: str | None = None,
        key: str | None = None,
        value: str | None = None,
    ) -> Pos | None:
        """Where to point for a record (by id), for one of its keys, or for a value under that
        key (a list item, or a value inside a mapping): the offending value where it can be
        found, else its key, else its record."""
        top = self.raw
        found = self.record(section, record_id) if record_id is not None else None
        if found is None:
            return top.pos_of(section) if isinstance(top, YamlMap) else None
        items, index = found
        item = items[index]
        if key is None or not isinstance(item, YamlMap):
            return items.pos_of(index)
        if value is not None:
            at = _find_value(item if key == "*" else item.get(key), value)
            if at:
                return at[0]
        return items.pos_of(index) if key == "*" else item.pos_of(key)

    def error(self, code: str, message: str, pos: Pos | None, severity: str = "error") -> None:
        self.findings.append(Finding.at(code, message, self.path, pos, severity))

    def _candidates(self, catalog: Catalog, section: str) -> list[NameEntry]:
        """What a mistyped id may have been meant as: the section's names, and the ids of its
        records that the field rules left out (`ncii` is still `nci` when nci has a bad date)."""
        left_out = self.unchecked.get(section, frozenset()) - {"*"}
        return [*_names(catalog, section), *(NameEntry(i, i, "id") for i in sorted(left_out))]

    def is_unchecked(self, section: str, ident: str) -> bool:
        """True when the field rules left this record (or one without a usable id) out."""
        left_out = self.unchecked.get(section, frozenset())
        return ident in left_out or "*" in left_out

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

    @property
    def policy_known(self) -> bool:
        """False when the catalog's review_policy was damaged and stands in (see schema)."""
        return "review_policy" not in self.unchecked.get("catalog", frozenset())

    def overdue(self, catalog: Catalog, as_of: dt.date, strict: bool) -> None:
        policy = catalog.review_policy.dated_without_frequency
        for source in catalog.sources:
            if not self.policy_known and source.review_frequency is None:
                continue  # its due date would depend on the damaged policy
            if review_status(source, policy, as_of) is ReviewStatus.OVERDUE:
                due = next_review_due(source, policy)
                self.error(
                    "LTX033",
                    f"source {source.id!r} was due for review on {due} (as of {as_of}); re-check it against the document",
                    self.pos_for("sources", source.id),
                    "error" if strict else "warning",
                )

    def _fingerprint_pos(self, source_id: str, number: int) -> Pos | None:
        found = self.record("sources", source_id)
        if found is None:
            return None
        entries = found[0][found[1]].get("fingerprints")
        if isinstance(entries, YamlList):
            return entries.pos_of(number)
        return self.pos_for("sources", source_id)

    def _check_fingerprints(self, c: Catalog) -> None:
        """LTX039 for a fingerprint of a section that no statement cites, or of one twice."""
        cited: set[tuple[str, str]] = set()
        for _section, _owner, prov in _all_provenance(c):
            cited.update((p.source, heading_key(p.section)) for p in prov)
        for source in c.sources:
            seen: set[str] = set()
            for number, fingerprint in enumerate(source.fingerprints):
                key = heading_key(fingerprint.section)
                if key in seen:
                    message = "is fingerprinted twice; keep one entry"
                elif (source.id, key) not in cited:
                    message = (
                        "is not cited by any statement of this source; a fingerprint records "
                        "the check of statements that cite the section (remove it, or correct "
                        "the section)"
                    )
                else:
                    seen.add(key)
                    continue
                self.error(
                    "LTX039",
                    f"source {source.id!r}: the fingerprinted section {fingerprint.section!r} {message}",
                    self._fingerprint_pos(source.id, number),
                )

    # -- rules -------------------------------------------------------------------------------
    def _unique_ids(self, section: str, records: Iterable[Any]) -> None:
        # Read from the file, so that a record the field rules left out counts too.
        items = self.raw.get(section) if isinstance(self.raw, dict) else None
        if not isinstance(items, YamlList):
            return
        seen: set[str] = set()
        for index, item in enumerate(items):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                self.error(
                    "LTX020", f"{section}: the id {ident!r} is used twice", items.pos_of(index)
                )
            seen.add(ident)

    def _ref(
        self,
        table: Mapping[str, Any],
        ident: str,
        what: str,
        section: str,
        owner: str,
        key: str,
        target: str,
        catalog: Catalog,
    ) -> bool:
        """True when `ident` names a record of `target`; else a finding (LTX021) at the
        reference, with the closest id of that section as a suggestion."""
        if ident in table:
            return True
        if self.is_unchecked(target, ident):
            return False  # the field rules already reported that record
        guess = closest_id(ident, self._candidates(catalog, target))
        hint = f"; did you mean {guess!r}?" if guess else ""
        self.error(
            "LTX021",
            f"{section} {owner!r}: {key} names {what} {ident!r}, which the catalog does not define{hint}",
            self.pos_for(section, owner, key, ident),
        )
        return False

    def _check_references(self, c: Catalog) -> None:
        # The id tables in locals: this walks every reference of a large catalog.
        stages, modalities = c.stage_by_id, c.modality_by_id
        ref = partial(self._ref, catalog=c)
        for s in c.sources:
            ref(c.tier_by_id, s.tier, "trust tier", "sources", s.id, "tier", "trust_tiers")
        for st in c.stages:
            for inc in st.includes:
                if (
                    ref(stages, inc, "stage", "stages", st.id, "includes", "stages")
                    and stages[inc].kind is not StageKind.STAGE
                ):
                    self.error(
                        "LTX024",
                        f"stages {st.id!r}: includes {inc!r}, which is not a stage",
                        self.pos_for("stages", st.id, "includes", inc),
                    )
        categories = c.category_by_id
        for m in c.modalities:
            ref(categories, m.category, "category", "modalities", m.id, "category", "categories")
            if m.parent is not None:
                ref(modalities, m.parent, "modality", "modalities", m.id, "parent", "modalities")
            for rel in m.related:
                ref(modalities, rel, "modality", "modalities", m.id, "related", "modalities")
        for d in c.drugs:
            ref(modalities, d.modality, "modality", "drugs", d.id, "modality", "modalities")
        tables: dict[OptionKind, Mapping[str, Any]] = {
            OptionKind.MODALITY: modalities,
            OptionKind.DRUG: c.drug_by_id,
            OptionKind.REGIMEN: c.regimen_by_id,
        }
        targets = {
            OptionKind.MODALITY: "modalities",
            OptionKind.DRUG: "drugs",
            OptionKind.REGIMEN: "regimens",
        }
        for r in c.regimens:
            for comp in r.components:
                ref(
                    tables[comp.kind],
                    comp.id,
                    comp.kind.value,
                    "regimens",
                    r.id,
                    "components",
                    targets[comp.kind],
                )
        situation = StageKind.SITUATION
        for o in c.stage_options:
            kind = o.option.kind
            ref(
                tables[kind],
                o.option.id,
                kind.value,
                "stage_options",
                o.id,
                "option",
                targets[kind],
            )
            if not o.stages and not o.situations:
                self.error(
                    "LTX024",
                    f"stage_options {o.id!r}: names no stage and no situation",
                    self.pos_for("stage_options", o.id),
                )
            for sid in o.stages:
                if (
                    ref(stages, sid, "stage", "stage_options", o.id, "stages", "stages")
                    and stages[sid].kind is situation
                ):
                    self.error(
                        "LTX024",
                        f"stage_options {o.id!r}: {sid!r} is a situation; list it under situations",
                        self.pos_for("stage_options", o.id, "stages", sid),
                    )
            for sid in o.situations:
                if (
                    ref(stages, sid, "situation", "stage_options", o.id, "situations", "stages")
                    and stages[sid].kind is not situation
                ):
                    self.error(
                        "LTX024",
                        f"stage_options {o.id!r}: {sid!r} is a stage, not a situation; list it under stages",
                        self.pos_for("stage_options", o.id, "situations", sid),
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
                    ref(
                        table,
                        ident,
                        key.rstrip("s").replace("modalitie", "modality"),
                        "caveats",
                        cv.id,
                        "applies_to",
                        key,
                    )
        self._check_provenance_sources(c)

    def _check_provenance_sources(self, c: Catalog) -> None:
        """LTX023 at each provenance entry that names an unknown source, where it stands."""
        sources = c.source_by_id
        reported: set[tuple[str, str, str]] = set()
        for section, owner, prov in _all_provenance(c):
            for p in prov:
                if p.source in sources or self.is_unchecked("sources", p.source):
                    continue
                if (section, owner, p.source) in reported:
                    continue
                reported.add((section, owner, p.source))
                guess = closest_id(p.source, self._candidates(c, "sources"))
                hint = f"; did you mean {guess!r}?" if guess else ""
                message = f"{section} {owner!r}: provenance names the source {p.source!r}, which is not under sources{hint}"
                found = self.record(section, owner)
                places: list[Pos | None] = []
                if found:
                    places.extend(_find_value(found[0][found[1]], p.source, "source"))
                for pos in places or [self.pos_for(section, owner)]:
                    self.error("LTX023", message, pos)

    def _check_names(self, c: Catalog) -> None:
        # The catalog's own lookup tables: built once here, then kept with it.
        for section in NAME_KINDS:
            table: NameTable = names_of(c, section)
            for _key, claimants in table.conflicts():
                ids = " and ".join(repr(e.record_id) for e in claimants)
                self.error(
                    "LTX022",
                    f"{section}: the name {claimants[1].text!r} is claimed by both {ids}; keep it on one record",
                    self.pos_for(section, claimants[1].record_id, "*", claimants[1].text),
                )

    def _check_quality(self, c: Catalog) -> None:
        self._check_fingerprints(c)
        for section, owner, prov in _all_provenance(c):
            if not prov:
                self.error(
                    "LTX030",
                    f"{section} {owner!r}: states facts but has no provenance",
                    self.pos_for(section, owner),
                )
        policy = c.review_policy.dated_without_frequency
        for s in c.sources:
            line = partial(self.pos_for, "sources", s.id)  # looked up only for a finding
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
                elif (
                    self.policy_known
                    and s.review_frequency_basis == "policy"
                    and s.review_frequency is not policy
                ):
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
                    self.pos_for("stage_options", o.id, "provenance"),
                )

        def status_pos(section: str, owner: str, status: Status) -> Pos | None:
            if section == "modalities":
                return self.pos_for(section, owner, "statuses", status.value)
            return self.pos_for(section, owner, "status")

        lowest_rank = max((t.rank for t in c.trust_tiers), default=0)
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
                        f"{section} {owner!r}: {p.source!r} is {'an' if str(tier)[:1] in 'aeiou' else 'a'} {tier} source and cannot make an option standard",
                        status_pos(section, owner, status),
                    )
                elif promotional_tier and status not in (Status.PROMOTIONAL, Status.SUPPORTIVE):
                    # "reported" would put a clinic's sales page beside a neutral article's.
                    self.error(
                        "LTX035",
                        f"{section} {owner!r}: {p.source!r} is promotional; its claim is promotional (or supportive), not {status.value}",
                        status_pos(section, owner, status),
                    )
        for d in c.drugs:
            for fieldname in ("brands", "synonyms", "short_forms"):
                if getattr(d, fieldname) and fieldname not in d.curator_supplied:
                    self.error(
                        "LTX036",
                        f"drug {d.id!r}: {fieldname} come from the curator, not the documents; list {fieldname!r} in curator_supplied",
                        self.pos_for("drugs", d.id, fieldname),
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
                            self.pos_for(section, record.id, "curator_supplied", fieldname),
                        )
        for o in c.stage_options:
            if o.brief is None:
                continue
            problem = None
            if o.qualifier is None:
                problem = "has a brief but no qualifier to shorten"
            elif len(o.brief) >= len(o.qualifier):
                problem = "has a brief no shorter than its qualifier"
            else:
                said = set(re.findall(r"[a-z]+", o.qualifier.lower()))
                kept = set(re.findall(r"[a-z]+", o.brief.lower()))
                lost = [w for w in BRIEF_KEEPS if w in said and w not in kept]
                if lost:
                    problem = (
                        f"has a brief that drops {', '.join(map(repr, lost))} from its qualifier"
                    )
            if problem:
                self.error(
                    "LTX044",
                    f"stage option {o.id!r} {problem}",
                    self.pos_for("stage_options", o.id, "brief"),
                )


BRIEF_KEEPS = ("reading", "only", "not", "claims")
"""Words of a qualifier that its brief must keep: that it is a reading or a claim, and its limits
("only", "not"). Whose statement it is, the compact row says by naming the source."""


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


def _find_value(node: Any, value: str, key: str | None = None) -> list[Pos]:
    """Where `value` stands inside a raw value, in file order: as a list item, or as the value
    of a key (of `key` only, when given); a key is pointed at by its own position."""
    out: list[Pos] = []
    if isinstance(node, YamlMap):
        for k, v in node.items():
            if v == value and (key is None or k == key):
                out.append(node.pos_of(k))
            elif isinstance(v, (YamlMap, YamlList)):
                out.extend(_find_value(v, value, key))
    elif isinstance(node, YamlList):
        for i, v in enumerate(node):
            if v == value and key is None:
                out.append(node.pos_of(i))
            elif isinstance(v, (YamlMap, YamlList)):
                out.extend(_find_value(v, value, key))
    return out


def _names(c: Catalog, section: str) -> list[NameEntry]:
    """The names an id of this section might have been meant as: ids, names and aliases (for
    drugs, every brand and other form too)."""
    if section in NAME_KINDS:
        records = getattr(c, section)
        entries = drug_entries(records) if section == "drugs" else named_entries(records)
        return [*(NameEntry(r.id, r.id, "id") for r in records), *entries]
    if section == "trust_tiers":
        return [NameEntry(t.id, t.id, "id") for t in c.trust_tiers]
    if section == "categories":
        return [
            e
            for g in c.categories
            for e in (NameEntry(g.id, g.id, "id"), NameEntry(g.id, g.name, "name"))
        ]
    return [NameEntry(r.id, r.id, "id") for r in getattr(c, section)]
