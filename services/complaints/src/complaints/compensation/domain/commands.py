"""Compensation commands (CMP-09): imperative names, fields mirroring CompensationService.

Who acts and when are not part of a command: handlers pass the caller's ``Actor`` and the
clock's ``now``. Amounts are ``Decimal`` with their currency, never floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from complaints.compensation.domain.events import Payee


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftAgreement:
    complaint_id: str
    amount: Decimal
    currency: str
    payee: Payee
    reason: str
    terms: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviseAgreement:
    agreement_id: str
    amount: Decimal
    currency: str
    payee: Payee
    reason: str
    terms: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfirmAgreement:
    agreement_id: str
    comment: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SignAgreement:
    agreement_id: str
    comment: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectAgreement:
    agreement_id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordPayment:
    agreement_id: str
    amount: Decimal
    currency: str
    paid_at: datetime | None
    reference: str
    signed_original_pointer: str = ""
