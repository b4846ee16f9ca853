"""Questions about sources, modalities, drugs and catalog text: pure functions that return
records and rows, and never print."""

import datetime as dt
import re
from collections.abc import Iterable
from typing import NamedTuple, TypeVar

from ..catalog.index import LOW_TRUST_RANK, caveats_naming, name_key, names_of, ref_key, relations
from ..catalog.model import (
    MODALITY_STATEMENTS,
    Catalog,
    Caveat,
    Drug,
    Modality,
    OptionKind,
    OptionRef,
    Provenance,
    Regimen,
    ReviewStatus,
    Source,
    Stage,
    StageOption,
    Status,
    StatusClaim,
)
from ..catalog.review import next_review_due, review_frequency, review_status
from .names import NameMatch, clean_query, is_slip, resolve_name, suggest


# -- sources and review --------------------------------------------------------------------
class SourceState(NamedTuple):
    source: Source
    tier_rank: int
    review_frequency: str | None
    frequency_basis: str | None
    next_review: dt.date | None
    status: ReviewStatus
    overdue_days: int | None = None  # days past next_review, as of the answer's date

    @property
    def overdue_by(self) -> str | None:
        """How long the source has been overdue, in words: `252 days overdue`."""
        if self.overdue_days is None:
            return None
        return f"{self.overdue_days} day{'s' if self.overdue_days != 1 else ''} overdue"


def source_state(catalog: Catalog, source_id: str, as_of: dt.date) -> SourceState:
    source = catalog.source_by_id[source_id]
    policy = catalog.review_policy.dated_without_frequency
    frequency = review_frequency(source, policy)
    due = next_review_due(source, policy)
    status = review_status(source, policy, as_of)
    return SourceState(
        source=source,
        tier_rank=catalog.tier_rank(source_id),
        review_frequency=frequency.value if frequency else None,
        frequency_basis=source.review_frequency_basis or ("policy" if frequency else None),
        next_review=due,
        status=status,
        overdue_days=(as_of - due).days if status is ReviewStatus.OVERDUE and due else None,
    )


def list_sources(catalog: Catalog, as_of: dt.date, overdue_only: bool = False) -> list[SourceState]:
    """Every source, most trusted first; with overdue_only, just the ones past their review date."""
    states = [source_state(catalog, s.id, as_of) for s in catalog.sources]
    if overdue_only:
        states = [s for s in states if s.status is ReviewStatus.OVERDUE]
    return sorted(states, key=lambda s: s.tier_rank)


# -- modalities ----------------------------------------------------------------------------
def modality_match(catalog: Catalog, text: str) -> NameMatch:
    """How a query names a modality (see match_names). Raises QueryError when it fits several,
    and NotFound when the catalog has no such modality."""
    return resolve_name(catalog, "modalities", text)


def find_modality(catalog: Catalog, text: str) -> Modality:
    """A modality by name, alias or abbreviation; one slip is tolerated."""
    return catalog.modality_by_id[modality_match(catalog, text).record_id]


class ShownStatus(NamedTuple):
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


def regimen_ids_with(catalog: Catalog, kind: OptionKind, ident: str) -> tuple[str, ...]:
    """Ids of the regimens that include this drug or modality, in catalog order."""
    return tuple(relations(catalog).regimen_ids_by_component.get(ref_key(kind, ident), ()))


def regimens_with(catalog: Catalog, kind: OptionKind, ident: str) -> list[Regimen]:
    """Regimens that include this drug or modality, in catalog order."""
    positions = relations(catalog).regimens_by_component.get(ref_key(kind, ident), ())
    return [catalog.regimens[i] for i in positions]


def options_naming(catalog: Catalog, refs: Iterable[OptionRef]) -> list[StageOption]:
    """Stage options that offer any of these records, in catalog order."""
    table = relations(catalog).options_by_ref
    positions = sorted({i for ref in set(refs) for i in table.get(ref_key(ref.kind, ref.id), ())})
    return [catalog.stage_options[i] for i in positions]


class Note(NamedTuple):
    """A curator's note on a source's statements (a reading of unclear text, mostly), and the
    stage and situation ids of the statements it is about."""

    text: str
    stages: tuple[str, ...]


