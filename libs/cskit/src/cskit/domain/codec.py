"""Frozen dataclasses <-> JSON-safe values, for storing domain events and snapshots.

One codec for every service's history tables, so a round trip is exact everywhere:
datetimes as ISO-8601 with their offset, dates as YYYY-MM-DD, Decimals as strings (never floats), durations as
seconds, StrEnums by value, tuples as lists, nested dataclasses as objects. A class may
choose its own shape with ``to_dict()`` / ``from_dict()``. Decoding refuses missing and
unknown fields with InvalidInput naming the field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar, cast, get_args, get_origin, get_type_hints

from cskit.domain.errors import InvalidInput

T = TypeVar("T")


def to_json(value: object) -> object:
    if isinstance(value, date):  # a datetime too
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
    fields = _field_decoders(cast(Hashable, cls))
    # A field added later with a default (schema evolution) may be absent from older records.
    if len(raw) != len(fields) or any(n not in raw for n in fields):
        if missing := [n for n in fields if n not in raw and n not in _defaulted(cast(Hashable, cls))]:
            raise InvalidInput.on(name, f"lacks {missing}")
        if extra := sorted(set(raw) - set(fields)):
            raise InvalidInput.on(name, f"has unknown fields {extra}")
    return cls(**{n: decode(raw[n], n) for n, decode in fields.items() if n in raw})


Decoder = Callable[[object, str], object]


@cache
def _field_decoders(cls: Any) -> dict[str, Decoder]:
    hints, names = _schema(cls)
    return {n: decoder(hints[n]) for n in names}


def from_json(hint: Any, raw: object, name: str) -> object:
    return decoder(hint)(raw, name)


def decoder(hint: Any) -> Decoder:
    """The decoding function of ``hint``, built once per hint: reading a document or an event
    then costs no type inspection, only the checks on the value."""
    try:
        return _cached_decoder(hint)
    except TypeError:  # an unhashable hint: build it each time
        return _build_decoder(hint)


@cache
def _cached_decoder(hint: Any) -> Decoder:
    return _build_decoder(hint)


def _build_decoder(hint: Any) -> Decoder:
    if isinstance(hint, type) and hasattr(hint, "from_dict"):
        custom = hint

        def from_dict(raw: object, name: str) -> object:
            if not isinstance(raw, Mapping):
                raise InvalidInput.on(name, "must be an object")
            return custom.from_dict(raw)

        return from_dict
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        cls = hint
        return lambda raw, name: dataclass_from_json(cls, raw, name)
    if get_origin(hint) is tuple:
        item = decoder(get_args(hint)[0])

        def tuple_of(raw: object, name: str) -> object:
            if not isinstance(raw, list):
                raise InvalidInput.on(name, "must be a list")
            return tuple(item(x, name) for x in raw)

        return tuple_of
    if hint is datetime:
        return _datetime
    if hint is date:
        return _date
    if hint is Decimal:
        return _decimal
    if hint is timedelta:
        return _timedelta
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        enum = hint

        def member(raw: object, name: str) -> object:
            if not isinstance(raw, str):
                raise InvalidInput.on(name, "must be a string")
            return enum(raw)

        return member
    if hint is int:
        return _int
    if hint is str or hint is bool:
        kind = hint

        def plain(raw: object, name: str) -> object:
            if not isinstance(raw, kind):
                raise InvalidInput.on(name, f"must be a {kind.__name__}")
            return raw

        return plain
    args = get_args(hint)
    if type(None) in args and len(args) == 2:  # Optional[X]
        inner = decoder(next(a for a in args if a is not type(None)))
        return lambda raw, name: None if raw is None else inner(raw, name)

    def unsupported(raw: object, name: str) -> object:
        raise TypeError(f"no JSON decoding for {name}: {hint!r}")

    return unsupported


def _date(raw: object, name: str) -> object:
    if not isinstance(raw, str):
        raise InvalidInput.on(name, "must be an ISO-8601 date")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput.on(name, "must be an ISO-8601 date (YYYY-MM-DD)") from None


def _datetime(raw: object, name: str) -> object:
    if not isinstance(raw, str):
        raise InvalidInput.on(name, "must be an ISO-8601 string")
    parsed = datetime.fromisoformat(raw)
    if parsed.tzinfo is None:
        raise InvalidInput.on(name, "must carry its UTC offset")
    return parsed


def _decimal(raw: object, name: str) -> object:
    if not isinstance(raw, str):
        raise InvalidInput.on(name, "must be a decimal string")
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise InvalidInput.on(name, "must be a decimal string") from exc


def _timedelta(raw: object, name: str) -> object:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise InvalidInput.on(name, "must be a number of seconds")
    return timedelta(seconds=raw)


def _int(raw: object, name: str) -> object:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise InvalidInput.on(name, "must be an integer")
    return raw
