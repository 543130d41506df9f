"""The statistics policy (CMP-12, CMP-13): when a month freezes and who may freeze or recompute it.

Rulebook defaults (000 §13 第十九,二十七条: administration reviews last month's closed
cases and files the complaint statistics by the 10th): the previous month freezes on day
10 at 02:00 branch local time. A branch overrides through
``CS_COMPLAINTS_STATISTICS_POLICY='{"b2": {"freeze_day": 5}}'``; validated at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from complaints.penalties.domain.rules import next_month
from cskit.domain import Actor, FieldViolation, Forbidden, InvalidInput, enforces
from cskit.domain.actor import ADMINISTRATION
from cskit.domain.text import clean_text


@dataclass(frozen=True, slots=True)
class StatisticsPolicy:
    # CMP-12: last month's statistics are done by the 10th, here at 02:00 local time.
    freeze_day: int = 10
    freeze_hour: int = 2
    # CMP-10: valid complaints are visited 100%; the rate is reported against this target.
    return_visit_target_percent: int = 100
    # CMP-12: who may freeze a month on demand; who may recompute a frozen one (PLT-02).
    freeze_roles: frozenset[str] = ADMINISTRATION | {"director", "general_manager"}
    recompute_roles: frozenset[str] = ADMINISTRATION
    # CMP-13: requested retention of the register in years; 0 = the archives' default (ARC-04).
    register_retention_years: int = 0


# The rule each policy field configures.
POLICY_RULES: dict[str, str] = {
    "freeze_day": "CMP-12",
    "freeze_hour": "CMP-12",
    "return_visit_target_percent": "CMP-10",
    "freeze_roles": "CMP-12",
    "recompute_roles": "CMP-12",
    "register_retention_years": "CMP-13",
}
_BOUNDS: dict[str, tuple[int, int]] = {
    "freeze_day": (1, 28),
    "freeze_hour": (0, 23),
    "return_visit_target_percent": (0, 100),
    "register_retention_years": (0, 100),
}

DEFAULT_STATISTICS_POLICY = StatisticsPolicy()


@enforces("CMP-12", "CMP-13")
def statistics_policy_for(branch_id: str, overrides: Mapping[str, Mapping[str, Any]]) -> StatisticsPolicy:
    """The defaults with ``branch_id``'s overrides; every bad key is reported in one InvalidInput."""
    changes: dict[str, Any] = {}
    violations: list[FieldViolation] = []
    for key, value in overrides.get(branch_id, {}).items():
        if key in _BOUNDS:
            low, high = _BOUNDS[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                violations.append(FieldViolation(f"{branch_id}.{key}", f"must be an integer {low}..{high}"))
            else:
                changes[key] = value
        elif key in ("freeze_roles", "recompute_roles"):
            if not isinstance(value, list) or not value or not all(isinstance(r, str) and r for r in value):
                violations.append(FieldViolation(f"{branch_id}.{key}", "must be a non-empty list of roles"))
            else:
                changes[key] = frozenset(value)
        else:
            violations.append(FieldViolation(f"{branch_id}.{key}", "unknown statistics policy setting"))
    if violations:
        first = violations[0].field.removeprefix(f"{branch_id}.")
        raise InvalidInput(
            f"bad statistics policy overrides for branch {branch_id}",
            code="invalid_policy",
            rule_id=POLICY_RULES.get(first, "CMP-12"),
            violations=tuple(violations),
        )
    return replace(DEFAULT_STATISTICS_POLICY, **changes)


@enforces("CMP-12")
def freeze_due_at(month: str, policy: StatisticsPolicy, time_zone: str) -> datetime:
    """When ``month`` freezes: the policy's day and hour of the following month, local time."""
    following = next_month(month)
    year, mon = int(following[:4]), int(following[5:])
    local = datetime(year, mon, policy.freeze_day, policy.freeze_hour, tzinfo=ZoneInfo(time_zone))
    return local.astimezone(ZoneInfo("UTC"))


def previous_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:])
    return f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"


@enforces("CMP-12", "PLT-02")
def require_may_freeze(actor: Actor, policy: StatisticsPolicy) -> None:
    """An on-demand freeze is administration's or leadership's; the monthly job runs as system."""
    if "system" in actor.roles:
        return
    if actor.roles.isdisjoint(policy.freeze_roles):
        raise Forbidden(
            f"freezing a month needs one of the roles {sorted(policy.freeze_roles)}",
            code="role_required",
            rule_id="CMP-12",
        )


@enforces("CMP-12", "PLT-04")
def require_recompute(actor: Actor, policy: StatisticsPolicy, reason: str) -> str:
    """A frozen month is computed again only by administration, explicitly, with a reason."""
    if actor.roles.isdisjoint(policy.recompute_roles):
        raise Forbidden(
            f"recomputing a frozen month needs one of the roles {sorted(policy.recompute_roles)}",
            code="recompute_forbidden",
            rule_id="CMP-12",
        )
    cleaned = clean_text(reason, "reason", multiline=True, rule_id="CMP-12").strip()
    if not cleaned:
        raise InvalidInput(
            "recomputing a frozen month needs a reason (it is audited)",
            code="reason_required",
            rule_id="CMP-12",
            violations=(FieldViolation("reason", "required to recompute a frozen month"),),
        )
    if len(cleaned) > 2000:
        raise InvalidInput.on("reason", "must be at most 2000 characters")
    return cleaned
