"""Punch events, past tense, shaped like their payloads in ``cs/attendance/v1/events.proto``.

A punch is recorded once and never changed: its one event is its audit trail (PLT-04)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PunchRecorded:
    punch_id: str
    branch_id: str
    employee_id: str
    source: str
    device_id: str
    source_punch_id: str
    device_time: datetime
    received_at: datetime
    punched_at: datetime
    clock_drift_flagged: bool
    approved_by: str
    actor: str
    occurred_at: datetime


# One event today; a union as corrections arrive.
PunchEvent = PunchRecorded


@dataclass(frozen=True, slots=True, kw_only=True)
class ProxyPunchFound:
    """HR found a punch made by someone else (ATT-06): a proxy finding's one event."""

    finding_id: str
    branch_id: str
    punch_id: str
    # The punch's branch-local date, YYYY-MM-DD.
    day: str
    absent_employee_id: str
    punched_by_employee_id: str
    note: str
    actor: str
    occurred_at: datetime
