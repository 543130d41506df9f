"""What every sub-domain's outbound mapping shares: the payload message named like a domain
event in ``cs.complaints.v1``, and the envelope this service puts every event in."""

from __future__ import annotations

from datetime import datetime

from google.protobuf import descriptor_pool, message_factory
from google.protobuf.message import Message

from complaints import SERVICE
from cs.complaints.v1 import events_pb2
from cskit.messaging.envelope import Envelope
from cskit.protomap import ValueOf, message_of

SCHEMA_VERSION = 1
PACKAGE = events_pb2.DESCRIPTOR.package


def message_class(name: str) -> type[Message]:
    """The payload message named like the domain event, from any imported events module."""
    descriptor = descriptor_pool.Default().FindMessageTypeByName(f"{PACKAGE}.{name}")
    return message_factory.GetMessageClass(descriptor)


def event_payload(name: str, value_of: ValueOf, *, currency: str = "") -> Message:
    """The payload message ``name`` filled from the domain event by the contract (``message_of``)."""
    return message_of(message_class(name), value_of, currency=currency)


def envelope(payload: Message, *, subject: str, branch_id: str, time: datetime) -> Envelope:
    """``payload`` in this service's envelope; ``subject`` is the partition key (PLT-03)."""
    return Envelope.new(
        payload, source=SERVICE, subject=subject, branch_id=branch_id, time=time, schema_version=SCHEMA_VERSION
    )
