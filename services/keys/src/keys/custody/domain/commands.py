"""Custody commands, mirroring the requests of ``KeyCustodyService`` (decoded by field name,
times and people by the servicer's decoders). Who acts and when come from the call and clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from keys.custody.domain.people import Person


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordDeposit:
    code: str
    unit: str
    key_count: int
    cabinet: str
    hook: str
    custodian: str
    owner_name: str
    owner_phone: str
    purpose: str
    form_ref: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SealDeposit:
    id: str
    seal_number: str
    signature_ref: str
    sealed_by_owner: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenSealWithConsent:
    id: str
    consent_channel: str
    consented_at: datetime | None
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DeclareEmergency:
    key_set_id: str
    hazard: str
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveEmergency:
    id: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordOwnerContact:
    id: str
    contacted_at: datetime | None
    channel: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class UseEmergencyKeys:
    id: str
    staff: tuple[Person, ...] = field(default_factory=tuple)
    no_time_reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LogEmergencyDuty:
    id: str
    entry: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseEmergency:
    id: str
