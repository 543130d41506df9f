"""protobuf <-> JSON for supplementary agreements (CMP-09): decimal strings <-> Money, exact."""

from __future__ import annotations

from decimal import Decimal

from cs.common.v1 import common_pb2
from cs.complaints.v1 import compensation_pb2 as pb
from cskit.protomap import money_amount, money_parts
from gateway import compensation_schemas as s
from gateway.mapping import _opt, _time, timestamp

CENT = Decimal("0.01")


def money(amount: str, currency: str) -> common_pb2.Money:
    units, nanos = money_parts(Decimal(amount))
    return common_pb2.Money(currency_code=currency, units=units, nanos=nanos)


def amount_text(value: common_pb2.Money) -> str:
    """At least two places ("1234.50", "0.30"); never exponent notation."""
    amount = money_amount(value.units, value.nanos)
    exponent = amount.normalize().as_tuple().exponent
    cents = isinstance(exponent, int) and exponent >= -2
    return f"{amount.quantize(CENT) if cents else amount.normalize():f}"


def payee(body: s.PayeeIn) -> pb.Payee:
    return pb.Payee(name=body.name, account=body.account, contact=body.contact or "")


def draft_request(complaint_id: str, body: s.AgreementTextBody) -> pb.DraftAgreementRequest:
    return pb.DraftAgreementRequest(
        complaint_id=complaint_id,
        amount=money(body.amount, body.currency),
        payee=payee(body.payee),
        reason=body.reason,
        terms=body.terms,
    )


def revise_request(agreement_id: str, body: s.AgreementTextBody) -> pb.ReviseAgreementRequest:
    return pb.ReviseAgreementRequest(
        id=agreement_id,
        amount=money(body.amount, body.currency),
        payee=payee(body.payee),
        reason=body.reason,
        terms=body.terms,
    )


def payment_request(agreement_id: str, body: s.PaymentBody) -> pb.RecordPaymentRequest:
    return pb.RecordPaymentRequest(
        id=agreement_id,
        amount=money(body.amount, body.currency),
        paid_at=timestamp(body.paid_at),
        reference=body.reference,
        signed_original_pointer=body.signed_original_pointer or "",
    )


def _step(msg: pb.SignStep) -> s.SignStepOut:
    return s.SignStepOut(role=msg.role, min_grade=msg.min_grade)


def agreement(msg: pb.Agreement) -> s.AgreementOut:
    payment = None
    if msg.HasField("payment"):
        p = msg.payment
        payment = s.PaymentOut(
            amount=amount_text(p.amount),
            currency=p.amount.currency_code,
            paid_at=_time(p, "paid_at"),
            reference=p.reference,
            recorded_by=p.recorded_by,
            recorded_at=_time(p, "recorded_at"),
            signed_original_pointer=_opt(p.signed_original_pointer),
        )
    return s.AgreementOut(
        id=msg.id,
        complaint_id=msg.complaint_id,
        complaint_number=msg.complaint_number,
        branch_id=msg.branch_id,
        status=s.AGREEMENT_STATUS.from_proto(msg.status),
        amount=amount_text(msg.amount),
        currency=msg.amount.currency_code,
        payee=s.PayeeOut(name=msg.payee.name, account=msg.payee.account, contact=_opt(msg.payee.contact)),
        reason=msg.reason,
        terms=msg.terms,
        drafted_by=msg.drafted_by,
        authors=list(msg.authors),
        round=msg.round,
        legal_confirmed_by=_opt(msg.legal_confirmed_by),
        legal_confirmed_at=_time(msg, "legal_confirmed_at"),
        chain=[_step(x) for x in msg.chain],
        signatures=[
            s.SignatureOut(
                step=x.step,
                role=x.role,
                signed_by=x.signed_by,
                signed_at=_time(x, "signed_at"),
                comment=_opt(x.comment),
            )
            for x in msg.signatures
        ],
        next_step=_step(msg.next_step) if msg.HasField("next_step") else None,
        rejection_reason=_opt(msg.rejection_reason),
        rejected_by=_opt(msg.rejected_by),
        payment=payment,
        created_at=_time(msg, "created_at"),
        updated_at=_time(msg, "updated_at"),
        version=msg.version,
    )
