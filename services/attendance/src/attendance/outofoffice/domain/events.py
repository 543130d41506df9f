"""Out-of-office events, past tense, shaped like their payloads in
``cs/attendance/v1/requests_events.proto``. A record's history is its audit trail (PLT-04):
who announced, filed, signed, approved or rejected it, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OutOfOfficeAnnounced:
    """A supervisor recorded the employee's phone call before leaving (ATT-07)."""

    record_id: str
    branch_id: str
    employee_id: str
    day: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OutOfOfficeFiled:
    record_id: str
    branch_id: str
    employee_id: str
    day: str
    reason: str
    start: datetime
    end: datetime
    # Filed after leaving, on a phone announcement: approvals too must come on the day of return.
    late_filed: bool
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OutOfOfficeSigned:
    """The first level signed; the second is still due."""

    record_id: str
    branch_id: str
    employee_id: str
    level: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OutOfOfficeApproved:
    """Both levels signed: the record covers the missed punches of start..end (ATT-07)."""

    record_id: str
    branch_id: str
    employee_id: str
    day: str
    start: datetime
    end: datetime
    first_approver: str
    second_approver: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OutOfOfficeRejected:
    record_id: str
    branch_id: str
    employee_id: str
    day: str
    reason: str
    actor: str
    occurred_at: datetime


OutOfOfficeEvent = (
    OutOfOfficeAnnounced | OutOfOfficeFiled | OutOfOfficeSigned | OutOfOfficeApproved | OutOfOfficeRejected
)
