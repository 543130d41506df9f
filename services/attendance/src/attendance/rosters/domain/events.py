"""Roster events, past tense, shaped like their payloads in ``cs/attendance/v1/events.proto``.
A roster day's history is its audit trail (PLT-04): who set which shift, who cleared it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RosterDaySet:
    roster_id: str
    branch_id: str
    employee_id: str
    day: str
    shift_start: str
    shift_end: str
    rest_day: bool
    actor: str
    occurred_at: datetime
    # The department the day was set for: the employee's assignment on that date (ATT-09);
    # empty when the employee's master data was not known.
    department_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RosterDayCleared:
    roster_id: str
    branch_id: str
    employee_id: str
    day: str
    actor: str
    occurred_at: datetime


RosterEvent = RosterDaySet | RosterDayCleared
