"""The facts one attendance sub-domain hands another, for the month (ATT-02, ATT-05, ATT-07,
ATT-08, ATT-10, ATT-11, ATT-12): each a frozen value and a Protocol its owner implements.

Who implements what: ``leave`` -> ``LeaveFacts``; ``requests`` (out of office, missed-punch
confirmations, overtime) -> ``OutOfOfficeFacts``, ``ConfirmationFacts``, ``OvertimeFacts``;
``punches`` -> ``ProxyFindingFacts``; ``calendars`` -> ``Calendars``; ``discipline`` ->
``ScoreFacts``; ``month`` -> ``MonthCountFacts`` (for ``discipline``) and ``ClosedMonths``
(ATT-11's freeze, for every sub-domain that writes a date's facts); ``handover`` ->
``SwapAbsenceFacts`` (for ``month``) and ``PostOverrunFacts`` (for ``discipline``). Each
reads the others through these Protocols and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from cskit.domain.actor import BranchScope
from cskit.domain.calendar import WorkingCalendar


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaveDay:
    """One employee's approved leave on one branch-local date (LV-03 decides which dates count).

    ``minutes`` of the day's shift are covered (a half day of annual leave is 240); ``pay_rate``
    is the share paid (1 annual/marriage/...; 0.4 sick, LV-04; 0 personal, LV-05)."""

    employee_id: str
    day: date
    kind: str
    minutes: int
    pay_rate: Decimal
    leave_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OutOfOffice:
    """An approved out-of-office record (ATT-07): it covers the missed punches of its span."""

    employee_id: str
    start: datetime
    end: datetime
    record_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Confirmation:
    """A supervisor's (or deputy's) confirmation that the employee attended despite a missed
    punch on ``day`` (ATT-02)."""

    employee_id: str
    day: date
    confirmed_by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OvertimeDay:
    """Approved overtime minutes on a date (OT-01); ``triple_pay`` on a statutory holiday (OT-03)."""

    employee_id: str
    day: date
    minutes: int
    triple_pay: bool
    claim_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProxyFinding:
    """A punch found to be made for someone else (ATT-06): ``employee_id`` gets a day of
    absence on ``day`` (both the absent one and the one who punched have a finding)."""

    employee_id: str
    day: date
    finding_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthCount:
    """One employee's month as the month engine counted it (ATT-02..ATT-05, ATT-08), for the
    discipline score (ATT-12): late arrivals of 30 minutes or less, late arrivals over 30
    (absence from post), days of absence."""

    employee_id: str
    late_arrivals: int
    long_lateness: int
    absence_days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SwapAbsence:
    """An approved shift swap not recorded by both sides (HO-03): ``employee_id``, who gave
    away the shift of ``day`` without recording the handover, is absent that day."""

    employee_id: str
    day: date
    swap_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PostOverrun:
    """Cover or time away from the post beyond its limit (HO-04), a finding for the discipline
    score: ``kind`` is "cover" or "leave_post"; ``minutes`` beyond the limit."""

    employee_id: str
    day: date
    kind: str
    minutes: int
    record_id: str


class LeaveFacts(Protocol):
    async def leave_days(self, scope: BranchScope, start: date, end: date) -> list[LeaveDay]: ...


class OutOfOfficeFacts(Protocol):
    async def out_of_office(self, scope: BranchScope, start: datetime, end: datetime) -> list[OutOfOffice]: ...


class ConfirmationFacts(Protocol):
    async def confirmations(self, scope: BranchScope, start: date, end: date) -> list[Confirmation]: ...


class OvertimeFacts(Protocol):
    async def overtime_days(self, scope: BranchScope, start: date, end: date) -> list[OvertimeDay]: ...


class ProxyFindingFacts(Protocol):
    async def proxy_findings(self, scope: BranchScope, start: date, end: date) -> list[ProxyFinding]: ...


class Calendars(Protocol):
    """A branch's working days (PLT-05): the official calendar with the branch's overrides."""

    async def calendar(self, branch_id: str, year: int) -> WorkingCalendar: ...


class ScoreFacts(Protocol):
    """The month's approved discipline score per employee (ATT-12), for the payroll record."""

    async def scores(self, scope: BranchScope, month: date) -> dict[str, Decimal]: ...


class MonthCountFacts(Protocol):
    async def month_counts(self, scope: BranchScope, month: date) -> list[MonthCount]: ...


class SwapAbsenceFacts(Protocol):
    async def swap_absences(self, scope: BranchScope, start: date, end: date) -> list[SwapAbsence]: ...


class PostOverrunFacts(Protocol):
    async def post_overruns(self, scope: BranchScope, start: date, end: date) -> list[PostOverrun]: ...


class ClosedMonths(Protocol):
    """ATT-11: a branch's month is frozen from the moment HR starts closing it; a sub-domain
    that writes facts of a date refuses the write when the date's month is closed (the month
    changes only through an audited correction). Implemented by ``month``."""

    async def is_closed(self, branch_id: str, day: date) -> bool: ...
