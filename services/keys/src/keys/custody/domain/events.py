"""Custody events, past tense, shaped like their payloads in ``cs/keys/v1/custody_events.proto``
(fields the proto lacks, such as the owner's name and phone, stay in the service: PLT-06).

The key set's own movements (registered, sealed, seal opened, lent, returned) are the
register's events, recorded in the same transaction with ``ref`` naming these records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from keys.custody.domain.people import Person


@dataclass(frozen=True, slots=True, kw_only=True)
class DepositRecorded:
    deposit_id: str
    branch_id: str
    key_set_id: str
    unit: str
    key_count: int
    purpose: str
    form_ref: str
    owner_name: str
    owner_phone: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DepositSealed:
    """The owner put the keys in the envelope and signed across the seal (KEY-03); again after
    an opening (a re-seal, KEY-06)."""

    deposit_id: str
    key_set_id: str
    seal_number: str
    signature_ref: str
    sealed_by_owner: bool
    reseal: bool
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DepositSealOpened:
    """A seal opened on its one of two grounds (KEY-03): the owner's consent (channel and the
    minute it was given) or an approved emergency (``emergency_id``)."""

    deposit_id: str
    key_set_id: str
    seal_number: str
    basis: str
    emergency_id: str
    consent_channel: str
    consented_at: datetime | None
    actor: str
    occurred_at: datetime


DepositEvent = DepositRecorded | DepositSealed | DepositSealOpened


@dataclass(frozen=True, slots=True, kw_only=True)
class EmergencyDeclared:
    emergency_id: str
    branch_id: str
    key_set_id: str
    hazard: str
    description: str
    sealed: bool
    deposit_id: str
    approver_roles: tuple[str, ...]
    approval_due_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class EmergencyApproved:
    emergency_id: str
    approver_role: str
    after_the_fact: bool
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class EmergencyApprovalOverdue:
    emergency_id: str
    branch_id: str
    key_set_id: str
    missing_roles: tuple[str, ...]
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class EmergencyOwnerContacted:
    emergency_id: str
    contacted_at: datetime
    channel: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class EmergencyKeysUsed:
    emergency_id: str
    key_set_id: str
    staff: tuple[Person, ...]
    seal_opened: bool
    # Why the keys went before both approvals (then recorded afterwards with a reason), else "".
    no_time_reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class EmergencyDutyLogged:
    emergency_id: str
    entry: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class EmergencyClosed:
    emergency_id: str
    key_set_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ResealTaskOpened:
    emergency_id: str
    key_set_id: str
    deposit_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ResealTaskClosed:
    emergency_id: str
    deposit_id: str
    seal_number: str
    actor: str
    occurred_at: datetime


EmergencyEvent = (
    EmergencyDeclared
    | EmergencyApproved
    | EmergencyApprovalOverdue
    | EmergencyOwnerContacted
    | EmergencyKeysUsed
    | EmergencyDutyLogged
    | EmergencyClosed
    | ResealTaskOpened
    | ResealTaskClosed
)
