"""Office-opening events (KEY-16), shaped like their payloads in ``cs/keys/v1/incidents_events.proto``
(the requester's and the head's names stay out of the payloads: PLT-06)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeOpeningRequested:
    opening_id: str
    branch_id: str
    requester_name: str
    office: str
    reason: str
    request_document_ref: str
    key_set_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeOpeningConfirmed:
    opening_id: str
    head_name: str
    confirmed_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeOpeningConsented:
    opening_id: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeOpened:
    opening_id: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeOpeningFiled:
    opening_id: str
    filing_ref: str
    actor: str
    occurred_at: datetime


OpeningEvent = (
    OfficeOpeningRequested | OfficeOpeningConfirmed | OfficeOpeningConsented | OfficeOpened | OfficeOpeningFiled
)
