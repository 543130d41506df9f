"""Supplementary-agreement tables (CMP-09): the read projection and the append-only history."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class AgreementRow(ProjectionRowMixin, Base):
    """The read projection of an agreement (its document answers every read); the truth is its
    event history below."""

    __tablename__ = "compensation_agreements"

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"))
    status: Mapped[str] = mapped_column(String(20))
    # Exact: NUMERIC, never a float column.
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    payee_name: Mapped[str] = mapped_column(String(200))
    drafted_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]
    # The role whose signature is due next (CMP-09), NULL when none is: an approver's list.
    awaiting_role: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_compensation_agreements_complaint", "complaint_id", "created_at", "id"),
        Index("ix_compensation_agreements_branch_status", "branch_id", "status"),
        Index("ix_compensation_agreements_awaiting", "awaiting_role", "created_at", "id"),
    )


class AgreementEventRow(EventRowMixin, Base):
    """An agreement's history: append-only, one row per domain event (PLT-04)."""

    __tablename__ = "compensation_agreement_events"

    agreement_id: Mapped[str] = mapped_column(ForeignKey("compensation_agreements.id"), primary_key=True)
