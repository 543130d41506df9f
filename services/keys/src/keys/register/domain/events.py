"""Key-set events, past tense, shaped like their payloads in ``cs/keys/v1/register_events.proto``.

Each carries what rebuilding the key set needs, so its history is the audit trail of every
key movement (PLT-04). ``ref`` names the record that caused a movement (a loan, a seal, an
emergency, a loss report, a copy request), owned by its own sub-domain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySetRegistered:
    key_set_id: str
    branch_id: str
    code: str
    unit: str
    kind: str
    key_count: int
    cabinet: str
    hook: str
    custodian: str
    owner_name: str
    owner_phone: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySetDetailsChanged:
    """The register kept current (KEY-02): where it hangs and who keeps it."""

    key_set_id: str
    cabinet: str
    hook: str
    custodian: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyCountChanged:
    """More or fewer keys in the set: an approved copy (KEY-10), a new spare after a lock
    change (KEY-11), keys re-cut after a loss (KEY-09)."""

    key_set_id: str
    key_count: int
    reason: str
    ref: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySetLent:
    key_set_id: str
    ref: str
    borrower: str
    due_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySetReturned:
    key_set_id: str
    ref: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySetSealed:
    key_set_id: str
    ref: str
    seal_number: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySetSealOpened:
    key_set_id: str
    ref: str
    seal_number: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySetReportedLost:
    key_set_id: str
    ref: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySetReplaced:
    key_set_id: str
    ref: str
    key_count: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySetRetired:
    key_set_id: str
    reason: str
    actor: str
    occurred_at: datetime


KeySetEvent = (
    KeySetRegistered
    | KeySetDetailsChanged
    | KeyCountChanged
    | KeySetLent
    | KeySetReturned
    | KeySetSealed
    | KeySetSealOpened
    | KeySetReportedLost
    | KeySetReplaced
    | KeySetRetired
)
