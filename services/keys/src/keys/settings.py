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

    # --- loans (KEY-04, KEY-05, item 8) ---
    # KEY-04: keys other than vacant-unit and repair keys are lent for at most this many days.
    loan_max_days: int = Field(30, ge=1, le=365)
    # KEY-05: the owner's phone consent counts for a collection within this many minutes.
    consent_valid_minutes: int = Field(120, ge=5, le=24 * 60)
    # Item 8: the services (caller-token issuers) that may lend and return keys for work orders.
    work_order_callers: list[str] = Field(default_factory=lambda: ["aftersales"])
    # How often the key, loan and discrepancy gauges are recomputed from the database.
    gauges_interval_seconds: float = Field(15.0, gt=0)

    # -- counts, imports and cabinets (KEY-08, KEY-02, KEY-14, issue 12 item 9) --
    # KEY-02: a bulk import takes at most this many data rows and bytes (a bigger file is a 400).
    import_max_rows: int = Field(2000, ge=1, le=20000)
    import_max_bytes: int = Field(1024 * 1024, ge=1024, le=16 * 1024 * 1024)
    # Electronic cabinets: the verified caller issuers allowed to report cabinet events, and
    # how far a cabinet's own event time may be ahead of ours or behind it.
    cabinet_gateway_issuers: list[str] = ["cabinet-gateway"]
    cabinet_clock_skew_seconds: int = Field(60, ge=0, le=3600)
    cabinet_max_age_days: int = Field(7, ge=1, le=90)

    # -- custody (KEY-03, KEY-06) --
    # KEY-06: who approves an emergency use of an owner's entrusted keys (one person per role).
    emergency_approver_roles: str = "team_lead,manager"
    # KEY-06, where the seeds disagree: who approves for SEALED keys. Chosen: the
    # customer-service lead and the project manager (000 §7); 000 §9 A.3's customer-service
    # manager and general manager is "manager,general_manager".
    sealed_emergency_approver_roles: str = "team_lead,manager"
    # KEY-06: keys taken out in an emergency are due back within this many hours.
    emergency_keys_back_hours: int = Field(4, ge=1, le=48)
    # PLT-05: a reported time (the owner's consent, the owner contacted) may run this far ahead.
    reported_time_skew_seconds: int = Field(60, ge=0, le=600)

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

    @field_validator("emergency_approver_roles", "sealed_emergency_approver_roles")
    @classmethod
    def _two_roles_at_least(cls, value: str) -> str:
        roles = [r.strip() for r in value.split(",") if r.strip()]
        if len(roles) < 2 or len(set(roles)) != len(roles):
            raise ValueError("KEY-06 needs at least two distinct approver roles")
        return ",".join(roles)

    def policy(self) -> KeysPolicy:
        return KeysPolicy(
            zone=ZoneInfo(self.time_zone),
            shift_end=self.shift_end,
            overdue_escalation_every=timedelta(minutes=self.overdue_escalation_minutes),
            daily_count_at=self.daily_count_at,
            emergency_approval_within=timedelta(hours=self.emergency_approval_hours),
            emergency_approver_roles=tuple(self.emergency_approver_roles.split(",")),
            sealed_emergency_approver_roles=tuple(self.sealed_emergency_approver_roles.split(",")),
            emergency_keys_back_within=timedelta(hours=self.emergency_keys_back_hours),
            reported_time_skew_seconds=self.reported_time_skew_seconds,
            lost_resolved_by=self.lost_resolved_by,
            spare_key_chase_every=timedelta(days=self.spare_key_chase_days),
        )
