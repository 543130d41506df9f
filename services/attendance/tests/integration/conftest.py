"""The attendance service built on the test's PostgreSQL, migrated, on a frozen clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from attendance.bootstrap import AttendanceParts, build
from attendance.service import MIGRATIONS
from attendance.settings import AttendanceSettings

from cskit.db.migrations import upgrade
from cskit.domain import FrozenClock

# The integration tests' "now" (their T0).
NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[AttendanceParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(AttendanceSettings(database_url=pg_url), clock=FrozenClock(NOW), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()
