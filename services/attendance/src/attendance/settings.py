"""Attendance settings: ``CS_ATTENDANCE_*`` environment variables (the kit's fields, these defaults)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from attendance.cards.domain.policy import CardPolicy
from attendance.leave.domain.policy import LeavePolicy
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
    # The leave rules' numbers (LV-01..LV-10): LeavePolicy's field names with the values to
    # change, as JSON ({"personal_max_days": 10}); the rest keep the rulebook's defaults.
    leave_policy_overrides: dict[str, int | float | str] = {}
    # INTERIM, until the people sub-domain is wired (bootstrap): the employees (a JSON list
    # of attendance.domain.people.Employee fields).
    interim_employees: list[dict[str, Any]] = []
    # ATT-13: the rulebook charges a lost or damaged card's replacement "at cost" (工本费) and
    # deducts an unreturned card "at cost" from the final pay, without an amount: a
    # proximity card's cost by default.
    card_replacement_fee: Decimal = Decimal("20.00")
    card_unreturned_deduction: Decimal = Decimal("20.00")
    currency: str = "CNY"
    # How long a replica trusts its cached branch calendar (another replica's override shows
    # up within this; this replica's own changes at once).
    calendar_cache_seconds: int = 60

    def policy(self) -> AttendancePolicy:
        return AttendancePolicy(
            long_lateness_minutes=self.long_lateness_minutes,
            monthly_lateness_minutes=self.monthly_lateness_minutes,
            window_before=timedelta(minutes=self.window_before_minutes),
            window_after=timedelta(minutes=self.window_after_minutes),
            max_clock_drift=timedelta(seconds=self.max_clock_drift_seconds),
        )

    def card_policy(self) -> CardPolicy:
        return CardPolicy(
            replacement_fee=self.card_replacement_fee,
            unreturned_deduction=self.card_unreturned_deduction,
            currency=self.currency,
        )

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def default_shift(self) -> Shift:
        return Shift.parse(self.default_shift_start, self.default_shift_end)

    def leave_policy(self) -> LeavePolicy:
        return LeavePolicy.overridden(self.leave_policy_overrides)
