"""Supplementary-agreement events (CMP-09, CMP-13), past tense, mirroring the payloads in
``cs/complaints/v1/compensation.proto`` (``*_by`` there is ``actor`` here).

Each carries enough to rebuild the agreement from its history alone, which is also its
append-only audit trail (PLT-04). ``FilingRequested`` goes to the archives on
``cs.filing.v1``; every other event goes to ``cs.complaints.v1`` keyed by complaint id.
``agreement_event_to_dict`` / ``agreement_event_from_dict`` give an exact JSON round trip
(Decimal as a string, never a float).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from typing import Any, get_args, get_origin, get_type_hints

from complaints.domain.compensation_policy import SignStep
from complaints.domain.filing import FilingRequest
from cskit.domain import InvalidInput


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
    return {f.name: _encode(getattr(event, f.name)) for f in fields(event)}


def agreement_event_from_dict(type_name: str, data: Mapping[str, object]) -> AgreementEvent:
    cls = AGREEMENT_EVENT_TYPES.get(type_name)
    if cls is None:
        raise InvalidInput.on("event_type", f"unknown agreement event {type_name!r}")
    built = _decode(cls, dict(data), type_name)
    assert isinstance(built, cls)
    return built


def _encode(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _decode(hint: Any, raw: object, name: str) -> object:
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if not isinstance(raw, dict):
            raise InvalidInput.on(name, "must be an object")
        names = [f.name for f in fields(hint)]
        if missing := [n for n in names if n not in raw]:
            raise InvalidInput.on(name, f"lacks {missing}")
        if extra := sorted(set(raw) - set(names)):
            raise InvalidInput.on(name, f"has unknown fields {extra}")
        hints = _hints(hint)
        return hint(**{n: _decode(hints[n], raw[n], n) for n in names})
    if hint is datetime:
        if not isinstance(raw, str):
            raise InvalidInput.on(name, "must be an ISO-8601 string")
        parsed = datetime.fromisoformat(raw)
        if parsed.tzinfo is None:
            raise InvalidInput.on(name, "must carry its UTC offset")
        return parsed
    if hint is Decimal:
        if not isinstance(raw, str):
            raise InvalidInput.on(name, "must be a decimal string")
        try:
            return Decimal(raw)
        except InvalidOperation as exc:
            raise InvalidInput.on(name, "must be a decimal string") from exc
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        if not isinstance(raw, str):
            raise InvalidInput.on(name, "must be a string")
        return hint(raw)
    if get_origin(hint) is tuple:
        if not isinstance(raw, list):
            raise InvalidInput.on(name, "must be a list")
        return tuple(_decode(get_args(hint)[0], item, name) for item in raw)
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise InvalidInput.on(name, "must be an integer")
        return raw
    if hint is str or hint is bool:
        if not isinstance(raw, hint):
            raise InvalidInput.on(name, f"must be a {hint.__name__}")
        return raw
    raise TypeError(f"no JSON decoding for {name}: {hint!r}")
