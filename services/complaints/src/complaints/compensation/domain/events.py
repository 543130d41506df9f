"""Supplementary-agreement events (CMP-09, CMP-13), past tense, mirroring the payloads in
``cs/complaints/v1/compensation.proto`` (``*_by`` there is ``actor`` here).

Each carries enough to rebuild the agreement from its history alone, which is also its
append-only audit trail (PLT-04). ``FilingRequested`` goes to the archives on
``cs.filing.v1``; every other event goes to ``cs.complaints.v1`` keyed by complaint id.
``agreement_event_to_dict`` / ``agreement_event_from_dict`` give an exact JSON round trip
(Decimal as a string, never a float).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import get_args

from complaints.compensation.domain.policy import SignStep
from complaints.domain.filing import FilingRequest
from cskit.domain import InvalidInput
from cskit.domain.codec import dataclass_from_json, fields_to_json


@dataclass(frozen=True, slots=True)
class Payee:
    name: str
    # Bank account or other payment destination.
    account: str
    contact: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class _Event:
    agreement_id: str
    complaint_id: str
    occurred_at: datetime
    actor: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementDrafted(_Event):
    complaint_number: str
    # The complainant's unit or order number: the filed original joins the customer's file.
    complainant_unit: str
    branch_id: str
    amount: Decimal
    currency: str
    payee: Payee
    reason: str
    terms: str
    # The chain in force at drafting: later configuration does not move it.
    chain: tuple[SignStep, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementRevised(_Event):
    amount: Decimal
    currency: str
    payee: Payee
    reason: str
    terms: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementConfirmed(_Event):
    comment: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementSigned(_Event):
    step: int
    role: str
    comment: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementRejected(_Event):
    # "legal" or the chain role that refused.
    stage: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementApproved(_Event):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class CompensationPaid(_Event):
    complaint_number: str
    branch_id: str
    amount: Decimal
    currency: str
    payee: Payee
    paid_at: datetime
    reference: str
    signed_original_pointer: str

    @property
    def recorded_by(self) -> str:
        return self.actor


@dataclass(frozen=True, slots=True, kw_only=True)
class FilingRequested(_Event):
    filing: FilingRequest


AgreementEvent = (
    AgreementDrafted
    | AgreementRevised
    | AgreementConfirmed
    | AgreementSigned
    | AgreementRejected
    | AgreementApproved
    | CompensationPaid
    | FilingRequested
)

AGREEMENT_EVENT_TYPES: dict[str, type[AgreementEvent]] = {cls.__name__: cls for cls in get_args(AgreementEvent)}


def agreement_event_type(event: AgreementEvent) -> str:
    return type(event).__name__


def agreement_event_to_dict(event: AgreementEvent) -> dict[str, object]:
    return fields_to_json(event)


def agreement_event_from_dict(type_name: str, data: Mapping[str, object]) -> AgreementEvent:
    cls = AGREEMENT_EVENT_TYPES.get(type_name)
    if cls is None:
        raise InvalidInput.on("event_type", f"unknown agreement event {type_name!r}")
    return dataclass_from_json(cls, data, type_name)
