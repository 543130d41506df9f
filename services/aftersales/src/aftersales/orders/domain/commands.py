"""Work-order commands: imperative names, fields mirroring the requests of
``WorkOrderService`` (``cskit.servicing.command_methods`` decodes them by field name). Who
acts and when come from the call and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenWorkOrder:
    kind: str
    origin: str
    requester_name: str
    fault: str
    requester_phone: str = ""
    unit: str = ""
    facility: str = ""
    area: str = ""
    reporting_department: str = ""
    product: str = ""
    warranty: str = ""
    appointment_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AcknowledgeWorkOrder:
    id: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class BookWorkOrder:
    id: str
    appointment_at: datetime | None
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignWorkOrder:
    id: str
    engineer: str
    basis: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptWorkOrder:
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DepartForWorkOrder:
    id: str
    tools_and_parts: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DecideWarranty:
    id: str
    warranty: str
    diagnosis: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StartWork:
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreeExtraWork:
    id: str
    description: str
    consented_by: str
    consent_channel: str
    consented_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SignOffWorkOrder:
    id: str
    signer_name: str
    signer_department: str
    signer_position: str = ""
    signer_age: int = 0
    signature_pointer: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelWorkOrder:
    id: str
    reason: str
