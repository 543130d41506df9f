"""Request fields as every sub-domain reads them: ISO dates and months, bounded references and
texts; each refusal names the field."""

from __future__ import annotations

from datetime import date

from cskit.domain import InvalidInput

MAX_REF = 128


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


def bounded(value: str, field: str, limit: int) -> str:
    """``value`` without surrounding blanks, 1 to ``limit`` characters."""
    text = value.strip()
    if not text or len(text) > limit:
        raise InvalidInput.on(field, f"must be 1 to {limit} characters")
    return text


def employee_ref(value: str) -> str:
    return bounded(value, "employee_id", MAX_REF)
