"""Dates as every sub-domain reads them from a request: ISO text, refused with the field's name."""

from __future__ import annotations

from datetime import date

from cskit.domain import InvalidInput


def day_of(value: str, field: str = "day") -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput.on(field, "must be a date YYYY-MM-DD") from exc


def month_of(value: str, field: str = "month") -> date:
    """A month as its first day, from YYYY-MM."""
    try:
        return date.fromisoformat(value.strip() + "-01")
    except ValueError as exc:
        raise InvalidInput.on(field, "must be a month YYYY-MM") from exc
