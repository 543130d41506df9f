"""Confirmation events -> the outbox: on ``cs.attendance.v1``, keyed by the record's id, each
payload the message of ``requests_events.proto`` named like the event (the import registers them)."""

from __future__ import annotations

from attendance import SERVICE, TOPIC
from cs.attendance.v1 import requests_events_pb2
from cskit.records import Outbound

OUTBOUND = Outbound(topic=TOPIC, source=SERVICE, package=requests_events_pb2.DESCRIPTOR.package)
