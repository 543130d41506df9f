"""Time as an injected dependency: domain code never reads the wall clock itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from cskit.domain.errors import InvalidInput


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock for tests: stands still until moved."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs a timezone-aware datetime")
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta) -> datetime:
        self._at += delta
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)


class OffsetClock:
    """The platform's TEST CLOCK as a clock: another clock plus an offset that only grows.

    ``cskit.testclock`` keeps the offset in the service's database, so every process and
    replica of a service moves together; this class only adds it. Time never moves back:
    a smaller offset (an older reading) is ignored.
    """

    def __init__(self, base: Clock | None = None) -> None:
        self._base = base or SystemClock()
        self._offset = timedelta(0)

    @property
    def offset(self) -> timedelta:
        return self._offset

    def now(self) -> datetime:
        return self._base.now() + self._offset

    def move_to(self, offset: timedelta) -> bool:
        """Take ``offset`` if it is ahead of the current one; True if time moved."""
        if offset <= self._offset:
            return False
        self._offset = offset
        return True


def reported_time(
    value: datetime | None, field: str, *, not_before: datetime, not_after: datetime, rule_id: str | None = None
) -> datetime:
    """PLT-05: a time a client reports (a consent, a receipt, a payment confirmation) is
    believed only within the bounds the rule sets, never unbounded; None is "is required"."""
    if value is None:
        raise InvalidInput.on(field, "is required", rule_id=rule_id)
    if value.tzinfo is None:
        raise InvalidInput.on(field, "must carry its zone")
    if not not_before <= value <= not_after:
        raise InvalidInput.on(
            field, f"must lie between {not_before.isoformat()} and {not_after.isoformat()}", rule_id=rule_id
        )
    return value.astimezone(UTC)
