"""The one JSON codec for domain events: exact round trips, precise refusals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

import pytest

from cskit.domain import InvalidInput
from cskit.domain.codec import dataclass_from_json, fields_to_json


class Colour(StrEnum):
    RED = "red"


@dataclass(frozen=True)
class Inner:
    name: str
    weight: Decimal


@dataclass(frozen=True)
class Outer:
    at: datetime
    amount: Decimal
    wait: timedelta
    colour: Colour
    items: tuple[Inner, ...]
    count: int
    flag: bool
    note: str | None


SAMPLE = Outer(
    at=datetime(2026, 11, 2, 1, 0, tzinfo=UTC),
    amount=Decimal("1234.50"),
    wait=timedelta(hours=2),
    colour=Colour.RED,
    items=(Inner("a", Decimal("0.1")), Inner("b", Decimal("0.2"))),
    count=3,
    flag=True,
    note=None,
)


def test_round_trip_is_exact_and_money_never_becomes_a_float() -> None:
    raw = fields_to_json(SAMPLE)
    assert raw["amount"] == "1234.50"
    assert raw["items"] == [{"name": "a", "weight": "0.1"}, {"name": "b", "weight": "0.2"}]
    assert dataclass_from_json(Outer, raw, "sample") == SAMPLE


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": 12.5}, "amount"),
        ({"at": "2026-11-02T01:00:00"}, "at"),
        ({"count": True}, "count"),
        ({"colour": 1}, "colour"),
        ({"extra": 1}, "sample"),
    ],
)
def test_bad_values_are_refused_naming_the_field(change: dict[str, object], field: str) -> None:
    raw = {**fields_to_json(SAMPLE), **change}
    with pytest.raises(InvalidInput) as caught:
        dataclass_from_json(Outer, raw, "sample")
    assert caught.value.violations[0].field == field


def test_a_missing_field_is_refused() -> None:
    raw = fields_to_json(SAMPLE)
    del raw["count"]
    with pytest.raises(InvalidInput, match="lacks"):
        dataclass_from_json(Outer, raw, "sample")
