"""Return-case commands: fields mirroring the requests of ``ReturnCaseService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenReturnCase:
    situation: str
    order_ref: str
    customer_name: str
    product: str
    original_amount: str
    payment_means: str
    reason: str
    customer_phone: str = ""
    delivery_waybill: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResendGoods:
    id: str
    waybill: str
    carrier: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackReturn:
    id: str
    waybill: str
    carrier: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckReturn:
    id: str
    items: tuple[str, ...]
    missing_parts: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreeExchange:
    id: str
    new_product: str
    new_amount: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestRefund:
    id: str
    amount: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveRefund:
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PayRefund:
    id: str
    payment_means: str
    reference: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseReturnCase:
    id: str
    reason: str
