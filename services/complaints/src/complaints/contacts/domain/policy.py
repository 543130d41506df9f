"""The answering-standards policy (CMP-14): the rulebook's numbers, overridable per branch.

Defaults: a call is answered within 2 rings (004 第四章; 002 第八条 says 3 rings: a branch that
follows that seed sets ``answer_within_rings`` to 3), a chat greeted within 15 s, no wait
between replies over 20 s, an e-mail answered the same day on the branch calendar (one
received on a holiday or weekend by the end of the next working day). A branch overrides
through ``CS_COMPLAINTS_CONTACT_POLICY='{"b2": {"answer_within_rings": 3}}'``; validated at
start-up.

Reported times are bounded (hostile input): at most ``clock_skew_seconds`` ahead of the
platform's clock and at most ``backdate_within_hours`` behind it (a contact system catching
up after an outage). A month closes (its per-agent counts go out for ATT-12) on
``close_day`` at ``close_hour`` of the next month, branch local: after every step of the
month could still arrive, which the policy checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

# The branch-local month (PLT-05), as penalties and statistics count it.
from complaints.penalties.domain.rules import next_month
from cskit.domain import FieldViolation, InvalidInput, enforces
from cskit.domain.calendar import WorkingCalendar


@dataclass(frozen=True, slots=True)
class ContactPolicy:
    answer_within_rings: int = 2
    chat_greeting_within_seconds: int = 15
    reply_wait_within_seconds: int = 20
    backdate_within_hours: int = 48
    clock_skew_seconds: int = 300
    close_day: int = 3
    close_hour: int = 2
    holidays: frozenset[date] = frozenset()
    makeup_days: frozenset[date] = frozenset()

    @property
    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar.of(self.holidays, self.makeup_days)


_BOUNDS: dict[str, tuple[int, int]] = {
    "answer_within_rings": (1, 10),
    "chat_greeting_within_seconds": (1, 600),
    "reply_wait_within_seconds": (1, 3600),
    "backdate_within_hours": (1, 24 * 14),
    "clock_skew_seconds": (0, 3600),
    "close_day": (1, 28),
    "close_hour": (0, 23),
}
DEFAULT_CONTACT_POLICY = ContactPolicy()


@enforces("CMP-14")
def contact_policy_for(branch_id: str, overrides: Mapping[str, Mapping[str, Any]]) -> ContactPolicy:
    """The defaults with ``branch_id``'s overrides; every bad key is reported in one InvalidInput."""
    changes: dict[str, Any] = {}
    violations: list[FieldViolation] = []
    for key, value in overrides.get(branch_id, {}).items():
        field = f"{branch_id}.{key}"
        if key in _BOUNDS:
            low, high = _BOUNDS[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                violations.append(FieldViolation(field, f"must be an integer {low}..{high}"))
            else:
                changes[key] = value
        elif key in ("holidays", "makeup_days"):
            try:
                changes[key] = frozenset(date.fromisoformat(d) for d in value)
            except (TypeError, ValueError):
                violations.append(FieldViolation(field, "must be a list of ISO dates"))
        else:
            violations.append(FieldViolation(field, "unknown contact policy setting"))
    policy = replace(DEFAULT_CONTACT_POLICY, **changes)
    # The month must not close while a step of it may still arrive.
    if not violations and (policy.close_day - 1) * 24 + policy.close_hour <= policy.backdate_within_hours:
        violations.append(FieldViolation(f"{branch_id}.close_day", "the month closes before its late steps arrive"))
    if violations:
        raise InvalidInput(
            f"bad contact policy overrides for branch {branch_id}",
            code="invalid_policy",
            rule_id="CMP-14",
            violations=tuple(violations),
        )
    return policy


@enforces("CMP-14")
def close_due_at(month: str, policy: ContactPolicy, zone: ZoneInfo) -> datetime:
    """When ``month``'s per-agent counts go out: the policy's day and hour of the next month, local."""
    following = next_month(month)
    local = datetime(int(following[:4]), int(following[5:]), policy.close_day, policy.close_hour, tzinfo=zone)
    return local.astimezone(ZoneInfo("UTC"))


def email_due_by(received_at: datetime, policy: ContactPolicy, zone: ZoneInfo) -> datetime:
    """The end of the e-mail's answering day: the local day it came, or the next working day."""
    day = received_at.astimezone(zone).date()
    calendar = policy.calendar
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(days=1)
