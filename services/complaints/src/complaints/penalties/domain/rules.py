"""Responsibility, loss splits and the monthly deduction cap (CMP-11). Pure: no I/O.

Money rules (all amounts are ``Decimal`` at the cent, never floats):

- Inputs must already be exact cents: an amount with finer digits is refused, never rounded.
- A loss split (``split_loss``) uses the largest-remainder rule: every share is first cut
  DOWN to the cent (``ROUND_DOWN``); the cents still missing to reach the loss go one each
  to the people whose cut-off fractions were largest, ties to more base points, then to the
  smaller person id. The parts always add up exactly to the loss, each within one cent of
  its exact value, and the same input always gives the same parts.
- The monthly cap (``deduction_cap``) is cut DOWN to the cent, so a deduction never exceeds
  the policy share of the bonus; what it leaves is carried over, not lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from enum import StrEnum
from zoneinfo import ZoneInfo

from cskit.domain import FieldViolation, InvalidInput, RuleViolation, enforces
from cskit.domain.actor import ADMINISTRATION
from cskit.domain.money import check_amount
from cskit.domain.text import clean_text

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_TEXT = 2000
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class ResponsibilityLevel(StrEnum):
    UNSPECIFIED = "unspecified"
    PERSON = "person"
    TEAM = "team"
    DEPARTMENT = "department"


@dataclass(frozen=True, slots=True)
class PenaltyPolicy:
    # CMP-11: a month's deduction is capped at 50% of that month's performance bonus.
    deduction_cap_ratio: Decimal = Decimal("0.50")
    # CMP-11 / PLT-02: sanctions are approved by the general manager, at this grade or above.
    sanction_approver_roles: frozenset[str] = frozenset({"general_manager"})
    sanction_approver_min_grade: int = 0
    # CMP-11: administration (行政人事部) decides responsibility, penalties, proposes and publishes.
    administration_roles: frozenset[str] = ADMINISTRATION | {"hr"}
    # CMP-11: HR records bonuses and closes months.
    ledger_roles: frozenset[str] = ADMINISTRATION | {"hr"}
    currency: str = "CNY"
    # CMP-16 (第二十四条), percent of the month's performance bonus per published sanction.
    # A warning takes 100 % as the seed reads. That is more than a minor demerit's 30 % and
    # probably a typo (10 %?): a policy value that AWAITS THE CUSTOMER'S CONFIRMATION.
    warning_deduction_percent: Decimal = Decimal(100)
    # A minor demerit: 30 % of the bonus for each one (每基数).
    minor_demerit_deduction_percent: Decimal = Decimal(30)
    # A major demerit or worse: the whole month's bonus.
    major_demerit_deduction_percent: Decimal = Decimal(100)


POLICY_RULES: dict[str, str] = {
    "deduction_cap_percent": "CMP-11",
    "sanction_approver_min_grade": "PLT-02",
    "currency": "CMP-11",
    "warning_deduction_percent": "CMP-16",
    "minor_demerit_deduction_percent": "CMP-16",
    "major_demerit_deduction_percent": "CMP-16",
}

_SANCTION_PERCENTS = frozenset(
    {"warning_deduction_percent", "minor_demerit_deduction_percent", "major_demerit_deduction_percent"}
)


@enforces("CMP-11", "CMP-16")
def penalty_policy(overrides: Mapping[str, object]) -> PenaltyPolicy:
    """The rulebook defaults with configured overrides: ``deduction_cap_percent`` (0 < n <= 100),
    ``sanction_approver_min_grade`` (int >= 0), ``currency`` (ISO 4217), and CMP-16's
    ``warning_deduction_percent``, ``minor_demerit_deduction_percent``,
    ``major_demerit_deduction_percent`` (0 <= n <= 100). The warning's default of 100 % is the
    seed's figure as written and awaits the customer's confirmation (RULES.md, CMP-16)."""
    changes: dict[str, object] = {}
    bad: list[FieldViolation] = []
    for key, value in overrides.items():
        if key == "deduction_cap_percent":
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                bad.append(FieldViolation(key, "must be a number"))
                continue
            percent = _decimal(str(value))
            if percent is None or not Decimal(0) < percent <= Decimal(100):
                bad.append(FieldViolation(key, "must be above 0 and at most 100"))
            else:
                changes["deduction_cap_ratio"] = percent / Decimal(100)
        elif key in _SANCTION_PERCENTS:
            percent = (
                _decimal(str(value)) if isinstance(value, int | float | str) and not isinstance(value, bool) else None
            )
            if percent is None or not Decimal(0) <= percent <= Decimal(100):
                bad.append(FieldViolation(key, "must be a number from 0 to 100"))
            else:
                changes[key] = percent
        elif key == "sanction_approver_min_grade":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                bad.append(FieldViolation(key, "must be a whole number, 0 or more"))
            else:
                changes[key] = value
        elif key == "currency":
            if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
                bad.append(FieldViolation(key, "must be an ISO 4217 code"))
            else:
                changes[key] = value
        else:
            bad.append(FieldViolation(key, "unknown penalty policy setting"))
    if bad:
        raise InvalidInput(
            "bad penalty policy", code="invalid_policy", rule_id=POLICY_RULES.get(bad[0].field), violations=tuple(bad)
        )
    return replace(PenaltyPolicy(), **changes)  # type: ignore[arg-type]


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@enforces("CMP-11")
def money(value: Decimal, field: str, *, allow_zero: bool = True) -> Decimal:
    """An exact, non-negative amount in cents; finer digits are refused, not rounded."""
    if not value.is_finite() or value < 0 or (not allow_zero and value == 0):
        raise InvalidInput.on(field, "must be a positive amount" if not allow_zero else "must not be negative")
    if value != value.quantize(CENT, rounding=ROUND_DOWN):
        raise InvalidInput.on(field, "must be exact to the cent (at most 2 decimal places)", rule_id="CMP-11")
    check_amount(value, field, rule_id="CMP-11")  # the platform's one money bound
    return value.quantize(CENT)


def points(text: str, field: str) -> Decimal:
    value = _decimal(text)
    if value is None or value <= 0 or value > 10_000:
        raise InvalidInput.on(field, "must be a positive number of base points", rule_id="CMP-11")
    return value


def month(text: str, field: str = "month") -> str:
    if not _MONTH.match(text):
        raise InvalidInput.on(field, "must be a month, YYYY-MM")
    return text


def month_of(at: datetime, zone: ZoneInfo) -> str:
    """The month an instant falls in, in the branch's time zone (PLT-05)."""
    return at.astimezone(zone).strftime("%Y-%m")


