"""Frozen dataclasses <-> JSON-safe values, for storing domain events and snapshots.

One codec for every service's history tables, so a round trip is exact everywhere:
datetimes as ISO-8601 with their offset, Decimals as strings (never floats), durations as
seconds, StrEnums by value, tuples as lists, nested dataclasses as objects. A class may
choose its own shape with ``to_dict()`` / ``from_dict()``. Decoding refuses missing and
unknown fields with InvalidInput naming the field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar, cast, get_args, get_origin, get_type_hints

from cskit.domain.errors import InvalidInput

T = TypeVar("T")


def to_json(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return fields_to_json(value)
    return value


def fields_to_json(instance: object) -> dict[str, object]:
    """A dataclass instance's fields (not its properties) as a JSON-safe object."""
    return {f.name: to_json(getattr(instance, f.name)) for f in dataclasses.fields(instance)}  # type: ignore[arg-type]


@cache
def _schema(cls: Any) -> tuple[dict[str, Any], tuple[str, ...]]:
    # Resolving annotations is costly and classes never change: once per class.
    return get_type_hints(cls), tuple(f.name for f in dataclasses.fields(cls))


@cache
def _defaulted(cls: Any) -> frozenset[str]:
    return frozenset(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
    )


def dataclass_from_json(cls: type[T], raw: object, name: str) -> T:
    if not isinstance(raw, Mapping):
        raise InvalidInput.on(name, "must be an object")
    hints, names = _schema(cast(Hashable, cls))
    # A field added later with a default (schema evolution) may be absent from older records.
    if missing := [n for n in names if n not in raw and n not in _defaulted(cast(Hashable, cls))]:
        raise InvalidInput.on(name, f"lacks {missing}")
    if extra := sorted(set(raw) - set(names)):
        raise InvalidInput.on(name, f"has unknown fields {extra}")
    return cls(**{n: from_json(hints[n], raw[n], n) for n in names if n in raw})


def from_json(hint: Any, raw: object, name: str) -> object:
    if isinstance(hint, type) and hasattr(hint, "from_dict"):
        if not isinstance(raw, Mapping):
            raise InvalidInput.on(name, "must be an object")
        return hint.from_dict(raw)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return dataclass_from_json(hint, raw, name)
    if get_origin(hint) is tuple:
        if not isinstance(raw, list):
            raise InvalidInput.on(name, "must be a list")
        return tuple(from_json(get_args(hint)[0], item, name) for item in raw)
    if hint is datetime:
        if not isinstance(raw, str):
            raise InvalidInput.on(name, "must be an ISO-8601 string")
        parsed = datetime.fromisoformat(raw)
        if parsed.tzinfo is None:
            raise InvalidInput.on(name, "must carry its UTC offset")
        return parsed
    if hint is Decimal:
        if not isinstance(raw, str):
            raise InvalidInput.on(name, "must be a decimal string")
        try:
            return Decimal(raw)
        except InvalidOperation as exc:
            raise InvalidInput.on(name, "must be a decimal string") from exc
    if hint is timedelta:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise InvalidInput.on(name, "must be a number of seconds")
        return timedelta(seconds=raw)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        if not isinstance(raw, str):
            raise InvalidInput.on(name, "must be a string")
        return hint(raw)
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise InvalidInput.on(name, "must be an integer")
        return raw
    if hint is str or hint is bool:
        if not isinstance(raw, hint):
            raise InvalidInput.on(name, f"must be a {hint.__name__}")
        return raw
    args = get_args(hint)
    if type(None) in args and len(args) == 2:  # Optional[X]
        return None if raw is None else from_json(next(a for a in args if a is not type(None)), raw, name)
    raise TypeError(f"no JSON decoding for {name}: {hint!r}")
