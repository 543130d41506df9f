"""agreements awaiting a role: the role whose signature is due next, as a list column (issue 15)

An approver's list of agreements across cases (``GET /v1/agreements?awaiting_role=``) filters
and pages in SQL on this column instead of reading every case's agreements. Existing
agreements get theirs from their read-model documents here, so the list is right after
``migrate``; the event store writes it with every append from then on.

Revision ID: 0012_agreements_awaiting_role
Revises: 0011_contacts
Create Date: 2026-12-05
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0012_agreements_awaiting_role"
down_revision: str | None = "0011_contacts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Only these statuses have a signature due (``Agreement.next_step``).
_SIGNING = ("legal_confirmed", "signing")


def upgrade() -> None:
    with op.batch_alter_table("compensation_agreements") as batch:
        batch.add_column(sa.Column("awaiting_role", sa.String(length=64), nullable=True))
        batch.create_index("ix_compensation_agreements_awaiting", ["awaiting_role", "created_at", "id"], unique=False)
    _fill()


def _fill() -> None:
    # The store describes the table as it is after this revision; the document is the state.
    from complaints.persistence.streams import AGREEMENTS
    from cskit.eventstore.backfill import fill_projection

    def role_of(agreement: Any) -> dict[str, object]:
        step = agreement.next_step
        return {} if step is None else {"awaiting_role": step.role}

    stream = AGREEMENTS.stream
    fill_projection(op.get_bind(), stream, role_of, stream.projection.c.status.in_(_SIGNING))


def downgrade() -> None:
    with op.batch_alter_table("compensation_agreements") as batch:
        batch.drop_index("ix_compensation_agreements_awaiting")
        batch.drop_column("awaiting_role")
