"""This service's outbound events (``cskit.records.Outbound``): each payload the message of
``cs.complaints.v1`` named like the domain event, in this service's envelope."""

from __future__ import annotations

from complaints import SERVICE, TOPIC
from cs.complaints.v1 import events_pb2
from cskit.records import Outbound

EVENTS = Outbound(topic=TOPIC, source=SERVICE, package=events_pb2.DESCRIPTOR.package)
SCHEMA_VERSION = EVENTS.schema_version
event_payload = EVENTS.payload
envelope = EVENTS.envelope
