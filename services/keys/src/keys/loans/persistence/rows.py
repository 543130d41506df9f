"""Loan tables: the read projection (with the whole loan as ``document``) and the append-only
history, the audit trail of the loan (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class LoanRow(Base):
    __tablename__ = "keys_loans"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    key_set_id: Mapped[str] = mapped_column(String(36))
    key_kind: Mapped[str] = mapped_column(String(20))
    borrower: Mapped[str] = mapped_column(String(128))
    lender: Mapped[str] = mapped_column(String(128))
    state: Mapped[str] = mapped_column(String(20))
    overdue: Mapped[bool] = mapped_column(Boolean)
    due_at: Mapped[datetime]
    # "<calling service>:<its reference>" for loans another service made, else NULL: unique,
    # so a work order holds one loan even when two of its calls race.
    external_key: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_keys_loans_branch_created", "branch_id", "created_at", "id"),
        Index("ix_keys_loans_state_overdue", "state", "overdue", "branch_id"),
        Index("ix_keys_loans_key_set", "key_set_id"),
        Index("ix_keys_loans_borrower", "borrower"),
        Index("ux_keys_loans_external_key", "external_key", unique=True),
    )


class LoanEventRow(EventRowMixin, Base):
    __tablename__ = "keys_loan_events"

    loan_id: Mapped[str] = mapped_column(ForeignKey("keys_loans.id"), primary_key=True)
