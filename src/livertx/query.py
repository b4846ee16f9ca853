"""Questions asked of a catalog: pure functions that return records and rows, and never print.

Name lookups go exact -> prefix -> fuzzy, and fuzzy matching (rapidfuzz) is imported only when
the cheaper lookups miss.
"""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Callable, Generic, Iterable, Mapping, Sequence, TypeVar

from .model import (
    Caveat,
    Catalog,
    Drug,
    Modality,
    OptionKind,
    OptionRef,
    Regimen,
    ReviewStatus,
    Source,
    Stage,
    StageKind,
    StageOption,
    Status,
)
from .names import NameEntry, NameTable, name_key
from .records import Record
from .review import next_review_due, review_frequency, review_status
from .textsafe import one_line

FUZZY_THRESHOLD = 70
"""Fuzzy matches scoring below this (0-100) are not claimed as matches."""

AMBIGUITY_MARGIN = 4
"""Two fuzzy candidates this close in score are too close to choose between."""

MAX_QUERY_LENGTH = 200
"""Longer queries are cut to this many characters before matching."""


class QueryError(Exception):
    """A query that cannot be answered as asked (usage error, exit code 2)."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


class NotFound(Exception):
    """Nothing in the catalog matches (exit code 1). The message says what to try instead."""


def clean_query(text: str) -> str:
    """A query on one line, without control characters, bounded to MAX_QUERY_LENGTH."""
    return one_line(text)[:MAX_QUERY_LENGTH]


def _fuzzy(query: str, table: NameTable, limit: int, by_words: bool = False) -> list[tuple[NameEntry, float]]:
    """Fuzzy candidates at or above FUZZY_THRESHOLD.

    With `by_words`, a query that is one whole word of a longer name scores as high as that
    name (token-set ratio), so "hepatectomy" fits partial and total hepatectomy equally and
    the caller can report the ambiguity instead of guessing.
    """
    from rapidfuzz import fuzz, process

    key = name_key(query)
    if not key:
        return []
    scorer = fuzz.token_set_ratio if by_words else fuzz.ratio
    found = process.extract(key, table.keys, scorer=scorer, score_cutoff=FUZZY_THRESHOLD, limit=limit)
    out: list[tuple[NameEntry, float]] = []
    for matched_key, score, _ in found:
        out.extend((entry, float(score)) for entry in table.by_key[matched_key])
    return out


def _best_per_record(hits: Iterable[tuple[NameEntry, float]]) -> list[tuple[NameEntry, float]]:
    best: dict[str, tuple[NameEntry, float]] = {}
    for entry, score in hits:
        if entry.record_id not in best or score > best[entry.record_id][1]:
            best[entry.record_id] = (entry, score)
    return sorted(best.values(), key=lambda pair: -pair[1])


def _resolve(query: str, table: NameTable, what: str, plural: str, command: str) -> str:
    """One record id for a query, or QueryError when ambiguous, NotFound when nothing fits.

    Candidates in a QueryError are record ids, which can be typed back as they are.
    """
    text = clean_query(query)
    if not text:
        raise QueryError(f"the {what} name is empty; give a name, or run `livertx {command}` to list them all")
    exact = table.exact(text)
    if exact:
        return exact[0].record_id
    prefixed = {e.record_id: e for e in table.prefixed(text)}
    if len(prefixed) == 1:
        return next(iter(prefixed))
    if len(prefixed) > 1:
        raise QueryError(f"{text!r} is the start of several {plural}' names", list(prefixed))
    ranked = _best_per_record(_fuzzy(text, table, 50, by_words=True))
    if not ranked:
        raise NotFound(f"no {what} matches {text!r}; run `livertx {command}` to list them all")
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < AMBIGUITY_MARGIN:
        top = ranked[0][1]
        ids = [e.record_id for e, score in ranked if top - score < AMBIGUITY_MARGIN]
        raise QueryError(f"{text!r} fits several {plural} about equally well", ids)
    return ranked[0][0].record_id


SUGGEST_THRESHOLD = 62
"""Names less similar than this (edit-distance ratio, 0-100) are not offered as suggestions."""


def suggest(query: str, table: NameTable, limit: int = 3) -> list[str]:
    """Ids of the records closest to a query that matched nothing, for error messages."""
    from rapidfuzz import fuzz, process

    key = name_key(clean_query(query))
    if not key:
        return []
    found = process.extract(key, table.keys, scorer=fuzz.ratio, score_cutoff=SUGGEST_THRESHOLD, limit=limit * 5)
    out: list[str] = []
    for matched_key, _score, _ in found:
        ident = table.by_key[matched_key][0].record_id
        if ident not in out:
            out.append(ident)
    return out[:limit]


# -- sources and review --------------------------------------------------------------------
class SourceState(Record):
    source: Source
    tier_rank: int
    review_frequency: str | None
    frequency_basis: str | None
    next_review: dt.date | None
    status: ReviewStatus


def source_state(catalog: Catalog, source_id: str, as_of: dt.date) -> SourceState:
    source = catalog.source_by_id[source_id]
    policy = catalog.review_policy.dated_without_frequency
    frequency = review_frequency(source, policy)
    return SourceState(
        source=source,
        tier_rank=catalog.tier_rank(source_id),
        review_frequency=frequency.value if frequency else None,
        frequency_basis=source.review_frequency_basis or ("policy" if frequency else None),
        next_review=next_review_due(source, policy),
        status=review_status(source, policy, as_of),
    )


def list_sources(catalog: Catalog, as_of: dt.date, overdue_only: bool = False) -> list[SourceState]:
    """Every source, most trusted first; with overdue_only, just the ones past their review date."""
    states = [source_state(catalog, s.id, as_of) for s in catalog.sources]
    if overdue_only:
        states = [s for s in states if s.status is ReviewStatus.OVERDUE]
    return sorted(states, key=lambda s: s.tier_rank)


# -- stages --------------------------------------------------------------------------------
def resolve_stage(catalog: Catalog, text: str) -> Stage:
    """A stage, group or situation by id, name or alias (any case); typos are tolerated."""
    table = catalog.names.stages
    try:
        return catalog.stage_by_id[_resolve(text, table, "stage", "stages", "stage")]
    except NotFound:
        near = suggest(text, table)
        hint = "" if near else "; run `livertx stage` to list the stages and situations"
        raise QueryError(f"unknown stage {clean_query(text)!r}{hint}", near) from None


def stage_scope(catalog: Catalog, stage: Stage) -> tuple[frozenset[str], frozenset[str]]:
    """Which stage ids and situation ids an option must name to belong to this stage.

    A group covers its member stages; a stage is also covered by each group that includes it,
    so `metastatic` shows what sources give for advanced disease, while `metastatic` never shows
    what a source gives only for locally advanced disease.
    """
    if stage.kind is StageKind.SITUATION:
        return frozenset(), frozenset({stage.id})
    ids = {stage.id, *stage.includes}
    ids.update(g.id for g in catalog.stages if g.kind is StageKind.GROUP and stage.id in g.includes)
    return frozenset(ids), frozenset()


class OptionRow(Record):
    """One source's statement of one option, ready to show."""

    entry: StageOption
    kind: OptionKind
    name: str
    label: str  # what sort of option it is, in words: a modality's category, a regimen's kind, "drug"
    status: Status
    tier_rank: int
    sources: tuple[SourceState, ...]
    matched_stages: tuple[str, ...]


