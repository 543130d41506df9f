"""The return cases' part of the composition root: the ReturnCaseService, the refund clock
(AFS-10) and the refunds' gauges."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from aftersales.observability import REFUND_CLOCKS_RUN_OUT
from aftersales.returns.api import servicer as api
from aftersales.returns.app.handlers import REFUND, ReturnHandlers
from aftersales.returns.domain.policy import ReturnsPolicy
from aftersales.returns.persistence.gauges import refresh_return_gauges
from aftersales.returns.persistence.reader import ReturnReader
from aftersales.returns.persistence.uow import SqlReturnsUnitOfWork
from aftersales.wiring import Parts, Wiring, system_call
from cskit.records import registration
from cskit.timers import Timer

SYSTEM = system_call("refund clock (AFS-10)")


def policy(w: Wiring) -> ReturnsPolicy:
    s = w.settings
    return ReturnsPolicy(
        refund_within=timedelta(days=s.refund_within_days),
        currency=s.currency,
        refund_approvers=frozenset(s.refund_approver_roles),
    )


def parts(w: Wiring) -> Parts:
    handlers = ReturnHandlers(lambda call: SqlReturnsUnitOfWork(w.sessions, call, w.clock), w.clock, policy(w))

    async def refund_clock(session: AsyncSession, timer: Timer) -> None:
        # Joins the runner's transaction: the case's record of it commits with the timer.
        case, became_overdue = await handlers.refund_clock(
            timer.subject, SYSTEM, SqlReturnsUnitOfWork(w.sessions, SYSTEM, w.clock, session)
        )
        if became_overdue:
            REFUND_CLOCKS_RUN_OUT.labels(case.branch_id).inc()

    servicer = api.ReturnCaseServicer(handlers, ReturnReader(w.sessions, tokens=w.tokens))
    return Parts(
        [registration(api.SERVICE_DESCRIPTOR, api.add_to_server, servicer)],
        {REFUND: refund_clock},
        gauges=[refresh_return_gauges],
    )
