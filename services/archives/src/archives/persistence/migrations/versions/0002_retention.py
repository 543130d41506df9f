"""archives: retention - sealings, holds and destruction proposals, with their histories

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.eventstore.migrations import create_history, drop_history

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def _projection(table: str, *columns: sa.Column) -> None:  # type: ignore[type-arg]
    op.create_table(
        table,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        *columns,
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )


def upgrade() -> None:
    _projection("archives_sealings", sa.Column("bag_number", sa.String(length=40), nullable=False))
    with op.batch_alter_table("archives_sealings", schema=None) as batch_op:
        batch_op.create_index("ix_archives_sealings_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_archives_sealings_bag", ["branch_id", "bag_number"], unique=False)
    create_history(op, "archives_sealing_events", "sealing_id", "archives_sealings")

    _projection("archives_holds", sa.Column("state", sa.String(length=20), nullable=False))
    with op.batch_alter_table("archives_holds", schema=None) as batch_op:
        batch_op.create_index("ix_archives_holds_branch_created", ["branch_id", "created_at", "id"], unique=False)
    create_history(op, "archives_hold_events", "hold_id", "archives_holds")

    _projection(
        "archives_destructions",
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("proposed_by", sa.String(length=128), nullable=False),
    )
    with op.batch_alter_table("archives_destructions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_archives_destructions_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_archives_destructions_state", ["state", "branch_id"], unique=False)
    create_history(op, "archives_destruction_events", "proposal_id", "archives_destructions")


def downgrade() -> None:
    drop_history(op, "archives_destruction_events")
    op.drop_table("archives_destructions")
    drop_history(op, "archives_hold_events")
    op.drop_table("archives_holds")
    drop_history(op, "archives_sealing_events")
    op.drop_table("archives_sealings")
