"""sanction deductions: a ledger month keeps its published sanctions and their prices (CMP-16)

Each month row gains ``sanctions``: the sanctions booked into it when they were published,
each priced (percent, amount) when the month closes. Existing months had none.

Revision ID: 0010_sanction_deductions
Revises: 0009_grades_visits
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_sanction_deductions"
down_revision: str | None = "0009_grades_visits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("penalty_ledger_months") as batch:
        batch.add_column(sa.Column("sanctions", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("penalty_ledger_months") as batch:
        batch.drop_column("sanctions")
