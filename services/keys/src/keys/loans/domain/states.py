"""Loan states and the ONE transition table every change of a loan goes through.

open --return--> returned                 (KEY-07: the keys back as they went out)
open --refuse the return of--> open       (KEY-07: a mismatch; the loan stays open)
open --declare lost--> lost               (KEY-07: a loss pinned on the lender)
open --escalate--> open                   (KEY-04: overdue, reported to the team lead)
"""

from __future__ import annotations

from enum import StrEnum

from cskit.domain.transitions import TransitionTable


class LoanState(StrEnum):
    UNSPECIFIED = "unspecified"
    OPEN = "open"
    RETURNED = "returned"
    LOST = "lost"


class LoanAction(StrEnum):
    RETURN = "return"
    REFUSE_RETURN = "refuse the return of"
    DECLARE_LOST = "declare lost"
    ESCALATE = "escalate"


TRANSITIONS: TransitionTable[LoanState, LoanAction] = TransitionTable(
    {
        (LoanState.OPEN, LoanAction.RETURN): LoanState.RETURNED,
        (LoanState.OPEN, LoanAction.REFUSE_RETURN): LoanState.OPEN,
        (LoanState.OPEN, LoanAction.DECLARE_LOST): LoanState.LOST,
        (LoanState.OPEN, LoanAction.ESCALATE): LoanState.OPEN,
    },
    record="a loan",
    rule={
        LoanAction.RETURN: "KEY-07",
        LoanAction.REFUSE_RETURN: "KEY-07",
        LoanAction.DECLARE_LOST: "KEY-07",
        LoanAction.ESCALATE: "KEY-04",
    },
    codes={LoanAction.RETURN: "loan_not_open", LoanAction.DECLARE_LOST: "loan_not_open"},
)
