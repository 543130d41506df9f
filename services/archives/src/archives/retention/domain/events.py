"""Retention events, past tense, shaped like their payloads in
``cs/archives/v1/retention_events.proto``. The records' own events (RecordSealed, RecordHeld,
RecordReleased, RecordDestroyed) are the core's, with these records' ids as ``ref``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordsSealed:
    """ARC-04: records sealed into one archive bag, together."""

    sealing_id: str
    branch_id: str
    bag_number: str
    record_ids: tuple[str, ...]
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldPlaced:
    hold_id: str
    branch_id: str
    reason: str
    record_ids: tuple[str, ...]
    # ARC-11: the keeper role the approval was given in.
    approved_as: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldReleased:
    hold_id: str
    branch_id: str
    note: str
    approved_as: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DestructionProposed:
    proposal_id: str
    branch_id: str
    record_ids: tuple[str, ...]
    method: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DestructionApproved:
    proposal_id: str
    branch_id: str
    approved_as: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DestructionRejected:
    proposal_id: str
    branch_id: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DestroyedRecord:
    """One line of the destruction record (ARC-11)."""

    record_id: str
    category: str
    confidentiality: str
    method: str
    destroyed_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DestructionExecuted:
    """ARC-11: the destruction record - who destroyed, before which witnesses, how, when, what."""

    proposal_id: str
    branch_id: str
    method: str
    witnesses: tuple[str, ...]
    records: tuple[DestroyedRecord, ...]
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SealingDueListed:
    """ARC-04: the daily list of a branch's records due for sealing (not an aggregate's event:
    the sealing job stages it on its own). ``record_ids`` holds the first ones; ``count`` all."""

    branch_id: str
    day: str
    count: int
    record_ids: tuple[str, ...]
    occurred_at: datetime


SealingEvent = RecordsSealed
HoldEvent = HoldPlaced | HoldReleased
DestructionEvent = DestructionProposed | DestructionApproved | DestructionRejected | DestructionExecuted
