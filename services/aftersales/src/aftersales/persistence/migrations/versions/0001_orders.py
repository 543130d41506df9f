"""aftersales: the work orders, with their histories

Revision ID: 0001
Revises:
Create Date: 2026-12-05

The kit's tables (outbox, processed events, timers, idempotency keys) are the ``cskit``
branch's (cskit.db.migrations), upgraded with this one by ``migrate``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.eventstore.migrations import create_history, drop_history

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "aftersales_work_orders",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("engineer", sa.String(length=128), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("facility", sa.String(length=200), nullable=False),
        sa.Column("warranty", sa.String(length=20), nullable=False),
        sa.Column("key_loan", sa.String(length=20), nullable=False),
        sa.Column("acknowledged", sa.Boolean(), nullable=False),
        sa.Column("departure_overdue", sa.Boolean(), nullable=False),
        sa.Column("departure_seconds", sa.Integer(), nullable=True),
        sa.Column("completed_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_work_orders")),
    )
    with op.batch_alter_table("aftersales_work_orders", schema=None) as batch_op:
        batch_op.create_index(
            "ix_aftersales_work_orders_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_aftersales_work_orders_branch_state", ["branch_id", "state"], unique=False)
        batch_op.create_index("ix_aftersales_work_orders_engineer", ["engineer", "state"], unique=False)
        batch_op.create_index("ix_aftersales_work_orders_number", ["branch_id", "number"], unique=False)
        batch_op.create_index("ix_aftersales_work_orders_key_loan", ["key_loan"], unique=False)
    create_history(op, "aftersales_work_order_events", "order_id", "aftersales_work_orders")


def downgrade() -> None:
    drop_history(op, "aftersales_work_order_events")
    op.drop_table("aftersales_work_orders")