def options_for_stage(catalog: Catalog, stage: Stage, as_of: dt.date) -> list[OptionRow]:
    """Every option for a stage: most trusted sources first, standard before other statuses."""
    stage_ids, situation_ids = stage_scope(catalog, stage)
    views = stage_views(catalog)
    found: dict[int, tuple[StageOption, StageView]] = {}
    for scope in stage_ids | situation_ids:
        view = views.get(scope)
        if view is not None:
            for index, entry in view.options:
                found[index] = (entry, view)
    rows: list[tuple[tuple[int, int, int], OptionRow]] = []
    for index, (entry, view) in found.items():
        matched = tuple(s for s in entry.stages if s in stage_ids) + tuple(s for s in entry.situations if s in situation_ids)
        if not matched:
            continue
        states = tuple(source_state(catalog, p.source, as_of) for p in entry.provenance)
        rank = min(s.tier_rank for s in states)
        name, label = view.labels[_ref_key(entry.option.kind, entry.option.id)]
        row = OptionRow(
            entry=entry,
            kind=entry.option.kind,
            name=name,
            label=label,
            status=entry.status,
            tier_rank=rank,
            sources=states,
            matched_stages=matched,
        )
        rows.append(((rank, -entry.status.rank, index), row))
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def caveats_for(
    catalog: Catalog,
    *,
    stage_ids: Iterable[str] = (),
    modality_ids: Iterable[str] = (),
    drug_ids: Iterable[str] = (),
    regimen_ids: Iterable[str] = (),
) -> list[Caveat]:
    """Caveats and conflicts that name any of the given records."""
    wanted = (set(stage_ids), set(modality_ids), set(drug_ids), set(regimen_ids))
    if not (wanted[1] or wanted[2] or wanted[3]):  # a stage's caveats: from its own view
        views = stage_views(catalog)
        found = {index: caveat for sid in wanted[0] if (view := views.get(sid)) for index, caveat in view.caveats}
        return [found[index] for index in sorted(found)]
    out = []
    for caveat in catalog.caveats:
        a = caveat.applies_to
        if (
            wanted[0] & set(a.stages)
            or wanted[1] & set(a.modalities)
            or wanted[2] & set(a.drugs)
            or wanted[3] & set(a.regimens)
        ):
            out.append(caveat)
    return out


