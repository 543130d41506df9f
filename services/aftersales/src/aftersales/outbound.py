"""Every aftersales record's events -> the outbox: on ``cs.aftersales.v1``, keyed by the
record's id (so one record's events stay in order), each payload the message of the
``cs.aftersales.v1`` events protos named like the event. A new ``<topic>_events.proto`` is
added to PAYLOADS."""

from __future__ import annotations

from aftersales import SERVICE, TOPIC

# Imported so their payload messages are in the descriptor pool the outbox looks them up in.
from cs.aftersales.v1 import (
    charges_events_pb2,
    faults_events_pb2,
    orders_events_pb2,
    returns_events_pb2,
    shipping_events_pb2,
    visits_events_pb2,
)
from cskit.records import Outbound

PAYLOADS = (
    orders_events_pb2,
    charges_events_pb2,
    faults_events_pb2,
    returns_events_pb2,
    shipping_events_pb2,
    visits_events_pb2,
)
OUTBOUND = Outbound(topic=TOPIC, source=SERVICE, package=orders_events_pb2.DESCRIPTOR.package)
