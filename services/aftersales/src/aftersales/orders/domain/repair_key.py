"""The repair key under a work order (issue 14 item 2): the keys sub-domain drives these
moves; the order only remembers where its key is, so dispatch, sign-off and cancellation can
refuse while it is out."""

from __future__ import annotations

from datetime import datetime

from aftersales.domain.kinds import KeyLoan
from aftersales.orders.domain.events import KeyLent, KeyLoanRefused, KeyRequested, KeyReturned, KeyReturnRequested
from aftersales.orders.domain.form import text
from aftersales.orders.domain.record import OrderRecord
from aftersales.orders.domain.states import TRANSITIONS, OrderAction
from cskit.domain import Actor, InvalidInput, RuleViolation


class RepairKeyMoves(OrderRecord):
    """The work order's repair-key commands; ``WorkOrder`` inherits them."""

    def request_key(self, actor: Actor, *, key_set_id: str, now: datetime) -> bool:
        """The order asks for a repair key; False when that key is already asked for or out."""
        self._require_engineering(actor, "borrowing a repair key")
        TRANSITIONS.move(self.state, OrderAction.LEND_KEY)
        wanted = text("key_set_id", key_set_id)
        if self.key_loan.out:
            if wanted == self.key_set_id:
                return False
            raise RuleViolation("another key is out under this work order", code="key_out")
        self._record(KeyRequested(order_id=self.id, key_set_id=wanted, actor=actor.subject, occurred_at=now))
        return True

    def key_lent(self, *, loan_id: str, now: datetime) -> None:
        if self.key_loan is KeyLoan.REQUESTED:
            self._record(
                KeyLent(order_id=self.id, key_set_id=self.key_set_id, loan_id=loan_id, actor="system", occurred_at=now)
            )

    def key_refused(self, *, reason: str, now: datetime) -> None:
        if self.key_loan is KeyLoan.REQUESTED:
            self._record(
                KeyLoanRefused(
                    order_id=self.id, key_set_id=self.key_set_id, reason=reason[:500], actor="system", occurred_at=now
                )
            )

    def request_key_return(self, actor: Actor, *, key_count: int, now: datetime) -> None:
        self._require_engineering(actor, "returning a repair key")
        TRANSITIONS.move(self.state, OrderAction.RETURN_KEY)
        if self.key_loan not in (KeyLoan.LENT, KeyLoan.RETURNING):  # again after keys refused one
            raise RuleViolation("no repair key is out under this work order", code="no_key_out")
        if not 1 <= key_count <= 100:
            raise InvalidInput.on("key_count", "must be 1 to 100")
        self._record(
            KeyReturnRequested(
                order_id=self.id, key_set_id=self.key_set_id, key_count=key_count, actor=actor.subject, occurred_at=now
            )
        )

    def key_back(self, *, now: datetime) -> None:
        if self.key_loan is KeyLoan.RETURNING:
            self._record(
                KeyReturned(
                    order_id=self.id,
                    key_set_id=self.key_set_id,
                    loan_id=self.key_loan_id,
                    actor="system",
                    occurred_at=now,
                )
            )
