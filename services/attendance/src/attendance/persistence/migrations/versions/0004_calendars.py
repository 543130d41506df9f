"""attendance: branch calendar overrides, the shift register and attendance cards, with their histories

Revision ID: 0004_calendars
Revises: 0003_leave
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, remove_append_only

revision: str = "0004_calendars"
down_revision: str | None = "0003_leave"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # PLT-04: who overrode a date, defined a shift or charged for a card is the record's
    # history: append-only.
    op.create_table(
        "attendance_calendar_overrides",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("cleared", sa.Boolean(), nullable=False),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_calendar_overrides")),
    )
    with op.batch_alter_table("attendance_calendar_overrides", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_calendar_overrides_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_attendance_calendar_overrides_branch_day", ["branch_id", "day", "id"], unique=False)
    op.create_table(
        "attendance_calendar_override_events",
        sa.Column("override_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["override_id"],
            ["attendance_calendar_overrides.id"],
            name=op.f("fk_attendance_calendar_override_events_override_id_attendance_calendar_overrides"),
        ),
        sa.PrimaryKeyConstraint("override_id", "sequence", name=op.f("pk_attendance_calendar_override_events")),
    )
    apply_append_only(op, "attendance_calendar_override_events")
    op.create_table(
        "attendance_shifts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_shifts")),
    )
    with op.batch_alter_table("attendance_shifts", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_shifts_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_attendance_shifts_branch_name", ["branch_id", "name", "id"], unique=False)
    op.create_table(
        "attendance_shift_events",
        sa.Column("shift_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["attendance_shifts.id"], name=op.f("fk_attendance_shift_events_shift_id_attendance_shifts")
        ),
        sa.PrimaryKeyConstraint("shift_id", "sequence", name=op.f("pk_attendance_shift_events")),
    )
    apply_append_only(op, "attendance_shift_events")
    op.create_table(
        "attendance_cards",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_cards")),
    )
    with op.batch_alter_table("attendance_cards", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_cards_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_attendance_cards_employee", ["employee_id", "id"], unique=False)
    op.create_table(
        "attendance_card_events",
        sa.Column("card_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["card_id"], ["attendance_cards.id"], name=op.f("fk_attendance_card_events_card_id_attendance_cards")
        ),
        sa.PrimaryKeyConstraint("card_id", "sequence", name=op.f("pk_attendance_card_events")),
    )
    apply_append_only(op, "attendance_card_events")


def downgrade() -> None:
    remove_append_only(op, "attendance_card_events")
    op.drop_table("attendance_card_events")
    with op.batch_alter_table("attendance_cards", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_cards_employee")
        batch_op.drop_index("ix_attendance_cards_branch_created")
    op.drop_table("attendance_cards")
    remove_append_only(op, "attendance_shift_events")
    op.drop_table("attendance_shift_events")
    with op.batch_alter_table("attendance_shifts", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_shifts_branch_name")
        batch_op.drop_index("ix_attendance_shifts_branch_created")
    op.drop_table("attendance_shifts")
    remove_append_only(op, "attendance_calendar_override_events")
    op.drop_table("attendance_calendar_override_events")
    with op.batch_alter_table("attendance_calendar_overrides", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_calendar_overrides_branch_day")
        batch_op.drop_index("ix_attendance_calendar_overrides_branch_created")
    op.drop_table("attendance_calendar_overrides")
