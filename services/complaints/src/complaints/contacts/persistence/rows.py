"""Contacts as reported (CMP-14): the record, its append-only steps (PLT-04), the breaches
found, and the months whose per-agent counts went out (ATT-12)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base


class ContactRow(Base):
    __tablename__ = "contact_records"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(10))
    # YYYY-MM of started_at, branch local: the month the contact counts in.
    month: Mapped[str] = mapped_column(String(7))
    started_at: Mapped[datetime]
    # The agent who answered (or last acted); empty while nobody has.
    agent_id: Mapped[str] = mapped_column(String(128), default="")
    complaint_id: Mapped[str] = mapped_column(String(64), default="")
    steps: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_contact_records_month", "branch_id", "month", "agent_id"),)


class ContactStepRow(Base):
    """Append-only: each step as the contact system reported it, with its event id."""

    __tablename__ = "contact_steps"

    contact_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    agent_id: Mapped[str] = mapped_column(String(128))
    occurred_at: Mapped[datetime]
    rings: Mapped[int] = mapped_column(Integer)
    customer_agreed: Mapped[bool] = mapped_column(Boolean)
    limit_seconds: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime]


class ContactBreachRow(Base):
    """Append-only: a standard a contact missed, for the agent who acted, in the breach's month."""

    __tablename__ = "contact_breaches"

    contact_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    month: Mapped[str] = mapped_column(String(7))
    agent_id: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(10))
    standard: Mapped[str] = mapped_column(String(32))
    measured: Mapped[int] = mapped_column(Integer)
    limit_value: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[datetime]

    __table_args__ = (Index("ix_contact_breaches_month", "branch_id", "month", "agent_id"),)


class ContactMonthCloseRow(Base):
    """A branch's month whose per-agent counts were published: later steps of it are refused."""

    __tablename__ = "contact_month_closes"

    branch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    closed_at: Mapped[datetime]
    agents: Mapped[int] = mapped_column(Integer)
