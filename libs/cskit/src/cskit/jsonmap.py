"""protobuf <-> JSON driven by descriptors and the contract's ``(cs.platform.v1.json)`` options.

One mapper for every service's REST API, instead of a hand-written function per message:

- field names: the proto name, or the option's ``name``; a ``flatten`` message field puts its
  fields in the parent (``page.page_size`` -> ``page_size``), renamed by ``renames``;
- enums: the value's name without the enum's UPPER_SNAKE prefix, lower case
  (``CHANNEL_WALK_IN`` <-> ``"walk_in"``); the zero value (and a value newer than this code)
  is ``null``;
- Timestamps: RFC 3339 in UTC (``2026-11-02T01:30:00Z``), unset is ``null``; Durations:
  seconds as a number;
- strings: as they are, or ``null`` when empty with ``empty_is_null``, or the JSON object
  they hold with ``json_object``; 64-bit integers stay JSON numbers (the API's promise,
  unlike proto3's canonical JSON);
- money (``cs.common.v1.Money``): the amount as a decimal string ("1234.50", exact, never a
  JSON number) under the field's name and, with the ``currency`` option, the ISO 4217 code
  under that sibling name (without it, a request's code is ``currency_default``);
- nested and repeated messages recursively;
- ``hidden``: not in JSON at all; ``null_unless``: a response value is ``null`` unless its
  sibling field is set (a split's ``loss`` unless ``total_points``).

The request direction (``from_json``) expects values already validated against the shape
(the gateway derives its pydantic models from the same options); it still refuses an unknown
field or enum name with ``KeyError``/``ValueError`` rather than guessing.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor
from google.protobuf.duration_pb2 import Duration
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from cs.platform.v1 import http_pb2
from cskit.protomap import amount_text, money_amount, money_parts

log = logging.getLogger(__name__)

TIMESTAMP = Timestamp.DESCRIPTOR.full_name
DURATION = Duration.DESCRIPTOR.full_name
MONEY = "cs.common.v1.Money"
_SPECIAL = frozenset({TIMESTAMP, DURATION, MONEY})


def json_options(field: FieldDescriptor) -> http_pb2.JsonField:
    options: http_pb2.JsonField = field.GetOptions().Extensions[http_pb2.json]
    return options


_PERSONAL = {
    http_pb2.PERSONAL_PHONE: ("phone", "138****5678"),
    http_pb2.PERSONAL_ID_NUMBER: ("id_number", "110101********1234"),
    http_pb2.PERSONAL_ADDRESS: ("address", "江苏省南京市玄武区****"),
}


def output_field_info(options: http_pb2.JsonField) -> dict[str, Any]:
    """OpenAPI keywords of a response field: its description and, for customer data (PLT-06),
    a note that it is masked and an ``x-personal-data`` extension naming its kind."""
    info: dict[str, Any] = {"description": options.description} if options.description else {}
    personal = _PERSONAL.get(options.personal)
    if personal is not None:
        kind, example = personal
        note = f"Customer data (PLT-06): masked ({example}) unless your role needs it; unmask one record, audited."
        info["description"] = f"{options.description} {note}".strip()
        info["json_schema_extra"] = {"x-personal-data": kind}
    return info


def http_rule(method: Any) -> http_pb2.HttpRule | None:
    """The method's ``(cs.platform.v1.http)`` rule, or None when it has no REST route."""
    options = method.GetOptions()
    if not options.HasExtension(http_pb2.http):
        return None
    rule: http_pb2.HttpRule = options.Extensions[http_pb2.http]
    return rule


# ---- enums ---------------------------------------------------------------------------------


def _upper_snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


@cache
def enum_names(enum: EnumDescriptor) -> dict[str, int]:
    """JSON name -> number for every value but the zero one (never a valid input)."""
    prefix = _upper_snake(enum.name) + "_"
    names: dict[str, int] = {}
    for value in enum.values:
        if not value.name.startswith(prefix):
            raise ValueError(f"{enum.full_name}.{value.name} lacks the prefix {prefix}")
        if value.number != 0:
            names[value.name.removeprefix(prefix).lower()] = value.number
    return names


@cache
def _enum_by_number(enum: EnumDescriptor) -> dict[int, str]:
    return {number: name for name, number in enum_names(enum).items()}


