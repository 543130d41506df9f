"""Compensation policy (CMP-09, CMP-13): rulebook defaults, per-branch overrides.

The rulebook says "confirmed by legal counsel and signed up the chain to the general
manager" (000 §8 三.5, 四.2: 逐级报相关领导签批 ... 逐级上报至总经理签批). The chain's
default is manager (department head) -> director -> general_manager; the rulebook names no
grades, so every step's minimum grade defaults to 0 (the role alone qualifies) until a
branch configures one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from cskit.domain import FieldViolation, InvalidInput, enforces


@dataclass(frozen=True, slots=True)
class SignStep:
    """One step of the sign-off chain: who may sign it (role, lowest grade)."""

    role: str
    min_grade: int = 0


DEFAULT_CHAIN = (SignStep("manager"), SignStep("director"), SignStep("general_manager"))
CONFIDENTIALITY_LEVELS = ("public", "internal", "confidential", "secret")


@dataclass(frozen=True, slots=True)
class CompensationPolicy:
    # CMP-09: legal counsel confirms the agreement's text.
    legal_role: str = "legal"
    legal_min_grade: int = 0
    # CMP-09: signed up the chain to the general manager, in this order.
    sign_chain: tuple[SignStep, ...] = DEFAULT_CHAIN
    # CMP-09: who drafts (customer service) and who records the payment (finance).
    drafter_roles: frozenset[str] = frozenset({"agent", "team_lead", "manager", "director", "general_manager"})
    finance_role: str = "finance"
    # CMP-09: the agreement's currency and its minor unit (CNY: fen, 2 places, ISO 4217).
    # An amount with more decimal places is refused, never rounded.
    currency: str = "CNY"
    decimal_places: int = 2
    # CMP-13: what the archives receive for a paid agreement. Retention 0 = the category's
    # default as the archives set it (ARC-04: the rulebook names none for contracts).
    filing_retention_years: int = 0
    filing_confidentiality: str = "internal"
    # PLT-05: a payment time may lie this many seconds ahead of the server's clock (desk drift).
    payment_clock_skew_seconds: int = 300


POLICY_RULES: dict[str, str] = {
    "legal_role": "CMP-09",
    "legal_min_grade": "CMP-09",
    "sign_chain": "CMP-09",
    "finance_role": "CMP-09",
    "currency": "CMP-09",
    "decimal_places": "CMP-09",
    "filing_retention_years": "CMP-13",
    "filing_confidentiality": "CMP-13",
    "payment_clock_skew_seconds": "PLT-05",
}

DEFAULT_COMPENSATION_POLICY = CompensationPolicy()


@enforces("CMP-09", "CMP-13")
def compensation_policy_for(branch_id: str, overrides: Mapping[str, Mapping[str, object]]) -> CompensationPolicy:
    """The defaults with ``branch_id``'s overrides, e.g.
    ``{"b2": {"sign_chain": [{"role": "director", "min_grade": 5}, {"role": "general_manager"}]}}``.
    Every bad key or value is reported in one InvalidInput."""
    given = overrides.get(branch_id, {})
    changes: dict[str, Any] = {}
    bad: list[FieldViolation] = []
    for key, value in given.items():
        where = f"{branch_id}.{key}"
        if key == "sign_chain":
            chain = _chain(value)
            if chain is None:
                bad.append(FieldViolation(where, "must be a non-empty list of {role, min_grade}"))
            else:
                changes[key] = chain
        elif key in ("legal_role", "finance_role", "currency"):
            if not isinstance(value, str) or not value.strip():
                bad.append(FieldViolation(where, "must be a non-empty string"))
            else:
                changes[key] = value.strip()
        elif key in ("legal_min_grade", "filing_retention_years", "payment_clock_skew_seconds"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                bad.append(FieldViolation(where, "must be a whole number, 0 or more"))
            else:
                changes[key] = value
        elif key == "decimal_places":
            # The projection column holds 2 places; a currency with more needs a migration.
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2:
                bad.append(FieldViolation(where, "must be 0, 1 or 2"))
            else:
                changes[key] = value
        elif key == "filing_confidentiality":
            if value not in CONFIDENTIALITY_LEVELS:
                bad.append(FieldViolation(where, f"must be one of {', '.join(CONFIDENTIALITY_LEVELS)}"))
            else:
                changes[key] = value
        elif key == "drafter_roles":
            if not isinstance(value, list) or not value or not all(isinstance(r, str) and r for r in value):
                bad.append(FieldViolation(where, "must be a non-empty list of roles"))
            else:
                changes[key] = frozenset(value)
        else:
            bad.append(FieldViolation(where, "unknown compensation policy setting"))
    if bad:
        first = bad[0].field.removeprefix(f"{branch_id}.")
        raise InvalidInput(
            f"bad compensation policy overrides for branch {branch_id}",
            code="invalid_policy",
            rule_id=POLICY_RULES.get(first, "CMP-09"),
            violations=tuple(bad),
        )
    return replace(DEFAULT_COMPENSATION_POLICY, **changes)


def _chain(value: object) -> tuple[SignStep, ...] | None:
    if not isinstance(value, list) or not value:
        return None
    steps: list[SignStep] = []
    for item in value:
        if not isinstance(item, Mapping) or set(item) - {"role", "min_grade"}:
            return None
        role, grade = item.get("role"), item.get("min_grade", 0)
        if not isinstance(role, str) or not role or isinstance(grade, bool) or not isinstance(grade, int) or grade < 0:
            return None
        steps.append(SignStep(role, grade))
    return tuple(steps)
