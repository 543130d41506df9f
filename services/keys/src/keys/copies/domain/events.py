"""Copy-request events (KEY-10), shaped like their payloads in ``cs/keys/v1/incidents_events.proto``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyCopyRequested:
    copy_request_id: str
    branch_id: str
    key_set_id: str
    copies: int
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyCopyApproved:
    copy_request_id: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyCopyRejected:
    copy_request_id: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyCopiesMade:
    copy_request_id: str
    key_set_id: str
    copies: int
    key_count: int
    actor: str
    occurred_at: datetime


CopyEvent = KeyCopyRequested | KeyCopyApproved | KeyCopyRejected | KeyCopiesMade
