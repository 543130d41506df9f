"""Alembic environment of the attendance database (``python -m attendance migrate``)."""

import attendance.punches.persistence.rows  # noqa: F401 - registers the tables on Base.metadata

from cskit.db.base import Base
from cskit.db.migrations import run_env

run_env(Base.metadata)
