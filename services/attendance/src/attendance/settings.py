"""Attendance settings: ``CS_ATTENDANCE_*`` environment variables (the kit's fields, these defaults)."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

from attendance.domain.people import Grade
from attendance.outofoffice.domain.approval import ApprovalLevels
from attendance.overtime.domain.rules import OvertimePolicy
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
    # Requests (ATT-02, ATT-07, OT-01..03): the rulebook's defaults.
    # Grades (attendance.domain.people.Grade) of the first and second signature of a two-level approval.
    approval_first_grade: int = 2
    approval_second_grade: int = 3
    # ATT-02: departments' weekly missed-punch report (Saturday-Friday) is due on the Friday at this time.
    missed_punch_report_due: str = "17:00"
    # OT-01: a week's attendance must exceed this many minutes (40 hours) for rest-day overtime.
    overtime_week_minutes: int = 2400
    # OT-02: overtime cycles run from this day of a month to the day before it next month (21st-20th).
    overtime_cycle_start_day: int = 21
    # INTERIM until the people and calendars sub-domains land (the integrator removes both):
    # employees as a JSON list of attendance.domain.people.Employee fields, and the statutory
    # (triple-pay, OT-03) holidays as a JSON list of YYYY-MM-DD dates.
    interim_employees: str = "[]"
    interim_statutory_holidays: str = "[]"

    def policy(self) -> AttendancePolicy:
        return AttendancePolicy(
            long_lateness_minutes=self.long_lateness_minutes,
            monthly_lateness_minutes=self.monthly_lateness_minutes,
            window_before=timedelta(minutes=self.window_before_minutes),
            window_after=timedelta(minutes=self.window_after_minutes),
            max_clock_drift=timedelta(seconds=self.max_clock_drift_seconds),
        )

    def approval_levels(self) -> ApprovalLevels:
        return ApprovalLevels(first=Grade(self.approval_first_grade), second=Grade(self.approval_second_grade))

    def report_due(self) -> time:
        return time.fromisoformat(self.missed_punch_report_due)

    def overtime_policy(self) -> OvertimePolicy:
        return OvertimePolicy(week_minutes=self.overtime_week_minutes, cycle_start_day=self.overtime_cycle_start_day)

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def default_shift(self) -> Shift:
        return Shift.parse(self.default_shift_start, self.default_shift_end)
