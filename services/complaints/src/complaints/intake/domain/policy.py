"""Frozen policy values: the rulebook's defaults and per-branch overrides.

Every number the rulebook gives is held here once. A branch overrides one through
configuration with plain numbers (``{"b2": {"first_reply_within_minutes": 60}}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from complaints.domain.values import Severity
from cskit.domain import FieldViolation, InvalidInput, enforces


@dataclass(frozen=True, slots=True)
class ComplaintPolicy:
    # CMP-04: what cannot be solved on the spot gets a reply within 2 hours.
    first_reply_within: timedelta = timedelta(hours=2)
    # CMP-03: a rejected complaint gets a courteous reply within 2 hours.
    rejection_reply_within: timedelta = timedelta(hours=2)
    # CMP-04: resolved within 3 calendar days (PLT-05). The rulebook gives no other number
    # for urgent or major cases, so each severity has its own field, all 3 days by default.
    resolution_within_ordinary: timedelta = timedelta(days=3)
    resolution_within_urgent: timedelta = timedelta(days=3)
    resolution_within_major: timedelta = timedelta(days=3)
    # CMP-04: every complaint is closed within 7 days of receipt.
    closure_within: timedelta = timedelta(days=7)
    # CMP-10: valid complaints are visited 100%; communicative ones only if this is set.
    visit_communicative: bool = False
    # CMP-02: an unsatisfied return visit on a communicative complaint means it was
    # mishandled, which makes it a valid one.
    reclassify_unsatisfied_communicative: bool = True
    # CMP-02: a breach of a communicative complaint's reply (first-reply) or resolution clock
    # is mishandling too, which makes it a valid one.
    reclassify_communicative_on_breach: bool = True
    # PLT-05: the branch's time zone (numbering by local month).
    time_zone: str = "Asia/Shanghai"
    # CMP-01: an intake may be backdated (a letter, an after-hours call handed over at 08:00,
    # HO-02) by at most this much; the seeds hand after-hours work over within the next working
    # day, so 72 h covers a weekend. Further back is a data-entry error or an attempt to move a case.
    intake_backdate_within: timedelta = timedelta(hours=72)
    # PLT-05: desk clocks drift; a client-supplied time may lie this far ahead of the server's.
    clock_skew_within: timedelta = timedelta(minutes=5)

    def resolution_within(self, severity: Severity) -> timedelta:
        if severity is Severity.MAJOR:
            return self.resolution_within_major
        if severity is Severity.URGENT:
            return self.resolution_within_urgent
        return self.resolution_within_ordinary

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def to_dict(self) -> dict[str, object]:
        """JSON-safe: durations as seconds."""
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.total_seconds() if isinstance(value, timedelta) else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ComplaintPolicy:
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name in _DURATIONS:
                if not isinstance(value, int | float) or isinstance(value, bool):
                    raise InvalidInput.on(f.name, "must be a number of seconds")
                value = timedelta(seconds=value)
            kwargs[f.name] = value
        return replace(cls(), **kwargs)


# The rule each policy field configures.
POLICY_RULES: dict[str, str] = {
    "first_reply_within": "CMP-04",
    "rejection_reply_within": "CMP-03",
    "resolution_within_ordinary": "CMP-04",
    "resolution_within_urgent": "CMP-04",
    "resolution_within_major": "CMP-04",
    "closure_within": "CMP-04",
    "visit_communicative": "CMP-10",
    "reclassify_unsatisfied_communicative": "CMP-02",
    "reclassify_communicative_on_breach": "CMP-02",
    "time_zone": "PLT-05",
    "intake_backdate_within": "CMP-01",
    "clock_skew_within": "PLT-05",
}

_DURATIONS = frozenset(f.name for f in fields(ComplaintPolicy) if isinstance(f.default, timedelta))
_FLAGS = frozenset(
    {"visit_communicative", "reclassify_unsatisfied_communicative", "reclassify_communicative_on_breach"}
)
_UNITS: dict[str, timedelta] = {"minutes": timedelta(minutes=1), "hours": timedelta(hours=1), "days": timedelta(days=1)}

DEFAULT_POLICY = ComplaintPolicy()


@enforces("PLT-05", "CMP-03", "CMP-04", "CMP-10")
def policy_for(branch_id: str, overrides: Mapping[str, Mapping[str, object]]) -> ComplaintPolicy:
    """The rulebook defaults with ``branch_id``'s overrides applied.

    Keys: ``<duration field>_minutes|_hours|_days`` (a positive number), the flags
    ``visit_communicative`` / ``reclassify_unsatisfied_communicative`` /
    ``reclassify_communicative_on_breach`` (bool) and
    ``time_zone`` (an IANA name). Every bad key or value is reported in one InvalidInput.
    """
    given = overrides.get(branch_id, {})
    changes: dict[str, Any] = {}
    violations: list[FieldViolation] = []

    def bad(key: str, description: str) -> None:
        violations.append(FieldViolation(f"{branch_id}.{key}", description))

    for key, value in given.items():
        field, _, unit = key.rpartition("_")
        if field in _DURATIONS and unit in _UNITS:
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                bad(key, "must be a positive number")
            elif field in changes:
                bad(key, f"{field} is given more than once")
            else:
                changes[field] = _UNITS[unit] * value
        elif key in _FLAGS:
            if not isinstance(value, bool):
                bad(key, "must be true or false")
            else:
                changes[key] = value
        elif key == "time_zone":
            if not isinstance(value, str) or not _is_zone(value):
                bad(key, "must be an IANA time zone name, e.g. Asia/Shanghai")
            else:
                changes[key] = value
        else:
            bad(key, "unknown policy setting")
    if violations:
        first = violations[0].field.removeprefix(f"{branch_id}.")
        rule = next((r for name, r in POLICY_RULES.items() if first.startswith(name)), None)
        raise InvalidInput(
            f"bad complaint policy overrides for branch {branch_id}",
            code="invalid_policy",
            rule_id=rule,
            violations=tuple(violations),
        )
    return replace(DEFAULT_POLICY, **changes)


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
