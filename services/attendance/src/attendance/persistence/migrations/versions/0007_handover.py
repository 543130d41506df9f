"""attendance: handover logs, shift swaps, cover and leaving the post, duty-log reviews (HO-01..HO-05)

Revision ID: 0007_handover
Revises: 0006_requests
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, remove_append_only

revision: str = "0007_handover"
down_revision: str | None = "0006_requests"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attendance_duty_reviews",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_duty_reviews")),
    )
    with op.batch_alter_table("attendance_duty_reviews", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_duty_reviews_branch_created", ["branch_id", "created_at", "id"], unique=False
        )

    op.create_table(
        "attendance_handover_logs",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_handover_logs")),
    )
    with op.batch_alter_table("attendance_handover_logs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_handover_logs_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_attendance_handover_logs_branch_day", ["branch_id", "day", "id"], unique=False)

    op.create_table(
        "attendance_post_absences",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("overrun_minutes", sa.Integer(), nullable=False),
        sa.Column("started_at", cskit.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_post_absences")),
    )
    with op.batch_alter_table("attendance_post_absences", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_post_absences_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_attendance_post_absences_branch_started", ["branch_id", "started_at", "id"], unique=False
        )

    op.create_table(
        "attendance_shift_swaps",
        sa.Column("requester_id", sa.String(length=128), nullable=False),
        sa.Column("counterpart_id", sa.String(length=128), nullable=False),
        sa.Column("requester_day", sa.String(length=10), nullable=False),
        sa.Column("counterpart_day", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_shift_swaps")),
    )
    with op.batch_alter_table("attendance_shift_swaps", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_shift_swaps_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_attendance_shift_swaps_counterpart", ["counterpart_id", "counterpart_day"], unique=False
        )
        batch_op.create_index("ix_attendance_shift_swaps_requester", ["requester_id", "requester_day"], unique=False)

    op.create_table(
        "attendance_duty_review_events",
        sa.Column("review_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["attendance_duty_reviews.id"],
            name=op.f("fk_attendance_duty_review_events_review_id_attendance_duty_reviews"),
        ),
        sa.PrimaryKeyConstraint("review_id", "sequence", name=op.f("pk_attendance_duty_review_events")),
    )
    op.create_table(
        "attendance_handover_log_events",
        sa.Column("log_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["log_id"],
            ["attendance_handover_logs.id"],
            name=op.f("fk_attendance_handover_log_events_log_id_attendance_handover_logs"),
        ),
        sa.PrimaryKeyConstraint("log_id", "sequence", name=op.f("pk_attendance_handover_log_events")),
    )
    op.create_table(
        "attendance_post_absence_events",
        sa.Column("absence_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["absence_id"],
            ["attendance_post_absences.id"],
            name=op.f("fk_attendance_post_absence_events_absence_id_attendance_post_absences"),
        ),
        sa.PrimaryKeyConstraint("absence_id", "sequence", name=op.f("pk_attendance_post_absence_events")),
    )
    op.create_table(
        "attendance_shift_swap_events",
        sa.Column("swap_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["swap_id"],
            ["attendance_shift_swaps.id"],
            name=op.f("fk_attendance_shift_swap_events_swap_id_attendance_shift_swaps"),
        ),
        sa.PrimaryKeyConstraint("swap_id", "sequence", name=op.f("pk_attendance_shift_swap_events")),
    )
    # PLT-04: the handover records' histories are their audit trail: append-only.
    apply_append_only(op, "attendance_handover_log_events")
    apply_append_only(op, "attendance_shift_swap_events")
    apply_append_only(op, "attendance_post_absence_events")
    apply_append_only(op, "attendance_duty_review_events")


def downgrade() -> None:
    remove_append_only(op, "attendance_handover_log_events")
    remove_append_only(op, "attendance_shift_swap_events")
    remove_append_only(op, "attendance_post_absence_events")
    remove_append_only(op, "attendance_duty_review_events")
    op.drop_table("attendance_shift_swap_events")
    op.drop_table("attendance_post_absence_events")
    op.drop_table("attendance_handover_log_events")
    op.drop_table("attendance_duty_review_events")
    with op.batch_alter_table("attendance_shift_swaps", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_shift_swaps_requester")
        batch_op.drop_index("ix_attendance_shift_swaps_counterpart")
        batch_op.drop_index("ix_attendance_shift_swaps_branch_created")

    op.drop_table("attendance_shift_swaps")
    with op.batch_alter_table("attendance_post_absences", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_post_absences_branch_started")
        batch_op.drop_index("ix_attendance_post_absences_branch_created")

    op.drop_table("attendance_post_absences")
    with op.batch_alter_table("attendance_handover_logs", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_handover_logs_branch_day")
        batch_op.drop_index("ix_attendance_handover_logs_branch_created")

    op.drop_table("attendance_handover_logs")
    with op.batch_alter_table("attendance_duty_reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_duty_reviews_branch_created")

    op.drop_table("attendance_duty_reviews")
