"""Charges events, past tense, shaped like their payloads in
``cs/aftersales/v1/charges_events.proto`` (amounts as exact decimal text, yuan to the cent).
``FilingRequested`` is the generic filing contract's (``cs/filing/v1/filing.proto``) and goes
to the archives on ``cs.filing.v1`` (``charges.events.outbound``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

# -- the price list (AFS-05) ------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceItemAdded:
    item_id: str
    branch_id: str
    code: str
    name: str
    unit_price: Decimal
    unit: str
    currency: str
    # The item's published version: 1 here, one more with every change (a quote names it).
    price_version: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceItemChanged:
    """A new published version; quotes already drafted keep the version they priced from."""

    item_id: str
    code: str
    name: str
    unit_price: Decimal
    unit: str
    previous_price: Decimal
    price_version: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceItemRetired:
    """Off the list: no new quote prices from it."""

    item_id: str
    code: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceItemRestored:
    item_id: str
    code: str
    actor: str
    occurred_at: datetime


PriceEvent = PriceItemAdded | PriceItemChanged | PriceItemRetired | PriceItemRestored


# -- quotes (AFS-09, AFS-05, AFS-11) ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuoteLine:
    """One line as the price list stood when the quote was drafted."""

    code: str
    name: str
    unit: str
    unit_price: Decimal
    price_version: int
    quantity: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteDrafted:
    quote_id: str
    branch_id: str
    order_id: str
    order_number: str
    lines: tuple[QuoteLine, ...]
    total: Decimal
    currency: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteAgreed:
    """The customer accepted the quote (who, how, when): the order may start (AFS-09)."""

    quote_id: str
    order_id: str
    total: Decimal
    currency: str
    customer: str
    channel: str
    agreed_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteDeclined:
    quote_id: str
    order_id: str
    customer: str
    channel: str
    reason: str
    declined_at: datetime
    actor: str
    occurred_at: datetime


QuoteEvent = QuoteDrafted | QuoteAgreed | QuoteDeclined


# -- a completed order: its charge and its filing (AFS-05, AFS-04) -----------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeRaised:
    """For finance: a signed-off chargeable order, by its accepted quote."""

    order_id: str
    branch_id: str
    number: str
    quote_id: str
    lines: tuple[QuoteLine, ...]
    total: Decimal
    currency: str
    completed_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NoChargeDue:
    """For finance: a signed-off order that costs the customer nothing (in warranty, AFS-11)."""

    order_id: str
    branch_id: str
    number: str
    warranty: str
    reason: str
    completed_at: datetime
    actor: str
    occurred_at: datetime


class FilingCategory(StrEnum):
    """The contract's categories this service files (``cs.filing.v1.Category``)."""

    UNSPECIFIED = "unspecified"
    WORK_ORDER = "work_order"


class Medium(StrEnum):
    UNSPECIFIED = "unspecified"
    PAPER = "paper"
    ELECTRONIC = "electronic"


class Confidentiality(StrEnum):
    UNSPECIFIED = "unspecified"
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"


@dataclass(frozen=True, slots=True)
class Reference:
    kind: str
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FilingRequested:
    """AFS-04: the completed order to the archives (``cs.filing.v1.FilingRequested``, unchanged)."""

    filing_id: str
    source_service: str
    source_record_type: str
    source_record_id: str
    category: FilingCategory
    title: str
    references: tuple[Reference, ...]
    medium: Medium
    file_pointer: str
    sha256: str
    retention_years: int
    confidentiality: Confidentiality
    counterparty: str
    branch_id: str
    department: str
    handed_over_by: str
    document_date: datetime
    requested_at: datetime
    actor: str
    occurred_at: datetime


CompletionEvent = ChargeRaised | NoChargeDue | FilingRequested
