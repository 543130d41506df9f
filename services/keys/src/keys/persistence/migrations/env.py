"""Alembic environment of the keys service: the kit's, with every sub-domain's tables registered."""

import keys.cabinets.persistence.rows
import keys.copies.persistence.rows
import keys.counts.persistence.rows
import keys.custody.persistence.rows
import keys.discrepancies.persistence.rows
import keys.handoffs.persistence.rows
import keys.hazardous.persistence.rows
import keys.loans.persistence.rows
import keys.losses.persistence.rows
import keys.offices.persistence.rows
import keys.register.persistence.rows  # noqa: F401

from cskit.db.base import Base
from cskit.db.migrations import run_env

run_env(Base.metadata)
