"""keys: daily count sessions, custodian hand-offs and the electronic cabinets' report log

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, remove_append_only
from cskit.eventstore.migrations import create_history

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "keys_count_sessions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("cabinet", sa.String(length=40), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("counted_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keys_count_sessions")),
    )
    with op.batch_alter_table("keys_count_sessions", schema=None) as batch_op:
        batch_op.create_index("ux_keys_count_sessions_cabinet_day", ["branch_id", "cabinet", "day"], unique=True)
        batch_op.create_index("ix_keys_count_sessions_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_keys_count_sessions_day", ["day", "branch_id"], unique=False)
    create_history(op, "keys_count_session_events", "count_id", "keys_count_sessions")

    op.create_table(
        "keys_hand_offs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("custodian", sa.String(length=128), nullable=False),
        sa.Column("deputy", sa.String(length=128), nullable=False),
        sa.Column("from_day", sa.String(length=10), nullable=False),
        sa.Column("to_day", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keys_hand_offs")),
    )
    with op.batch_alter_table("keys_hand_offs", schema=None) as batch_op:
        batch_op.create_index("ix_keys_hand_offs_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_keys_hand_offs_custodian", ["branch_id", "custodian", "status"], unique=False)
        batch_op.create_index("ix_keys_hand_offs_deputy", ["branch_id", "deputy", "status"], unique=False)
    create_history(op, "keys_hand_off_events", "hand_off_id", "keys_hand_offs")

    op.create_table(
        "keys_cabinet_reports",
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("cabinet", sa.String(length=40), nullable=False),
        sa.Column("hook", sa.String(length=40), nullable=False),
        sa.Column("key_code", sa.String(length=40), nullable=False),
        sa.Column("badge", sa.String(length=128), nullable=False),
        sa.Column("occurred_at", UTC, nullable=False),
        sa.Column("received_at", UTC, nullable=False),
        sa.Column("reported_by", sa.String(length=128), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("key_set_id", sa.String(length=36), nullable=False),
        sa.Column("discrepancy_id", sa.String(length=36), nullable=False),
        sa.Column("discrepancy_kind", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("branch_id", "event_id", name=op.f("pk_keys_cabinet_reports")),
    )
    with op.batch_alter_table("keys_cabinet_reports", schema=None) as batch_op:
        batch_op.create_index("ix_keys_cabinet_reports_cabinet", ["branch_id", "cabinet", "occurred_at"], unique=False)
    # The cabinets' report log is an audit trail too (PLT-04).
    apply_append_only(op, "keys_cabinet_reports")


def downgrade() -> None:
    for table in ("keys_cabinet_reports", "keys_hand_off_events", "keys_count_session_events"):
        remove_append_only(op, table)
    op.drop_table("keys_cabinet_reports")
    op.drop_table("keys_hand_off_events")
    op.drop_table("keys_hand_offs")
    op.drop_table("keys_count_session_events")
    op.drop_table("keys_count_sessions")
