"""Handover events -> the outbox: on ``cs.attendance.v1``, keyed by the record's id, each payload
the message of ``handover_events.proto`` named like the event. Importing ``handover_events_pb2``
here registers those messages where the outbox looks them up."""

from __future__ import annotations

from attendance import SERVICE, TOPIC
from cs.attendance.v1 import handover_events_pb2
from cskit.records import Outbound

OUTBOUND = Outbound(topic=TOPIC, source=SERVICE, package=handover_events_pb2.DESCRIPTOR.package)
