"""A cheap base for immutable records: the typing of dataclasses without their import-time cost.

`@dataclass` builds each class with exec(), about a millisecond per class; livertx defines ~25
record classes and is started once per shell completion keystroke. `Record` subclasses are
tuples with a named property per field, a keyword-or-positional constructor, type-aware
equality, hashing, repr and fast pickling; type checkers see them as frozen dataclasses (PEP 681).
"""

from __future__ import annotations

from operator import itemgetter
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
        annotations = namespace.get("__annotations__", {})
        own = [f for f in annotations if not _is_classvar(annotations[f])]
        inherited: tuple[str, ...] = ()
        defaults: dict[str, Any] = {}
        for base in bases:
            inherited += getattr(base, "_fields", ())
            defaults.update(getattr(base, "_defaults", {}))
        for field_name in own:
            if field_name in namespace:
                defaults[field_name] = namespace.pop(field_name)
        fields = inherited + tuple(f for f in own if f not in inherited)
        namespace["__slots__"] = ()
        namespace["_fields"] = fields
        namespace["_defaults"] = defaults
        for index, field_name in enumerate(fields):
            namespace[field_name] = property(itemgetter(index), doc=f"Field {index}: {field_name}")
        return super().__new__(mcs, name, bases, namespace)


def _is_classvar(annotation: Any) -> bool:
    return isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar"))


@dataclass_transform(frozen_default=True)
class Record(tuple, metaclass=_RecordMeta):  # type: ignore[type-arg]
    """Base class: declare fields as annotations, defaults as class attributes.

    A record is a tuple underneath, which makes it immutable and lets pickle rebuild it with a
    single C call (the catalog cache holds about 900 of them per copy of the shipped catalog).
    Equality also compares the record type, unlike a plain tuple.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]]
    _defaults: ClassVar[dict[str, Any]]

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        fields = cls._fields
        if len(args) == len(fields) and not kwargs:  # the common cases first: all positional...
            return tuple.__new__(cls, args)
        if not args and len(kwargs) == len(fields):  # ...or all by keyword
            try:
                return tuple.__new__(cls, [kwargs[name] for name in fields])
            except KeyError:
                pass  # a misspelt field: the full path below names it
        if len(args) > len(fields):
            raise TypeError(f"{cls.__name__} takes at most {len(fields)} positional arguments")
        values = list(args)
        for name in fields[len(args) :]:
            value = kwargs.pop(name, _MISSING)
            if value is _MISSING:
                value = cls._defaults.get(name, _MISSING)
                if value is _MISSING:
                    raise TypeError(f"{cls.__name__} is missing the field {name!r}")
            values.append(value)
        if kwargs:
            raise TypeError(f"{cls.__name__} has no field {next(iter(kwargs))!r}")
        return tuple.__new__(cls, values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenRecordError(f"{type(self).__name__} records cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"{type(self).__name__} records cannot be changed")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={v!r}" for f, v in zip(self._fields, self))
        return f"{type(self).__name__}({inner})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple.__new__, (type(self), tuple(self)))
