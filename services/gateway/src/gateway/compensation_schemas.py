"""REST bodies for supplementary agreements (CMP-09). Money travels as a decimal STRING
("1234.50") with its currency ("CNY"), never a JSON number, so no float ever touches it.
The structure is checked here; the business rules (more than 0, at most the currency's
minor unit, the exact payment) are the service's, which names CMP-09 in the problem."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from cs.complaints.v1 import compensation_pb2 as pb
from gateway.enums import ProtoEnum
from gateway.schemas import (
    LongText,
    Message,
    MoneyAmount,
    OptionalMessage,
    ShortText,
    SingleLineText,
    Timestamp,
    _In,
    _Out,
)

AGREEMENT_STATUS = ProtoEnum(pb.AgreementStatus)
AgreementStatus = Annotated[str, AGREEMENT_STATUS]

# The platform's one money type (bounded by the kit); the minor unit is CMP-09's, in the service.
Amount = MoneyAmount
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["CNY"])]


class PayeeIn(_In):
    name: ShortText
    # Bank account or other payment destination.
    account: ShortText
    contact: Annotated[str, Field(max_length=200), SingleLineText] | None = None


class AgreementTextBody(_In):
    amount: Amount
    currency: Currency = "CNY"
    payee: PayeeIn
    reason: Message
    terms: LongText


class AgreementCommentBody(_In):
    comment: OptionalMessage | None = None


class RejectAgreementBody(_In):
    reason: Message


class PaymentBody(_In):
    # Must equal the agreement's amount exactly.
    amount: Amount
    currency: Currency = "CNY"
    paid_at: Timestamp
    reference: ShortText
    # Object key or URL of the signed original's scan; omitted: the paper original only.
    signed_original_pointer: Annotated[str, Field(max_length=1000), SingleLineText] | None = None


class PayeeOut(_Out):
    name: str
    account: str
    contact: str | None


class SignStepOut(_Out):
    role: str
    min_grade: int


class SignatureOut(_Out):
    step: int
    role: str
    signed_by: str
    signed_at: datetime | None
    comment: str | None


class PaymentOut(_Out):
    amount: str
    currency: str
    paid_at: datetime | None
    reference: str
    recorded_by: str
    recorded_at: datetime | None
    signed_original_pointer: str | None


class AgreementOut(_Out):
    id: str
    complaint_id: str
    complaint_number: str
    branch_id: str
    status: AgreementStatus | None
    amount: str
    currency: str
    payee: PayeeOut
    reason: str
    terms: str
    drafted_by: str
    authors: list[str]
    round: int
    legal_confirmed_by: str | None
    legal_confirmed_at: datetime | None
    chain: list[SignStepOut]
    signatures: list[SignatureOut]
    next_step: SignStepOut | None
    rejection_reason: str | None
    rejected_by: str | None
    payment: PaymentOut | None
    created_at: datetime | None
    updated_at: datetime | None
    version: int
