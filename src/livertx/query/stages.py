"""Stage answers: which options the sources give for a stage or situation, and the caveats."""

import datetime as dt
import re
from collections.abc import Sequence
from typing import NamedTuple

from ..catalog.index import StageView, name_key, named_refs, names_of, ref_key, stage_view
from ..catalog.model import Catalog, Caveat, OptionKind, Stage, StageKind, StageOption, Status
from .lookups import SourceState, source_state
from .names import NameMatch, NotFound, QueryError, clean_query, resolve_name

OTHER_STAGING = re.compile(
    r"(?:(?:bclc |tnm )?stage )?(?:[0-4]|i{1,3}|iv|one|two|three|four)[abc]?"  # stage 4, IIIA, stage two
    r"|(?:bclc )?(?:stage )?[0abcd]|bclc"  # BCLC C, stage C, C
    r"|t[0-4x][abc]?(?: ?n[0-3x])?(?: ?m[01x])?"  # T2N0M0
    r"|(?:end|final|last|terminal)(?: stage)?"
)
"""Stage names from other staging systems, which none of the documents uses (matched against
name_key of the query)."""

OTHER_STAGING_IN_TEXT = re.compile(
    r"\b(?:(?:bclc |tnm )?stage (?:[0-4]|i{1,3}|iv|one|two|three|four|[abcd]\b)[abc]?|bclc|t[0-4x][abc]? ?n[0-3x]"
    r"|end stage|terminal)\b"
)
"""The same, inside a longer query ("stage 4 liver cancer")."""

WHAT_IS_STAGED = (
    r"(?: (?:primary )?liver (?:cancer|tumou?rs?)| (?:cancer|tumou?rs?|hcc|hepatocellular carcinoma)"
    r"|(?<!liver) disease)$"
)
"""The words a person adds after a stage ("metastatic liver cancer", "recurrent disease",
"advanced HCC"); a stage not found as typed is looked up once more without them (matched
against name_key). Never "liver disease": "advanced liver disease" is cirrhosis, not cancer.
A pattern string, compiled only when a stage is not found as typed."""

LIVER_ONLY = (
    "The documents are about primary liver cancer: livertx has nothing on another cancer, or on "
    "cancer that has spread to the liver from elsewhere."
)
"""Said when a stage followed by "cancer" is not found ("metastatic breast cancer")."""

SPREAD_TO_THE_LIVER = (
    r"(?!.*\b(?:liver cancer|hcc|hepatocellular|primary)\b)"
    r".*(?:\bliver (?:metasta\w*|mets)\b|\b(?:metasta\w*|mets) (?:to|in|into) (?:the )?liver\b"
    r"|\bspread\w* (?:to|into) (?:the )?liver\b)"
)
"""Words for cancer that spread to the liver from elsewhere ("liver metastases", "colorectal
liver mets", "spread to the liver"), matched against name_key when no stage is found as typed.
The documents' "metastatic" is liver cancer that has spread from the liver: never offered for
these. Liver cancer that has spread ("liver cancer metastasis", "spread beyond the liver") is
not matched."""

SECONDARY = (
    "Cancer that began elsewhere and spread to the liver is not what the documents describe: "
    "their metastatic stage is cancer that began in the liver and spread beyond it."
)

SPREAD_FROM_THE_LIVER = r"(?=.*\b(?:liver|hcc|hepatocellular)\b).*\b(?:spread\w*|metasta\w*|mets)\b"
"""Liver cancer that has spread ("liver cancer that has spread", "spread beyond the liver"),
once SPREAD_TO_THE_LIVER has not matched: the documents' metastatic stage is named for it."""

METASTATIC = (
    "Liver cancer that has spread beyond the liver is what the documents call metastatic: "
    "`livertx stage metastatic`."
)

NOT_CANCER = r"\b(?:liver disease|cirrhosis|hepatitis|fibrosis|fatty liver)\b"
"""Liver diseases that are not cancer ("advanced liver disease" is cirrhosis)."""

NOT_A_CANCER_STAGE = (
    "Cirrhosis, hepatitis and other liver diseases are not stages of liver cancer; the documents "
    "list treatments by the stage of the cancer."
)


