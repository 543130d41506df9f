"""Work-order events, past tense, shaped like their payloads in
``cs/aftersales/v1/orders_events.proto``. The order's history is its register: who opened,
acknowledged, dispatched, worked on and signed it, and when (PLT-04)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkOrderOpened:
    order_id: str
    branch_id: str
    number: str
    kind: str
    origin: str
    # Who asked: a resident (name, phone, unit) or a department reporting a public facility.
    requester_name: str
    requester_phone: str
    unit: str
    facility: str
    area: str
    reporting_department: str
    fault: str
    product: str
    warranty: str
    appointment_at: datetime | None
    acknowledge_due: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkOrderAcknowledged:
    """AFS-13: the request confirmed with the customer."""

    order_id: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class AcknowledgementOverdue:
    """AFS-13: the 24-hour acknowledgement clock ran out."""

    order_id: str
    due_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkOrderBooked:
    """AFS-02: nobody on duty; a time booked with the resident."""

    order_id: str
    appointment_at: datetime
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkOrderAssigned:
    order_id: str
    engineer: str
    basis: str
    # Set when another engineer had it (a reassignment), with the reason.
    previous_engineer: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkOrderAccepted:
    """AFS-02: the engineer accepted; the departure clock runs to ``departure_due``."""

    order_id: str
    engineer: str
    departure_due: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineerDeparted:
    order_id: str
    engineer: str
    tools_and_parts: str
    # Seconds from acceptance (or the appointment) to departure; late past the clock.
    departure_seconds: int
    late: bool
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DepartureOverdue:
    """AFS-02: accepted, not left within the 5 minutes."""

    order_id: str
    engineer: str
    due_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class WarrantyDecided:
    """AFS-11: an undecided order decided after diagnosis."""

    order_id: str
    warranty: str
    diagnosis: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteAccepted:
    """AFS-05, AFS-09: the customer accepted the quote of a chargeable job (by the charges)."""

    order_id: str
    quote_id: str
    total: str
    currency: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkStarted:
    order_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtraWorkAgreed:
    """AFS-13: a repair beyond the agreed job, with the customer's consent."""

    order_id: str
    description: str
    consented_by: str
    consent_channel: str
    consented_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyRequested:
    """Item 2: the order borrows a repair key through the keys service (retried until answered)."""

    order_id: str
    key_set_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyLent:
    order_id: str
    key_set_id: str
    loan_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyLoanRefused:
    order_id: str
    key_set_id: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyReturnRequested:
    order_id: str
    key_set_id: str
    key_count: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyReturned:
    order_id: str
    key_set_id: str
    loan_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkOrderSignedOff:
    """AFS-03: complete only when signed; the signer as the form records them."""

    order_id: str
    branch_id: str
    number: str
    kind: str
    signer_name: str
    # household (at home) or the reporting department's name (public facility).
    signer_department: str
    signer_position: str
    signer_age: int
    signature_pointer: str
    note: str
    warranty: str
    engineer: str
    quote_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkOrderCancelled:
    order_id: str
    reason: str
    actor: str
    occurred_at: datetime


OrderEvent = (
    WorkOrderOpened
    | WorkOrderAcknowledged
    | AcknowledgementOverdue
    | WorkOrderBooked
    | WorkOrderAssigned
    | WorkOrderAccepted
    | EngineerDeparted
    | DepartureOverdue
    | WarrantyDecided
    | QuoteAccepted
    | WorkStarted
    | ExtraWorkAgreed
    | KeyRequested
    | KeyLent
    | KeyLoanRefused
    | KeyReturnRequested
    | KeyReturned
    | WorkOrderSignedOff
    | WorkOrderCancelled
)
