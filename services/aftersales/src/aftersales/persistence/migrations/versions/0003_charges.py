"""aftersales: charges - the price list, quotes and completed orders' charge and filing

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.eventstore.migrations import create_history, drop_history

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "aftersales_price_items",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_price_items")),
    )
    with op.batch_alter_table("aftersales_price_items", schema=None) as batch_op:
        batch_op.create_index("ix_aftersales_price_items_branch_code", ["branch_id", "code"], unique=True)
        batch_op.create_index(
            "ix_aftersales_price_items_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
    create_history(op, "aftersales_price_item_events", "item_id", "aftersales_price_items")

    op.create_table(
        "aftersales_quotes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_quotes")),
    )
    with op.batch_alter_table("aftersales_quotes", schema=None) as batch_op:
        batch_op.create_index("ix_aftersales_quotes_order", ["order_id"], unique=False)
        batch_op.create_index("ix_aftersales_quotes_branch_created", ["branch_id", "created_at", "id"], unique=False)
    create_history(op, "aftersales_quote_events", "quote_id", "aftersales_quotes")

    op.create_table(
        "aftersales_completions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("charged", sa.Boolean(), nullable=False),
        sa.Column("filed", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_completions")),
    )
    create_history(op, "aftersales_completion_events", "order_id", "aftersales_completions")


def downgrade() -> None:
    drop_history(op, "aftersales_completion_events")
    op.drop_table("aftersales_completions")
    drop_history(op, "aftersales_quote_events")
    op.drop_table("aftersales_quotes")
    drop_history(op, "aftersales_price_item_events")
    op.drop_table("aftersales_price_items")
