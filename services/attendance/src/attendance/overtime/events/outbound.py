"""Overtime events -> the outbox: on ``cs.attendance.v1``, each payload the message of
``requests_events.proto`` named like the event, keyed by the EMPLOYEE's id (HR's payroll
key: one employee's claims and approvals stay in order on one partition)."""

from __future__ import annotations

from typing import Any

from attendance import SERVICE, TOPIC
from cs.attendance.v1 import requests_events_pb2
from cskit.messaging.envelope import Envelope
from cskit.protomap import attributes
from cskit.records import Outbound

OUTBOUND = Outbound(topic=TOPIC, source=SERVICE, package=requests_events_pb2.DESCRIPTOR.package)


def by_employee(record: Any, event: Any) -> tuple[str, Envelope]:
    payload = OUTBOUND.payload(type(event).__name__, attributes(event))
    return TOPIC, OUTBOUND.envelope(
        payload, subject=record.employee_id, branch_id=record.branch_id, time=event.occurred_at
    )