class SaidStatus(NamedTuple):
    """The status one source gives an option in its stage options."""

    status: Status
    source_id: str
    tier_rank: int
    notes: tuple[Note, ...] = ()
    """The curator's notes on those statements: a status shown without its reading would give
    the curator's guess as the source's word."""
    stages: tuple[str, ...] = ()
    """The stage and situation ids those statements name."""


def statuses_of(catalog: Catalog, ref: OptionRef) -> list[SaidStatus]:
    """Each status a source gives this very option (a modality, drug or regimen) for some stage or
    situation, most trusted source first; empty when no stage option names it. A regimen's and a
    drug's statuses are their own: NCI's listing of a drug never lends its status to a regimen
    that only an article names."""
    rel = relations(catalog)
    entries = rel.statuses_by_ref.get(ref_key(ref.kind, ref.id), [])

    def ordered(ids: list[str]) -> tuple[str, ...]:
        return tuple(sorted(ids, key=rel.stage_order.__getitem__))

    said = [
        SaidStatus(
            Status(status),
            source,
            catalog.tier_rank(source),
            tuple(Note(text, ordered(about)) for text, about in notes),
            ordered(stages),
        )
        for status, source, notes, stages in entries
    ]
    return sorted(said, key=lambda s: (s.tier_rank, -s.status.rank, s.source_id))


Claimed = TypeVar("Claimed", StageOption, StatusClaim)


def most_trusted_first(catalog: Catalog, claims: Iterable[Claimed]) -> list[Claimed]:
    """Stage options or status claims, most trusted source first, then most established status
    (as statuses_of orders what it gives); otherwise in catalog order."""
    return sorted(
        claims,
        key=lambda c: (min(catalog.tier_rank(p.source) for p in c.provenance), -c.status.rank),
    )


def caveats_about(catalog: Catalog, refs: Iterable[OptionRef]) -> list[Caveat]:
    """Caveats and conflicts that name any of these modalities, drugs or regimens, in catalog order."""
    found = {index: caveat for ref in refs for index, caveat in caveats_naming(catalog, ref)}
    return [found[index] for index in sorted(found)]


def caveats_for_modality(catalog: Catalog, modality: Modality) -> list[Caveat]:
    """Caveats about a modality, and about each drug and regimen shown with it."""
    drugs, regimens = drugs_and_regimens_of(catalog, modality)
    refs = [OptionRef(OptionKind.MODALITY, modality.id)]
    refs += [OptionRef(OptionKind.DRUG, d.id) for d in drugs] + [
        OptionRef(OptionKind.REGIMEN, r.id) for r in regimens
    ]
    return caveats_about(catalog, refs)


def caveats_for_drugs(catalog: Catalog, drugs: Iterable[Drug]) -> list[Caveat]:
    """Caveats about these drugs, and about each regimen that uses one of them, in catalog order."""
    return caveats_about(catalog, [ref for drug in drugs for ref in drug_refs(catalog, drug)])


def drugs_and_regimens_of(catalog: Catalog, modality: Modality) -> tuple[list[Drug], list[Regimen]]:
    """The drugs of a modality, and the regimens that use the modality or one of those drugs
    (both in catalog order)."""
    drugs = [d for d in catalog.drugs if d.modality == modality.id]
    rel = relations(catalog).regimens_by_component
    keys = [
        ref_key(OptionKind.MODALITY, modality.id),
        *(ref_key(OptionKind.DRUG, d.id) for d in drugs),
    ]
    positions = sorted({i for key in keys for i in rel.get(key, ())})
    return drugs, [catalog.regimens[i] for i in positions]


def modality_refs(catalog: Catalog, modality: Modality) -> list[OptionRef]:
    """The modality itself, and every regimen that uses it, as option references."""
    refs = [OptionRef(OptionKind.MODALITY, modality.id)]
    refs += [
        OptionRef(OptionKind.REGIMEN, r)
        for r in regimen_ids_with(catalog, OptionKind.MODALITY, modality.id)
    ]
    return refs


