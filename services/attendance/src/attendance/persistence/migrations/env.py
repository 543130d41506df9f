"""Alembic environment of the attendance database (``python -m attendance migrate``)."""

import attendance.people.persistence.rows
import attendance.punches.persistence.rows
import attendance.rosters.persistence.rows  # noqa: F401

from cskit.db.base import Base
from cskit.db.migrations import run_env

run_env(Base.metadata)
