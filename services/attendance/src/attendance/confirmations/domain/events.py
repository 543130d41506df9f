"""Missed-punch confirmation events (ATT-02), shaped like their payloads in
``cs/attendance/v1/requests_events.proto``; each history is its audit trail (PLT-04)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class MissedPunchConfirmed:
    """The direct supervisor (or their deputy, ``deputy_for`` the supervisor) confirms that
    the employee attended on ``day`` despite the missed punch."""

    confirmation_id: str
    branch_id: str
    employee_id: str
    day: str
    deputy_for: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DeputyDesignated:
    designation_id: str
    branch_id: str
    supervisor_id: str
    deputy_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DeputyRevoked:
    designation_id: str
    branch_id: str
    supervisor_id: str
    deputy_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class MissedPunchReportSubmitted:
    """A department's weekly missed-punch report (Saturday-Friday, due Friday 17:00)."""

    report_id: str
    branch_id: str
    department_id: str
    week_start: str
    due_at: datetime
    overdue: bool
    actor: str
    occurred_at: datetime


ConfirmationEvent = MissedPunchConfirmed
DeputyEvent = DeputyDesignated | DeputyRevoked
ReportEvent = MissedPunchReportSubmitted
