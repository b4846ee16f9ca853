"""A cheap base for immutable records: the typing of dataclasses without their import-time cost.

`@dataclass` builds each class with exec(), about a millisecond per class; livertx defines ~25
record classes and is started once per shell completion keystroke. `Record` subclasses get
__slots__, a keyword-or-positional __init__, equality, hashing, repr and pickling from plain
class attributes, and type checkers see them as frozen dataclasses (PEP 681).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, ClassVar, TypeVar

_T = TypeVar("_T")

if TYPE_CHECKING:  # pragma: no cover
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_kwargs: Any) -> Callable[[_T], _T]:
        return lambda cls: cls


class FrozenRecordError(AttributeError):
    """Raised on any attempt to change a record after it is built."""


_MISSING: Any = object()


class _RecordMeta(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> "_RecordMeta":
        own = [f for f in namespace.get("__annotations__", {}) if not _is_classvar(namespace["__annotations__"][f])]
        inherited: tuple[str, ...] = ()
        defaults: dict[str, Any] = {}
        for base in bases:
            inherited += getattr(base, "_fields", ())
            defaults.update(getattr(base, "_defaults", {}))
        for field_name in own:
            if field_name in namespace:
                defaults[field_name] = namespace.pop(field_name)
        namespace["__slots__"] = tuple(f for f in own if f not in inherited)
        namespace["_fields"] = inherited + tuple(f for f in own if f not in inherited)
        namespace["_defaults"] = defaults
        return super().__new__(mcs, name, bases, namespace)


def _is_classvar(annotation: Any) -> bool:
    return isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar"))


@dataclass_transform(frozen_default=True)
class Record(metaclass=_RecordMeta):
    """Base class: declare fields as annotations, defaults as class attributes."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]]
    _defaults: ClassVar[dict[str, Any]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._fields
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__} takes at most {len(fields)} positional arguments")
        setter = object.__setattr__
        for name, value in zip(fields, args):
            setter(self, name, value)
        for name in fields[len(args) :]:
            value = kwargs.pop(name, _MISSING)
            if value is _MISSING:
                value = self._defaults.get(name, _MISSING)
                if value is _MISSING:
                    raise TypeError(f"{type(self).__name__} is missing the field {name!r}")
            setter(self, name, value)
        if kwargs:
            raise TypeError(f"{type(self).__name__} has no field {next(iter(kwargs))!r}")
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenRecordError(f"{type(self).__name__} records cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"{type(self).__name__} records cannot be changed")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f) for f in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({inner})"

    def __getstate__(self) -> tuple[Any, ...]:
        return self._values()

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        setter = object.__setattr__
        for name, value in zip(self._fields, state):
            setter(self, name, value)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self._values()))


def _rebuild(cls: type[Record], values: tuple[Any, ...]) -> Record:
    record = cls.__new__(cls)
    record.__setstate__(values)
    return record
