"""Times the client reports (the owner's consent call, the owner contacted): recorded to the
minute and bounded, so nobody back-dates consent before the record or records it ahead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cskit.domain import InvalidInput


def to_minute(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(second=0, microsecond=0)


def reported_minute(
    at: datetime | None, *, field: str, not_before: datetime, now: datetime, skew: timedelta, rule_id: str
) -> datetime:
    """``at`` to the minute; refused when missing, ahead of ``now`` by more than ``skew``, or
    before the minute of ``not_before`` (the record it belongs to)."""
    if at is None:
        raise InvalidInput.on(field, "is required (the time to the minute)", rule_id=rule_id)
    if at.tzinfo is None:
        raise InvalidInput.on(field, "must carry its time zone", rule_id=rule_id)
    if at > now + skew:
        raise InvalidInput.on(field, "is in the future", rule_id=rule_id)
    minute = to_minute(at)
    if minute < to_minute(not_before):
        raise InvalidInput.on(field, "is before the record it belongs to", rule_id=rule_id)
    return minute
