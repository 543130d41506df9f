"""protobuf <-> domain for CompensationService (CMP-09). Money is cs.common.v1.Money
(units + nanos) <-> Decimal with its currency, exact."""

from __future__ import annotations

from decimal import Decimal

from complaints.api.common import history_to, page_from, page_response
from complaints.compensation.domain import commands as cc
from complaints.compensation.domain.model import Agreement, Payee
from complaints.compensation.domain.states import AgreementStatus
from cs.common.v1 import common_pb2
from cs.complaints.v1 import compensation_pb2 as pb
from cskit.protomap import enum_to_proto, from_timestamp, money_amount, money_parts, timestamp

__all__ = ["agreement_to", "draft_from", "history_to", "page_from", "page_response", "payment_from", "revise_from"]


def money_to(amount: Decimal, currency: str) -> common_pb2.Money:
    units, nanos = money_parts(amount)
    return common_pb2.Money(currency_code=currency, units=units, nanos=nanos)


def money_from(money: common_pb2.Money) -> tuple[Decimal, str]:
    return money_amount(money.units, money.nanos), money.currency_code


def payee_from(payee: pb.Payee) -> Payee:
    return Payee(name=payee.name, account=payee.account, contact=payee.contact)


def draft_from(req: pb.DraftAgreementRequest) -> cc.DraftAgreement:
    amount, currency = money_from(req.amount)
    return cc.DraftAgreement(
        complaint_id=req.complaint_id,
        amount=amount,
        currency=currency,
        payee=payee_from(req.payee),
        reason=req.reason,
        terms=req.terms,
    )


def revise_from(req: pb.ReviseAgreementRequest) -> cc.ReviseAgreement:
    amount, currency = money_from(req.amount)
    return cc.ReviseAgreement(
        agreement_id=req.id,
        amount=amount,
        currency=currency,
        payee=payee_from(req.payee),
        reason=req.reason,
        terms=req.terms,
    )


def payment_from(req: pb.RecordPaymentRequest) -> cc.RecordPayment:
    amount, currency = money_from(req.amount)
    return cc.RecordPayment(
        agreement_id=req.id,
        amount=amount,
        currency=currency,
        paid_at=from_timestamp(req.paid_at),
        reference=req.reference,
        signed_original_pointer=req.signed_original_pointer,
    )


def agreement_to(x: Agreement) -> pb.Agreement:
    step = x.next_step
    msg = pb.Agreement(
        id=x.id,
        complaint_id=x.complaint_id,
        complaint_number=x.complaint_number,
        branch_id=x.branch_id,
        status=enum_to_proto(pb.AgreementStatus, x.status)
        if x.status is not AgreementStatus.UNSPECIFIED
        else pb.AGREEMENT_STATUS_UNSPECIFIED,
        amount=money_to(x.amount, x.currency),
        payee=pb.Payee(name=x.payee.name, account=x.payee.account, contact=x.payee.contact),
        reason=x.reason,
        terms=x.terms,
        drafted_by=x.drafted_by,
        authors=list(x.authors),
        round=x.round,
        legal_confirmed_by=x.legal_confirmed_by,
        legal_confirmed_at=timestamp(x.legal_confirmed_at),
        chain=[pb.SignStep(role=s.role, min_grade=s.min_grade) for s in x.chain],
        signatures=[
            pb.Signature(
                step=s.step, role=s.role, signed_by=s.signed_by, signed_at=timestamp(s.signed_at), comment=s.comment
            )
            for s in x.signatures
        ],
        next_step=pb.SignStep(role=step.role, min_grade=step.min_grade) if step else None,
        rejection_reason=x.rejection_reason,
        rejected_by=x.rejected_by,
        created_at=timestamp(x.created_at),
        updated_at=timestamp(x.updated_at),
        version=x.version,
    )
    if (p := x.payment) is not None:
        msg.payment.CopyFrom(
            pb.Payment(
                amount=money_to(p.amount, p.currency),
                paid_at=timestamp(p.paid_at),
                reference=p.reference,
                recorded_by=p.recorded_by,
                recorded_at=timestamp(p.recorded_at),
                signed_original_pointer=p.signed_original_pointer,
            )
        )
    return msg
