"""Archives loan tables: the read projection (with the whole loan as ``document``) and the
append-only history, the register of the borrowing (ARC-06, ARC-12, PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class LoanRow(Base):
    __tablename__ = "archives_loans"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    confidentiality: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    borrower: Mapped[str] = mapped_column(String(128))
    state: Mapped[str] = mapped_column(String(20))
    overdue: Mapped[bool] = mapped_column(Boolean)
    due_at: Mapped[datetime | None]
    open_reports: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_archives_loans_branch_created", "branch_id", "created_at", "id"),
        Index("ix_archives_loans_state_due", "state", "due_at", "branch_id"),
        Index("ix_archives_loans_record", "record_id"),
        Index("ix_archives_loans_borrower", "borrower", "state"),
    )


class LoanEventRow(EventRowMixin, Base):
    __tablename__ = "archives_loan_events"

    loan_id: Mapped[str] = mapped_column(ForeignKey("archives_loans.id"), primary_key=True)
