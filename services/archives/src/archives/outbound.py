"""Every archives record's events -> the outbox: on ``cs.archives.v1``, keyed by the record's id
(so one record's events stay in order), each payload the message of the ``cs.archives.v1``
events protos named like the event. A new ``<topic>_events.proto`` is added to PAYLOADS."""

from __future__ import annotations

from archives import SERVICE, TOPIC

# Imported so their payload messages are in the descriptor pool the outbox looks them up in.
from cs.archives.v1 import (
    catalogue_events_pb2,
    leavers_events_pb2,
    loans_events_pb2,
    records_events_pb2,
    retention_events_pb2,
    stocktake_events_pb2,
)
from cskit.records import Outbound

PAYLOADS = (
    records_events_pb2,
    retention_events_pb2,
    stocktake_events_pb2,
    leavers_events_pb2,
    loans_events_pb2,
    catalogue_events_pb2,
)
OUTBOUND = Outbound(topic=TOPIC, source=SERVICE, package=records_events_pb2.DESCRIPTOR.package)
