"""read documents: complaints and agreements answer reads from a JSON document (issue 9)

The projection rows gain the record's whole state as JSON, written with every append by the
kit's event store; existing records get theirs from their histories here, so reads work
right after ``migrate``. The ORM version counter becomes the event store's expected version
(same column, same values).

Revision ID: 0008_read_documents
Revises: 0007_statistics
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_read_documents"
down_revision: str | None = "0007_statistics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("complaints", "compensation_agreements")


def upgrade() -> None:
    # The stores describe the tables as they are after this revision (document included).
    from complaints.persistence.streams import AGREEMENTS, COMPLAINTS
    from cskit.eventstore.backfill import fill_documents

    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("document", sa.JSON(), nullable=True))
    connection = op.get_bind()
    fill_documents(connection, COMPLAINTS)
    fill_documents(connection, AGREEMENTS)
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.alter_column("document", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("document")
