"""attendance: the discipline score (ATT-12): supervisor entries, score sheets, complaint counts

Revision ID: 0005_discipline
Revises: 0004_calendars
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, remove_append_only

revision: str = "0005_discipline"
down_revision: str | None = "0004_calendars"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _events(table: str, stream: str, parent: str) -> None:
    op.create_table(
        table,
        sa.Column(stream, sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint([stream], [f"{parent}.id"], name=op.f(f"fk_{table}_{stream}_{parent}")),
        sa.PrimaryKeyConstraint(stream, "sequence", name=op.f(f"pk_{table}")),
    )
    # PLT-04: who entered, drafted and approved what is the audit trail: append-only.
    apply_append_only(op, table)


def upgrade() -> None:
    op.create_table(
        "attendance_discipline_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_discipline_entries")),
    )
    with op.batch_alter_table("attendance_discipline_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_discipline_entries_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_attendance_discipline_entries_branch_day", ["branch_id", "day", "id"], unique=False)
    _events("attendance_discipline_entry_events", "entry_id", "attendance_discipline_entries")
    op.create_table(
        "attendance_score_sheets",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_score_sheets")),
    )
    with op.batch_alter_table("attendance_score_sheets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_score_sheets_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_attendance_score_sheets_branch_month", ["branch_id", "month"], unique=True)
    _events("attendance_score_sheet_events", "sheet_id", "attendance_score_sheets")
    op.create_table(
        "attendance_discipline_slow_answers",
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.String(length=128), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("breached_contacts", sa.Integer(), nullable=False),
        sa.Column("counted_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("branch_id", "agent_id", "month", name=op.f("pk_attendance_discipline_slow_answers")),
    )
    op.create_table(
        "attendance_discipline_complaints",
        sa.Column("complaint_id", sa.String(length=64), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_attendance_discipline_complaints")),
    )
    op.create_table(
        "attendance_discipline_rudeness",
        sa.Column("complaint_id", sa.String(length=64), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=128), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_attendance_discipline_rudeness")),
    )
    with op.batch_alter_table("attendance_discipline_rudeness", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_discipline_rudeness_branch_month", ["branch_id", "month", "person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("attendance_discipline_rudeness", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_discipline_rudeness_branch_month")
    op.drop_table("attendance_discipline_rudeness")
    op.drop_table("attendance_discipline_complaints")
    op.drop_table("attendance_discipline_slow_answers")
    remove_append_only(op, "attendance_score_sheet_events")
    op.drop_table("attendance_score_sheet_events")
    with op.batch_alter_table("attendance_score_sheets", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_score_sheets_branch_month")
        batch_op.drop_index("ix_attendance_score_sheets_branch_created")
    op.drop_table("attendance_score_sheets")
    remove_append_only(op, "attendance_discipline_entry_events")
    op.drop_table("attendance_discipline_entry_events")
    with op.batch_alter_table("attendance_discipline_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_discipline_entries_branch_day")
        batch_op.drop_index("ix_attendance_discipline_entries_branch_created")
    op.drop_table("attendance_discipline_entries")
