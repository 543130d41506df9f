"""``message_of``: a contract message filled from a domain value by the message's descriptor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from cs.common.v1 import common_pb2
from cskit.protomap import attributes, message_class, message_of


class Colour(StrEnum):
    UNSPECIFIED = "unspecified"
    DARK_RED = "dark_red"


@dataclass(frozen=True)
class Item:
    kind: str
    value: str


@dataclass(frozen=True)
class Sample:
    at: datetime
    colour: Colour
    colour_text: Colour
    amount: Decimal
    item: Item
    items: tuple[Item, ...]
    tags: tuple[str, ...]
    count: int
    unset: str | None
    done_by: str


def _sample_type() -> type[Message]:
    pool = descriptor_pool.Default()
    name = "cskit_test_message_of.proto"
    try:
        pool.FindFileByName(name)
    except KeyError:
        f = descriptor_pb2.FileDescriptorProto(
            name=name,
            package="cskit.test.v1",
            syntax="proto3",
            dependency=[Timestamp.DESCRIPTOR.file.name, common_pb2.DESCRIPTOR.name],
        )
        colour = f.enum_type.add(name="Colour")
        colour.value.add(name="COLOUR_UNSPECIFIED", number=0)
        colour.value.add(name="COLOUR_DARK_RED", number=1)
        item = f.message_type.add(name="Item")
        item.field.add(name="kind", number=1, type=9, label=1)
        item.field.add(name="value", number=2, type=9, label=1)
        sample = f.message_type.add(name="Sample")
        sample.field.add(name="at", number=1, type=11, label=1, type_name=".google.protobuf.Timestamp")
        sample.field.add(name="colour", number=2, type=14, label=1, type_name=".cskit.test.v1.Colour")
        sample.field.add(name="colour_text", number=3, type=9, label=1)
        sample.field.add(name="amount", number=4, type=11, label=1, type_name=".cs.common.v1.Money")
        sample.field.add(name="item", number=5, type=11, label=1, type_name=".cskit.test.v1.Item")
        sample.field.add(name="items", number=6, type=11, label=3, type_name=".cskit.test.v1.Item")
        sample.field.add(name="tags", number=7, type=9, label=3)
        sample.field.add(name="count", number=8, type=5, label=1)
        sample.field.add(name="unset", number=9, type=9, label=1)
        sample.field.add(name="done_by", number=10, type=9, label=1)
        sample.field.add(name="only_in_contract", number=11, type=9, label=1)
        pool.Add(f)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("cskit.test.v1.Sample"))


SAMPLE = Sample(
    at=datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
    colour=Colour.DARK_RED,
    colour_text=Colour.DARK_RED,
    amount=Decimal("1234.50"),
    item=Item("order", "A-1"),
    items=(Item("a", "1"), Item("b", "2")),
    tags=("x", "y"),
    count=3,
    unset=None,
    done_by="",
)


def test_every_kind_of_field_follows_the_descriptor() -> None:
    got: Any = message_of(_sample_type(), attributes(SAMPLE), currency="CNY")  # fields read by name

    assert got.at.ToDatetime(tzinfo=UTC) == SAMPLE.at
    assert got.colour == 1  # COLOUR_DARK_RED
    assert got.colour_text == "dark_red"  # a StrEnum in a string field is its text
    assert got.amount == common_pb2.Money(currency_code="CNY", units=1234, nanos=500_000_000)
    assert (got.item.kind, got.item.value) == ("order", "A-1")
    assert [(i.kind, i.value) for i in got.items] == [("a", "1"), ("b", "2")]
    assert list(got.tags) == ["x", "y"]
    assert got.count == 3
    # None and a field the source lacks stay unset.
    assert got.unset == "" and got.only_in_contract == ""


def test_overrides_come_before_the_source_attributes() -> None:
    out: Any = message_of(_sample_type(), attributes(SAMPLE, done_by="actor-1", count=None))
    assert out.done_by == "actor-1"
    assert out.count == 0


def test_a_prebuilt_message_is_copied_as_it_is() -> None:
    _sample_type()
    item = descriptor_pool.Default().FindMessageTypeByName("cskit.test.v1.Item")
    built: Any = message_factory.GetMessageClass(item)(kind="given", value="v")
    out: Any = message_of(_sample_type(), attributes(SAMPLE, item=built))
    assert (out.item.kind, out.item.value) == ("given", "v")


def test_a_nested_value_is_present_even_when_all_default_and_none_is_absent() -> None:
    out: Any = message_of(_sample_type(), attributes(SAMPLE, item=Item("", ""), amount=None))
    assert out.HasField("item") and not out.HasField("amount")


def test_message_class_finds_a_registered_message_by_name() -> None:
    from cs.complaints.v1 import compensation_pb2 as pb

    assert message_class("cs.complaints.v1.Agreement") is pb.Agreement
