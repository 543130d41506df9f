"""The visits' part of the composition root: the VisitService, the completion's return visit
and its due clock (AFS-06), the survey close (AFS-06), the monthly owner-visit close armed at
start-up (AFS-12), and the gauges."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from aftersales.visits.api import servicer as api
from aftersales.visits.app.handlers import COMPLETED, MONTH_END, SURVEY_CLOSE, VISIT_DUE, VisitHandlers
from aftersales.visits.domain.policy import VisitsPolicy
from aftersales.visits.persistence.gauges import visit_gauges
from aftersales.visits.persistence.jobs import arm_month_end, month_end_timer
from aftersales.visits.persistence.reader import VisitsReader
from aftersales.visits.persistence.uow import SqlVisitsUnitOfWork
from aftersales.wiring import Parts, Wiring, system_call
from cskit.records import registration
from cskit.timers import Timer, TimerHandler

# The order's sign-off sets this timer (subject: the order id), due at once.
ON_COMPLETION = (COMPLETED,)
SYSTEM = system_call("visit clocks (AFS-06, AFS-12)")


def policy_of(w: Wiring) -> VisitsPolicy:
    s = w.settings
    return VisitsPolicy(
        base=w.policy,
        visit_within_working_days=s.return_visit_working_days,
        owner_visit_share=Decimal(str(s.owner_visit_share)),
        survey_months=tuple(s.survey_months),
        survey_collect_working_days=s.survey_collect_working_days,
        survey_return_target=Decimal(str(s.survey_return_target)),
    )


def parts(w: Wiring) -> Parts:
    policy = policy_of(w)
    handlers = VisitHandlers(lambda call: SqlVisitsUnitOfWork(w.sessions, call, w.clock), w.clock, policy)

    def joined(session: AsyncSession) -> SqlVisitsUnitOfWork:
        # Joins the runner's transaction: the records' changes commit with the timer.
        return SqlVisitsUnitOfWork(w.sessions, SYSTEM, w.clock, session)

    async def completed(session: AsyncSession, timer: Timer) -> None:
        await handlers.order_completed(timer.subject, joined(session))

    async def due(session: AsyncSession, timer: Timer) -> None:
        await handlers.visit_due(timer.subject, joined(session))

    async def survey(session: AsyncSession, timer: Timer) -> None:
        await handlers.survey_closes(timer.subject, joined(session))

    timers: dict[str, TimerHandler] = {
        COMPLETED: completed,
        VISIT_DUE: due,
        SURVEY_CLOSE: survey,
        MONTH_END: month_end_timer(handlers, policy, w.clock, joined),
    }
    servicer = api.VisitServicer(handlers, VisitsReader(w.sessions, tokens=w.tokens, policy=policy), w.clock)
    return Parts(
        [registration(api.SERVICE_DESCRIPTOR, api.add_to_server, servicer)],
        timers,
        starts=[arm_month_end(w.sessions, w.clock, policy)],
        gauges=[visit_gauges(policy)],
    )
