"""Discipline events -> the outbox: on ``cs.attendance.v1``, keyed by the sheet's or the entry's
id, each payload the message of ``discipline_events.proto`` named like the event."""

from __future__ import annotations

from attendance import SERVICE, TOPIC
from cs.attendance.v1 import discipline_events_pb2
from cskit.records import Outbound

OUTBOUND = Outbound(topic=TOPIC, source=SERVICE, package=discipline_events_pb2.DESCRIPTOR.package)
