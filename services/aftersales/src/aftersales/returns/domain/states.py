"""The ONE transition table of a return case (AFS-10).

refused --resend--> resent                                     (damaged on arrival: we resend)
signed --ship_back--> returning --receive--> received           (after-sales takes over)
received --exchange--> exchanged                               (price difference computed)
received --request_refund--> refund_requested --approve_refund--> refund_approved
refund_approved --pay_refund--> refunded                       (within a week, to the original means)
refund_approved --refund_clock--> refund_approved              (the week ran out)
refused | signed | returning | received | refund_requested --close--> closed
"""

from __future__ import annotations

from enum import StrEnum

from cskit.domain.transitions import IllegalMove, TransitionTable


class ReturnState(StrEnum):
    REFUSED = "refused"
    RESENT = "resent"
    SIGNED = "signed"
    RETURNING = "returning"
    RECEIVED = "received"
    EXCHANGED = "exchanged"
    REFUND_REQUESTED = "refund_requested"
    REFUND_APPROVED = "refund_approved"
    REFUNDED = "refunded"
    CLOSED = "closed"


class Situation(StrEnum):
    """AFS-10: damaged on arrival and refused, or already signed for."""

    REFUSED_ON_DELIVERY = "refused_on_delivery"
    SIGNED = "signed"


class PaymentMeans(StrEnum):
    """AFS-10: the means a customer paid by, and so the one the refund goes back to."""

    CASH = "cash"
    STORED_VALUE_CARD = "stored_value_card"
    BANK_CARD = "bank_card"


class IllegalReturnMove(IllegalMove):
    """An action the return case's current state does not allow."""


class ReturnAction(StrEnum):
    RESEND = "resend the goods of"
    SHIP_BACK = "ship back the goods of"
    RECEIVE = "check the returned goods of"
    EXCHANGE = "exchange the goods of"
    REQUEST_REFUND = "request a refund for"
    APPROVE_REFUND = "approve the refund of"
    PAY_REFUND = "pay the refund of"
    CLOSE = "close"


S, A = ReturnState, ReturnAction

TRANSITIONS: TransitionTable[ReturnState, ReturnAction] = TransitionTable(
    {
        (S.REFUSED, A.RESEND): S.RESENT,
        (S.SIGNED, A.SHIP_BACK): S.RETURNING,
        (S.RETURNING, A.RECEIVE): S.RECEIVED,
        (S.RECEIVED, A.EXCHANGE): S.EXCHANGED,
        (S.RECEIVED, A.REQUEST_REFUND): S.REFUND_REQUESTED,
        (S.REFUND_REQUESTED, A.APPROVE_REFUND): S.REFUND_APPROVED,
        (S.REFUND_APPROVED, A.PAY_REFUND): S.REFUNDED,
        **{(state, A.CLOSE): S.CLOSED for state in (S.REFUSED, S.SIGNED, S.RETURNING, S.RECEIVED, S.REFUND_REQUESTED)},
    },
    record="a return case",
    rule="AFS-10",
    codes={
        A.APPROVE_REFUND: "refund_not_requested",
        A.PAY_REFUND: "refund_not_approved",
        A.REQUEST_REFUND: "return_not_received",
        A.EXCHANGE: "return_not_received",
    },
    error=IllegalReturnMove,
)
