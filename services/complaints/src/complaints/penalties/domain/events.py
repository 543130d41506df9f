"""Accountability events (CMP-11), past tense, mirroring ``cs/complaints/v1/penalties.proto``.

Each carries ``occurred_at`` (UTC), ``actor`` (the proto's ``*_by``), ``branch_id`` and the
Kafka key it is published under: ``complaint_id`` for case events, ``person_id`` for the
ledger events (penalty, bonus, deduction), so HR reads one person's deductions in order.
``details`` gives the JSON-safe form kept in the append-only audit trail (PLT-04).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from complaints.penalties.domain.bonus import SanctionDeduction
from complaints.penalties.domain.rules import ZERO, ResponsibilityLevel
from complaints.penalties.domain.values import SanctionKind
from cskit.domain.codec import fields_to_json


@dataclass(frozen=True, slots=True, kw_only=True)
class _AccountabilityEvent:
    occurred_at: datetime
    actor: str
    branch_id: str

    @property
    def key(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class _CaseEvent(_AccountabilityEvent):
    complaint_id: str

    @property
    def key(self) -> str:
        return self.complaint_id


@dataclass(frozen=True, slots=True, kw_only=True)
class _PersonEvent(_AccountabilityEvent):
    person_id: str

    @property
    def key(self) -> str:
        return self.person_id


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponsibilityAssigned(_CaseEvent):
    level: ResponsibilityLevel
    person_id: str
    team: str
    department: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PenaltyAssessed(_PersonEvent):
    penalty_id: str
    complaint_id: str
    amount: Decimal
    month: str
    level: ResponsibilityLevel
    # Team/department splits: the whole loss and the points behind this share; else 0 / "".
    loss: Decimal
    base_points: str
    total_points: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthlyBonusRecorded(_PersonEvent):
    month: str
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class DeductionSettled(_PersonEvent):
    month: str
    bonus: Decimal
    carried_in: Decimal
    assessed: Decimal
    cap: Decimal
    deducted: Decimal
    carried_over: Decimal
    # CMP-16: the month's published sanctions, priced on the whole bonus, outside the cap.
    sanction_deductions: tuple[SanctionDeduction, ...] = ()
    sanction_deducted: Decimal = ZERO
    # CMP-11's capped deduction plus the sanctions': what payroll takes this month.
    total_deducted: Decimal = ZERO


@dataclass(frozen=True, slots=True, kw_only=True)
class SanctionProposed(_CaseEvent):
    sanction_id: str
    person_id: str
    kind: SanctionKind
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SanctionApproved(_CaseEvent):
    sanction_id: str
    person_id: str
    kind: SanctionKind


@dataclass(frozen=True, slots=True, kw_only=True)
class SanctionPublished(_CaseEvent):
    sanction_id: str
    person_id: str
    kind: SanctionKind
    reason: str
    approved_by: str


AccountabilityEvent = (
    ResponsibilityAssigned
    | PenaltyAssessed
    | MonthlyBonusRecorded
    | DeductionSettled
    | SanctionProposed
    | SanctionApproved
    | SanctionPublished
)


def complaint_of(event: AccountabilityEvent) -> str | None:
    """The case an event belongs to, for the per-case audit trail; None for ledger-only events."""
    return getattr(event, "complaint_id", None)


def details(event: AccountabilityEvent) -> dict[str, object]:
    """JSON-safe fields: amounts as decimal strings, enums by value, times ISO-8601."""
    return fields_to_json(event)
