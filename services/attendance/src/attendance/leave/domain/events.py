"""Leave events, past tense, shaped like their payloads in ``cs/attendance/v1/leave_events.proto``.
A leave's history is its audit trail (PLT-04): who asked, who approved or rejected, who cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from attendance.leave.domain.approval import ApprovalStep
from attendance.leave.domain.counting import LeaveDate


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaveRequested:
    leave_id: str
    branch_id: str
    employee_id: str
    kind: str
    start_day: str
    end_day: str
    half_day_start: bool
    half_day_end: bool
    dates: tuple[LeaveDate, ...]
    days: Decimal
    working_days: Decimal
    minutes: int
    pay_rate: Decimal
    steps: tuple[ApprovalStep, ...]
    hr_filing: bool
    emergency: bool
    certificates: tuple[str, ...]
    document_ref: str
    event_day: str
    relation: str
    nursing_slot: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaveEndorsed:
    """One approval level signed; the leave awaits the next."""

    leave_id: str
    branch_id: str
    employee_id: str
    level: int
    comment: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaveApproved:
    leave_id: str
    branch_id: str
    employee_id: str
    kind: str
    start_day: str
    end_day: str
    days: Decimal
    minutes: int
    pay_rate: Decimal
    hr_filing: bool
    comment: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaveRejected:
    leave_id: str
    branch_id: str
    employee_id: str
    kind: str
    days: Decimal
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaveCancelled:
    """``returned_from``: the first date given back (every date, cancelled before the start)."""

    leave_id: str
    branch_id: str
    employee_id: str
    kind: str
    returned_from: str
    days_returned: Decimal
    minutes_returned: int
    pay_rate: Decimal
    reason: str
    actor: str
    occurred_at: datetime


LeaveEvent = LeaveRequested | LeaveEndorsed | LeaveApproved | LeaveRejected | LeaveCancelled
