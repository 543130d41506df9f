"""Merge the evidence, compensation and penalties branches into one history.

Revision ID: 0006_merge_features
Revises: 0002_evidence, 0003_compensation, 0005_penalties
Create Date: 2026-11-24
"""

from collections.abc import Sequence

revision: str = "0006_merge_features"
down_revision: str | Sequence[str] | None = ("0002_evidence", "0003_compensation", "0005_penalties")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables."""


def downgrade() -> None:
    """Nothing to change."""
