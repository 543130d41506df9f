"""attendance: roster days and their history

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, remove_append_only

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attendance_roster_days",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("cleared", sa.Boolean(), nullable=False),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_roster_days")),
    )
    with op.batch_alter_table("attendance_roster_days", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_roster_days_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_attendance_roster_days_employee_day", ["employee_id", "day", "id"], unique=False)
    op.create_table(
        "attendance_roster_day_events",
        sa.Column("roster_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["roster_id"],
            ["attendance_roster_days.id"],
            name=op.f("fk_attendance_roster_day_events_roster_id_attendance_roster_days"),
        ),
        sa.PrimaryKeyConstraint("roster_id", "sequence", name=op.f("pk_attendance_roster_day_events")),
    )
    # PLT-04: who set and cleared a roster day is its audit trail: append-only.
    apply_append_only(op, "attendance_roster_day_events")


def downgrade() -> None:
    remove_append_only(op, "attendance_roster_day_events")
    op.drop_table("attendance_roster_day_events")
    with op.batch_alter_table("attendance_roster_days", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_roster_days_employee_day")
        batch_op.drop_index("ix_attendance_roster_days_branch_created")
    op.drop_table("attendance_roster_days")
