"""What the discipline score takes from complaints' events (ATT-12), once decoded
(``events/inbound.py`` decides which events these are; docs/events.md lists the mapping)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SlowAnswers:
    """The agent's slow-answer complaints of a branch-month (a recount replaces the count)."""

    event_id: str
    branch_id: str
    agent_id: str
    month: str
    breached_contacts: int
    counted_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintCategorised:
    """A complaint was filed; ``service``: it is about service attitude (a rudeness candidate)."""

    complaint_id: str
    branch_id: str
    service: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonResponsible:
    """A complaint's responsibility was pinned on a person in a branch-local month."""

    event_id: str
    complaint_id: str
    branch_id: str
    person_id: str
    month: str


Fact = SlowAnswers | ComplaintCategorised | PersonResponsible
