"""Charges commands: imperative names, fields mirroring the requests of ``PriceListService``
and ``QuoteService`` (decoded by field name; the quote's lines and the customer's time by
``charges.api.servicer``'s decoders). Who acts and when come from the call and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class AddPriceItem:
    code: str
    name: str
    unit_price: str
    unit: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangePriceItem:
    id: str
    name: str
    unit_price: str
    unit: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RetirePriceItem:
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RestorePriceItem:
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftQuote:
    order_id: str
    # (price-list code, quantity as decimal text)
    lines: tuple[tuple[str, str], ...]
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptQuote:
    id: str
    customer: str
    channel: str
    accepted_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DeclineQuote:
    id: str
    customer: str
    channel: str
    reason: str
    declined_at: datetime
