"""Domain records <-> ORM rows by field name, so a repository writes only what is named otherwise.

``record_from(Evidence, row, kind=EvidenceKind(row.kind))`` builds a dataclass from the row's
attributes of its field names (from any object alike: a request message becomes its command); ``values_for(EvidenceRow, evidence, request_id=...)`` gives a
row's column values from a record's attributes of the column names (a StrEnum as its value).
Explicit keywords come first in both; a field or column the source lacks is left out (its
default applies, or the constructor or the NOT NULL column refuses it): nothing is guessed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from enum import StrEnum
from typing import Any, TypeVar

T = TypeVar("T")


def record_from(cls: type[T], source: object, **overrides: object) -> T:
    """A dataclass ``cls`` from ``overrides`` and ``source``'s attributes of its field names."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not f.init:
            continue
        if f.name in overrides:
            values[f.name] = overrides[f.name]
        elif hasattr(source, f.name):
            values[f.name] = getattr(source, f.name)
    return cls(**values)


def values_for(row: type, record: object, *, skip: Collection[str] = (), **overrides: object) -> dict[str, Any]:
    """The column values of ``row`` (an ORM class) from ``overrides`` and ``record``'s attributes of
    the column names, a StrEnum as its value; ``skip`` names columns to leave out."""
    values: dict[str, Any] = {}
    for name in [c.key for c in row.__table__.columns]:  # type: ignore[attr-defined]
        if name in skip:
            continue
        if name in overrides:
            value = overrides[name]
        elif hasattr(record, name):
            value = getattr(record, name)
        else:
            continue
        values[name] = value.value if isinstance(value, StrEnum) else value
    return values
