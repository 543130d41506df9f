"""Alembic environment of the aftersales database (``python -m aftersales migrate``)."""

import aftersales.charges.persistence.rows
import aftersales.faults.persistence.rows
import aftersales.orders.persistence.rows
import aftersales.returns.persistence.rows
import aftersales.shipping.persistence.rows
import aftersales.visits.persistence.rows  # noqa: F401 - registers the tables on Base.metadata

from cskit.db.base import Base
from cskit.db.migrations import run_env

run_env(Base.metadata)
