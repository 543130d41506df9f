"""Item events, past tense, shaped like their payloads in ``cs/attendance/v1/events.proto``.

Each carries what rebuilding the item needs, so the history is also the audit trail (PLT-04)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemCreated:
    item_id: str
    branch_id: str
    title: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemCompleted:
    item_id: str
    actor: str
    occurred_at: datetime


ItemEvent = ItemCreated | ItemCompleted
