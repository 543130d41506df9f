"""Return-case handlers: one function per command, domain calls only, and the refund's
one-week clock (AFS-10) set with the approval and cleared with the payment. Idempotency,
commit, the outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from aftersales.observability import REFUNDS_APPROVED, REFUNDS_PAID, RETURN_CASES_OPENED
from aftersales.returns.app.ports import ReturnsUnitOfWork, ReturnsUnitOfWorkFactory
from aftersales.returns.domain import commands as c
from aftersales.returns.domain.model import ReturnCase
from aftersales.returns.domain.policy import ReturnsPolicy
from aftersales.returns.domain.states import ReturnState
from cskit.calls import Call, act, once
from cskit.domain import Clock

# The refund's clock (timer kind; the subject is the case's id).
REFUND = "aftersales.refund"


def case_ref(case: ReturnCase) -> str:
    return case.id


async def case_now(uow: ReturnsUnitOfWork, case_id: str) -> ReturnCase:
    """A repeated call answers with the case as it now stands."""
    return await uow.returns.get(case_id)


class ReturnHandlers:
    def __init__(self, uow: ReturnsUnitOfWorkFactory, clock: Clock, policy: ReturnsPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def _change(self, call: Call, case_id: str, change: Callable[[ReturnCase], None]) -> ReturnCase:
        return await act(self._uow(call), case_id, load=case_now, change=change, ref=case_ref)

    async def open_return_case(self, cmd: c.OpenReturnCase, call: Call) -> ReturnCase:
        async def work(uow: ReturnsUnitOfWork) -> ReturnCase:
            case = ReturnCase.open(
                case_id=str(uuid.uuid4()),
                actor=call.actor,
                branch_id=call.actor.branch_id,
                policy=self._policy,
                situation=cmd.situation,
                order_ref=cmd.order_ref,
                customer_name=cmd.customer_name,
                customer_phone=cmd.customer_phone,
                product=cmd.product,
                original_amount=cmd.original_amount,
                payment_means=cmd.payment_means,
                reason=cmd.reason,
                delivery_waybill=cmd.delivery_waybill,
                now=self._clock.now(),
            )
            uow.returns.add(case)
            return case

        case = await once(self._uow(call), work, ref=case_ref, replay=case_now)
        RETURN_CASES_OPENED.labels(case.branch_id, case.situation.value).inc()
        return case

    async def resend_goods(self, cmd: c.ResendGoods, call: Call) -> ReturnCase:
        return await self._change(
            call,
            cmd.id,
            lambda r: r.resend(call.actor, waybill=cmd.waybill, carrier=cmd.carrier, now=self._clock.now()),
        )

    async def track_return(self, cmd: c.TrackReturn, call: Call) -> ReturnCase:
        return await self._change(
            call,
            cmd.id,
            lambda r: r.ship_back(call.actor, waybill=cmd.waybill, carrier=cmd.carrier, now=self._clock.now()),
        )

    async def check_return(self, cmd: c.CheckReturn, call: Call) -> ReturnCase:
        return await self._change(
            call,
            cmd.id,
            lambda r: r.receive(
                call.actor, items=cmd.items, missing_parts=cmd.missing_parts, note=cmd.note, now=self._clock.now()
            ),
        )

    async def agree_exchange(self, cmd: c.AgreeExchange, call: Call) -> ReturnCase:
        return await self._change(
            call,
            cmd.id,
            lambda r: r.exchange(
                call.actor, new_product=cmd.new_product, new_amount=cmd.new_amount, now=self._clock.now()
            ),
        )

    async def request_refund(self, cmd: c.RequestRefund, call: Call) -> ReturnCase:
        return await self._change(
            call,
            cmd.id,
            lambda r: r.request_refund(call.actor, refund_amount=cmd.amount, reason=cmd.reason, now=self._clock.now()),
        )

    async def approve_refund(self, cmd: c.ApproveRefund, call: Call) -> ReturnCase:
        async def work(uow: ReturnsUnitOfWork) -> ReturnCase:
            case = await uow.returns.get(cmd.id)
            case.approve_refund(call.actor, policy=self._policy, now=self._clock.now())
            assert case.refund_due is not None
            # The week's clock commits with the approval: it cannot be lost.
            uow.schedule_timer(REFUND, case.id, case.refund_due)
            return case

        case = await once(self._uow(call), work, ref=case_ref, replay=case_now)
        REFUNDS_APPROVED.labels(case.branch_id).inc()
        return case

    async def pay_refund(self, cmd: c.PayRefund, call: Call) -> ReturnCase:
        async def work(uow: ReturnsUnitOfWork) -> ReturnCase:
            case = await uow.returns.get(cmd.id)
            case.pay_refund(call.actor, payment_means=cmd.payment_means, reference=cmd.reference, now=self._clock.now())
            uow.cancel_timer(REFUND, case.id)
            return case

        case = await once(self._uow(call), work, ref=case_ref, replay=case_now)
        if case.state is ReturnState.REFUNDED and case.refund_due is not None and case.refund_paid_at is not None:
            REFUNDS_PAID.labels(case.branch_id, str(case.refund_paid_at > case.refund_due).lower()).inc()
        return case

    async def close_return_case(self, cmd: c.CloseReturnCase, call: Call) -> ReturnCase:
        return await self._change(call, cmd.id, lambda r: r.close(call.actor, reason=cmd.reason, now=self._clock.now()))

    async def refund_clock(self, case_id: str, call: Call, uow: ReturnsUnitOfWork) -> tuple[ReturnCase, bool]:
        """The week ran out (the timer runner's transaction): the case records it if still
        unpaid. Answers the case and whether it became overdue now."""
        became = False

        def change(case: ReturnCase) -> None:
            nonlocal became
            before = case.refund_overdue
            case.refund_clock(self._clock.now())
            became = case.refund_overdue and not before

        case = await act(uow, case_id, load=case_now, change=change, ref=case_ref, retry=None)
        return case, became
