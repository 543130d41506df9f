"""The after-sales policy: the rulebook's numbers and lists as configuration
(``CS_AFTERSALES_*``, ``AftersalesSettings``). Pure values and the time arithmetic the rules need."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from cskit.domain.calendar import DayStatus, WorkingCalendar
from cskit.officialcalendar import official_calendar


def _signers() -> dict[str, frozenset[str]]:
    # AFS-03: who signs for a public facility, by the department that reported it: customer
    # service an assistant or above, security a shift lead or above, office staff anyone of
    # the office, sales the on-site sales. An empty set: anyone of that department.
    return {
        "customer_service": frozenset(
            {"assistant", "supervisor", "team_lead", "manager", "director", "general_manager"}
        ),
        "security": frozenset({"shift_lead", "captain", "supervisor", "manager", "director"}),
        "office": frozenset(),
        "sales": frozenset({"on_site_sales", "sales_manager"}),
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class AftersalesPolicy:
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    # AFS-02: the engineer leaves with tools and parts within this long of accepting.
    departure_within: timedelta = timedelta(minutes=5)
    # AFS-13: a request is acknowledged and confirmed with the customer within this long.
    acknowledge_within: timedelta = timedelta(hours=24)
    # AFS-03: a household member signing at home is at least this old.
    adult_age: int = 18
    # AFS-03: the positions that sign for a public facility, by reporting department.
    signer_positions: Mapping[str, frozenset[str]] = field(default_factory=_signers)
    # An appointment (AFS-02) is booked at most this far ahead.
    appointment_horizon: timedelta = timedelta(days=60)
    # PLT-05: a time a client reports (a consent, a departure) may run this far ahead of ours.
    reported_time_skew: timedelta = timedelta(minutes=1)
    # PLT-05: the branch calendar's public holidays and make-up working days, over the
    # official calendar (AFS-06's 2 working days).
    holidays: tuple[date, ...] = ()
    makeup_days: tuple[date, ...] = ()

    def local_day(self, at: datetime) -> date:
        return at.astimezone(self.zone).date()

    def local_midnight(self, day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), self.zone).astimezone(UTC)

    @property
    def departments(self) -> Iterable[str]:
        return self.signer_positions.keys()

    def may_sign_for(self, department: str, position: str) -> bool:
        """AFS-03: whether someone of ``position`` signs for their ``department``'s report."""
        allowed = self.signer_positions.get(department)
        return allowed is not None and (not allowed or position in allowed)

    def calendar(self, years: Iterable[int]) -> WorkingCalendar:
        """The branch's working days (PLT-05): the official calendars of ``years`` with the
        branch's own days off and make-up days laid over them."""
        holidays: set[date] = set()
        makeup: set[date] = set()
        statutory: set[date] = set()
        for year in set(years):
            official = official_calendar(year)
            holidays |= official.holidays
            makeup |= official.makeup_days
            statutory |= official.statutory_holidays
        calendar = WorkingCalendar.of(holidays, makeup, statutory)
        for day in self.holidays:
            calendar = calendar.with_day(day, DayStatus.HOLIDAY)
        for day in self.makeup_days:
            calendar = calendar.with_day(day, DayStatus.MAKEUP)
        return calendar

    def working_days_after(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` in the branch calendar (AFS-06)."""
        return self.calendar((start.year, start.year + 1)).add_working_days(start, days)
