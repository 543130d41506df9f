"""Month tables: the close of a branch-month (its job and its freeze), the payroll records,
their corrections (append-only, PLT-04) and the weekly reviews."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from attendance.month.app.ports import CloseJob, StoredRecord
from attendance.month.domain.payroll import PayrollFigures, parse_month
from attendance.punches.persistence.rows import PunchRow
from attendance.rosters.persistence.rows import RosterDayRow
from cskit.db.base import Base


class ClosedMonthRow(Base):
    """A branch-month being closed or closed: frozen from the moment the close starts (ATT-11).
    Other sub-domains check it through ``attendance.domain.facts.ClosedMonths``."""

    __tablename__ = "attendance_closed_months"

    branch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # YYYY-MM.
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    done: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    termination_cases: Mapped[int] = mapped_column(Integer)
    closed_by: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    request_id: Mapped[str | None] = mapped_column(String(100))
    client_ip: Mapped[str | None] = mapped_column(String(64))


class PayrollRecordRow(Base):
    """One employee's payroll record of a closed month: the figures as last published."""

    __tablename__ = "attendance_payroll_records"

    branch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    department_id: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer)
    # ATT-05: the run of absence days the month ended with, carried into the next close.
    trailing_run: Mapped[int] = mapped_column(Integer)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PayrollCorrectionRow(Base):
    """A correction after close: who, what, when, from where, why (PLT-04); append-only."""

    __tablename__ = "attendance_payroll_corrections"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    month: Mapped[str] = mapped_column(String(7))
    employee_id: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(100))
    occurred_at: Mapped[datetime]
    request_id: Mapped[str | None] = mapped_column(String(100))
    client_ip: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_attendance_payroll_corrections_record", "branch_id", "month", "employee_id", "version"),
    )


class WeeklyReviewRow(Base):
    """ATT-10: one department's Monday review of last week."""

    __tablename__ = "attendance_weekly_reviews"

    branch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    week_start: Mapped[str] = mapped_column(String(10), primary_key=True)
    department_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    week_end: Mapped[str] = mapped_column(String(10))
    due_on: Mapped[str] = mapped_column(String(10))
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    issued_at: Mapped[datetime]


# The close's bulk reads of a branch-month (ATT-11 at 20,000 employees): one range scan each.
Index("ix_attendance_punches_branch_time", PunchRow.branch_id, PunchRow.punched_at)
Index("ix_attendance_roster_days_branch_day", RosterDayRow.branch_id, RosterDayRow.day)


def job_of(row: ClosedMonthRow) -> CloseJob:
    """The close job a month row records."""
    return CloseJob(
        branch_id=row.branch_id,
        month=parse_month(row.month),
        state=row.state,
        done=row.done,
        total=row.total,
        termination_cases=row.termination_cases,
        closed_by=row.closed_by,
        started_at=row.started_at,
        closed_at=row.closed_at,
    )


def stored_of(row: PayrollRecordRow) -> StoredRecord:
    """The payroll record a row stores."""
    return StoredRecord(
        employee_id=row.employee_id,
        branch_id=row.branch_id,
        department_id=row.department_id,
        month=parse_month(row.month),
        version=row.version,
        trailing_run=row.trailing_run,
        figures=PayrollFigures.from_document(row.figures),
    )
