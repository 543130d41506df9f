"""REST bodies for responsibility, penalties, the deduction ledger and sanctions (CMP-11).

Money travels as a decimal STRING at the cent ("900.00"), never a JSON number; base points
as a decimal string ("3", "1.5"). The business rules are the service's, which names CMP-11
in the problem."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from cs.complaints.v1 import penalties_pb2 as pb
from gateway.enums import ProtoEnum
from gateway.schemas import ID_PATTERN, BranchId, Message, MoneyAmount, PageQuery, SingleLineText, _In, _Out

RESPONSIBILITY_LEVEL = ProtoEnum(pb.ResponsibilityLevel)
SANCTION_KIND = ProtoEnum(pb.SanctionKind)
SANCTION_STATUS = ProtoEnum(pb.SanctionStatus)
ResponsibilityLevel = Annotated[str, RESPONSIBILITY_LEVEL]
SanctionKind = Annotated[str, SANCTION_KIND]
SanctionStatus = Annotated[str, SANCTION_STATUS]

# The platform's one money type (bounded by the kit); cents are CMP-11's rule, in the service.
Amount = MoneyAmount
Points = Annotated[str, Field(pattern=r"^[0-9]{1,5}(\.[0-9]{1,4})?$", examples=["3"], description="Base points")]
Month = Annotated[str, Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", examples=["2026-11"])]
PersonId = Annotated[str, Field(min_length=1, max_length=100, pattern=ID_PATTERN)]
OptionalName = Annotated[str, Field(max_length=100), SingleLineText] | None


class ResponsibilityBody(_In):
    # A person where possible, else the team, else the department (CMP-11).
    person_id: OptionalName = None
    team: OptionalName = None
    department: OptionalName = None
    reason: Message


class MemberIn(_In):
    person_id: PersonId
    base_points: Points


class PenaltyBody(_In):
    # The responsible person's penalty, or the team's/department's loss to split by base points.
    amount: Amount
    members: Annotated[list[MemberIn], Field(max_length=500)] = []
    # Empty: the current month in the branch's time zone.
    month: Month | None = None


class BonusBody(_In):
    person_id: PersonId
    month: Month
    amount: Amount
    # Head office only: the branch to record for; empty is the caller's.
    branch_id: BranchId | None = None


class SettlementBody(_In):
    month: Month
    # Empty: everyone in the branch with something to settle.
    person_id: PersonId | None = None
    branch_id: BranchId | None = None


class SanctionBody(_In):
    person_id: PersonId
    kind: SanctionKind
    reason: Message


class LedgerQuery(_In):
    month: Month | None = None


class SanctionsQuery(PageQuery):
    complaint_id: Annotated[str, Field(max_length=128, pattern=ID_PATTERN)] | None = None
    status: SanctionStatus | None = None


class ResponsibilityOut(_Out):
    complaint_id: str
    branch_id: str
    level: ResponsibilityLevel | None
    person_id: str | None
    team: str | None
    department: str | None
    reason: str
    decided_by: str
    decided_at: datetime | None


class PenaltyOut(_Out):
    id: str
    complaint_id: str
    branch_id: str
    person_id: str
    amount: str
    currency: str
    month: str
    level: ResponsibilityLevel | None
    loss: str | None
    base_points: str | None
    total_points: str | None
    assessed_by: str
    assessed_at: datetime | None


class PenaltiesOut(_Out):
    items: list[PenaltyOut]


class SanctionDeductionOut(_Out):
    """CMP-16: one published sanction's share of the month's bonus; priced once settled."""

    sanction_id: str
    complaint_id: str
    kind: SanctionKind | None
    published_at: datetime | None
    percent: str | None
    amount: str | None


class LedgerMonthOut(_Out):
    person_id: str
    month: str
    bonus: str | None
    assessed: str
    carried_in: str | None
    cap: str | None
    deducted: str | None
    carried_over: str | None
    settled: bool
    settled_at: datetime | None
    # CMP-16: beside (not under) the capped deduction above; totals once settled.
    sanction_deductions: list[SanctionDeductionOut] = []
    sanction_deducted: str | None = None
    total_deducted: str | None = None


class LedgerOut(_Out):
    person_id: str
    branch_id: str
    currency: str
    outstanding: str
    last_settled_month: str | None
    months: list[LedgerMonthOut]


class SettlementsOut(_Out):
    items: list[LedgerMonthOut]


class SanctionOut(_Out):
    id: str
    complaint_id: str
    branch_id: str
    person_id: str
    kind: SanctionKind | None
    status: SanctionStatus | None
    reason: str
    proposed_by: str
    proposed_at: datetime | None
    approved_by: str | None
    approved_at: datetime | None
    published_by: str | None
    published_at: datetime | None


class AccountabilityOut(_Out):
    responsibility: ResponsibilityOut | None
    penalties: list[PenaltyOut]
    sanctions: list[SanctionOut]
