"""archives: stock-takes (ARC-10) and leavers' clearance cases (ARC-09), with their histories

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.eventstore.migrations import create_history, drop_history

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "archives_stocktakes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("slot", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("counted_by", sa.String(length=128), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("misplaced", sa.Integer(), nullable=False),
        sa.Column("damaged", sa.Integer(), nullable=False),
        sa.Column("recovered", sa.Integer(), nullable=False),
        sa.Column("unknown", sa.Integer(), nullable=False),
        sa.Column("lent_on_shelf", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("closed_at", UTC, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_stocktakes")),
    )
    with op.batch_alter_table("archives_stocktakes", schema=None) as batch_op:
        batch_op.create_index("ux_archives_stocktakes_branch_slot", ["branch_id", "slot"], unique=True)
        batch_op.create_index("ix_archives_stocktakes_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index(
            "ix_archives_stocktakes_branch_kind_period", ["branch_id", "kind", "period"], unique=False
        )
    create_history(op, "archives_stocktake_events", "session_id", "archives_stocktakes")

    op.create_table(
        "archives_clearances",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("employee_id", sa.String(length=64), nullable=False),
        sa.Column("last_day", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outstanding", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_clearances")),
    )
    with op.batch_alter_table("archives_clearances", schema=None) as batch_op:
        batch_op.create_index("ix_archives_clearances_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_archives_clearances_employee", ["branch_id", "employee_id"], unique=False)
        batch_op.create_index("ix_archives_clearances_status", ["status", "branch_id"], unique=False)
    create_history(op, "archives_clearance_events", "case_id", "archives_clearances")


def downgrade() -> None:
    drop_history(op, "archives_clearance_events")
    op.drop_table("archives_clearances")
    drop_history(op, "archives_stocktake_events")
    op.drop_table("archives_stocktakes")
