"""Alembic environment of the complaints database (``python -m complaints migrate``)."""

import complaints.persistence.rows  # noqa: F401 - registers every table on Base.metadata
from cskit.db.base import Base
from cskit.db.migrations import run_env

run_env(Base.metadata)