def enum_name(enum: EnumDescriptor, number: int) -> str | None:
    return _enum_by_number(enum).get(number)


# ---- the JSON shape of a message -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JsonMember:
    """One JSON member of a message: a proto field, maybe reached through flattened parents."""

    name: str
    path: tuple[FieldDescriptor, ...]  # flattened parents first, the field itself last
    options: http_pb2.JsonField
    # Of a Money field: "amount" (the decimal string) or "currency" (its code).
    part: str = ""

    @property
    def field(self) -> FieldDescriptor:
        return self.path[-1]


@cache
def members(descriptor: Descriptor) -> tuple[JsonMember, ...]:
    """The message's JSON members in field order, flattened fields expanded in place."""
    found: list[JsonMember] = []
    for field in descriptor.fields:
        options = json_options(field)
        if options.null_unless and options.null_unless not in descriptor.fields_by_name:
            raise ValueError(f"{field.full_name}: null_unless names no sibling {options.null_unless!r}")
        if options.hidden:
            continue
        if options.flatten:
            if field.message_type is None or field.is_repeated:
                raise ValueError(f"{field.full_name}: only a singular message field can be flattened")
            renames = {r.field: r.name for r in options.renames}
            for inner in members(field.message_type):
                name = renames.get(inner.name, inner.name)
                found.append(JsonMember(name, (field, *inner.path), inner.options))
        elif _is_money(field):
            found.append(JsonMember(options.name or field.name, (field,), options, "amount"))
            if options.currency:
                found.append(JsonMember(options.currency, (field,), options, "currency"))
        else:
            found.append(JsonMember(options.name or field.name, (field,), options))
    names = [m.name for m in found]
    if len(set(names)) != len(names):
        raise ValueError(f"{descriptor.full_name}: duplicate JSON names {names}")
    return tuple(found)


def _is_money(field: FieldDescriptor) -> bool:
    return field.message_type is not None and field.message_type.full_name == MONEY and not field.is_repeated


def _is_repeated(field: FieldDescriptor) -> bool:
    return field.is_repeated


# ---- protobuf -> JSON ----------------------------------------------------------------------


