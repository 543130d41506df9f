"""Fault-case events, past tense, shaped like their payloads in
``cs/aftersales/v1/faults_events.proto``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultRecorded:
    case_id: str
    branch_id: str
    customer_name: str
    customer_phone: str
    unit: str
    product: str
    symptom: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultAnswered:
    """A first answer solved it: the case is closed."""

    case_id: str
    answer: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultEscalated:
    """Not answerable at the desk: to the technical department."""

    case_id: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerCalled:
    """The technical department called the customer."""

    case_id: str
    summary: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RepairDecided:
    """On-site repair or return to factory; chargeable or not."""

    case_id: str
    decision: str
    chargeable: bool
    diagnosis: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RepairQuoted:
    case_id: str
    amount: str
    currency: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteAcceptedByCustomer:
    case_id: str
    amount: str
    accepted_by: str
    channel: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RepairApproved:
    """The repair goes ahead as a work order (on-site: home_repair; else return_to_factory)."""

    case_id: str
    branch_id: str
    decision: str
    chargeable: bool
    quote_amount: str
    work_order_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultClosed:
    case_id: str
    reason: str
    actor: str
    occurred_at: datetime


FaultEvent = (
    FaultRecorded
    | FaultAnswered
    | FaultEscalated
    | CustomerCalled
    | RepairDecided
    | RepairQuoted
    | QuoteAcceptedByCustomer
    | RepairApproved
    | FaultClosed
)
