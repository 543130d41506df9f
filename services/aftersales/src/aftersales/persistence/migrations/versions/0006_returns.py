"""aftersales: fault cases (AFS-09) and return cases (AFS-10), with their histories

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.eventstore.migrations import create_history, drop_history

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "aftersales_fault_cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("decision", sa.String(length=30), nullable=False),
        sa.Column("chargeable", sa.Boolean(), nullable=False),
        sa.Column("work_order_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_fault_cases")),
    )
    with op.batch_alter_table("aftersales_fault_cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_aftersales_fault_cases_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_aftersales_fault_cases_branch_state", ["branch_id", "state"], unique=False)
    create_history(op, "aftersales_fault_case_events", "case_id", "aftersales_fault_cases")

    op.create_table(
        "aftersales_return_cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("situation", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("order_ref", sa.String(length=64), nullable=False),
        sa.Column("payment_means", sa.String(length=30), nullable=False),
        sa.Column("refund_due", UTC, nullable=True),
        sa.Column("refund_overdue", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_return_cases")),
    )
    with op.batch_alter_table("aftersales_return_cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_aftersales_return_cases_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_aftersales_return_cases_branch_state", ["branch_id", "state"], unique=False)
        batch_op.create_index("ix_aftersales_return_cases_order_ref", ["branch_id", "order_ref"], unique=False)
    create_history(op, "aftersales_return_case_events", "case_id", "aftersales_return_cases")


def downgrade() -> None:
    drop_history(op, "aftersales_return_case_events")
    op.drop_table("aftersales_return_cases")
    drop_history(op, "aftersales_fault_case_events")
    op.drop_table("aftersales_fault_cases")