def rfc3339(value: datetime) -> str:
    """UTC, ``Z``, microseconds only when there are any (as pydantic writes datetimes)."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def to_json(message: Message) -> dict[str, Any]:
    """The message as a JSON object (plain dicts, lists, strings, numbers, booleans, None)."""
    out: dict[str, Any] = {}
    for member in members(message.DESCRIPTOR):
        holder = message
        for parent in member.path[:-1]:
            holder = getattr(holder, parent.name)
        field = member.field
        value = getattr(holder, field.name)
        if member.options.null_unless and not _is_set(holder, member.options.null_unless):
            out[member.name] = None
        elif member.part:
            money = getattr(holder, field.name)
            text = amount_text(money_amount(money.units, money.nanos))
            out[member.name] = text if member.part == "amount" else money.currency_code
        elif _is_repeated(field):
            items = [_value_to_json(field, member.options, item) for item in value]
            # A list holds what this code knows: an enum value newer than it is left out.
            out[member.name] = [item for item in items if item is not None]
        elif (
            field.message_type is not None
            and not holder.HasField(field.name)
            and (member.options.nullable or field.message_type.full_name == TIMESTAMP)
        ):
            # Presence, not the value: an explicit 1970-01-01T00:00:00Z is that instant.
            out[member.name] = None
        else:
            out[member.name] = _value_to_json(field, member.options, value)
    return out


def _is_set(message: Message, name: str) -> bool:
    field = message.DESCRIPTOR.fields_by_name[name]
    if field.message_type is not None and not field.is_repeated:
        return message.HasField(name)
    return bool(getattr(message, name))


def _value_to_json(field: FieldDescriptor, options: http_pb2.JsonField, value: Any) -> Any:
    if field.enum_type is not None:
        return enum_name(field.enum_type, value)
    if field.message_type is not None:
        kind = field.message_type.full_name
        if kind == TIMESTAMP:
            return rfc3339(value.ToDatetime(tzinfo=UTC))
        if kind == DURATION:
            return value.ToTimedelta().total_seconds()
        return to_json(value)
    if options.json_object:
        return _json_object(value)
    if options.empty_is_null and value in ("", b""):
        return None
    return value


def _json_object(text: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        # Records are append-only; one bad row must not make a whole page unreadable.
        log.warning("a JSON-object field holds invalid JSON")
        return {}
    return value if isinstance(value, dict) else {"value": value}


# ---- JSON -> protobuf ----------------------------------------------------------------------


def from_json(data: Mapping[str, Any], message_type: type[Message]) -> Message:
    """A new message of ``message_type`` from a JSON object; absent and null members stay unset."""
    message = message_type()
    fill(message, data)
    return message


def fill(message: Message, data: Mapping[str, Any]) -> None:
    by_name = {m.name: m for m in members(message.DESCRIPTOR)}
    for name, value in data.items():
        member = by_name[name]  # an unknown member is the caller's bug: validation runs first
        if value is None:
            continue
        holder = message
        for parent in member.path[:-1]:
            holder = getattr(holder, parent.name)
        field = member.field
        if member.part == "amount":
            money = getattr(holder, field.name)
            money.units, money.nanos = money_parts(Decimal(str(value)))
            if not member.options.currency:  # no currency member: the contract's default, if any
                money.currency_code = member.options.currency_default
        elif member.part == "currency":
            getattr(holder, field.name).currency_code = value
        elif _is_repeated(field):
            target = getattr(holder, field.name)
            for item in value:
                if field.message_type is not None and field.message_type.full_name not in (TIMESTAMP, DURATION):
                    fill(target.add(), item)
                else:
                    target.append(_scalar_from_json(field, member.options, item))
        elif field.message_type is not None and field.message_type.full_name not in (TIMESTAMP, DURATION):
            fill(getattr(holder, field.name), value)
        elif field.message_type is not None:
            getattr(holder, field.name).CopyFrom(_scalar_from_json(field, member.options, value))
        else:
            setattr(holder, field.name, _scalar_from_json(field, member.options, value))


def _scalar_from_json(field: FieldDescriptor, options: http_pb2.JsonField, value: Any) -> Any:
    if field.enum_type is not None:
        names = enum_names(field.enum_type)
        if value not in names:
            raise ValueError(f"{field.name}: unknown value {value!r}")
        return names[value]
    if field.message_type is not None:
        if field.message_type.full_name == TIMESTAMP:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError(f"{field.name}: a time needs its zone")
            ts = Timestamp()
            ts.FromDatetime(moment.astimezone(UTC))
            return ts
        d = Duration()
        d.FromTimedelta(value if isinstance(value, timedelta) else timedelta(seconds=float(value)))
        return d
    if options.json_object:
        return json.dumps(value, ensure_ascii=False)
    return value


# ---- error field paths ---------------------------------------------------------------------

_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?")


def field_namer(descriptor: Descriptor) -> Callable[[str], str]:
    """gRPC field path (``page.page_size``, ``statuses[1]``) -> the JSON path the client sent
    (``page_size``, ``status.1``); an unknown path is returned as it is."""

    def name(grpc_path: str) -> str:
        parts = list(_json_path(descriptor, grpc_path.split(".")))
        return ".".join(parts) if parts else grpc_path

    return name


def _json_path(root: Descriptor, segments: list[str]) -> Iterator[str]:
    current: Descriptor | None = root
    pending: list[FieldDescriptor] = []  # flattened parents walked through
    for position, segment in enumerate(segments):
        match = _SEGMENT.fullmatch(segment)
        field = current.fields_by_name.get(match.group(1)) if match and current is not None else None
        if match is None or field is None or current is None:
            yield from segments[position:]  # beyond what the descriptor knows: keep as sent
            return
        options = json_options(field)
        index = match.group(2)
        if _is_money(field):  # amount.units -> amount; amount.currency_code -> currency
            rest = segments[position + 1 : position + 2]
            own = _member_for(pending, field)
            yield options.currency if rest == ["currency_code"] and options.currency else own
            return
        if options.flatten and index is None:
            pending.append(field)
            current = field.message_type
            continue
        yield _member_for(pending, field)
        if index is not None:
            yield index
        pending = []
        current = field.message_type


def _member_for(pending: list[FieldDescriptor], field: FieldDescriptor) -> str:
    if not pending:
        return json_options(field).name or field.name
    own = json_options(field).name or field.name
    renames = {r.field: r.name for r in json_options(pending[-1]).renames}
    return renames.get(own, own)
