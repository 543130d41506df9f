"""archives: the catalogue's volumes, with their histories

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.eventstore.migrations import create_history, drop_history

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "archives_volumes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("volume_no", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("external", sa.Boolean(), nullable=False),
        sa.Column("counterparty", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("confidentiality", sa.String(length=20), nullable=False),
        sa.Column("shelf", sa.String(length=100), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=True),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.Column("shelf_key", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_volumes")),
    )
    with op.batch_alter_table("archives_volumes", schema=None) as batch_op:
        batch_op.create_index("ux_archives_volumes_branch_no", ["branch_id", "volume_no"], unique=True)
        batch_op.create_index("ix_archives_volumes_branch_shelf", ["branch_id", "shelf_key", "id"], unique=False)
        batch_op.create_index(
            "ix_archives_volumes_branch_code_year", ["branch_id", "code", "year", "seq"], unique=False
        )
    create_history(op, "archives_volume_events", "volume_id", "archives_volumes")


def downgrade() -> None:
    drop_history(op, "archives_volume_events")
    op.drop_table("archives_volumes")
