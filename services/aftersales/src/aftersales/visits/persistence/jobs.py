"""The monthly owner-visit close (AFS-12), in the timer runner's transaction: every site's
tally of the month that just ended closed (met or missed), and the next month's timer set,
all committed with the firing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aftersales.visits.app.handlers import MONTH_END, VisitHandlers
from aftersales.visits.domain.policy import VisitsPolicy
from aftersales.visits.persistence.rows import SiteRow
from aftersales.visits.persistence.store import SITES
from aftersales.visits.persistence.uow import SqlVisitsUnitOfWork
from cskit.domain import Clock
from cskit.timers import Timer, TimerHandler, pending, schedule

# One timer for every branch: the branches share the policy's zone (PLT-05).
SUBJECT = "every-site"
# Sites closed per unit of work (one flush each), so a large estate is not one huge batch.
CHUNK = 200


def month_end_timer(
    handlers: VisitHandlers,
    policy: VisitsPolicy,
    clock: Clock,
    uow: Callable[[AsyncSession], SqlVisitsUnitOfWork],
) -> TimerHandler:
    async def fire(session: AsyncSession, timer: Timer) -> None:
        # The month that ended at the timer's due time (a late runner closes the right one).
        month = policy.month_of(timer.due_at - timedelta(microseconds=1))
        ids = list((await session.execute(select(SiteRow.id).order_by(SiteRow.id))).scalars())
        for start in range(0, len(ids), CHUNK):
            async with uow(session) as work:
                sites = await SITES.load_many(session, ids[start : start + CHUNK], work.call.scope)
                for site in sites.values():
                    await handlers.close_month(site, month, work)
                await work.commit()
        await schedule(session, kind=MONTH_END, subject=SUBJECT, due_at=policy.month_ends_at(clock.now()))

    return fire


def arm_month_end(
    sessions: async_sessionmaker[AsyncSession], clock: Clock, policy: VisitsPolicy
) -> Callable[[], Awaitable[None]]:
    async def arm() -> None:
        """At start-up: the month-end timer at the next local month boundary, unless one is pending."""
        async with sessions() as session, session.begin():
            if await pending(session, MONTH_END, SUBJECT) is None:
                await schedule(session, kind=MONTH_END, subject=SUBJECT, due_at=policy.month_ends_at(clock.now()))

    return arm