def stage_match(catalog: Catalog, text: str) -> NameMatch:
    """How a query names a stage, group or situation (see match_names).

    A stage from another vocabulary (numbered or BCLC stages, TNM, "end stage", "terminal") is
    never mapped onto the documents' stages: NotFound says which stages the documents use instead.
    """
    key = name_key(clean_query(text))
    other = OTHER_STAGING.fullmatch(key) or OTHER_STAGING_IN_TEXT.search(key)
    if other and not names_of(catalog, "stages").by_key.get(key):
        stages = [s for s in catalog.stages if s.kind is StageKind.STAGE]
        raise NotFound(
            f"the sources do not use stage names such as {clean_query(text)!r}: they describe "
            + ", ".join(s.name.lower() for s in stages[:-1])
            + f" and {stages[-1].name.lower()} cancer; see `livertx stage` for what each means",
            notes=[f"{s.name}: {s.definition}" for s in stages],
        )
    if re.fullmatch(
        r"(?:primary )?(?:liver )?(?:cancer|tumou?rs?|disease|hcc|carcinoma)"
        r"|(?:primary )?(?:hepatocellular carcinoma|hepatoma)",
        key,
    ):
        raise QueryError(
            f"{clean_query(text)!r} names no stage; give one, or run `livertx stage` for the "
            "groups and situations too",
            [s.id for s in catalog.stages if s.kind is StageKind.STAGE],
        )
    try:
        return resolve_name(catalog, "stages", text)
    except NotFound as missing:
        bare = re.sub(WHAT_IS_STAGED, "", key)
        if bare != key and bare:
            try:
                return resolve_name(catalog, "stages", bare)._replace(query=clean_query(text))
            except (NotFound, QueryError):
                pass
        # what was typed is not here: say what the catalog covers, and suggest no stage where
        # the words are about another illness ("liver metastases" is not the metastatic stage)
        for pattern, note in ((SPREAD_TO_THE_LIVER, SECONDARY), (NOT_CANCER, NOT_A_CANCER_STAGE)):
            if (
                re.match(pattern, key)
                if pattern is SPREAD_TO_THE_LIVER
                else re.search(pattern, key)
            ):
                raise NotFound(str(missing), (), (*missing.notes, note)) from None
        if re.match(SPREAD_FROM_THE_LIVER, key):
            raise NotFound(str(missing), ("metastatic",), (*missing.notes, METASTATIC)) from None
        if bare != key and bare:
            # "metastatic breast cancer": no liver cancer stage is suggested for another cancer
            raise NotFound(str(missing), (), (*missing.notes, LIVER_ONLY)) from None
        raise


def resolve_stage(catalog: Catalog, text: str) -> Stage:
    """A stage, group or situation by id, name or alias (any case); one slip is tolerated."""
    return catalog.stage_by_id[stage_match(catalog, text).record_id]


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


class OptionRow(NamedTuple):
    """One source's statement of one option, ready to show."""

    entry: StageOption
    kind: OptionKind
    name: str
    label: (
        str  # what sort of option it is, in words: a modality's category, a regimen's kind, "drug"
    )
    status: Status
    tier_rank: int
    sources: tuple[SourceState, ...]
    matched_stages: tuple[str, ...]


def options_for_stage(catalog: Catalog, stage: Stage, as_of: dt.date) -> list[OptionRow]:
    """Every option for a stage: most trusted sources first, standard before other statuses."""
    stage_ids, situation_ids = stage_scope(catalog, stage)
    found: dict[int, tuple[StageOption, StageView]] = {}
    for scope in stage_ids | situation_ids:
        view = stage_view(catalog, scope)
        for index, entry in view.options:
            found[index] = (entry, view)
    rows: list[tuple[tuple[int, int, int], OptionRow]] = []
    for index, (entry, view) in found.items():
        matched = tuple(s for s in entry.stages if s in stage_ids) + tuple(
            s for s in entry.situations if s in situation_ids
        )
        if not matched:
            continue
        states = tuple(source_state(catalog, p.source, as_of) for p in entry.provenance)
        rank = min(s.tier_rank for s in states)
        name, label = view.labels[ref_key(entry.option.kind, entry.option.id)]
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


def tied_elsewhere(caveat: Caveat, in_scope: frozenset[str]) -> bool:
    """Whether a caveat is tied to stages or situations that are all outside `in_scope` ("for
    recurrent cancer, sorafenib only as palliative"): it is not about this stage, even where it
    names one of its options. A caveat that holds wherever its options are listed names no stage."""
    tied = caveat.applies_to.stages
    return bool(tied) and not in_scope.intersection(tied)


def caveats_for_stage(catalog: Catalog, stage: Stage) -> list[Caveat]:
    """Caveats and conflicts for a stage answer, in catalog order: those naming the stage,
    situation or group, or any stage its scope covers (see stage_scope), and those naming an
    option that a source of low trust lists there (see StageView), so that a promotional or
    unattributed claim never stands without what is known against it; but never one tied only
    to other stages (see tied_elsewhere), which would read as being about this one."""
    stage_ids, situation_ids = stage_scope(catalog, stage)
    in_scope = stage_ids | situation_ids
    found = {
        index: caveat
        for sid in in_scope
        for index, caveat in stage_view(catalog, sid).caveats
        if not tied_elsewhere(caveat, in_scope)
    }
    return [found[index] for index in sorted(found)]


def caveat_pointers(
    catalog: Catalog, stage: Stage, caveats: Sequence[Caveat]
) -> dict[tuple[OptionKind, str], list[int]]:
    """For each treatment (kind, id), the positions in `caveats` of those that name it, but not
    of those tied to other stages only (see tied_elsewhere)."""
    stage_ids, situation_ids = stage_scope(catalog, stage)
    in_scope = stage_ids | situation_ids
    pointers: dict[tuple[OptionKind, str], list[int]] = {}
    for position, c in enumerate(caveats):
        if tied_elsewhere(c, in_scope):
            continue
        for ref in named_refs(c):
            pointers.setdefault(ref, []).append(position)
    return pointers
