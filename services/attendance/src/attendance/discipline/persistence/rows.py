"""Discipline tables: manual entries and score sheets (read projection + append-only history),
and what the complaints consumer keeps per agent and month (ATT-12's complaint counts)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class DisciplineEntryRow(ProjectionRowMixin, Base):
    __tablename__ = "attendance_discipline_entries"

    employee_id: Mapped[str] = mapped_column(String(128))
    # ISO YYYY-MM-DD: a month's entries are a range of it.
    day: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_discipline_entries_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_discipline_entries_branch_day", "branch_id", "day", "id"),
    )


class DisciplineEntryEventRow(EventRowMixin, Base):
    """An entry's history: append-only (PLT-04), who entered what and why."""

    __tablename__ = "attendance_discipline_entry_events"

    entry_id: Mapped[str] = mapped_column(ForeignKey("attendance_discipline_entries.id"), primary_key=True)


class ScoreSheetRow(ProjectionRowMixin, Base):
    __tablename__ = "attendance_score_sheets"

    # YYYY-MM.
    month: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_score_sheets_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_score_sheets_branch_month", "branch_id", "month", unique=True),
    )


class ScoreSheetEventRow(EventRowMixin, Base):
    __tablename__ = "attendance_score_sheet_events"

    sheet_id: Mapped[str] = mapped_column(ForeignKey("attendance_score_sheets.id"), primary_key=True)


class SlowAnswerCountRow(Base):
    """complaints' AgentContactBreachesCounted: the agent's breached contacts of the month (CMP-14)."""

    __tablename__ = "attendance_discipline_slow_answers"

    branch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    agent_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    breached_contacts: Mapped[int] = mapped_column(Integer)
    counted_at: Mapped[datetime]
    event_id: Mapped[str] = mapped_column(String(64))


class ComplaintCategoryRow(Base):
    """complaints' ComplaintFiled: whether a complaint is about service (attitude)."""

    __tablename__ = "attendance_discipline_complaints"

    complaint_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(40))


class RudenessComplaintRow(Base):
    """A service complaint whose responsibility is pinned on a person (ResponsibilityAssigned,
    level person): one rudeness complaint against them in the month it was pinned."""

    __tablename__ = "attendance_discipline_rudeness"

    complaint_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[str] = mapped_column(String(128))
    month: Mapped[str] = mapped_column(String(7))
    event_id: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_attendance_discipline_rudeness_branch_month", "branch_id", "month", "person_id"),)
