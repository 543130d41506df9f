"""Attendance settings: ``CS_ATTENDANCE_*`` environment variables (the kit's fields, these defaults).

Per branch (PLT-05): ``CS_ATTENDANCE_BRANCH_ZONES`` maps a branch to its IANA zone
(``{"b7": "Asia/Urumqi"}``) and ``CS_ATTENDANCE_BRANCH_POLICIES`` a branch to the policy
numbers it sets otherwise (``{"b7": {"long_lateness_minutes": 20}}``, the names of the
fields below); anything else is refused at start with the branch and key named."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import field_validator

from attendance.punches.domain.engine import Shift
from attendance.punches.domain.policy import AttendancePolicy, BranchPolicies
from cskit.settings import ServiceSettings, service_config

# The policy numbers a branch may override, with the type each must be.
POLICY_FIELDS: dict[str, type] = {
    "long_lateness_minutes": int,
    "monthly_lateness_minutes": int,
    "window_before_minutes": int,
    "window_after_minutes": int,
    "max_clock_drift_seconds": int,
    "max_batch_punches": int,
    "proxy_sample_share": float,
}


def _zone(name: str, where: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{where}: unknown time zone {name!r}") from exc


def _checked_policy(branch: str, values: Any) -> dict[str, int | float]:
    if not isinstance(values, dict):
        raise ValueError(f"branch {branch!r}: a policy is an object of numbers")
    checked: dict[str, int | float] = {}
    for key, value in values.items():
        kind = POLICY_FIELDS.get(key)
        if kind is None:
            raise ValueError(f"branch {branch!r}: unknown policy {key!r} (known: {', '.join(POLICY_FIELDS)})")
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if not numeric or (kind is int and not isinstance(value, int)) or value < 0:
            raise ValueError(f"branch {branch!r}: {key} must be a non-negative {kind.__name__}")
        if key == "proxy_sample_share" and value > 1:
            raise ValueError(f"branch {branch!r}: proxy_sample_share is a share from 0 to 1")
        if key == "max_batch_punches" and value < 1:
            raise ValueError(f"branch {branch!r}: max_batch_punches must be at least 1")
        checked[key] = value
    return checked


class AttendanceSettings(ServiceSettings):
    model_config = service_config("attendance")

    database_url: str = "sqlite:///.data/attendance.db"
    grpc_port: int = 50061
    metrics_port: int = 9111
    relay_metrics_port: int = 9112
    # The default zone and policy; a branch's own below (PLT-05).
    time_zone: str = "Asia/Shanghai"
    long_lateness_minutes: int = 30
    monthly_lateness_minutes: int = 10
    window_before_minutes: int = 240
    window_after_minutes: int = 360
    max_clock_drift_seconds: int = 300
    max_batch_punches: int = 500
    proxy_sample_share: float = 0.05
    branch_zones: dict[str, str] = {}
    branch_policies: dict[str, dict[str, Any]] = {}
    # The day outcome's shift when the date has no roster and the request gives none.
    default_shift_start: str = "09:00"
    default_shift_end: str = "18:00"

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        _zone(value, "time_zone")
        return value

    @field_validator("branch_zones")
    @classmethod
    def _known_zones(cls, value: dict[str, str]) -> dict[str, str]:
        for branch, name in value.items():
            _zone(name, f"branch_zones[{branch!r}]")
        return value

    @field_validator("branch_policies")
    @classmethod
    def _known_policies(cls, value: dict[str, Any]) -> dict[str, Any]:
        return {branch: _checked_policy(branch, values) for branch, values in value.items()}

    def policy(self, **overrides: int | float) -> AttendancePolicy:
        values: dict[str, Any] = {name: getattr(self, name) for name in POLICY_FIELDS} | overrides
        return AttendancePolicy(
            long_lateness_minutes=values["long_lateness_minutes"],
            monthly_lateness_minutes=values["monthly_lateness_minutes"],
            window_before=timedelta(minutes=values["window_before_minutes"]),
            window_after=timedelta(minutes=values["window_after_minutes"]),
            max_clock_drift=timedelta(seconds=values["max_clock_drift_seconds"]),
            max_batch_punches=values["max_batch_punches"],
            proxy_sample_share=float(values["proxy_sample_share"]),
        )

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def branches(self) -> BranchPolicies:
        return BranchPolicies(
            self.policy(),
            self.zone(),
            {branch: ZoneInfo(name) for branch, name in self.branch_zones.items()},
            {branch: self.policy(**values) for branch, values in self.branch_policies.items()},
        )

    def default_shift(self) -> Shift:
        return Shift.parse(self.default_shift_start, self.default_shift_end)
