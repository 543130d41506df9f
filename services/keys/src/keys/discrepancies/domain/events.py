"""Discrepancy events, shaped like their payloads in ``cs/keys/v1/discrepancies_events.proto``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscrepancyOpened:
    discrepancy_id: str
    branch_id: str
    key_set_id: str
    kind: str
    # Who answers for it (KEY-07: the person who lent the keys); "" when nobody is known yet.
    pinned_on: str
    detail: str
    source_ref: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscrepancyResolved:
    discrepancy_id: str
    resolution: str
    actor: str
    occurred_at: datetime


DiscrepancyEvent = DiscrepancyOpened | DiscrepancyResolved
