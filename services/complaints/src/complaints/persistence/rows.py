"""Complaints tables. The kit's tables (outbox, timers, idempotency keys, processed
events) join the same metadata so one Alembic history covers the whole database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

import cskit.idempotency
import cskit.messaging.consumer
import cskit.messaging.outbox
import cskit.timers  # noqa: F401 - registers timers
from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class ComplaintRow(ProjectionRowMixin, Base):
    """The read projection of a case (its document answers every read); the truth is its event
    history below."""

    __tablename__ = "complaints"

    number: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    nature: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(20))
    target_department: Mapped[str] = mapped_column(String(100), default="")
    compensation_involved: Mapped[bool]
    received_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    breached: Mapped[bool] = mapped_column(default=False)
    filed_by: Mapped[str] = mapped_column(String(100))
    # The investigation report's approval step due (CMP-06), NULL when none is: an approver's list.
    report_step: Mapped[str | None] = mapped_column(String(20))
    # The running or breached clock's deadline that falls first; END_OF_TIME when none runs, so
    # the desk's queue (nearest deadline first) pages on one indexed column.
    next_deadline_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_complaints_branch_received", "branch_id", "received_at", "id"),
        Index("ix_complaints_received", "received_at", "id"),
        Index("ix_complaints_report_step", "report_step", "received_at", "id"),
        Index("ix_complaints_branch_next_deadline", "branch_id", "next_deadline_at", "id"),
    )


class ComplaintEventRow(EventRowMixin, Base):
    """A case's history: append-only, one row per domain event (PLT-04)."""

    __tablename__ = "complaint_events"

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"), primary_key=True)


class ClockRow(Base):
    """One service-level clock of a case, projected from its history (CMP-03, CMP-04)."""

    __tablename__ = "complaint_clocks"

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(10))
    branch_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime]
    deadline_at: Mapped[datetime]
    paused_at: Mapped[datetime | None]
    paused_seconds: Mapped[int] = mapped_column(Integer, default=0)
    settled_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_complaint_clocks_state_deadline", "state", "deadline_at"),)


class NumberSequenceRow(Base):
    """The last number handed out per branch and month (CMP-01)."""

    __tablename__ = "complaint_number_sequences"

    branch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(6), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


# Registers each sub-domain's rows after the core tables, so one metadata (and one Alembic history) covers them all.
from complaints.compensation.persistence import rows as compensation_rows  # noqa: E402, F401
from complaints.contacts.persistence import rows as contact_rows  # noqa: E402, F401
from complaints.evidence.persistence import rows as evidence_rows  # noqa: E402, F401
from complaints.penalties.persistence import rows as penalty_rows  # noqa: E402, F401
from complaints.statistics.persistence import rows as statistics_rows  # noqa: E402, F401
