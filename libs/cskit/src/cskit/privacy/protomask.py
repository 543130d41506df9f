"""Mask a protobuf response by its contract (PLT-06): every string field annotated
``(cs.platform.v1.json).personal`` is masked unless the caller may read its kind.

The contract is the one list of what is personal: a field annotated once is masked in every
RPC that returns it, in every service, without a line of service code. Which fields to walk
is worked out once per message type (``_plan``), so an unannotated response costs a cached
lookup.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from cs.platform.v1 import http_pb2
from cskit.domain.rules import enforces
from cskit.privacy.masks import PersonalKind, mask

_KINDS = {
    http_pb2.PERSONAL_PHONE: PersonalKind.PHONE,
    http_pb2.PERSONAL_ID_NUMBER: PersonalKind.ID_NUMBER,
    http_pb2.PERSONAL_ADDRESS: PersonalKind.ADDRESS,
}


def personal_kind(field: FieldDescriptor) -> PersonalKind | None:
    """The field's ``personal`` option, or None when it holds no customer data."""
    options: http_pb2.JsonField = field.GetOptions().Extensions[http_pb2.json]
    return _KINDS.get(options.personal)


@dataclass(frozen=True, slots=True)
class _Step:
    field: FieldDescriptor
    kind: PersonalKind | None  # a personal string, or None: a message to walk into


def _is_map(field: FieldDescriptor) -> bool:
    return field.message_type is not None and field.message_type.GetOptions().map_entry


@cache
def _plan(descriptor: Descriptor) -> tuple[_Step, ...]:
    return tuple(_steps(descriptor, frozenset()))


def _steps(descriptor: Descriptor, seen: frozenset[str]) -> Iterator[_Step]:
    for field in descriptor.fields:
        kind = personal_kind(field)
        if kind is not None and field.type == FieldDescriptor.TYPE_STRING:
            yield _Step(field, kind)
        elif field.message_type is not None and not _is_map(field):
            name = field.message_type.full_name
            # A recursive message cannot hide a personal field deeper than its own fields.
            if name not in seen and any(True for _ in _steps(field.message_type, seen | {descriptor.full_name})):
                yield _Step(field, None)


def holds_personal_data(descriptor: Descriptor) -> bool:
    return bool(_plan(descriptor))


@enforces("PLT-06")
def mask_message(message: Message, visible: frozenset[PersonalKind]) -> None:
    """Mask, in place, every personal field of ``message`` whose kind is not ``visible``."""
    for step in _plan(message.DESCRIPTOR):
        repeated = step.field.is_repeated
        if step.kind is None:
            if repeated:
                for item in getattr(message, step.field.name):
                    mask_message(item, visible)
            elif message.HasField(step.field.name):
                mask_message(getattr(message, step.field.name), visible)
        elif step.kind not in visible:
            if repeated:
                values = getattr(message, step.field.name)
                values[:] = [mask(step.kind, v) for v in values]
            else:
                setattr(message, step.field.name, mask(step.kind, getattr(message, step.field.name)))
