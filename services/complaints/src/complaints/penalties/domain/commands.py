"""Accountability commands (CMP-11), mirroring the ``PenaltyService`` requests."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from complaints.penalties.domain.rules import Member
from complaints.penalties.domain.values import SanctionKind


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignResponsibility:
    complaint_id: str
    person_id: str = ""
    team: str = ""
    department: str = ""
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AssessPenalty:
    complaint_id: str
    # The person's penalty, or the team's/department's loss to split.
    amount: Decimal
    members: tuple[Member, ...] = ()
    # YYYY-MM; empty: the current month in the branch's time zone.
    month: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordMonthlyBonus:
    person_id: str
    month: str
    amount: Decimal
    branch_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SettleMonth:
    month: str
    # Empty: everyone in the branch with something to settle.
    person_id: str = ""
    branch_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposeSanction:
    complaint_id: str
    person_id: str
    kind: SanctionKind
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveSanction:
    sanction_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishSanction:
    sanction_id: str
