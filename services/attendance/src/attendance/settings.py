"""Attendance settings: ``CS_ATTENDANCE_*`` environment variables (the kit's fields, these defaults)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from attendance.people.domain.policy import ImportPolicy
from attendance.punches.domain.engine import Shift
from attendance.punches.domain.policy import AttendancePolicy
from cskit.settings import ServiceSettings, service_config


class AttendanceSettings(ServiceSettings):
    model_config = service_config("attendance")

    database_url: str = "sqlite:///.data/attendance.db"
    grpc_port: int = 50061
    metrics_port: int = 9111
    relay_metrics_port: int = 9112
    consumer_metrics_port: int = 9113
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
    # Bulk imports of employees and rosters: the upload's bytes and its data rows.
    import_max_bytes: int = 1_000_000
    import_max_rows: int = 5_000

    def policy(self) -> AttendancePolicy:
        return AttendancePolicy(
            long_lateness_minutes=self.long_lateness_minutes,
            monthly_lateness_minutes=self.monthly_lateness_minutes,
            window_before=timedelta(minutes=self.window_before_minutes),
            window_after=timedelta(minutes=self.window_after_minutes),
            max_clock_drift=timedelta(seconds=self.max_clock_drift_seconds),
        )

    def import_policy(self) -> ImportPolicy:
        return ImportPolicy(max_bytes=self.import_max_bytes, max_rows=self.import_max_rows)

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def default_shift(self) -> Shift:
        return Shift.parse(self.default_shift_start, self.default_shift_end)
