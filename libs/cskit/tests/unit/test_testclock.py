"""The test clock's guard and its offset clock (no database here)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from cskit.domain import FrozenClock
from cskit.domain.clock import OffsetClock
from cskit.testclock import TestClockRefused, is_enabled

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def test_off_unless_explicitly_enabled() -> None:
    for value in ("", "false", "0", "no", "off"):
        assert is_enabled({"CS_TEST_CLOCK_ENABLED": value}) is False
    assert is_enabled({}) is False


def test_enabled_loudly(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="cskit.testclock"):
        assert is_enabled({"CS_TEST_CLOCK_ENABLED": "true"}, service="complaints") is True
    assert "TEST CLOCK ENABLED for complaints" in caplog.text


@pytest.mark.parametrize("environment", ["production", "PROD", " production "])
def test_refused_in_production(environment: str) -> None:
    with pytest.raises(TestClockRefused, match="never runs in production"):
        is_enabled({"CS_TEST_CLOCK_ENABLED": "true", "CS_ENVIRONMENT": environment})


def test_a_malformed_flag_is_refused_not_guessed() -> None:
    with pytest.raises(TestClockRefused, match="must be 'true' or 'false'"):
        is_enabled({"CS_TEST_CLOCK_ENABLED": "yes please"})


def test_offset_clock_only_moves_forward() -> None:
    clock = OffsetClock(FrozenClock(T0))
    assert clock.now() == T0
    assert clock.move_to(timedelta(hours=2)) is True
    assert clock.now() == T0 + timedelta(hours=2)
    assert clock.move_to(timedelta(hours=1)) is False  # an older reading never moves time back
    assert clock.now() == T0 + timedelta(hours=2)
