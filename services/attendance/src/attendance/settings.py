"""Attendance settings: ``CS_ATTENDANCE_*`` environment variables (the kit's fields, these defaults)."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from attendance.handover.domain.policy import HandoverPolicy
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
    # Handover (HO-02..HO-05): the rulebook's defaults.
    handover_security_times: str = "08:00,18:00"
    max_swaps_per_month: int = 2
    swap_penalty_yuan: Decimal = Decimal(20)
    max_cover_minutes: int = 240
    max_leave_post_minutes: int = 20
    spot_check_share: Decimal = Decimal("0.20")
    # INTERIM (until the people sub-domain's Directory lands): employees as a JSON list.
    interim_employees: str = "[]"

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

    def handover_policy(self) -> HandoverPolicy:
        return HandoverPolicy(
            security_times=tuple(time.fromisoformat(t.strip()) for t in self.handover_security_times.split(",")),
            max_swaps_per_month=self.max_swaps_per_month,
            swap_penalty_yuan=self.swap_penalty_yuan,
            max_cover_minutes=self.max_cover_minutes,
            max_leave_post_minutes=self.max_leave_post_minutes,
            spot_check_share=self.spot_check_share,
        )
