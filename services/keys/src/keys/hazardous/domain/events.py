"""Hazardous-key events (KEY-15), shaped like their payloads in ``cs/keys/v1/incidents_events.proto``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class StockItem:
    """One material taken from or returned to the cabinet, and how much."""

    item: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HazardousKeyIssued:
    issue_id: str
    branch_id: str
    key_set_id: str
    recipient: str
    purpose: str
    taken: tuple[StockItem, ...]
    due_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HazardousKeyReturned:
    issue_id: str
    key_set_id: str
    returned: tuple[StockItem, ...]
    actor: str
    occurred_at: datetime


HazardousEvent = HazardousKeyIssued | HazardousKeyReturned
