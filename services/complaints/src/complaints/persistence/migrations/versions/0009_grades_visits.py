"""grades and visits: complaint documents gain the case's grade and visit tasks (CMP-15, CMP-17)

A complaint's read document is its whole state; the state now holds ``care`` (grade, who
was told, property dates, visit tasks), so every existing document is rewritten from its
history (older histories file as general, with no visit tasks).

Revision ID: 0009_grades_visits
Revises: 0008_read_documents
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_grades_visits"
down_revision: str | None = "0008_read_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from complaints.persistence.streams import COMPLAINTS
    from cskit.eventstore.backfill import fill_documents

    with op.batch_alter_table("complaints") as batch:
        batch.alter_column("document", existing_type=sa.JSON(), nullable=True)
    op.execute("UPDATE complaints SET document = NULL")
    fill_documents(op.get_bind(), COMPLAINTS)
    with op.batch_alter_table("complaints") as batch:
        batch.alter_column("document", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    # The older code refuses a document with ``care``: rebuild it with that code's
    # ``rebuild-projections`` after downgrading.
    pass
