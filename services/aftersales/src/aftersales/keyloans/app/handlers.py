"""Repair-key handlers (issue 14 item 2). Asking for the key or giving it back is recorded on
the order at once, with a timer due now in the same transaction; the timer makes the call to
the keys service. So the order never waits on keys: while keys is down the timer is set again
with a growing wait, and since keys is idempotent on the work order a retry never lends twice."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aftersales.keyloans.app.ports import (
    KeyLoansUnitOfWork,
    KeyLoansUnitOfWorkFactory,
    KeysPort,
    KeysRefused,
    KeysUnavailable,
)
from aftersales.keyloans.domain import commands as c
from aftersales.keyloans.domain.policy import KeyLoanPolicy
from aftersales.keyloans.domain.requests import KeyCall
from aftersales.observability import KEY_LOAN_CALLS
from aftersales.orders.app.handlers import order_ref
from aftersales.orders.domain.model import WorkOrder
from cskit.calls import Call, act, once
from cskit.domain import Clock

log = logging.getLogger(__name__)

# The calls to the keys service (timer kinds; the subject is the order's id).
LEND = "aftersales.key_lend"
RETURN = "aftersales.key_return"


async def order_now(uow: KeyLoansUnitOfWork, order_id: str) -> WorkOrder:
    """A repeated call answers with the order as it now stands."""
    return await uow.orders.get(order_id)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a key call's timer did: lent, returned, refused or retried."""

    name: str
    order: WorkOrder


class KeyLoanHandlers:
    def __init__(
        self, uow: KeyLoansUnitOfWorkFactory, keys: KeysPort, clock: Clock, policy: KeyLoanPolicy | None = None
    ) -> None:
        self._uow = uow
        self._keys = keys
        self._clock = clock
        self._policy = policy or KeyLoanPolicy()

    async def ask_for_repair_key(self, cmd: c.AskForRepairKey, call: Call) -> WorkOrder:
        async def work(uow: KeyLoansUnitOfWork) -> WorkOrder:
            order = await uow.orders.get(cmd.id)
            now = self._clock.now()
            if order.request_key(call.actor, key_set_id=cmd.key_set_id, now=now):
                request = KeyCall(
                    engineer=order.engineer or call.actor.subject,
                    branch_id=order.branch_id,
                    key_set_id=order.key_set_id,
                    purpose=f"work order {order.number}",
                )
                uow.schedule_timer(LEND, order.id, now, request.payload())
            return order

        return await once(self._uow(call), work, ref=order_ref, replay=order_now)

    async def return_repair_key(self, cmd: c.ReturnRepairKey, call: Call) -> WorkOrder:
        async def work(uow: KeyLoansUnitOfWork) -> WorkOrder:
            order = await uow.orders.get(cmd.id)
            now = self._clock.now()
            order.request_key_return(call.actor, key_count=cmd.key_count, now=now)
            request = KeyCall(
                engineer=order.engineer or call.actor.subject,
                branch_id=order.branch_id,
                key_set_id=order.key_set_id,
                key_count=cmd.key_count,
                key_set_code=cmd.key_set_code.strip(),
                lost=cmd.lost,
                note=cmd.note.strip()[:500],
            )
            uow.schedule_timer(RETURN, order.id, now, request.payload())
            return order

        return await once(self._uow(call), work, ref=order_ref, replay=order_now)

    async def lend_due(self, order_id: str, request: KeyCall, uow: KeyLoansUnitOfWork) -> Outcome:
        """The LEND timer (the runner's transaction): keys lends, refuses, or is tried again."""
        outcome = "lent"
        try:
            loan_id, state = await self._keys.lend(order_id, request)
            if state == "returned":
                # Keys lends once per work order: a key asked for again after its return
                # answers the returned loan, which is no key in hand.
                raise KeysRefused("this work order's key loan is already returned; keys lends once per work order")
        except KeysRefused as refused:
            outcome, reason = "refused", refused.reason
        except KeysUnavailable as down:
            return await self._retry(LEND, order_id, request, uow, down)

        def change(order: WorkOrder) -> None:
            now = self._clock.now()
            if outcome == "lent":
                order.key_lent(loan_id=loan_id, now=now)
            else:
                order.key_refused(reason=reason, now=now)

        order = await act(uow, order_id, load=order_now, change=change, ref=order_ref, retry=None)
        KEY_LOAN_CALLS.labels(outcome).inc()
        return Outcome(outcome, order)

    async def return_due(self, order_id: str, request: KeyCall, uow: KeyLoansUnitOfWork) -> Outcome:
        """The RETURN timer: keys takes the key back, refuses (KEY-07: the key stays out and
        the engineer brings it back again), or is tried again."""
        try:
            await self._keys.give_back(order_id, request)
        except KeysRefused as refused:
            log.warning("keys refused the return of work order %s's key: %s", order_id, refused.reason)
            KEY_LOAN_CALLS.labels("refused").inc()
            # The order stays RETURNING (the key is still out); the engineer brings it back again.
            order = await act(uow, order_id, load=order_now, change=lambda o: None, ref=order_ref, retry=None)
            return Outcome("refused", order)
        except KeysUnavailable as down:
            return await self._retry(RETURN, order_id, request, uow, down)
        order = await act(
            uow, order_id, load=order_now, change=lambda o: o.key_back(now=self._clock.now()), ref=order_ref, retry=None
        )
        KEY_LOAN_CALLS.labels("returned").inc()
        return Outcome("returned", order)

    async def _retry(
        self, kind: str, order_id: str, request: KeyCall, uow: KeyLoansUnitOfWork, down: KeysUnavailable
    ) -> Outcome:
        # A new timer in the runner's transaction: the call is never lost, whatever the outage.
        wait = self._policy.retry_after(request.attempt)
        log.warning("keys did not answer for work order %s (%s); retrying in %s", order_id, down, wait)

        def again(order: WorkOrder) -> None:
            uow.schedule_timer(kind, order.id, self._clock.now() + wait, request.retried().payload())

        order = await act(uow, order_id, load=order_now, change=again, ref=order_ref, retry=None)
        KEY_LOAN_CALLS.labels("retried").inc()
        return Outcome("retried", order)
