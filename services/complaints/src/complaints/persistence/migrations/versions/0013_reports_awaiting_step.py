"""reports awaiting a step: the investigation report's approval step due, as a list column (issue 15)

An approver's list of investigation reports (``GET /v1/investigation-reports``) filters and
pages in SQL on this column instead of reading every case's workflow. Open cases get theirs
from their read-model documents here, so the list is right after ``migrate``; the event store
writes it with every append from then on.

Revision ID: 0013_reports_awaiting_step
Revises: 0012_agreements_awaiting_role
Create Date: 2026-12-05
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0013_reports_awaiting_step"
down_revision: str | None = "0012_agreements_awaiting_role"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.add_column(sa.Column("report_step", sa.String(length=20), nullable=True))
        batch.create_index("ix_complaints_report_step", ["report_step", "received_at", "id"], unique=False)
    _fill()


def _fill() -> None:
    # The store describes the table as it is after this revision; the document is the state.
    # A closed case has no report in approval.
    from complaints.persistence.streams import COMPLAINTS
    from cskit.eventstore.backfill import fill_projection

    def step_of(complaint: Any) -> dict[str, object]:
        step = complaint.workflow.next_step
        return {} if step is None else {"report_step": step.value}

    fill_projection(op.get_bind(), COMPLAINTS.stream, step_of, COMPLAINTS.stream.projection.c.status != "closed")


def downgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.drop_index("ix_complaints_report_step")
        batch.drop_column("report_step")
