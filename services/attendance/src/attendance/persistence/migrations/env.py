"""Alembic environment of the attendance database (``python -m attendance migrate``)."""

import attendance.calendars.persistence.rows
import attendance.cards.persistence.rows
import attendance.discipline.persistence.rows
import attendance.handover.persistence.rows
import attendance.month.persistence.rows
import attendance.people.persistence.rows
import attendance.punches.persistence.rows
import attendance.rosters.persistence.rows
import attendance.shifts.persistence.rows  # noqa: F401

from cskit.db.base import Base
from cskit.db.migrations import run_env

run_env(Base.metadata)
