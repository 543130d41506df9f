"""Request fields as the three request kinds (out of office, confirmations, overtime) read them:
a branch-local date, a branch-local from-to span on it, a bounded text."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from attendance.domain.fields import MAX_REF, bounded, day_of
from cskit.domain import InvalidInput

MAX_REASON = 500


# Requests are about working days of living employees: a year outside these is a typo, and
# refusing it keeps week and cycle arithmetic (and UTC conversion) far from date's limits.
FIRST_YEAR, LAST_YEAR = 1970, 2199


def local_day(text: str, field: str = "day") -> date:
    day = day_of(text, field)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput.on(field, f"must be in the years {FIRST_YEAR} to {LAST_YEAR}")
    return day


def span_on(day: date, from_time: str, to_time: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """From-to on the branch-local ``day`` as instants; ``to`` must be after ``from`` (the
    same day: a request spanning midnight is two requests)."""
    try:
        start, end = time.fromisoformat(from_time.strip()), time.fromisoformat(to_time.strip())
    except ValueError as exc:
        raise InvalidInput.on("from_time", "from_time and to_time must be HH:MM") from exc
    if end <= start:
        raise InvalidInput.on("to_time", "must be after from_time on the same day")
    return datetime.combine(day, start, tzinfo=zone), datetime.combine(day, end, tzinfo=zone)


def text_of(value: str, field: str, limit: int = MAX_REASON) -> str:
    return bounded(value, field, limit)


def ref_of(value: str, field: str = "employee_id") -> str:
    return text_of(value, field, MAX_REF)
