"""The monthly discipline score (ATT-12) as a pure function: a month's counts in, the
itemised deductions and the score out. Each item carries its count, its unit and its points,
so a payroll clerk recomputes the sheet by hand: score = max(floor, start - sum(points))."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from attendance.discipline.domain.policy import DisciplinePolicy, Tier
from cskit.domain.rules import enforces


class ItemKind(StrEnum):
    LATE = "late"
    ABSENCE_FROM_POST = "absence_from_post"
    ABSENCE = "absence"
    UNAPPROVED_REST = "unapproved_rest"
    OFFLINE = "offline"
    LEAVE_BEYOND_LIEU = "leave_beyond_lieu"
    SLOW_ANSWER = "slow_answer"
    RUDENESS = "rudeness"
    UNFINISHED_WORK = "unfinished_work"


class Outcome(StrEnum):
    NONE = "none"
    WARNING = "warning"
    PENALTY = "penalty"


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthInputs:
    """One employee's month as the score reads it. ``unfinished`` holds each supervisor entry's
    points (already bounded by ``unfinished_points``)."""

    employee_id: str
    late_arrivals: int = 0
    long_lateness: int = 0
    absence_days: int = 0
    unapproved_rest: int = 0
    offline: int = 0
    leave_days: int = 0
    slow_answers: int = 0
    rudeness: int = 0
    unfinished: tuple[Decimal, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """``count`` occurrences deduct ``points`` in all; ``basis`` says how, for the clerk."""

    kind: ItemKind
    count: int
    points: Decimal
    basis: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreLine:
    employee_id: str
    start: Decimal
    items: tuple[Item, ...]
    deducted: Decimal
    score: Decimal
    outcome: Outcome


def _tiered(count: int, tiers: tuple[Tier, ...], each: Decimal) -> tuple[Decimal, str]:
    reached = [t for t in tiers if count >= t.at]
    if reached:
        top = max(reached, key=lambda t: t.at)
        return top.points, f"{count} >= {top.at}: {top.points}"
    return each * count, f"{count} x {each}"


def unfinished_points(points: Decimal, policy: DisciplinePolicy) -> Decimal:
    """A supervisor's entry for unfinished daily work must lie in the policy's bounds."""
    if not policy.unfinished_min <= points <= policy.unfinished_max:
        raise ValueError(f"unfinished daily work deducts {policy.unfinished_min} to {policy.unfinished_max}")
    return points


def outcome_of(score: Decimal, policy: DisciplinePolicy) -> Outcome:
    """At or below ``penalty_at`` a penalty (which goes beyond the warning); else at or below
    ``warning_at`` a verbal warning."""
    if score <= policy.penalty_at:
        return Outcome.PENALTY
    if score <= policy.warning_at:
        return Outcome.WARNING
    return Outcome.NONE


@enforces("ATT-12")
def month_score(inputs: MonthInputs, policy: DisciplinePolicy) -> ScoreLine:
    """The employee's score for the month and every deduction that made it."""
    items: list[Item] = []

    def add(kind: ItemKind, count: int, points: Decimal, basis: str) -> None:
        if count and points:
            items.append(Item(kind=kind, count=count, points=points, basis=basis))

    def each(kind: ItemKind, count: int, unit: Decimal) -> None:
        add(kind, count, unit * count, f"{count} x {unit}")

    each(ItemKind.LATE, inputs.late_arrivals, policy.late)
    each(ItemKind.ABSENCE_FROM_POST, inputs.long_lateness, policy.absence_from_post)
    each(ItemKind.ABSENCE, inputs.absence_days, policy.unapproved_rest)
    each(ItemKind.UNAPPROVED_REST, inputs.unapproved_rest, policy.unapproved_rest)
    if inputs.offline >= policy.offline_times:
        add(ItemKind.OFFLINE, inputs.offline, policy.offline, f"{inputs.offline} >= {policy.offline_times}")
    beyond = max(0, inputs.leave_days - policy.days_in_lieu)
    add(
        ItemKind.LEAVE_BEYOND_LIEU,
        beyond,
        policy.absence_from_post * beyond,
        f"{inputs.leave_days} leave days - {policy.days_in_lieu} in lieu = {beyond} x {policy.absence_from_post}",
    )
    add(ItemKind.SLOW_ANSWER, inputs.slow_answers, *_tiered(inputs.slow_answers, policy.slow_answer_tiers, Decimal(0)))
    add(ItemKind.RUDENESS, inputs.rudeness, *_tiered(inputs.rudeness, policy.rudeness_tiers, policy.rudeness_each))
    if inputs.unfinished:
        points = sum(inputs.unfinished, Decimal(0))
        add(ItemKind.UNFINISHED_WORK, len(inputs.unfinished), points, " + ".join(str(p) for p in inputs.unfinished))
    deducted = sum((i.points for i in items), Decimal(0))
    score = max(policy.floor, policy.start_points - deducted)
    return ScoreLine(
        employee_id=inputs.employee_id,
        start=policy.start_points,
        items=tuple(items),
        deducted=deducted,
        score=score,
        outcome=outcome_of(score, policy),
    )
