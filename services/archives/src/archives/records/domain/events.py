"""Archive-record events, past tense, shaped like their payloads in
``cs/archives/v1/records_events.proto``. The record's history is the register of every
receipt, transfer, loan, return, sealing and destruction (ARC-12, PLT-04); ``ref`` names the
record of the sub-domain that caused a movement (a loan, a stock-take, a destruction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """A reference the record is found by: kind "complaint_number", "work_order", "agreement_id"..."""

    kind: str
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordFiled:
    record_id: str
    branch_id: str
    title: str
    category: str
    confidentiality: str
    medium: str
    external: bool
    counterparty: str
    department: str
    custodian: str
    document_date: date
    retention_years: int
    retain_until: date
    seal_due: date
    references: tuple[Reference, ...]
    file_pointer: str
    sha256: str
    notes: str
    # Where it came from: a filing request's id and source, or empty for a record filed by hand.
    filing_id: str
    source_service: str
    source_record_type: str
    source_record_id: str
    # ARC-02: the handover record - who handed it over and who received it (empty until a
    # paper original is handed over).
    handed_over_by: str
    received_by: str
    location: str
    state: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OriginalReceived:
    record_id: str
    handed_over_by: str
    location: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordPlaced:
    """Catalogued (ARC-03): in a volume, with its number, on a shelf."""

    record_id: str
    volume_id: str
    archive_no: str
    location: str
    ref: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordTransferred:
    record_id: str
    custodian: str
    department: str
    handed_over_by: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordLent:
    record_id: str
    ref: str
    borrower: str
    due_at: datetime
    in_place: bool
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordReturned:
    record_id: str
    ref: str
    condition: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordReportedMissing:
    record_id: str
    ref: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordFound:
    record_id: str
    ref: str
    location: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordConditionNoted:
    """Damaged (for repair or copying), or good again (ARC-08, ARC-10)."""

    record_id: str
    ref: str
    condition: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordSealed:
    record_id: str
    ref: str
    bag_number: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordHeld:
    record_id: str
    ref: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordReleased:
    record_id: str
    ref: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordDestroyed:
    record_id: str
    ref: str
    method: str
    actor: str
    occurred_at: datetime


RecordEvent = (
    RecordFiled
    | OriginalReceived
    | RecordPlaced
    | RecordTransferred
    | RecordLent
    | RecordReturned
    | RecordReportedMissing
    | RecordFound
    | RecordConditionNoted
    | RecordSealed
    | RecordHeld
    | RecordReleased
    | RecordDestroyed
)