def drug_refs(catalog: Catalog, drug: Drug) -> list[OptionRef]:
    """The drug itself, and every regimen that uses it, as option references."""
    refs = [OptionRef(OptionKind.DRUG, drug.id)]
    refs += [
        OptionRef(OptionKind.REGIMEN, r)
        for r in regimen_ids_with(catalog, OptionKind.DRUG, drug.id)
    ]
    return refs


def stages_listing(catalog: Catalog, refs: Iterable[OptionRef]) -> list[str]:
    """Stage and situation ids where sources list any of these options, in vocabulary order."""
    rel = relations(catalog)
    named = {s for ref in refs for s in rel.stages_by_ref.get(ref_key(ref.kind, ref.id), ())}
    return sorted(named, key=rel.stage_order.__getitem__)


# -- full-text search ----------------------------------------------------------------------
class TextHit(NamedTuple):
    kind: str  # modality, drug, regimen, stage, caveat
    id: str
    name: str
    field: str
    excerpt: str
    score: int
    source_ids: tuple[str, ...]
    approximate: bool = False
    """Whether a word of the query was found only one slip away (see slipped_words)."""


SEARCH_SLIP_WORD = 6
"""A search word this long or longer that no catalog text holds is looked for one slip away
(by the slips of livertx.query.names.is_slip): `sorafinib` finds sorafenib, marked approximate."""


def _texts_of(catalog: Catalog) -> Iterable[tuple[str, str, str, str, str, tuple[str, ...]]]:
    """(kind, id, name, field, text, source ids) for every searchable piece of catalog text."""

    def ids(prov: Iterable[Provenance]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.source for p in prov))

    for m in catalog.modalities:
        base = ids(m.provenance)
        yield "modality", m.id, m.name, "name", "; ".join((m.name, *m.aliases)), base
        yield "modality", m.id, m.name, "summary", m.summary, base
        for fieldname, _title in MODALITY_STATEMENTS:
            for st in getattr(m, fieldname):
                yield "modality", m.id, m.name, fieldname, st.text, ids(st.provenance)
    for d in catalog.drugs:
        names = (
            d.name,
            *d.brands,
            *d.salt_forms,
            *d.short_forms,
            *d.synonyms,
            *(s.text for s in d.source_spellings),
        )
        yield "drug", d.id, d.name, "name", "; ".join(names), ids(d.provenance)
        yield "drug", d.id, d.name, "class", f"{d.drug_class} {d.target or ''}", ids(d.provenance)
        for st in d.notes:
            yield "drug", d.id, d.name, "notes", st.text, ids(st.provenance)
    for r in catalog.regimens:
        yield "regimen", r.id, r.name, "name", "; ".join((r.name, *r.aliases)), ids(r.provenance)
        for st in r.notes:
            yield "regimen", r.id, r.name, "notes", st.text, ids(st.provenance)
    for s in catalog.stages:
        yield "stage", s.id, s.name, "name", "; ".join((s.name, *s.aliases)), ids(s.provenance)
        yield "stage", s.id, s.name, "definition", s.definition, ids(s.provenance)
        for st in s.notes:
            yield "stage", s.id, s.name, "notes", st.text, ids(st.provenance)
    for c in catalog.caveats:
        yield (
            "caveat",
            c.id,
            c.summary,
            "summary",
            c.summary,
            ids(p for st in c.statements for p in st.provenance),
        )
        for st in c.statements:
            yield "caveat", c.id, c.summary, "statement", st.text, ids(st.provenance)
    for o in catalog.stage_options:
        if o.qualifier:
            name = catalog.option_name(o.option)
            yield "option", o.id, name, "qualifier", o.qualifier, ids(o.provenance)


_FIELD_WEIGHT = {"name": 5, "summary": 3, "definition": 3, "class": 2}


def _word_pattern(word: str) -> "re.Pattern[str]":
    # a word matches whole words of the text, or their start when it has three letters or more:
    # "c" in "stage c" is no longer found inside every word holding a c
    return re.compile(r"\b" + re.escape(word) + ("" if len(word) >= 3 else r"\b"))


