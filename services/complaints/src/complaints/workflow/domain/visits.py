"""CMP-17 Return-visit deadlines, and CMP-15's immediate visit after bodily harm.

Each visit the case owes is a task with a due date (``VisitTaskOpened``) and a clock
(``clocks.py``): the return visit within N working days of resolution on the branch calendar
(members' cases within calendar days), a property case's first visit within a month of
contract verification and its second three months after handover, and a harm visit at once.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from complaints.domain.values import ClockKind, VisitKind
from complaints.intake.domain import rules
from complaints.intake.domain.grades import working_days_due
from complaints.intake.domain.policy import ComplaintPolicy
from cskit.domain import InvalidInput, RuleViolation, enforces

RULE = "CMP-17"
EARLIEST = date(1970, 1, 1)

VISIT_CLOCKS: dict[VisitKind, ClockKind] = {
    VisitKind.HARM: ClockKind.HARM_VISIT,
    VisitKind.RETURN: ClockKind.RETURN_VISIT,
    VisitKind.PROPERTY_FIRST: ClockKind.PROPERTY_FIRST_VISIT,
    VisitKind.PROPERTY_SECOND: ClockKind.PROPERTY_SECOND_VISIT,
}
VISIT_RULES: dict[VisitKind, str] = {
    VisitKind.HARM: "CMP-15",
    VisitKind.RETURN: RULE,
    VisitKind.PROPERTY_FIRST: RULE,
    VisitKind.PROPERTY_SECOND: RULE,
}


@dataclass(frozen=True, slots=True)
class VisitTask:
    """A visit the case owes: due by ``due_at``, done at ``done_at`` (None while open)."""

    kind: VisitKind
    opened_at: datetime
    due_at: datetime
    rule_id: str
    done_at: datetime | None = None

    @property
    def on_time(self) -> bool:
        return self.done_at is not None and self.done_at <= self.due_at


@dataclass(frozen=True, slots=True)
class VisitDue:
    """What ``VisitTaskOpened`` records: the clock counts from ``counts_from`` to ``due_at``."""

    kind: VisitKind
    counts_from: datetime
    due_at: datetime
    reason: str

    @property
    def rule_id(self) -> str:
        return VISIT_RULES[self.kind]


@enforces(RULE, "PLT-05")
def return_visit_due(resolved_at: datetime, member: bool, policy: ComplaintPolicy) -> VisitDue:
    """Within N working days of resolution on the branch calendar (holidays skipped, make-up
    working days counted); a member's case within its calendar days."""
    if member:
        due = rules.utc(resolved_at, "resolved_at") + policy.member_return_visit_within
        return VisitDue(VisitKind.RETURN, resolved_at, due, "member's case: return visit after resolution")
    due = working_days_due(resolved_at, policy.return_visit_within_working_days, policy)
    return VisitDue(VisitKind.RETURN, resolved_at, due, "return visit after resolution")


@enforces("CMP-15")
def harm_visit_due(received_at: datetime, policy: ComplaintPolicy) -> VisitDue:
    """Bodily harm or hospitalisation: someone visits the customer at once."""
    return VisitDue(
        VisitKind.HARM, received_at, received_at + policy.harm_visit_within, "bodily harm or hospitalisation"
    )


@enforces(RULE)
def property_visits_due(
    verified_on: date | None, handed_over_on: date | None, policy: ComplaintPolicy
) -> tuple[VisitDue, ...]:
    """A property case's first visit within N months of contract verification and its second
    M months after handover; each due at the end of its day (branch-local)."""
    zone = policy.zone
    due: list[VisitDue] = []
    if verified_on is not None:
        end = add_months(verified_on, policy.property_first_visit_within_months)
        reason = "first visit after contract verification"
        due.append(VisitDue(VisitKind.PROPERTY_FIRST, local_midnight(verified_on, zone), _end_of(end, zone), reason))
    if handed_over_on is not None:
        end = add_months(handed_over_on, policy.property_second_visit_after_months)
        reason = "second visit after handover"
        start = local_midnight(handed_over_on, zone)
        due.append(VisitDue(VisitKind.PROPERTY_SECOND, start, _end_of(end, zone), reason))
    return tuple(due)


@enforces(RULE)
def require_property_dates(verified_on: date | None, handed_over_on: date | None, today: date) -> None:
    """At least one date, neither in the future nor before 1970 (the platform holds nothing
    older), handover not before verification."""
    if verified_on is None and handed_over_on is None:
        raise InvalidInput.on(
            "contract_verified_on", "give the contract verification or the handover date", rule_id=RULE
        )
    for field, day in (("contract_verified_on", verified_on), ("handed_over_on", handed_over_on)):
        if day is not None and day > today:
            raise InvalidInput.on(field, "must not be in the future", rule_id=RULE)
        if day is not None and day < EARLIEST:
            raise InvalidInput.on(field, f"must not be before {EARLIEST.isoformat()}", rule_id=RULE)
    if verified_on is not None and handed_over_on is not None and handed_over_on < verified_on:
        raise InvalidInput.on("handed_over_on", "must not be before the contract verification", rule_id=RULE)


@enforces("CMP-15", RULE)
def require_open_task(tasks: tuple[VisitTask, ...], kind: VisitKind) -> None:
    """A harm or property visit is recorded against its open task (the return visit has its own command)."""
    if kind in (VisitKind.UNSPECIFIED, VisitKind.RETURN):
        raise InvalidInput.on(
            "kind", "must be harm, property_first or property_second (record a return visit on its own)", rule_id=RULE
        )
    if not any(t.kind is kind and t.done_at is None for t in tasks):
        raise RuleViolation(
            f"the case has no open {kind.value} visit task", code="no_visit_task", rule_id=VISIT_RULES[kind]
        )


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _end_of(day: date, zone: ZoneInfo) -> datetime:
    return local_midnight(day + timedelta(days=1), zone)
