"""The month's policy: the rulebook's numbers for counting a month (ATT-02, ATT-05, ATT-10),
as configuration (``CS_ATTENDANCE_*``, see ``settings.py``); the day's numbers (ATT-03,
ATT-04) stay in ``punches.domain.policy.AttendancePolicy``."""

from __future__ import annotations

from dataclasses import dataclass, field

from attendance.punches.domain.policy import AttendancePolicy


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthPolicy:
    day: AttendancePolicy = field(default_factory=AttendancePolicy)
    # ATT-02: per employee per calendar month, this many missed-punch days may be confirmed
    # as attended; from the next one on each is a day of absence even when confirmed.
    confirmable_missed_punches: int = 3
    # ATT-05: this many consecutive scheduled days of absence raise a termination case ...
    consecutive_absence_days: int = 3
    # ... and so does this many days of absence within ``absence_window_months`` months.
    absence_days_in_window: int = 6
    absence_window_months: int = 3
    # ATT-06: a proxy-punch finding on a date without a shift costs this many minutes of absence.
    standard_day_minutes: int = 480
    # ATT-10: anyone under this many worked-or-leave minutes in a week is flagged ...
    weekly_minutes: int = 40 * 60
    # ... and the departments answer by this weekday of the review's week (0 Monday .. 3 Thursday).
    review_due_weekday: int = 3
