"""Hand-off events (KEY-14), shaped like their payloads in ``cs/keys/v1/counts_events.proto``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CustodyHandOffProposed:
    hand_off_id: str
    branch_id: str
    custodian: str
    deputy: str
    # Branch-local days, YYYY-MM-DD (the event codec keeps instants, not dates).
    from_day: str
    to_day: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CustodyHandedOff:
    """The deputy accepted: from ``from_day`` to ``to_day`` they hold the custodian's duties."""

    hand_off_id: str
    branch_id: str
    custodian: str
    deputy: str
    # Branch-local days, YYYY-MM-DD (the event codec keeps instants, not dates).
    from_day: str
    to_day: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CustodyHandOffEnded:
    hand_off_id: str
    reason: str
    actor: str
    occurred_at: datetime


HandOffEvent = CustodyHandOffProposed | CustodyHandedOff | CustodyHandOffEnded
