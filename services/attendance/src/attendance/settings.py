"""Attendance settings: ``CS_ATTENDANCE_*`` environment variables (the kit's fields, these defaults).

Per branch (PLT-05): ``CS_ATTENDANCE_BRANCH_ZONES`` maps a branch to its IANA zone
(``{"b7": "Asia/Urumqi"}``) and ``CS_ATTENDANCE_BRANCH_POLICIES`` a branch to the policy
numbers it sets otherwise (``{"b7": {"long_lateness_minutes": 20}}``, the names of the
fields below); anything else is refused at start with the branch and key named."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import field_validator

from attendance.cards.domain.policy import CardPolicy
from attendance.discipline.domain.policy import DisciplinePolicy, Tier
from attendance.domain.approval import ApprovalLevels
from attendance.domain.people import Grade
from attendance.handover.domain.policy import HandoverPolicy
from attendance.leave.domain.policy import LeavePolicy
from attendance.month.domain.policy import MonthPolicy
from attendance.overtime.domain.rules import OvertimePolicy
from attendance.people.domain.policy import ImportPolicy
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
    consumer_metrics_port: int = 9113
    # One zone and one policy for every branch until branches carry their own (PLT-05).
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
    # The leave rules' numbers (LV-01..LV-10): LeavePolicy's field names with the values to
    # change, as JSON ({"personal_max_days": 10}); the rest keep the rulebook's defaults.
    leave_policy_overrides: dict[str, int | float | str] = {}
    # ATT-13: the rulebook charges a lost or damaged card's replacement "at cost" (工本费) and
    # deducts an unreturned card "at cost" from the final pay, without an amount: a
    # proximity card's cost by default.
    card_replacement_fee: Decimal = Decimal("20.00")
    card_unreturned_deduction: Decimal = Decimal("20.00")
    currency: str = "CNY"
    # How long a replica trusts its cached branch calendar (another replica's override shows
    # up within this; this replica's own changes at once).
    calendar_cache_seconds: int = 60
    timers_max_idle_seconds: float = 1.0
    # ATT-12, the discipline score (000 §11 2.3): the rulebook's values (DisciplinePolicy).
    discipline_start_points: Decimal = Decimal(10)
    discipline_late: Decimal = Decimal("0.5")
    discipline_absence_from_post: Decimal = Decimal(2)
    discipline_unapproved_rest: Decimal = Decimal(5)
    discipline_offline_times: int = 3
    discipline_offline: Decimal = Decimal(5)
    # "count:points" tiers; the tier reached replaces the per-item deduction.
    discipline_slow_answer_tiers: str = "3:5,5:10"
    discipline_rudeness_each: Decimal = Decimal(1)
    discipline_rudeness_tiers: str = "3:5,5:10"
    discipline_unfinished_min: Decimal = Decimal("0.5")
    discipline_unfinished_max: Decimal = Decimal(1)
    discipline_days_in_lieu: int = 4
    discipline_lieu_exempt_kinds: frozenset[str] = frozenset()
    discipline_warning_at: Decimal = Decimal(5)
    discipline_penalty_at: Decimal = Decimal(2)
    discipline_floor: Decimal = Decimal(0)
    # The seed names no payday: the 10th; the sheet opens for approval the day before.
    discipline_payday: int = 10
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
    # Handover (HO-02..HO-05): the rulebook's defaults.
    handover_security_times: str = "08:00,18:00"
    max_swaps_per_month: int = 2
    swap_penalty_yuan: Decimal = Decimal(20)
    max_cover_minutes: int = 240
    max_leave_post_minutes: int = 20
    spot_check_share: Decimal = Decimal("0.20")
    # Bulk imports of employees and rosters: the upload's bytes and its data rows.
    import_max_bytes: int = 1_000_000
    import_max_rows: int = 5_000

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

    def card_policy(self) -> CardPolicy:
        return CardPolicy(
            replacement_fee=self.card_replacement_fee,
            unreturned_deduction=self.card_unreturned_deduction,
            currency=self.currency,
        )

    def discipline_policy(self) -> DisciplinePolicy:
        return DisciplinePolicy(
            start_points=self.discipline_start_points,
            late=self.discipline_late,
            absence_from_post=self.discipline_absence_from_post,
            unapproved_rest=self.discipline_unapproved_rest,
            offline_times=self.discipline_offline_times,
            offline=self.discipline_offline,
            slow_answer_tiers=_tiers(self.discipline_slow_answer_tiers),
            rudeness_each=self.discipline_rudeness_each,
            rudeness_tiers=_tiers(self.discipline_rudeness_tiers),
            unfinished_min=self.discipline_unfinished_min,
            unfinished_max=self.discipline_unfinished_max,
            days_in_lieu=self.discipline_days_in_lieu,
            lieu_exempt_kinds=self.discipline_lieu_exempt_kinds,
            warning_at=self.discipline_warning_at,
            penalty_at=self.discipline_penalty_at,
            floor=self.discipline_floor,
            payday=self.discipline_payday,
        )

    def approval_levels(self) -> ApprovalLevels:
        return ApprovalLevels(first=Grade(self.approval_first_grade), second=Grade(self.approval_second_grade))

    def report_due(self) -> time:
        return time.fromisoformat(self.missed_punch_report_due)

    def overtime_policy(self) -> OvertimePolicy:
        return OvertimePolicy(week_minutes=self.overtime_week_minutes, cycle_start_day=self.overtime_cycle_start_day)

    def import_policy(self) -> ImportPolicy:
        return ImportPolicy(max_bytes=self.import_max_bytes, max_rows=self.import_max_rows)

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

    def leave_policy(self) -> LeavePolicy:
        return LeavePolicy.overridden(self.leave_policy_overrides)

    def handover_policy(self) -> HandoverPolicy:
        return HandoverPolicy(
            security_times=tuple(time.fromisoformat(t.strip()) for t in self.handover_security_times.split(",")),
            max_swaps_per_month=self.max_swaps_per_month,
            swap_penalty_yuan=self.swap_penalty_yuan,
            max_cover_minutes=self.max_cover_minutes,
            max_leave_post_minutes=self.max_leave_post_minutes,
            spot_check_share=self.spot_check_share,
        )


def _tiers(text: str) -> tuple[Tier, ...]:
    """ "3:5,5:10" -> at 3 a month 5 points in all, at 5 10 points."""
    tiers = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        at, _, points = part.partition(":")
        tiers.append(Tier(at=int(at), points=Decimal(points)))
    return tuple(sorted(tiers, key=lambda t: t.at))
