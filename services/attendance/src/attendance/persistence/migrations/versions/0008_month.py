"""attendance: the month close (closed months, payroll records and their corrections) and
the weekly reviews; punches by branch and time for the close's bulk read

Revision ID: 0008_month
Revises: 0007_handover
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, remove_append_only

revision: str = "0008_month"
down_revision: str | None = "0007_handover"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "attendance_closed_months",
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("termination_cases", sa.Integer(), nullable=False),
        sa.Column("closed_by", sa.String(length=100), nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("closed_at", UTC_TIME, nullable=True),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("branch_id", "month", name=op.f("pk_attendance_closed_months")),
    )
    op.create_table(
        "attendance_payroll_records",
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("department_id", sa.String(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("trailing_run", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("branch_id", "month", "employee_id", name=op.f("pk_attendance_payroll_records")),
    )
    op.create_table(
        "attendance_payroll_corrections",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", UTC_TIME, nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_payroll_corrections")),
    )
    op.create_index(
        "ix_attendance_payroll_corrections_record",
        "attendance_payroll_corrections",
        ["branch_id", "month", "employee_id", "version"],
    )
    # PLT-04: a correction after close is its own audit trail: append-only.
    apply_append_only(op, "attendance_payroll_corrections")
    op.create_table(
        "attendance_weekly_reviews",
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("week_start", sa.String(length=10), nullable=False),
        sa.Column("department_id", sa.String(length=128), nullable=False),
        sa.Column("week_end", sa.String(length=10), nullable=False),
        sa.Column("due_on", sa.String(length=10), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("issued_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("branch_id", "week_start", "department_id", name=op.f("pk_attendance_weekly_reviews")),
    )
    # The close reads a branch-month's punches in one range scan.
    op.create_index("ix_attendance_punches_branch_time", "attendance_punches", ["branch_id", "punched_at"])
    op.create_index("ix_attendance_roster_days_branch_day", "attendance_roster_days", ["branch_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_attendance_roster_days_branch_day", table_name="attendance_roster_days")
    op.drop_index("ix_attendance_punches_branch_time", table_name="attendance_punches")
    op.drop_table("attendance_weekly_reviews")
    remove_append_only(op, "attendance_payroll_corrections")
    op.drop_index("ix_attendance_payroll_corrections_record", table_name="attendance_payroll_corrections")
    op.drop_table("attendance_payroll_corrections")
    op.drop_table("attendance_payroll_records")
    op.drop_table("attendance_closed_months")