def caveats_for_stage(catalog: Catalog, stage: Stage) -> list[Caveat]:
    """Caveats and conflicts for a stage answer: those naming the stage, situation or group, or
    any stage its scope covers (see stage_scope)."""
    stage_ids, situation_ids = stage_scope(catalog, stage)
    return caveats_for(catalog, stage_ids=stage_ids | situation_ids)


# -- modalities ----------------------------------------------------------------------------
def find_modality(catalog: Catalog, text: str) -> Modality:
    """A modality by name, alias or abbreviation, tolerating typos.

    Raises QueryError (listing candidates) when the query fits several about equally well, and
    NotFound when nothing comes close.
    """
    return catalog.modality_by_id[_resolve(text, catalog.names.modalities, "modality", "modalities", "explain")]


class ShownStatus(Record):
    status: Status
    source_id: str


def modality_status(catalog: Catalog, modality: Modality) -> ShownStatus:
    """The status the most trusted source gives; among equally trusted sources, the least established."""
    best: tuple[int, int, str, Status] | None = None
    for claim in modality.statuses:
        for p in claim.provenance:
            key = (catalog.tier_rank(p.source), claim.status.rank, p.source, claim.status)
            if best is None or key[:2] < best[:2]:
                best = key
    if best is None:  # the loader requires provenance on every claim, so this is defensive only
        return ShownStatus(modality.statuses[0].status, "")
    return ShownStatus(best[3], best[2])


def _ref_key(kind: OptionKind, ident: str) -> str:
    return f"{kind.value}:{ident}"


class Relations(Record):
    """Who points at whom, as plain ids and positions, so that the cache can keep it small.

    Keys are "kind:id" (for example "drug:sorafenib"); values are positions in the catalog's
    regimens or stage options, or stage ids in vocabulary order.
    """

    regimens_by_component: dict[str, tuple[int, ...]]
    regimen_ids_by_component: dict[str, tuple[str, ...]]
    options_by_ref: dict[str, tuple[int, ...]]
    stages_by_ref: dict[str, tuple[str, ...]]
    stage_order: dict[str, int]


def _relations(catalog: Catalog) -> Relations:
    regimens: dict[str, list[int]] = {}
    for index, r in enumerate(catalog.regimens):
        for c in r.components:
            regimens.setdefault(_ref_key(c.kind, c.id), []).append(index)
    options: dict[str, list[int]] = {}
    named: dict[str, set[str]] = {}
    for index, o in enumerate(catalog.stage_options):
        key = _ref_key(o.option.kind, o.option.id)
        options.setdefault(key, []).append(index)
        named.setdefault(key, set()).update(o.stages, o.situations)
    order = {s.id: i for i, s in enumerate(catalog.stages)}
    return Relations(
        regimens_by_component={k: tuple(v) for k, v in regimens.items()},
        regimen_ids_by_component={k: tuple(catalog.regimens[i].id for i in v) for k, v in regimens.items()},
        options_by_ref={k: tuple(v) for k, v in options.items()},
        stages_by_ref={k: tuple(sorted(v, key=order.__getitem__)) for k, v in named.items()},
        stage_order=order,
    )


