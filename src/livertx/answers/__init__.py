"""The typed answers: one per command, each built once from the query layer, with every fact,
status word and shared sentence decided here. Every format (livertx.render) draws one of them,
and handles every kind of answer: a `match` over `Answer` that ends in `assert_never`, so that
mypy fails on a format that forgets one.

To add an answer: a `typing.NamedTuple` (immutable, compared by value, like the catalog's
records) and its builder in a module here, one more member of `Answer`, then one case in each
format (mypy lists the ones still missing). Not a dataclass: every command imports every answer
class, and a frozen dataclass compiles its generated methods at each start (0.7 ms a class); a
reading worked out only for some formats is a plain `@property` (a NamedTuple has nowhere to
cache one), and `answer._replace(...)` makes a changed copy.
"""

from __future__ import annotations

from typing import NoReturn

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


def assert_never(value: NoReturn) -> NoReturn:
    """The end of a `match` over Answer: mypy reports a case that reaches it."""
    raise AssertionError(f"no format for {type(value).__name__}")


__all__ = [
    "Answer",
    "CompareAnswer",
    "DrugAnswer",
    "DrugsAnswer",
    "ExplainAnswer",
    "ModalitiesAnswer",
    "SearchAnswer",
    "SourcesAnswer",
    "StageAnswer",
    "StagesAnswer",
    "assert_never",
]
