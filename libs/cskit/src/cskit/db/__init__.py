"""Database plumbing: declarative base, engines and sessions, unit of work, migrations."""

from cskit.db.base import Base, UTCDateTime
from cskit.db.engine import Database, async_url, sync_url

__all__ = ["Base", "Database", "UTCDateTime", "async_url", "sync_url"]
