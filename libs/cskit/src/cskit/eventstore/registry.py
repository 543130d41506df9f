"""Event type name <-> event class: what a history row stores beside the event's fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Generic, TypeVar, get_args

from cskit.domain.codec import dataclass_from_json, fields_to_json
from cskit.domain.errors import InvalidInput

E = TypeVar("E")


class EventTypes(Generic[E]):
    """The events of one kind of record, by class name (the name is the stored type)."""

    def __init__(self, classes: Iterable[type[E]], *, record: str) -> None:
        self._by_name: dict[str, type[E]] = {cls.__name__: cls for cls in classes}
        self._record = record

    @classmethod
    def of_union(cls, union: Any, *, record: str) -> EventTypes[Any]:
        """Every member of a ``A | B | C`` union of event dataclasses; a record with one kind of
        event names that one class."""
        return EventTypes(get_args(union) or (union,), record=record)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self._by_name)

    def name(self, event: E) -> str:
        return type(event).__name__

    def encode(self, event: E) -> dict[str, object]:
        return fields_to_json(event)

    def decode(self, type_name: str, data: Mapping[str, object]) -> E:
        cls = self._by_name.get(type_name)
        if cls is None:
            raise InvalidInput.on("event_type", f"unknown {self._record} event {type_name!r}")
        return dataclass_from_json(cls, data, type_name)
