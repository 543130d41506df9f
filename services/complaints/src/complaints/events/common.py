"""What every sub-domain's outbound mapping shares: the payload schema version and the payload message named like a domain event in ``cs.complaints.v1``."""

from __future__ import annotations

from google.protobuf import descriptor_pool, message_factory
from google.protobuf.message import Message

from cs.complaints.v1 import events_pb2

SCHEMA_VERSION = 1
PACKAGE = events_pb2.DESCRIPTOR.package


def message_class(name: str) -> type[Message]:
    """The payload message named like the domain event, from any imported events module."""
    descriptor = descriptor_pool.Default().FindMessageTypeByName(f"{PACKAGE}.{name}")
    return message_factory.GetMessageClass(descriptor)