def relations(catalog: Catalog) -> Relations:
    """The catalog's relation tables (built once; carried by the cache)."""
    return catalog.derived("relations", _relations)


class StageView(Record):
    """All a stage query needs about one stage or situation id: the options that name it (with
    their positions in the catalog), the name and kind of each option, and the caveats that name
    it. Kept apart per id, so that a cached catalog answers a stage query without unpickling every
    option, modality, drug and regimen."""

    options: tuple[tuple[int, StageOption], ...]
    labels: dict[str, tuple[str, str]]  # "kind:id" -> (display name, kind label)
    caveats: tuple[tuple[int, Caveat], ...]


_V = TypeVar("_V")


class PerKey(Generic[_V]):
    """A read-only table from text keys to values, each value pickled on its own: read back
    from the cache, a value is unpickled only when first asked for."""

    __slots__ = ("_values", "_blobs")

    def __init__(self, values: dict[str, _V], blobs: dict[str, bytes] | None = None) -> None:
        self._values = values
        self._blobs = blobs or {}

    def keys(self) -> set[str]:
        """Every key, whether its value is unpickled yet or not."""
        return self._values.keys() | self._blobs.keys()

    def get(self, key: str) -> _V | None:
        value = self._values.get(key)
        if value is None:
            blob = self._blobs.pop(key, None)
            if blob is not None:
                value = self._values[key] = pickle.loads(blob)
        return value

    def __reduce__(self) -> tuple[object, ...]:
        blobs = dict(self._blobs)
        blobs.update((key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) for key, value in self._values.items())
        return (PerKey, ({}, blobs))


def _option_label(catalog: Catalog, ref: OptionRef) -> tuple[str, str]:
    """An option's display name, and what sort of option it is in words."""
    if ref.kind is OptionKind.MODALITY:
        kind = catalog.category_by_id[catalog.modality_by_id[ref.id].category].name.lower()
    elif ref.kind is OptionKind.REGIMEN:
        kind = catalog.regimen_by_id[ref.id].kind
    else:
        kind = "drug"
    return catalog.option_name(ref), kind


def _stage_views(catalog: Catalog) -> PerKey[StageView]:
    options: dict[str, list[tuple[int, StageOption]]] = {}
    for index, entry in enumerate(catalog.stage_options):
        for sid in (*entry.stages, *entry.situations):
            options.setdefault(sid, []).append((index, entry))
    caveats: dict[str, list[tuple[int, Caveat]]] = {}
    for index, caveat in enumerate(catalog.caveats):
        for sid in caveat.applies_to.stages:
            caveats.setdefault(sid, []).append((index, caveat))
    every_label: dict[str, tuple[str, str]] = {}  # one per option, though it may list many stages
    views: dict[str, StageView] = {}
    for sid in options.keys() | caveats.keys():
        listed = options.get(sid, [])
        labels = {}
        for _, entry in listed:
            key = _ref_key(entry.option.kind, entry.option.id)
            label = every_label.get(key)
            if label is None:
                label = every_label[key] = _option_label(catalog, entry.option)
            labels[key] = label
        views[sid] = StageView(tuple(listed), labels, tuple(caveats.get(sid, ())))
    return PerKey(views)


def stage_views(catalog: Catalog) -> PerKey[StageView]:
    """Per stage or situation id, what a stage query needs (built once; carried by the cache)."""
    return catalog.derived("stage_views", _stage_views)


DERIVED_TABLES: Mapping[str, Callable[[Catalog], object]] = {"relations": relations, "stage_views": stage_views}
"""Each table derived from a catalog and stored with it in the cache (as "derived.<key>"), by key."""


def regimen_ids_with(catalog: Catalog, kind: OptionKind, ident: str) -> tuple[str, ...]:
    """Ids of the regimens that include this drug or modality, in catalog order."""
    return relations(catalog).regimen_ids_by_component.get(_ref_key(kind, ident), ())


