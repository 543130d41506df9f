"""``EventTypes.of_union``: a union's members, or the one class of a single-event record."""

from __future__ import annotations

from dataclasses import dataclass

from cskit.eventstore import EventTypes


@dataclass(frozen=True)
class Opened:
    note: str


@dataclass(frozen=True)
class Closed:
    note: str


def test_of_union_names_every_member_of_the_union() -> None:
    types = EventTypes.of_union(Opened | Closed, record="door")

    assert types.names == frozenset({"Opened", "Closed"})
    assert types.decode("Closed", {"note": "late"}) == Closed(note="late")


def test_of_union_of_one_class_names_that_class() -> None:
    types = EventTypes.of_union(Opened, record="door")

    assert types.names == frozenset({"Opened"})
    assert types.decode("Opened", {"note": "early"}) == Opened(note="early")