def slipped_words(catalog: Catalog, text: str) -> dict[str, tuple[str, ...]]:
    """For each word of the text of SEARCH_SLIP_WORD letters or more that no catalog text holds
    (as a word or the start of one), the catalog's words one slip from it (see is_slip); words
    with none are left out."""
    words = [w for w in name_key(clean_query(text)).split() if len(w) >= SEARCH_SLIP_WORD]
    if not words:
        return {}
    folded = [name_key(body) for *_, body, _sources in _texts_of(catalog)]
    out: dict[str, tuple[str, ...]] = {}
    vocabulary: set[str] | None = None
    for word in words:
        pattern = _word_pattern(word)
        if any(pattern.search(f) for f in folded):
            continue
        if vocabulary is None:
            vocabulary = {v for f in folded for v in f.split()}
        near = tuple(sorted(v for v in vocabulary if is_slip(word, v)))
        if near:
            out[word] = near
    return out


def search_text(catalog: Catalog, text: str, limit: int | None = 50) -> list[TextHit]:
    """Records whose text holds every word of the query (case-insensitive) as a whole word, or
    as the start of a word for a query word of three letters or more, best first; at most
    `limit` (None: all). A word of SEARCH_SLIP_WORD letters or more that no text holds is
    matched by the catalog's words one slip from it (see slipped_words): every hit is then
    `approximate`."""
    words = [w for w in name_key(clean_query(text)).split() if w]
    if not words:
        return []
    slipped = slipped_words(catalog, text) if any(len(w) >= SEARCH_SLIP_WORD for w in words) else {}
    patterns = [
        re.compile(r"\b(?:" + "|".join(map(re.escape, slipped[w])) + r")\b")
        if w in slipped
        else _word_pattern(w)
        for w in words
    ]
    approximate = bool(slipped)
    best: dict[tuple[str, str], TextHit] = {}
    for kind, ident, name, fieldname, body, sources in _texts_of(catalog):
        folded = name_key(body)
        counts = [len(p.findall(folded)) for p in patterns]
        if not all(counts):
            continue
        score = _FIELD_WEIGHT.get(fieldname, 1) * sum(counts)
        hit = TextHit(kind, ident, name, fieldname, body, score, sources, approximate)
        current = best.get((kind, ident))
        if current is None or score > current.score:
            best[(kind, ident)] = hit
    kind_order = {"modality": 0, "drug": 1, "regimen": 2, "stage": 3, "caveat": 4, "option": 5}
    ranked = sorted(best.values(), key=lambda h: (-h.score, kind_order[h.kind], h.name.casefold()))
    return ranked[:limit]


def close_names(catalog: Catalog, text: str, limit: int = 5) -> list[str]:
    """Names of drugs, modalities and stages that look like a text a search found nowhere (see
    suggest), for its message: suggestions, never results."""
    out: list[str] = []
    for kind in ("drugs", "modalities", "stages"):
        for i in suggest(names_of(catalog, kind), text):
            record: Drug | Modality | Stage = (
                catalog.drug_by_id[i]
                if kind == "drugs"
                else catalog.modality_by_id[i]
                if kind == "modalities"
                else catalog.stage_by_id[i]
            )
            if record.name not in out:
                out.append(record.name)
    return out[:limit]


def caveats_for_hits(catalog: Catalog, hits: Iterable[TextHit]) -> list[Caveat]:
    """Caveats about the modalities, drugs, regimens and stage options that search hits show from
    a source of low trust (see livertx.catalog.index.LOW_TRUST_RANK); caveats found as hits
    themselves are left out."""
    refs: list[OptionRef] = []
    shown = {h.id for h in hits if h.kind == "caveat"}
    for hit in hits:
        if max((catalog.tier_rank(s) for s in hit.source_ids), default=0) < LOW_TRUST_RANK:
            continue
        if hit.kind in ("modality", "drug", "regimen"):
            refs.append(OptionRef(OptionKind(hit.kind), hit.id))
        elif hit.kind == "option":
            refs.append(next(o.option for o in catalog.stage_options if o.id == hit.id))
    return [c for c in caveats_about(catalog, refs) if c.id not in shown]
