"""Domain event -> protobuf payload in the envelope, for topic ``cs.complaints.v1``
keyed by complaint id (PLT-03).

The payload messages in ``events.proto`` share their names with the domain events, and
their fields are the domain fields (``*_by`` is the actor), so one generic mapping serves
every event; a new event needs a proto message, not code here.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import datetime
from enum import StrEnum
from typing import cast

from google.protobuf.descriptor import EnumDescriptor, FieldDescriptor
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper
from google.protobuf.message import Message

from complaints import SERVICE
from complaints.events.common import SCHEMA_VERSION, message_class
from complaints.intake.domain.events import ComplaintEvent, event_type
from complaints.intake.domain.model import Complaint
from cskit.messaging.envelope import Envelope
from cskit.protomap import enum_to_proto, timestamp


def _value(event: ComplaintEvent, name: str) -> object:
    if name.endswith("_by") or name == "author":
        return event.actor
    if name == "target_department":
        return getattr(event, "target").department  # noqa: B009 - only ComplaintFiled has it
    return getattr(event, name)


def payload_of(event: ComplaintEvent) -> Message:
    message = message_class(event_type(event))()
    for fd in message.DESCRIPTOR.fields:
        value = _value(event, fd.name)
        if value is None:
            continue  # an optional time not given (unset in the payload)
        if isinstance(value, datetime):
            getattr(message, fd.name).CopyFrom(timestamp(value))
        elif isinstance(value, StrEnum):
            assert fd.type == FieldDescriptor.TYPE_ENUM
            setattr(message, fd.name, enum_to_proto(EnumTypeWrapper(cast(EnumDescriptor, fd.enum_type)), value))
        elif isinstance(value, tuple) and fd.message_type is not None:
            # A repeated message mirroring a value object (e.g. a report's responsible people).
            for item in value:
                assert is_dataclass(item)
                getattr(message, fd.name).add(**{f.name: getattr(item, f.name) for f in fields(item)})
        elif isinstance(value, tuple):
            getattr(message, fd.name).extend(value)  # a repeated scalar (e.g. recipient roles)
        else:
            setattr(message, fd.name, value)
    return message


def envelope_for(complaint: Complaint, event: ComplaintEvent) -> Envelope:
    return Envelope.new(
        payload_of(event),
        source=SERVICE,
        subject=complaint.id,
        branch_id=complaint.branch_id,
        time=event.occurred_at,
        schema_version=SCHEMA_VERSION,
    )
