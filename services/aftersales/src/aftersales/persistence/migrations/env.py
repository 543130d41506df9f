"""Alembic environment of the aftersales database (``python -m aftersales migrate``)."""

import aftersales.orders.persistence.rows
import aftersales.visits.persistence.rows  # noqa: F401

from cskit.db.base import Base
from cskit.db.migrations import run_env

run_env(Base.metadata)
