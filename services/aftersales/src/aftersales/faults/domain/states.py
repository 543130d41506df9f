"""The ONE transition table of a fault case (AFS-09).

recorded --answer--> answered                                   (a first answer closed it)
recorded --escalate--> escalated --call--> called               (the technical department)
called --decide--> decided                                      (on_site or return_to_factory)
decided --quote--> quoted --accept_quote--> quote_accepted       (a chargeable repair)
decided (free) | quote_accepted --approve--> repair_approved    (a work order opens)
any open state --close--> closed                                 (e.g. the customer declined)
"""

from __future__ import annotations

from enum import StrEnum

from cskit.domain.transitions import IllegalMove, TransitionTable


class FaultState(StrEnum):
    RECORDED = "recorded"
    ANSWERED = "answered"
    ESCALATED = "escalated"
    CALLED = "called"
    DECIDED = "decided"
    QUOTED = "quoted"
    QUOTE_ACCEPTED = "quote_accepted"
    REPAIR_APPROVED = "repair_approved"
    CLOSED = "closed"


class Decision(StrEnum):
    ON_SITE = "on_site"
    RETURN_TO_FACTORY = "return_to_factory"


class IllegalFaultMove(IllegalMove):
    """An action the fault case's current state does not allow."""


class FaultAction(StrEnum):
    ANSWER = "answer"
    ESCALATE = "escalate"
    CALL = "record the call of"
    DECIDE = "decide the repair of"
    QUOTE = "quote"
    ACCEPT_QUOTE = "accept the quote of"
    APPROVE = "approve the repair of"
    CLOSE = "close"


S, A = FaultState, FaultAction

TRANSITIONS: TransitionTable[FaultState, FaultAction] = TransitionTable(
    {
        (S.RECORDED, A.ANSWER): S.ANSWERED,
        (S.RECORDED, A.ESCALATE): S.ESCALATED,
        (S.ESCALATED, A.CALL): S.CALLED,
        (S.CALLED, A.CALL): S.CALLED,
        (S.CALLED, A.DECIDE): S.DECIDED,
        (S.DECIDED, A.QUOTE): S.QUOTED,
        (S.QUOTED, A.QUOTE): S.QUOTED,
        (S.QUOTED, A.ACCEPT_QUOTE): S.QUOTE_ACCEPTED,
        (S.DECIDED, A.APPROVE): S.REPAIR_APPROVED,
        (S.QUOTE_ACCEPTED, A.APPROVE): S.REPAIR_APPROVED,
        **{(state, A.CLOSE): S.CLOSED for state in (S.RECORDED, S.ESCALATED, S.CALLED, S.DECIDED, S.QUOTED)},
    },
    record="a fault case",
    rule="AFS-09",
    codes={A.DECIDE: "customer_not_called", A.ACCEPT_QUOTE: "repair_not_quoted", A.APPROVE: "repair_not_decided"},
    error=IllegalFaultMove,
)
