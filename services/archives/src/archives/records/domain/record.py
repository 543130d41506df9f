"""The archive record's state and how each of its events changes it: what ``ArchiveRecord``
rebuilds from its history and records onto."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import assert_never

from archives.domain.categories import Category, Confidentiality, Medium, RecordState
from archives.records.domain.events import (
    OriginalReceived,
    RecordConditionNoted,
    RecordDestroyed,
    RecordEvent,
    RecordFiled,
    RecordFound,
    RecordHeld,
    RecordLent,
    RecordPlaced,
    RecordReleased,
    RecordReportedMissing,
    RecordReturned,
    RecordSealed,
    RecordTransferred,
    Reference,
)
from archives.records.domain.states import TRANSITIONS, RecordAction
from cskit.domain.aggregate import EventSourced

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ArchiveRecordState(EventSourced[RecordEvent]):
    """The fields of an archive record and the event application; the commands are ``ArchiveRecord``'s."""

    id: str
    branch_id: str
    title: str
    category: Category
    confidentiality: Confidentiality
    medium: Medium
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
    filing_id: str
    source_service: str
    source_record_type: str
    source_record_id: str
    handed_over_by: str
    received_by: str
    received_at: datetime | None
    location: str
    volume_id: str
    archive_no: str
    state: RecordState
    condition: str
    # The record holding the file out (a loan) or missing (a report), else "".
    ref: str
    borrower: str
    due_at: datetime | None
    in_place: bool
    sealed_at: datetime | None
    bag_number: str
    holds: tuple[str, ...]
    destroyed_at: datetime | None
    destruction_method: str
    created_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.title = self.counterparty = self.department = self.custodian = ""
        self.category = Category.UNSPECIFIED
        self.confidentiality = Confidentiality.INTERNAL
        self.medium = Medium.PAPER
        self.external = self.in_place = False
        self.document_date = self.retain_until = self.seal_due = _EPOCH.date()
        self.retention_years = 0
        self.references = ()
        self.file_pointer = self.sha256 = self.notes = self.filing_id = ""
        self.source_service = self.source_record_type = self.source_record_id = ""
        self.handed_over_by = self.received_by = self.location = self.volume_id = self.archive_no = ""
        self.received_at = self.due_at = self.sealed_at = self.destroyed_at = None
        self.state = RecordState.AWAITING_ORIGINAL
        self.condition = "good"
        self.ref = self.borrower = self.bag_number = self.destruction_method = self.created_by = ""
        self.holds = ()
        self.created_at = self.updated_at = _EPOCH

    @property
    def restricted(self) -> bool:
        return self.confidentiality.restricted

    def _apply(self, event: RecordEvent) -> None:
        match event:
            case RecordFiled():
                self.id, self.branch_id, self.title = event.record_id, event.branch_id, event.title
                self.category = Category(event.category)
                self.confidentiality = Confidentiality(event.confidentiality)
                self.medium = Medium(event.medium)
                self.external, self.counterparty = event.external, event.counterparty
                self.department, self.custodian = event.department, event.custodian
                self.document_date, self.retention_years = event.document_date, event.retention_years
                self.retain_until, self.seal_due = event.retain_until, event.seal_due
                self.references, self.file_pointer, self.sha256 = event.references, event.file_pointer, event.sha256
                self.notes, self.filing_id = event.notes, event.filing_id
                self.source_service = event.source_service
                self.source_record_type, self.source_record_id = event.source_record_type, event.source_record_id
                self.handed_over_by, self.received_by = event.handed_over_by, event.received_by
                self.location, self.state = event.location, RecordState(event.state)
                self.received_at = event.occurred_at if event.received_by else None
                self.created_by, self.created_at = event.actor, event.occurred_at
            case OriginalReceived():
                self.state = TRANSITIONS.move(self.state, RecordAction.RECEIVE)
                self.handed_over_by, self.received_by, self.received_at = (
                    event.handed_over_by,
                    event.actor,
                    event.occurred_at,
                )
                self.location = event.location or self.location
            case RecordPlaced():
                self.volume_id, self.archive_no = event.volume_id, event.archive_no
                self.location = event.location or self.location
            case RecordTransferred():
                self.custodian, self.department, self.handed_over_by = (
                    event.custodian,
                    event.department,
                    event.handed_over_by,
                )
            case RecordLent():
                self.state = TRANSITIONS.move(self.state, RecordAction.LEND)
                self.ref, self.borrower, self.due_at, self.in_place = (
                    event.ref,
                    event.borrower,
                    event.due_at,
                    event.in_place,
                )
            case RecordReturned():
                self.state = TRANSITIONS.move(self.state, RecordAction.RETURN)
                self.ref, self.borrower, self.due_at, self.in_place = "", "", None, False
                self.condition = event.condition
            case RecordReportedMissing():
                self.state = TRANSITIONS.move(self.state, RecordAction.REPORT_MISSING)
                self.ref, self.due_at, self.in_place = event.ref, None, False
            case RecordFound():
                self.state = TRANSITIONS.move(self.state, RecordAction.FIND)
                self.ref, self.borrower = "", ""
                self.location = event.location or self.location
            case RecordConditionNoted():
                self.condition = event.condition
            case RecordSealed():
                self.bag_number, self.sealed_at = event.bag_number, event.occurred_at
            case RecordHeld():
                self.holds = (*self.holds, event.ref)
            case RecordReleased():
                self.holds = tuple(h for h in self.holds if h != event.ref)
            case RecordDestroyed():
                self.state = TRANSITIONS.move(self.state, RecordAction.DESTROY)
                self.destroyed_at, self.destruction_method = event.occurred_at, event.method
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
