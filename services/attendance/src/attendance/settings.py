"""Attendance settings: ``CS_ATTENDANCE_*`` environment variables (the kit's fields, these defaults)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from attendance.month.domain.policy import MonthPolicy
from attendance.punches.domain.engine import Shift
from attendance.punches.domain.policy import AttendancePolicy
from cskit.settings import ServiceSettings, service_config


class AttendanceSettings(ServiceSettings):
    model_config = service_config("attendance")

    database_url: str = "sqlite:///.data/attendance.db"
    grpc_port: int = 50061
    metrics_port: int = 9111
    relay_metrics_port: int = 9112
    # One zone and one policy for every branch until branches carry their own (PLT-05).
    time_zone: str = "Asia/Shanghai"
    long_lateness_minutes: int = 30
    monthly_lateness_minutes: int = 10
    window_before_minutes: int = 240
    window_after_minutes: int = 360
    max_clock_drift_seconds: int = 300
    # The day outcome's shift when the date has no roster and the request gives none.
    default_shift_start: str = "09:00"
    default_shift_end: str = "18:00"

    # The month (ATT-02, ATT-05, ATT-10): the rulebook's defaults.
    confirmable_missed_punches: int = 3
    consecutive_absence_days: int = 3
    absence_days_in_window: int = 6
    absence_window_months: int = 3
    standard_day_minutes: int = 480
    weekly_review_minutes: int = 40 * 60
    review_due_weekday: int = 3
    # ATT-11: employees per transaction of the month close (records, outbox rows, progress).
    month_close_chunk: int = 1000
    timers_max_idle_seconds: float = 1.0

    def month_policy(self) -> MonthPolicy:
        return MonthPolicy(
            day=self.policy(),
            confirmable_missed_punches=self.confirmable_missed_punches,
            consecutive_absence_days=self.consecutive_absence_days,
            absence_days_in_window=self.absence_days_in_window,
            absence_window_months=self.absence_window_months,
            standard_day_minutes=self.standard_day_minutes,
            weekly_minutes=self.weekly_review_minutes,
            review_due_weekday=self.review_due_weekday,
        )

    def policy(self) -> AttendancePolicy:
        return AttendancePolicy(
            long_lateness_minutes=self.long_lateness_minutes,
            monthly_lateness_minutes=self.monthly_lateness_minutes,
            window_before=timedelta(minutes=self.window_before_minutes),
            window_after=timedelta(minutes=self.window_after_minutes),
            max_clock_drift=timedelta(seconds=self.max_clock_drift_seconds),
        )

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def default_shift(self) -> Shift:
        return Shift.parse(self.default_shift_start, self.default_shift_end)
