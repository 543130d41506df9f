"""Custody tables: deposits and emergencies, each a read projection (the whole record as
``document``) and an append-only history, the audit trail (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class DepositRow(Base):
    __tablename__ = "keys_deposits"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    key_set_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20))
    seal_number: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_keys_deposits_branch_created", "branch_id", "created_at", "id"),
        Index("ix_keys_deposits_key_set", "key_set_id"),
    )


class DepositEventRow(EventRowMixin, Base):
    __tablename__ = "keys_deposit_events"

    deposit_id: Mapped[str] = mapped_column(ForeignKey("keys_deposits.id"), primary_key=True)


class EmergencyRow(Base):
    __tablename__ = "keys_emergencies"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    key_set_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20))
    # KEY-06: both approvals given (the unapproved gauge counts those past their deadline).
    approved: Mapped[bool] = mapped_column(Boolean)
    approval_due_at: Mapped[datetime]
    reseal_task: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_keys_emergencies_branch_created", "branch_id", "created_at", "id"),
        Index("ix_keys_emergencies_key_set", "key_set_id"),
        Index("ix_keys_emergencies_unapproved", "approved", "approval_due_at"),
    )


class EmergencyEventRow(EventRowMixin, Base):
    __tablename__ = "keys_emergency_events"

    emergency_id: Mapped[str] = mapped_column(ForeignKey("keys_emergencies.id"), primary_key=True)
