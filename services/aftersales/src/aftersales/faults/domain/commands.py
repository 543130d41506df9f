"""Fault-case commands: fields mirroring the requests of ``FaultCaseService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordFault:
    customer_name: str
    symptom: str
    customer_phone: str = ""
    unit: str = ""
    product: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerFault:
    id: str
    answer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalateFault:
    id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordCustomerCall:
    id: str
    summary: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DecideRepair:
    id: str
    decision: str
    diagnosis: str
    chargeable: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteRepair:
    id: str
    amount: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptRepairQuote:
    id: str
    accepted_by: str
    channel: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveRepair:
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseFault:
    id: str
    reason: str
