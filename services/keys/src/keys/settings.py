"""Keys settings: ``CS_KEYS_*`` environment variables (the kit's fields, these defaults).

The policy numbers are the rulebook's defaults (``keys.domain.policy.KeysPolicy``)."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from cskit.settings import ServiceSettings, service_config
from keys.domain.policy import KeysPolicy


class KeysSettings(ServiceSettings):
    model_config = service_config("keys")

    database_url: str = "sqlite:///.data/keys.db"
    grpc_port: int = 50071
    metrics_port: int = 9121
    relay_metrics_port: int = 9122
    # How long the timer runner sleeps when nothing is due (overdue loans, daily counts).
    timers_max_idle_seconds: float = 1.0

    # PLT-05: the branches' zone; shift end, count reminder and curfews are local times.
    time_zone: str = "Asia/Shanghai"
    # KEY-04: same-day keys are due back by the end of the shift.
    shift_end: time = time(18, 0)
    # KEY-04: an overdue loan is reported to the team lead, and again every this many minutes.
    overdue_escalation_minutes: int = Field(60, ge=5, le=24 * 60)
    # KEY-08: the custodian is reminded to count every cabinet at this local time each day.
    daily_count_at: time = time(8, 30)
    # KEY-06: an emergency use still without its approvals after this many hours is alerted on.
    emergency_approval_hours: int = Field(24, ge=1, le=24 * 7)

    # incidents (KEY-09, KEY-11): a lost or damaged key is resolved by this local time of the
    # day it was reported; an owner who changed a lock is chased for the spare every N days.
    lost_resolved_by: time = time(23, 59)
    spare_key_chase_days: int = Field(3, ge=1, le=30)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    def policy(self) -> KeysPolicy:
        return KeysPolicy(
            zone=ZoneInfo(self.time_zone),
            shift_end=self.shift_end,
            overdue_escalation_every=timedelta(minutes=self.overdue_escalation_minutes),
            daily_count_at=self.daily_count_at,
            emergency_approval_within=timedelta(hours=self.emergency_approval_hours),
            lost_resolved_by=self.lost_resolved_by,
            spare_key_chase_every=timedelta(days=self.spare_key_chase_days),
        )
