"""attendance: punches and their history

Revision ID: 0001
Revises:
Create Date: written by make new-service

The kit's tables (outbox, processed events, timers, idempotency keys) are the ``cskit``
branch's (cskit.db.migrations), upgraded with this one by ``migrate``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, remove_append_only

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attendance_punches",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("punched_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_punches")),
    )
    with op.batch_alter_table("attendance_punches", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_punches_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_attendance_punches_employee_time", ["employee_id", "punched_at", "id"], unique=False)
    op.create_table(
        "attendance_punch_events",
        sa.Column("punch_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["punch_id"], ["attendance_punches.id"], name=op.f("fk_attendance_punch_events_punch_id_attendance_punches")
        ),
        sa.PrimaryKeyConstraint("punch_id", "sequence", name=op.f("pk_attendance_punch_events")),
    )
    # PLT-04: a punch's history is its audit trail: append-only.
    apply_append_only(op, "attendance_punch_events")


def downgrade() -> None:
    remove_append_only(op, "attendance_punch_events")
    op.drop_table("attendance_punch_events")
    with op.batch_alter_table("attendance_punches", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_punches_employee_time")
        batch_op.drop_index("ix_attendance_punches_branch_created")
    op.drop_table("attendance_punches")