def regimens_with(catalog: Catalog, kind: OptionKind, ident: str) -> list[Regimen]:
    """Regimens that include this drug or modality, in catalog order."""
    positions = relations(catalog).regimens_by_component.get(_ref_key(kind, ident), ())
    return [catalog.regimens[i] for i in positions]


def options_naming(catalog: Catalog, refs: Iterable[OptionRef]) -> list[StageOption]:
    """Stage options that offer any of these records, in catalog order."""
    table = relations(catalog).options_by_ref
    positions = sorted({i for ref in set(refs) for i in table.get(_ref_key(ref.kind, ref.id), ())})
    return [catalog.stage_options[i] for i in positions]


def drugs_and_regimens_of(catalog: Catalog, modality: Modality) -> tuple[list[Drug], list[Regimen]]:
    """The drugs of a modality, and the regimens that use the modality or one of those drugs
    (both in catalog order)."""
    drugs = [d for d in catalog.drugs if d.modality == modality.id]
    rel = relations(catalog).regimens_by_component
    keys = [_ref_key(OptionKind.MODALITY, modality.id), *(_ref_key(OptionKind.DRUG, d.id) for d in drugs)]
    positions = sorted({i for key in keys for i in rel.get(key, ())})
    return drugs, [catalog.regimens[i] for i in positions]


def modality_refs(catalog: Catalog, modality: Modality) -> list[OptionRef]:
    """The modality itself, and every regimen that uses it, as option references."""
    refs = [OptionRef(OptionKind.MODALITY, modality.id)]
    refs += [OptionRef(OptionKind.REGIMEN, r) for r in regimen_ids_with(catalog, OptionKind.MODALITY, modality.id)]
    return refs


def drug_refs(catalog: Catalog, drug: Drug) -> list[OptionRef]:
    """The drug itself, and every regimen that uses it, as option references."""
    refs = [OptionRef(OptionKind.DRUG, drug.id)]
    refs += [OptionRef(OptionKind.REGIMEN, r) for r in regimen_ids_with(catalog, OptionKind.DRUG, drug.id)]
    return refs


def stages_listing(catalog: Catalog, refs: Iterable[OptionRef]) -> list[str]:
    """Stage and situation ids where sources list any of these options, in vocabulary order."""
    rel = relations(catalog)
    named = {s for ref in refs for s in rel.stages_by_ref.get(_ref_key(ref.kind, ref.id), ())}
    return sorted(named, key=rel.stage_order.__getitem__)


# -- drugs ---------------------------------------------------------------------------------
_ALIAS_KINDS = {"generic": "generic", "brand": "brand"}


class DrugMatch(Record):
    drug: Drug
    score: int
    matched_on: str
    name_kind: str  # generic, brand, salt form, short form, synonym, source spelling
    how: str  # exact, prefix, fuzzy

    @property
    def match_type(self) -> str:
        """Which name matched (generic, brand or alias) and how: e.g. `brand-exact`."""
        return f"{_ALIAS_KINDS.get(self.name_kind, 'alias')}-{self.how}"


def search_drugs(catalog: Catalog, query: str, limit: int = 10) -> list[DrugMatch]:
    """Drugs ranked best first. Exact names score 100, prefixes 90-99, fuzzy matches 70-89.

    Nothing below FUZZY_THRESHOLD is returned; fuzzy matching runs only when exact and prefix
    lookups find nothing.
    """
    text = clean_query(query)
    table = catalog.names.drugs
    if not text:
        return []
    found: dict[str, DrugMatch] = {}

    def offer(match: DrugMatch) -> None:
        current = found.get(match.drug.id)
        if current is None or match.score > current.score:
            found[match.drug.id] = match

    for entry in table.exact(text):
        offer(DrugMatch(catalog.drug_by_id[entry.record_id], 100, entry.text, entry.name_type, "exact"))
    key = name_key(text)
    if len(key) >= 2:
        for entry in table.prefixed(text):
            if entry.record_id in found and found[entry.record_id].how == "exact":
                continue
            share = len(key) / max(len(name_key(entry.text)), 1)
            offer(DrugMatch(catalog.drug_by_id[entry.record_id], min(99, 90 + int(9 * share)), entry.text, entry.name_type, "prefix"))
    if not found:
        for entry, score in _fuzzy(text, table, max(limit * 3, 10)):
            scaled = min(89, int(round(score)))
            offer(DrugMatch(catalog.drug_by_id[entry.record_id], scaled, entry.text, entry.name_type, "fuzzy"))
    order = {d.id: i for i, d in enumerate(catalog.drugs)}
    ranked = sorted(found.values(), key=lambda m: (-m.score, order[m.drug.id]))
    return ranked[: max(limit, 0)]


