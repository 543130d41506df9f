"""Attendance card events, past tense, shaped like their payloads in
``cs/attendance/v1/cards_events.proto``. A card's history is its audit trail (PLT-04)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class CardIssued:
    card_id: str
    branch_id: str
    employee_id: str
    card_number: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CardFeeCharged:
    """A lost or damaged card was replaced for its fee (ATT-13): finance charges the employee."""

    card_id: str
    branch_id: str
    employee_id: str
    # lost | damaged
    reason: str
    replaced_card_number: str
    card_number: str
    amount: Decimal
    currency: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CardReturned:
    """The departing employee handed the card back (HR's clearance step)."""

    card_id: str
    branch_id: str
    employee_id: str
    card_number: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CardDeductionRaised:
    """The departing employee did not return the card: its cost comes off the final pay (ATT-13)."""

    card_id: str
    branch_id: str
    employee_id: str
    card_number: str
    amount: Decimal
    currency: str
    actor: str
    occurred_at: datetime


CardEvent = CardIssued | CardFeeCharged | CardReturned | CardDeductionRaised
