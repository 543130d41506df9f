"""attendance: leave requests and their history

Revision ID: 0003_leave
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, remove_append_only

revision: str = "0003_leave"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attendance_leaves",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("start_day", sa.String(length=10), nullable=False),
        sa.Column("end_day", sa.String(length=10), nullable=False),
        sa.Column("event_day", sa.String(length=10), nullable=False),
        sa.Column("next_approver", sa.String(length=128), nullable=False),
        sa.Column("counts", sa.Boolean(), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_leaves")),
    )
    with op.batch_alter_table("attendance_leaves", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_leaves_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_attendance_leaves_employee_start", ["employee_id", "start_day", "id"], unique=False)
        batch_op.create_index("ix_attendance_leaves_next_approver", ["next_approver", "created_at", "id"], unique=False)
        batch_op.create_index("ix_attendance_leaves_approved_start", ["approved", "start_day"], unique=False)
    op.create_table(
        "attendance_leave_events",
        sa.Column("leave_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["leave_id"],
            ["attendance_leaves.id"],
            name=op.f("fk_attendance_leave_events_leave_id_attendance_leaves"),
        ),
        sa.PrimaryKeyConstraint("leave_id", "sequence", name=op.f("pk_attendance_leave_events")),
    )
    # PLT-04: every leave decision (request, approvals, rejection, cancel) is its audit trail: append-only.
    apply_append_only(op, "attendance_leave_events")


def downgrade() -> None:
    remove_append_only(op, "attendance_leave_events")
    op.drop_table("attendance_leave_events")
    with op.batch_alter_table("attendance_leaves", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_leaves_approved_start")
        batch_op.drop_index("ix_attendance_leaves_next_approver")
        batch_op.drop_index("ix_attendance_leaves_employee_start")
        batch_op.drop_index("ix_attendance_leaves_branch_created")
    op.drop_table("attendance_leaves")
