"""Domain values <-> protobuf messages, driven by the message's descriptor: a service whose
messages mirror its domain (same field names) writes no mapper.

``to_message(value, Message)`` fills each field of the message from the attribute of the
same name: StrEnums become the proto enum of buf's style (``ITEM_STATUS_OPEN``, through
``cskit.protomap``), datetimes Timestamps, timedeltas Durations, Decimals ``cs.common.v1.Money`` (the currency from
the sibling attribute the field's ``(cs.platform.v1.json).currency`` option names, else
``currency``), dataclasses and other objects nested messages, sequences repeated fields;
None leaves a field unset, and an attribute the value lacks leaves it at its default.

``from_message(message, Dataclass)`` builds a dataclass (a command) from the fields of the
same name, the other way round; a field the message lacks takes the dataclass default.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar, cast

from google.protobuf import descriptor_pool
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass

from cs.platform.v1 import http_pb2
from cskit.domain.errors import InvalidInput
from cskit.protomap import duration, from_timestamp, money, money_of, timestamp

M = TypeVar("M", bound=Message)
T = TypeVar("T")

_TIMESTAMP = "google.protobuf.Timestamp"
_DURATION = "google.protobuf.Duration"
_MONEY = "cs.common.v1.Money"


def _currency_of(value: object, field: FieldDescriptor) -> str:
    options = field.GetOptions()
    named = options.Extensions[http_pb2.json].currency if options.HasExtension(http_pb2.json) else ""
    return str(getattr(value, named or "currency", ""))


def _attribute(value: object, name: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(name)
    return getattr(value, name, None)


def _scalar(field: FieldDescriptor, item: Any) -> Any:
    if isinstance(item, StrEnum) and field.enum_type is not None:
        return field.enum_type.values_by_name[_prefix(field.enum_type) + item.value.upper()].number
    return item


def _descriptor(message: Message) -> Descriptor:
    return cast(Descriptor, message.DESCRIPTOR)


def to_message(value: object, message_type: type[M]) -> M:
    message = message_type()
    fill(message, value)
    return message


def fill(message: Message, value: object) -> None:
    for field in _descriptor(message).fields:
        item = _attribute(value, field.name)
        if item is None:
            continue
        target = field.message_type
        if field.is_repeated:
            if target is None:
                getattr(message, field.name).extend(_scalar(field, x) for x in item)
            else:
                for x in item:
                    fill(getattr(message, field.name).add(), x)
        elif target is None:
            setattr(message, field.name, _scalar(field, item))
        elif target.full_name == _TIMESTAMP:
            getattr(message, field.name).CopyFrom(timestamp(item))
        elif target.full_name == _DURATION:
            getattr(message, field.name).CopyFrom(duration(item))
        elif target.full_name == _MONEY and isinstance(item, Decimal):
            getattr(message, field.name).CopyFrom(money(item, _currency_of(value, field)))
        else:
            fill(getattr(message, field.name), item)


def _prefix(enum: EnumDescriptor) -> str:
    """buf's enum value prefix, from the zero value (``ITEM_STATUS_UNSPECIFIED`` -> ``ITEM_STATUS_``)."""
    return next(v.name for v in enum.values if v.number == 0).removesuffix("UNSPECIFIED")


def _enum(field: str, descriptor: EnumDescriptor, number: int, enum: type[StrEnum]) -> StrEnum:
    found = descriptor.values_by_number.get(number)
    try:
        if found is None:
            raise ValueError(number)
        return enum(found.name.removeprefix(_prefix(descriptor)).lower())
    except ValueError as exc:
        raise InvalidInput.on(field, f"unknown value {number}") from exc


def _value(field: FieldDescriptor, hint: Any, message: Message) -> Any:
    raw = getattr(message, field.name)
    target = field.message_type
    if target is not None and target.full_name == _TIMESTAMP:
        return from_timestamp(raw)
    if target is not None and target.full_name == _DURATION:
        return raw.ToTimedelta()
    if target is not None and target.full_name == _MONEY:
        return money_of(raw)[0]
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return _enum(field.name, field.enum_type, raw, hint) if field.enum_type is not None else hint(raw)
    if field.is_repeated:
        inner = typing.get_args(hint)
        item = inner[0] if inner else Any
        if target is not None and dataclasses.is_dataclass(item):
            return tuple(from_message(x, item) for x in raw)
        return tuple(raw)
    if target is not None and dataclasses.is_dataclass(hint):
        return from_message(raw, hint)  # type: ignore[arg-type]
    return raw


def from_message(message: Message, cls: type[T]) -> T:
    """The dataclass ``cls`` from the message's fields of the same names."""
    hints = typing.get_type_hints(cls)
    fields = _descriptor(message).fields_by_name
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        field = fields.get(f.name)
        if field is not None:
            values[f.name] = _value(field, _plain(hints[f.name]), message)
    return cls(**values)


def _plain(hint: Any) -> Any:
    """``X | None`` -> ``X`` (an unset timestamp is None either way)."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    return args[0] if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1 else hint


def message_class(full_name: str) -> type[Message]:
    """A message class by its full name, from any imported contract module."""
    return GetMessageClass(descriptor_pool.Default().FindMessageTypeByName(full_name))