def next_month(value: str) -> str:
    year, mon = int(value[:4]), int(value[5:])
    return f"{year + mon // 12:04d}-{mon % 12 + 1:02d}"


def text(value: str, field: str, *, required: bool, multiline: bool = False) -> str:
    """Trimmed text without control characters (the kit's one rule); names are one line."""
    value = clean_text(value, field, multiline=multiline, rule_id="CMP-11").strip()
    if required and not value:
        raise InvalidInput.on(field, "is required")
    if len(value) > MAX_TEXT:
        raise InvalidInput.on(field, f"is longer than {MAX_TEXT} characters")
    return value


@enforces("CMP-11")
def responsibility_level(person_id: str, team: str, department: str) -> ResponsibilityLevel:
    """A person where one is known, else the team, else the department (第二十条)."""
    if person_id.strip():
        return ResponsibilityLevel.PERSON
    if team.strip():
        return ResponsibilityLevel.TEAM
    if department.strip():
        return ResponsibilityLevel.DEPARTMENT
    raise InvalidInput(
        "responsibility needs a person, a team or a department",
        code="responsibility_unknown",
        rule_id="CMP-11",
        violations=(FieldViolation("person_id", "name a person, else a team, else a department"),),
    )


@dataclass(frozen=True, slots=True)
class Member:
    person_id: str
    base_points: Decimal


@dataclass(frozen=True, slots=True)
class Share:
    person_id: str
    base_points: Decimal
    amount: Decimal


@enforces("CMP-11")
def split_loss(loss: Decimal, members: Sequence[Member]) -> tuple[Share, ...]:
    """loss / the unit's total base points * each person's base points (第二十一条),
    exact to the cent by the largest-remainder rule (module docstring)."""
    loss = money(loss, "amount", allow_zero=False)
    if not members:
        raise InvalidInput.on("members", "a shared loss needs the people who share it", rule_id="CMP-11")
    ids = [m.person_id for m in members]
    if len(set(ids)) != len(ids) or any(not i.strip() for i in ids):
        raise InvalidInput.on("members", "each person once, with an id", rule_id="CMP-11")
    if any(m.base_points <= 0 for m in members):
        raise InvalidInput.on("members", "base points must be positive", rule_id="CMP-11")
    total = sum((m.base_points for m in members), Decimal(0))
    exact = [loss * m.base_points / total for m in members]
    floors = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    missing = int((loss - sum(floors, Decimal(0))) / CENT)
    order = sorted(
        range(len(members)), key=lambda i: (-(exact[i] - floors[i]), -members[i].base_points, members[i].person_id)
    )
    extra = set(order[:missing])
    return tuple(
        Share(m.person_id, m.base_points, floors[i] + (CENT if i in extra else ZERO)) for i, m in enumerate(members)
    )


@enforces("CMP-11")
def deduction_cap(bonus: Decimal, policy: PenaltyPolicy) -> Decimal:
    """The most a month may take: the policy share of that month's bonus, cut down to the cent."""
    return (bonus * policy.deduction_cap_ratio).quantize(CENT, rounding=ROUND_DOWN)


@dataclass(frozen=True, slots=True)
class Settlement:
    carried_in: Decimal
    assessed: Decimal
    bonus: Decimal
    cap: Decimal
    deducted: Decimal
    carried_over: Decimal


@enforces("CMP-11")
def settle(carried_in: Decimal, assessed: Decimal, bonus: Decimal, policy: PenaltyPolicy) -> Settlement:
    """What is due this month (carried + new) is taken up to the cap; the rest carries over."""
    due = carried_in + assessed
    cap = deduction_cap(bonus, policy)
    deducted = min(due, cap)
    return Settlement(carried_in, assessed, bonus, cap, deducted, due - deducted)


@enforces("CMP-11")
def require_level_for_penalty(level: ResponsibilityLevel, members: Sequence[Member]) -> None:
    """A person's penalty names nobody else; a team or department loss names who shares it."""
    if level is ResponsibilityLevel.UNSPECIFIED:
        raise RuleViolation(
            "assign responsibility on the case before a penalty", code="responsibility_required", rule_id="CMP-11"
        )
    if level is ResponsibilityLevel.PERSON and members:
        raise InvalidInput.on("members", "a penalty on one responsible person takes no members", rule_id="CMP-11")
