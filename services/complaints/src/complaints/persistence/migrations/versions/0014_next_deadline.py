"""the desk's queue: each case's next service-level deadline as a list column (issue 15)

``GET /v1/complaints?order=next_deadline`` pages on this column, so a desk's queue arrives
nearest deadline first in one call instead of every open case sorted in the browser. Every
case gets its value from its read-model document here (closed ones have no live clock and get
the end of time, like a case whose clocks all stopped); the event store writes it with every
append from then on.

Revision ID: 0014_next_deadline
Revises: 0013_reports_awaiting_step
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_next_deadline"
down_revision: str | None = "0013_reports_awaiting_step"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.add_column(sa.Column("next_deadline_at", sa.DateTime(timezone=True), nullable=True))
    _fill()
    with op.batch_alter_table("complaints") as batch:
        batch.alter_column("next_deadline_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.create_index("ix_complaints_branch_next_deadline", ["branch_id", "next_deadline_at", "id"], unique=False)


def _fill() -> None:
    # The store describes the table as it is after this revision; the document is the state.
    from complaints.persistence.streams import COMPLAINTS, END_OF_TIME, complaint_columns
    from cskit.eventstore.backfill import fill_projection

    stream = COMPLAINTS.stream
    status = stream.projection.c.status
    connection = op.get_bind()
    # Through the table's own column type, so SQLite stores the value as the store writes it.
    connection.execute(sa.update(stream.projection).where(status == "closed").values(next_deadline_at=END_OF_TIME))
    due = "next_deadline_at"
    fill_projection(connection, stream, lambda complaint: {due: complaint_columns(complaint)[due]}, status != "closed")


def downgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.drop_index("ix_complaints_branch_next_deadline")
        batch.drop_column("next_deadline_at")
