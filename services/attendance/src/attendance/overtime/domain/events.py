"""Overtime claim events (OT-01..OT-03), shaped like their payloads in
``cs/attendance/v1/requests_events.proto``; each claim's history is its audit trail (PLT-04).
HR's payroll reads ``OvertimeApproved``, keyed by the employee's id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OvertimeClaimed:
    claim_id: str
    branch_id: str
    employee_id: str
    day: str
    start: datetime
    end: datetime
    minutes: int
    reason: str
    cycle_start: str
    cycle_due: str
    rest_day: bool
    week_minutes: int
    # OT-01 holds: a rostered rest day in a week over the bound.
    ordinary: bool
    statutory_holiday: bool
    missed_punch: bool
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OvertimeSigned:
    claim_id: str
    branch_id: str
    employee_id: str
    level: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OvertimeApproved:
    """Both department levels signed: ``minutes`` of overtime on ``day``, triple pay or not."""

    claim_id: str
    branch_id: str
    employee_id: str
    day: str
    minutes: int
    triple_pay: bool
    first_approver: str
    second_approver: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OvertimeRejected:
    claim_id: str
    branch_id: str
    employee_id: str
    day: str
    reason: str
    actor: str
    occurred_at: datetime


OvertimeEvent = OvertimeClaimed | OvertimeSigned | OvertimeApproved | OvertimeRejected
