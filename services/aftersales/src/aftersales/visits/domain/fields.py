"""The visits' shared vocabulary: who calls, visits and manages (AFS-06, AFS-12), the limits of
their fields and the checks of counts, satisfaction and days."""

from __future__ import annotations

from datetime import date

from aftersales.domain.roles import FRONT_DESK
from cskit.domain import InvalidInput
from cskit.domain.text import TextFields

# Customer service calls the customer back (AFS-06).
AGENTS = FRONT_DESK
# A site's household count and its survey campaigns: the team lead or the manager.
MANAGERS = frozenset({"team_lead", "manager", "director", "general_manager"})
# AFS-12: the staff who visit owners.
STAFF = AGENTS | frozenset({"engineer"})
SATISFACTION = ("1", "2", "3", "4", "5", "satisfied", "neutral", "dissatisfied")
MAX_HOUSEHOLDS = 100_000

# field -> (max length, required)
_TEXT = {
    "comment": (2000, False),
    "name": (200, True),
    "unit": (100, True),
    "notes": (2000, False),
}


text = TextFields(_TEXT, frozenset({"comment", "notes"}))


def count(value: int, field: str, *, least: int = 0, most: int = MAX_HOUSEHOLDS) -> int:
    if not least <= value <= most:
        raise InvalidInput.on(field, f"must be between {least} and {most}")
    return value


def satisfaction_of(value: str) -> str:
    cleaned = value.strip().lower()
    if cleaned not in SATISFACTION:
        raise InvalidInput.on("satisfaction", f"must be one of: {', '.join(SATISFACTION)}", rule_id="AFS-06")
    return cleaned


def day_of(value: str, field: str) -> date:
    """A client's ISO date (a local day)."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput.on(field, "must be a date YYYY-MM-DD") from None
