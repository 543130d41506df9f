"""Every keys record's events -> the outbox: on ``cs.keys.v1``, keyed by the record's id (so
one record's events stay in order), each payload the message of the ``cs.keys.v1`` events
protos named like the event. A new ``<topic>_events.proto`` is added to PAYLOADS."""

from __future__ import annotations

# Imported so their payload messages are in the descriptor pool the outbox looks them up in.
from cs.keys.v1 import (
    counts_events_pb2,
    custody_events_pb2,
    discrepancies_events_pb2,
    incidents_events_pb2,
    loans_events_pb2,
    register_events_pb2,
)
from cskit.records import Outbound
from keys import SERVICE, TOPIC

PAYLOADS = (
    register_events_pb2,
    discrepancies_events_pb2,
    loans_events_pb2,
    custody_events_pb2,
    counts_events_pb2,
    incidents_events_pb2,
)
OUTBOUND = Outbound(topic=TOPIC, source=SERVICE, package=register_events_pb2.DESCRIPTOR.package)
