"""protobuf <-> domain for CompensationService (CMP-09). Money is cs.common.v1.Money
(units + nanos) <-> Decimal with its currency, exact."""

from __future__ import annotations

from typing import Any

from complaints.api.common import history_to, page_from, page_response
from complaints.compensation.app.ports import AgreementFilter
from complaints.compensation.domain import commands as cc
from complaints.compensation.domain.model import Agreement, Payee
from complaints.compensation.domain.states import AgreementStatus
from complaints.intake.app.ports import Page
from cs.complaints.v1 import compensation_pb2 as pb
from cskit.protomap import attributes, enum_from_proto, from_timestamp, message_of, money_of

__all__ = [
    "agreement_to",
    "draft_from",
    "filter_from",
    "history_to",
    "page_from",
    "page_response",
    "payment_from",
    "revise_from",
]


def payee_from(payee: pb.Payee) -> Payee:
    return Payee(name=payee.name, account=payee.account, contact=payee.contact)


def _terms(req: pb.DraftAgreementRequest | pb.ReviseAgreementRequest) -> dict[str, Any]:
    """What a draft and a revision both state: the amount, the payee and the terms."""
    amount, currency = money_of(req.amount)
    return {
        "amount": amount,
        "currency": currency,
        "payee": payee_from(req.payee),
        "reason": req.reason,
        "terms": req.terms,
    }


def draft_from(req: pb.DraftAgreementRequest) -> cc.DraftAgreement:
    return cc.DraftAgreement(complaint_id=req.complaint_id, **_terms(req))


def revise_from(req: pb.ReviseAgreementRequest) -> cc.ReviseAgreement:
    return cc.ReviseAgreement(agreement_id=req.id, **_terms(req))


def payment_from(req: pb.RecordPaymentRequest) -> cc.RecordPayment:
    amount, currency = money_of(req.amount)
    return cc.RecordPayment(
        agreement_id=req.id,
        amount=amount,
        currency=currency,
        paid_at=from_timestamp(req.paid_at),
        reference=req.reference,
        signed_original_pointer=req.signed_original_pointer,
    )


def filter_from(req: pb.ListAgreementsAcrossCasesRequest) -> tuple[AgreementFilter, Page]:
    """The list's filters; an unknown status is InvalidInput naming the field."""
    query = AgreementFilter(
        statuses=frozenset(
            enum_from_proto(pb.AgreementStatus, s, AgreementStatus, field="statuses") for s in req.statuses
        ),
        awaiting_role=req.awaiting_role.strip(),
    )
    return query, page_from(req.page)


def agreement_to(x: Agreement) -> pb.Agreement:
    """The agreement as the contract shows it, field by field by name; amounts as exact Money."""
    payment = None if (p := x.payment) is None else message_of(pb.Payment, attributes(p), currency=p.currency)
    return message_of(pb.Agreement, attributes(x, payment=payment), currency=x.currency)
