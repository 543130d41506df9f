"""Generic protobuf <-> Python conversions, so no service hand-writes a case per enum value.

Proto enums follow buf's STANDARD style (``CHANNEL_WALK_IN``); Python enums are StrEnums
with the lowercase suffix (``walk_in``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar, cast

from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import EnumDescriptor, FieldDescriptor
from google.protobuf.duration_pb2 import Duration
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from cs.common.v1 import common_pb2
from cskit.domain.errors import InvalidInput

E = TypeVar("E", bound=StrEnum)
NANOS = Decimal(1_000_000_000)


# mypy-protobuf types each enum as its own wrapper class with a NewType ``ValueType``;
# there is no common protocol to name, so the wrappers are taken and returned as ``Any``.
ProtoEnum = Any


def _prefix(pb_enum: ProtoEnum) -> str:
    keys: list[str] = pb_enum.keys()
    unspecified = next(k for k in keys if k.endswith("_UNSPECIFIED"))
    return unspecified.removesuffix("UNSPECIFIED")


def enum_to_proto(pb_enum: ProtoEnum, value: StrEnum) -> Any:
    return pb_enum.Value(_prefix(pb_enum) + value.value.upper())


def enum_from_proto(pb_enum: ProtoEnum, number: int, py_enum: type[E], *, field: str = "value") -> E:
    """The Python member; proto zero maps to the member named ``unspecified``."""
    try:
        name: str = pb_enum.Name(number)
        return py_enum(name.removeprefix(_prefix(pb_enum)).lower())
    except ValueError as exc:
        raise InvalidInput.on(field, f"unknown value {number}") from exc


def timestamp(dt: datetime | None) -> Timestamp | None:
    if dt is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(dt.astimezone(UTC))
    return ts


def from_timestamp(ts: Timestamp) -> datetime | None:
    """None for the unset (zero) timestamp."""
    if ts.seconds == 0 and ts.nanos == 0:
        return None
    return ts.ToDatetime(tzinfo=UTC)


def present_timestamp(message: Any, field: str) -> datetime | None:
    """The field's time when the client set it, else None. Unlike ``from_timestamp``, an explicit
    1970-01-01T00:00:00Z is that instant, not "unset": a hostile epoch is validated, not defaulted."""
    if not message.HasField(field):
        return None
    value: Timestamp = getattr(message, field)
    return value.ToDatetime(tzinfo=UTC)


def duration(delta: timedelta) -> Duration:
    d = Duration()
    d.FromTimedelta(delta)
    return d


def money_parts(amount: Decimal) -> tuple[int, int]:
    """(units, nanos) with the same sign, exact to 10^-9."""
    units = int(amount)
    nanos = int((amount - units) * NANOS)
    return units, nanos


def money_amount(units: int, nanos: int) -> Decimal:
    return Decimal(units) + Decimal(nanos) / NANOS


def money(amount: Decimal, currency: str) -> common_pb2.Money:
    """Decimal + ISO 4217 code -> cs.common.v1.Money, exact to 10^-9 (a service's mapper need not
    write its own)."""
    units, nanos = money_parts(amount)
    return common_pb2.Money(currency_code=currency, units=units, nanos=nanos)


def money_of(value: common_pb2.Money) -> tuple[Decimal, str]:
    """cs.common.v1.Money -> (amount, currency code), exact."""
    return money_amount(value.units, value.nanos), value.currency_code


CENT = Decimal("0.01")


def amount_text(amount: Decimal) -> str:
    """At least two places ("1234.50", "0.30"), more only when there are any; never exponent
    notation. The one way an amount is written in JSON."""
    exponent = amount.normalize().as_tuple().exponent
    cents = isinstance(exponent, int) and exponent >= -2
    return f"{amount.quantize(CENT) if cents else amount.normalize():f}"


M = TypeVar("M", bound=Message)
ValueOf = Callable[[str], object]


def attributes(source: object, **overrides: object) -> ValueOf:
    """``message_of``'s source: ``overrides`` first, then ``source``'s attribute of the field's name."""

    def value_of(name: str) -> object:
        return overrides[name] if name in overrides else getattr(source, name, None)

    return value_of


def message_class(full_name: str) -> type[Message]:
    """A message class by its full name (``cs.items.v1.ItemCreated``), from any imported contract module."""
    return message_factory.GetMessageClass(descriptor_pool.Default().FindMessageTypeByName(full_name))


def message_of(message_type: type[M], value_of: ValueOf, *, currency: str = "") -> M:
    """A ``message_type`` filled field by field, driven by its descriptor, from ``value_of(field name)``.

    ``datetime`` -> Timestamp; ``timedelta`` -> Duration; a StrEnum -> the proto enum value (its
    text in a string field); ``Decimal`` -> cs.common.v1.Money in ``currency``; a dataclass ->
    the nested message, filled the same way from its attributes; a tuple or list -> the repeated
    field, item by item alike; anything else as it is. ``None`` leaves the field unset. So a
    domain event or record whose field names are the contract's needs no hand-written mapper,
    only ``value_of`` for the fields named otherwise.
    """
    message = message_type()
    _fill(message, value_of, currency)
    return message


def _fill(message: Message, value_of: ValueOf, currency: str) -> None:
    for fd in message.DESCRIPTOR.fields:
        value = value_of(fd.name)
        if value is None:
            continue
        if isinstance(value, tuple | list):
            field = getattr(message, fd.name)
            for item in value:
                if fd.message_type is not None:
                    _fill_nested(field.add(), item, currency)
                else:
                    field.append(_scalar(fd, item))
        elif fd.message_type is not None:
            _fill_nested(getattr(message, fd.name), value, currency)
        else:
            setattr(message, fd.name, _scalar(fd, value))


def _fill_nested(target: Message, value: object, currency: str) -> None:
    target.SetInParent()  # present even when every field is default, as a message built by hand is
    if isinstance(value, Message):
        target.CopyFrom(value)
    elif isinstance(value, datetime):
        target.CopyFrom(cast(Timestamp, timestamp(value)))
    elif isinstance(value, timedelta):
        target.CopyFrom(duration(value))
    elif isinstance(value, Decimal):
        target.CopyFrom(money(value, currency))
    else:
        _fill(target, attributes(value), currency)


def _scalar(fd: Any, value: object) -> object:
    if isinstance(value, Decimal) and fd.type == FieldDescriptor.TYPE_STRING:
        return str(value)  # a decimal that is not money (a percent) travels as its text
    if isinstance(value, date) and not isinstance(value, datetime) and fd.type == FieldDescriptor.TYPE_STRING:
        return value.isoformat()  # a calendar day travels as YYYY-MM-DD
    if isinstance(value, StrEnum) and fd.type == FieldDescriptor.TYPE_ENUM:
        return enum_to_proto(EnumTypeWrapper(cast(EnumDescriptor, fd.enum_type)), value)
    return value
