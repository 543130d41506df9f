"""Accountability tables: responsibility, penalties, the monthly ledger, sanctions, and their
append-only audit trail (PLT-04). Money columns are NUMERIC(14, 2): exact, never floats."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column

from complaints.persistence.columns import CaseRecordMixin
from cskit.db.base import Base
from cskit.eventstore import AuditTrailMixin

Money = Numeric(14, 2, asdecimal=True)


class ResponsibilityRow(Base):
    """The current responsibility decision on a case; every decision is in the audit trail."""

    __tablename__ = "complaint_responsibilities"

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[str] = mapped_column(String(100), default="")
    team: Mapped[str] = mapped_column(String(100), default="")
    department: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(String(2000))
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class PenaltyRow(CaseRecordMixin, Base):
    __tablename__ = "complaint_penalties"

    # The penalties one AssessPenalty call produced (a split gives several).
    assessment_id: Mapped[str] = mapped_column(String(36))
    person_id: Mapped[str] = mapped_column(String(100))
    amount: Mapped[Decimal] = mapped_column(Money)
    month: Mapped[str] = mapped_column(String(7))
    level: Mapped[str] = mapped_column(String(20))
    loss: Mapped[Decimal] = mapped_column(Money)
    base_points: Mapped[str] = mapped_column(String(20), default="")
    total_points: Mapped[str] = mapped_column(String(20), default="")
    assessed_by: Mapped[str] = mapped_column(String(100))
    assessed_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_complaint_penalties_complaint", "complaint_id", "assessed_at", "id"),
        Index("ix_complaint_penalties_assessment", "assessment_id"),
    )


class PersonLedgerRow(Base):
    """One person's deduction ledger: what is carried and the last closed month."""

    __tablename__ = "penalty_ledgers"

    person_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    outstanding: Mapped[Decimal] = mapped_column(Money)
    last_settled: Mapped[str] = mapped_column(String(7), default="")
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
    __table_args__ = (Index("ix_penalty_ledgers_branch", "branch_id", "person_id"),)


class LedgerMonthRow(Base):
    __tablename__ = "penalty_ledger_months"

    person_id: Mapped[str] = mapped_column(ForeignKey("penalty_ledgers.person_id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    bonus: Mapped[Decimal | None] = mapped_column(Money)
    assessed: Mapped[Decimal] = mapped_column(Money)
    carried_in: Mapped[Decimal | None] = mapped_column(Money)
    cap: Mapped[Decimal | None] = mapped_column(Money)
    deducted: Mapped[Decimal | None] = mapped_column(Money)
    carried_over: Mapped[Decimal | None] = mapped_column(Money)
    settled_at: Mapped[datetime | None]
    # CMP-16: the published sanctions booked into this month, priced at its close (codec JSON).
    sanctions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default=text("'[]'"))


class SanctionRow(CaseRecordMixin, Base):
    __tablename__ = "complaint_sanctions"

    person_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(20))
    proposed_by: Mapped[str] = mapped_column(String(100))
    proposed_at: Mapped[datetime]
    approved_by: Mapped[str] = mapped_column(String(100), default="")
    approved_at: Mapped[datetime | None]
    published_by: Mapped[str] = mapped_column(String(100), default="")
    published_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
    __table_args__ = (
        Index("ix_complaint_sanctions_branch_proposed", "branch_id", "proposed_at", "id"),
        Index("ix_complaint_sanctions_complaint", "complaint_id", "proposed_at", "id"),
    )


class AccountabilityAuditRow(AuditTrailMixin, Base):
    """Append-only (PLT-04): every responsibility decision, penalty, bonus, settlement,
    sanction proposal, approval and publication, with who, when and from where."""

    __tablename__ = "accountability_audit"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    complaint_id: Mapped[str | None] = mapped_column(String(36))
    person_id: Mapped[str | None] = mapped_column(String(100))
    branch_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(60))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_accountability_audit_complaint", "complaint_id", "id"),
        Index("ix_accountability_audit_person", "person_id", "id"),
    )
