"""Loan states and the ONE transition table every change of a loan goes through.

requested --approve--> approved --count out--> counted_out --confirm--> out      (ARC-05, ARC-06)
requested --refuse--> refused
counted_out --count out--> counted_out                 (a recount before the borrower confirms)
out --count in--> counted_in --confirm--> returned      (ARC-06: both count and confirm)
counted_in --count in--> counted_in                     (a recount)
out | counted_in --chase--> (same)                      (ARC-07)
counted_out | out | counted_in --report a loss--> lost   (ARC-08)
counted_out | out | counted_in | returned | lost --report damage or a leak--> (same) (ARC-08)
"""

from __future__ import annotations

from enum import StrEnum

from cskit.domain.transitions import IllegalMove, TransitionTable


class IllegalLoanMove(IllegalMove):
    """An action the loan's current state does not allow."""


class LoanState(StrEnum):
    UNSPECIFIED = "unspecified"
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    COUNTED_OUT = "counted_out"
    OUT = "out"
    COUNTED_IN = "counted_in"
    RETURNED = "returned"
    LOST = "lost"


class LoanAction(StrEnum):
    APPROVE = "approve"
    REFUSE = "refuse"
    COUNT_OUT = "count out"
    COUNT_IN = "count in"
    CONFIRM = "confirm the count of"
    CHASE = "chase"
    REPORT_LOSS = "report the loss of"
    REPORT = "report damage to or a leak of"


S, A = LoanState, LoanAction
# Where the file is, or was, in the borrower's hands.
HANDED = (S.COUNTED_OUT, S.OUT, S.COUNTED_IN)
OUTSTANDING = (S.OUT, S.COUNTED_IN)

TRANSITIONS: TransitionTable[LoanState, LoanAction] = TransitionTable(
    {
        (S.REQUESTED, A.APPROVE): S.APPROVED,
        (S.REQUESTED, A.REFUSE): S.REFUSED,
        (S.APPROVED, A.COUNT_OUT): S.COUNTED_OUT,
        (S.COUNTED_OUT, A.COUNT_OUT): S.COUNTED_OUT,
        (S.COUNTED_OUT, A.CONFIRM): S.OUT,
        (S.OUT, A.COUNT_IN): S.COUNTED_IN,
        (S.COUNTED_IN, A.COUNT_IN): S.COUNTED_IN,
        (S.COUNTED_IN, A.CONFIRM): S.RETURNED,
        **{(state, A.CHASE): state for state in OUTSTANDING},
        **{(state, A.REPORT_LOSS): S.LOST for state in HANDED},
        **{(state, A.REPORT): state for state in (*HANDED, S.RETURNED, S.LOST)},
    },
    record="an archives loan",
    rule={
        A.APPROVE: "ARC-06",
        A.REFUSE: "ARC-06",
        A.COUNT_OUT: "ARC-06",
        A.COUNT_IN: "ARC-06",
        A.CONFIRM: "ARC-06",
        A.CHASE: "ARC-07",
        A.REPORT_LOSS: "ARC-08",
        A.REPORT: "ARC-08",
    },
    codes={
        A.APPROVE: "loan_not_requested",
        A.REFUSE: "loan_not_requested",
        A.COUNT_OUT: "loan_not_approved",
        A.COUNT_IN: "loan_not_out",
        A.CONFIRM: "nothing_to_confirm",
        A.REPORT_LOSS: "loan_not_out",
        A.REPORT: "loan_not_lent",
    },
    error=IllegalLoanMove,
)
