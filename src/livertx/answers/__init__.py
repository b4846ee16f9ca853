"""The typed answers: one per command, each built once from the query layer, with every fact,
status word and shared sentence decided here. Every format (livertx.render) draws one of them,
as a `Drawing`: one function for each kind of answer, every one of them required, so that mypy
fails on a format that forgets one.

To add an answer: a `typing.NamedTuple` (immutable, compared by value, like the catalog's
records) and its builder in a module here, one more member of `Answer` and one more parameter of
`Drawing`, then its function in each format (mypy lists the ones still missing). Not a dataclass: every command imports every answer
class, and a frozen dataclass compiles its generated methods at each start (0.7 ms a class); a
reading worked out only for some formats is a plain `@property` (a NamedTuple has nowhere to
cache one), and `answer._replace(...)` makes a changed copy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from .catalog_text import SearchAnswer, SourcesAnswer
from .compare import CompareAnswer
from .drug import DrugAnswer, DrugsAnswer
from .modality import ExplainAnswer, ModalitiesAnswer
from .stage import StageAnswer, StagesAnswer

Answer = (
    StageAnswer
    | StagesAnswer
    | ExplainAnswer
    | ModalitiesAnswer
    | DrugAnswer
    | DrugsAnswer
    | CompareAnswer
    | SourcesAnswer
    | SearchAnswer
)
"""Every answer a command gives that the formats draw."""


T = TypeVar("T")


class Drawing(Generic[T]):
    """A format: how it draws each kind of answer. Every function is required, in this order,
    and mypy checks each one's answer type; calling the drawing with an answer draws it."""

    __slots__ = ("_by_kind",)

    def __init__(
        self,
        stage: Callable[[StageAnswer], T],
        stages: Callable[[StagesAnswer], T],
        explain: Callable[[ExplainAnswer], T],
        modalities: Callable[[ModalitiesAnswer], T],
        drug: Callable[[DrugAnswer], T],
        drugs: Callable[[DrugsAnswer], T],
        compare: Callable[[CompareAnswer], T],
        sources: Callable[[SourcesAnswer], T],
        search: Callable[[SearchAnswer], T],
    ) -> None:
        self._by_kind: dict[type, Callable[[Any], T]] = {
            StageAnswer: stage,
            StagesAnswer: stages,
            ExplainAnswer: explain,
            ModalitiesAnswer: modalities,
            DrugAnswer: drug,
            DrugsAnswer: drugs,
            CompareAnswer: compare,
            SourcesAnswer: sources,
            SearchAnswer: search,
        }

    def __call__(self, answer: Answer) -> T:
        return self._by_kind[type(answer)](answer)


__all__ = [
    "Answer",
    "CompareAnswer",
    "Drawing",
    "DrugAnswer",
    "DrugsAnswer",
    "ExplainAnswer",
    "ModalitiesAnswer",
    "SearchAnswer",
    "SourcesAnswer",
    "StageAnswer",
    "StagesAnswer",
]
