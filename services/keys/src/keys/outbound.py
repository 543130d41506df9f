"""Every keys record's events -> the outbox: on ``cs.keys.v1``, keyed by the record's id (so
one record's events stay in order), each payload the message of the ``cs.keys.v1`` events
protos named like the event (``register_events.proto``, ``discrepancies_events.proto``, ...)."""

from __future__ import annotations

from cs.keys.v1 import register_events_pb2
from cskit.records import Outbound
from keys import SERVICE, TOPIC

OUTBOUND = Outbound(topic=TOPIC, source=SERVICE, package=register_events_pb2.DESCRIPTOR.package)
