"""A frozen clock fixture: tests move time explicitly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cskit.domain.clock import FrozenClock

FROZEN_AT = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 in Asia/Shanghai


@pytest.fixture
def frozen_clock() -> FrozenClock:
    return FrozenClock(FROZEN_AT)
