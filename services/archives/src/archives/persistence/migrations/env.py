"""Alembic environment of the archives service: the kit's, with every sub-domain's tables registered."""

import archives.catalogue.persistence.rows
import archives.leavers.persistence.rows
import archives.loans.persistence.rows
import archives.records.persistence.rows
import archives.retention.persistence.rows
import archives.stocktake.persistence.rows  # noqa: F401

from cskit.db.base import Base
from cskit.db.migrations import run_env

run_env(Base.metadata)
