"""The month's figures (ATT-11): one employee's days and totals as the engine counts them and
payroll reads them; minutes, hours and pay rates, no money."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

_CENT = Decimal("0.01")


def hours(minutes: int) -> Decimal:
    """Minutes as hours, rounded half up to 2 places (90 -> 1.50, 1 -> 0.02)."""
    return (Decimal(minutes) / 60).quantize(_CENT, rounding=ROUND_HALF_UP)


class DayKind(StrEnum):
    REST = "rest"
    ATTENDED = "attended"
    LEAVE = "leave"
    ABSENT = "absent"


class AbsenceReason(StrEnum):
    NO_RECORD = "no_record"  # ATT-08
    MISSED_PUNCH_UNCONFIRMED = "missed_punch_unconfirmed"  # ATT-02
    MISSED_PUNCH_BEYOND_LIMIT = "missed_punch_beyond_limit"  # ATT-02, the 4th on
    LONG_LATENESS = "long_lateness"  # ATT-04
    PROXY_PUNCH = "proxy_punch"  # ATT-06
    SWAP_UNRECORDED = "swap_unrecorded"  # HO-03: a swap the one who left did not record
    PARTIAL_LEAVE_NO_RECORD = "partial_leave_no_record"  # leave for part of the shift, no punch


class TerminationReason(StrEnum):
    CONSECUTIVE_ABSENCE = "consecutive_absence"
    ABSENCE_IN_WINDOW = "absence_in_window"


@dataclass(frozen=True, slots=True, kw_only=True)
class DayCount:
    day: date
    kind: DayKind
    scheduled_minutes: int = 0
    worked_minutes: int = 0
    late_minutes: int = 0
    early_minutes: int = 0
    leave_minutes: int = 0
    absence_minutes: int = 0
    # ATT-02: this day's number among the month's missed punches (0: none), and whether confirmed.
    missed_punch_no: int = 0
    confirmed: bool = False
    long_lateness: bool = False
    reasons: tuple[AbsenceReason, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaveHours:
    kind: str
    pay_rate: Decimal
    days: int
    minutes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthCounts:
    """The month's counted figures, shared by the engine's record and the payroll record."""

    scheduled_days: int = 0
    scheduled_minutes: int = 0
    worked_minutes: int = 0
    late_minutes: int = 0
    early_minutes: int = 0
    late_arrivals: int = 0
    long_lateness: int = 0
    deducted_minutes: int = 0
    absence_days: int = 0
    absence_minutes: int = 0
    leave: tuple[LeaveHours, ...] = ()
    overtime_minutes: int = 0
    triple_pay_minutes: int = 0
    missed_punches: int = 0
    missed_punches_confirmed: int = 0
    missed_punches_absent: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthRecord(MonthCounts):
    """One employee's month as payroll reads it (ATT-11): minutes, hours and pay rates, no money."""

    employee_id: str
    month: date
    trailing_run: int = 0
    termination: tuple[TerminationReason, ...] = ()
    days: tuple[DayCount, ...] = field(default=(), compare=False)

    @property
    def absence_hours(self) -> Decimal:
        return hours(self.absence_minutes)