# -- full-text search ----------------------------------------------------------------------
class TextHit(Record):
    kind: str  # modality, drug, regimen, stage, caveat
    id: str
    name: str
    field: str
    excerpt: str
    score: int
    source_ids: tuple[str, ...]


def _texts_of(catalog: Catalog) -> Iterable[tuple[str, str, str, str, str, tuple[str, ...]]]:
    """(kind, id, name, field, text, source ids) for every searchable piece of catalog text."""
    def ids(prov: Iterable[object]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(getattr(p, "source") for p in prov))

    for m in catalog.modalities:
        base = ids(m.provenance)
        yield "modality", m.id, m.name, "name", " ".join((m.name, *m.aliases)), base
        yield "modality", m.id, m.name, "summary", m.summary, base
        for fieldname in ("how_it_works", "who_for", "side_effects", "limits", "notes"):
            for st in getattr(m, fieldname):
                yield "modality", m.id, m.name, fieldname, st.text, ids(st.provenance)
    for d in catalog.drugs:
        names = (d.name, *d.brands, *d.salt_forms, *d.short_forms, *d.synonyms, *(s.text for s in d.source_spellings))
        yield "drug", d.id, d.name, "name", " ".join(names), ids(d.provenance)
        yield "drug", d.id, d.name, "class", f"{d.drug_class} {d.target or ''}", ids(d.provenance)
        for st in d.notes:
            yield "drug", d.id, d.name, "notes", st.text, ids(st.provenance)
    for r in catalog.regimens:
        yield "regimen", r.id, r.name, "name", " ".join((r.name, *r.aliases)), ids(r.provenance)
        for st in r.notes:
            yield "regimen", r.id, r.name, "notes", st.text, ids(st.provenance)
    for s in catalog.stages:
        yield "stage", s.id, s.name, "name", " ".join((s.name, *s.aliases)), ids(s.provenance)
        yield "stage", s.id, s.name, "definition", s.definition, ids(s.provenance)
        for st in s.notes:
            yield "stage", s.id, s.name, "notes", st.text, ids(st.provenance)
    for c in catalog.caveats:
        yield "caveat", c.id, c.summary, "summary", c.summary, ids(p for st in c.statements for p in st.provenance)
        for st in c.statements:
            yield "caveat", c.id, c.summary, "statement", st.text, ids(st.provenance)
    for o in catalog.stage_options:
        if o.qualifier:
            name = catalog.option_name(o.option)
            yield "option", o.id, name, "qualifier", o.qualifier, ids(o.provenance)


_FIELD_WEIGHT = {"name": 5, "summary": 3, "definition": 3, "class": 2}


def search_text(catalog: Catalog, text: str, limit: int = 50) -> list[TextHit]:
    """Records whose text holds every word of the query (case-insensitive), best first."""
    words = [w for w in name_key(clean_query(text)).split() if w]
    if not words:
        return []
    best: dict[tuple[str, str], TextHit] = {}
    for kind, ident, name, fieldname, body, sources in _texts_of(catalog):
        folded = name_key(body)
        if not all(w in folded for w in words):
            continue
        score = _FIELD_WEIGHT.get(fieldname, 1) * sum(folded.count(w) for w in words)
        hit = TextHit(kind, ident, name, fieldname, body, score, sources)
        current = best.get((kind, ident))
        if current is None or score > current.score:
            best[(kind, ident)] = hit
    kind_order = {"modality": 0, "drug": 1, "regimen": 2, "stage": 3, "caveat": 4, "option": 5}
    ranked = sorted(best.values(), key=lambda h: (-h.score, kind_order[h.kind], h.name.casefold()))
    return ranked[:limit]
