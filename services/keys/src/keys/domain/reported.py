"""Times a client reports (the owner's call, the unit head's confirmation): bounded and kept
to the minute, so a consent can never be recorded before the record it belongs to, nor in
the future beyond a minute of clock skew."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cskit.domain import InvalidInput

SKEW = timedelta(minutes=1)


def reported_minute(
    value: datetime | None, field: str, *, now: datetime, not_before: datetime, rule_id: str
) -> datetime:
    """``value`` truncated to the minute; InvalidInput when missing, in the future or too early."""
    if value is None:
        raise InvalidInput.on(field, "is required", rule_id=rule_id)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if value > now + SKEW:
        raise InvalidInput.on(field, "must not be in the future", rule_id=rule_id)
    minute = value.astimezone(UTC).replace(second=0, microsecond=0)
    if minute < not_before.astimezone(UTC).replace(second=0, microsecond=0):
        raise InvalidInput.on(field, "must not be before the record it belongs to", rule_id=rule_id)
    return minute
