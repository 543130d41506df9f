"""aftersales: return visits, sites, owner-visit months and survey campaigns, with their histories

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.eventstore.migrations import create_history, drop_history

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def _projection(table: str, *columns: sa.Column) -> None:  # type: ignore[type-arg]
    op.create_table(
        table,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(f"ix_{table}_branch_created", ["branch_id", "created_at", "id"], unique=False)


def upgrade() -> None:
    _projection(
        "aftersales_return_visits",
        sa.Column("order_number", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("due_at", UTC, nullable=False),
        sa.Column("created_at", UTC, nullable=False),
    )
    with op.batch_alter_table("aftersales_return_visits", schema=None) as batch_op:
        batch_op.create_index("ix_aftersales_return_visits_state_due", ["state", "due_at"], unique=False)
    create_history(op, "aftersales_return_visit_events", "visit_id", "aftersales_return_visits")

    _projection(
        "aftersales_sites",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
    )
    create_history(op, "aftersales_site_events", "site_id", "aftersales_sites")

    _projection(
        "aftersales_owner_visit_months",
        sa.Column("site_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("visited", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
    )
    with op.batch_alter_table("aftersales_owner_visit_months", schema=None) as batch_op:
        batch_op.create_index("ix_aftersales_owner_visit_months_month", ["month", "site_id"], unique=False)
    create_history(op, "aftersales_owner_visit_month_events", "tally_id", "aftersales_owner_visit_months")

    _projection(
        "aftersales_survey_campaigns",
        sa.Column("site_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
    )
    create_history(op, "aftersales_survey_campaign_events", "campaign_id", "aftersales_survey_campaigns")


def downgrade() -> None:
    for table in ("survey_campaign", "owner_visit_month", "site", "return_visit"):
        drop_history(op, f"aftersales_{table}_events")
        op.drop_table(f"aftersales_{table}s")
