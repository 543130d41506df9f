"""The ONE transition table every move of a work order goes through.

opened --book--> booked                                   (AFS-02: nobody on duty)
opened | booked --assign--> assigned --accept--> accepted (AFS-02)
assigned | accepted --assign--> assigned                  (reassignment, with a reason)
accepted --depart--> departed --start--> working          (AFS-02; AFS-05, AFS-11 before work)
working --sign_off--> completed                           (AFS-03)
any open state --cancel--> cancelled                      (with a reason)
Moves that keep the state: acknowledge (AFS-13), decide the warranty (AFS-11), accept a
quote (AFS-05), agree extra work (AFS-13), the repair key's loan and return (item 2).
"""

from __future__ import annotations

from enum import StrEnum

from aftersales.domain.kinds import OrderState
from cskit.domain.transitions import IllegalMove, TransitionTable


class IllegalOrderMove(IllegalMove):
    """An action the order's current state does not allow."""


class OrderAction(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    BOOK = "book"
    ASSIGN = "assign"
    ACCEPT = "accept"
    DEPART = "depart on"
    START = "start work on"
    DECIDE_WARRANTY = "decide the warranty of"
    ACCEPT_QUOTE = "accept a quote for"
    AGREE_EXTRA = "agree extra work on"
    LEND_KEY = "borrow a key for"
    RETURN_KEY = "return the key of"
    SIGN_OFF = "sign off"
    CANCEL = "cancel"


S, A = OrderState, OrderAction
_OPEN = (S.OPENED, S.BOOKED, S.ASSIGNED, S.ACCEPTED, S.DEPARTED, S.WORKING)
_DISPATCHED = (S.ASSIGNED, S.ACCEPTED, S.DEPARTED, S.WORKING)

TRANSITIONS: TransitionTable[OrderState, OrderAction] = TransitionTable(
    {
        **{(state, A.ACKNOWLEDGE): state for state in _OPEN},
        (S.OPENED, A.BOOK): S.BOOKED,
        (S.BOOKED, A.BOOK): S.BOOKED,
        (S.OPENED, A.ASSIGN): S.ASSIGNED,
        (S.BOOKED, A.ASSIGN): S.ASSIGNED,
        (S.ASSIGNED, A.ASSIGN): S.ASSIGNED,
        (S.ACCEPTED, A.ASSIGN): S.ASSIGNED,
        (S.ASSIGNED, A.ACCEPT): S.ACCEPTED,
        (S.ACCEPTED, A.DEPART): S.DEPARTED,
        (S.DEPARTED, A.START): S.WORKING,
        **{(state, A.DECIDE_WARRANTY): state for state in _DISPATCHED},
        **{(state, A.ACCEPT_QUOTE): state for state in _DISPATCHED},
        (S.WORKING, A.AGREE_EXTRA): S.WORKING,
        **{(state, A.LEND_KEY): state for state in _DISPATCHED},
        **{(state, A.RETURN_KEY): state for state in _DISPATCHED},
        (S.WORKING, A.SIGN_OFF): S.COMPLETED,
        **{(state, A.CANCEL): S.CANCELLED for state in _OPEN},
    },
    record="a work order",
    rule={
        A.ACKNOWLEDGE: "AFS-13",
        A.BOOK: "AFS-02",
        A.ASSIGN: "AFS-02",
        A.ACCEPT: "AFS-02",
        A.DEPART: "AFS-02",
        A.START: "AFS-11",
        A.DECIDE_WARRANTY: "AFS-11",
        A.ACCEPT_QUOTE: "AFS-05",
        A.AGREE_EXTRA: "AFS-13",
        A.LEND_KEY: "AFS-02",
        A.RETURN_KEY: "AFS-02",
        A.SIGN_OFF: "AFS-03",
        A.CANCEL: "AFS-01",
    },
    codes={
        A.ACCEPT: "order_not_assigned",
        A.DEPART: "order_not_accepted",
        A.START: "order_not_departed",
        A.SIGN_OFF: "order_not_working",
        A.CANCEL: "order_closed",
    },
    error=IllegalOrderMove,
)
