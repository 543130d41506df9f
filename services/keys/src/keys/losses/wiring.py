"""The loss reports' part of the composition root: the gRPC service and the end-of-day timer."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from cskit.records import registration
from cskit.timers import Timer
from keys.losses.api import servicer as api
from keys.losses.app.handlers import LOSS_OVERDUE, LossHandlers
from keys.losses.persistence.reader import LossReader
from keys.losses.persistence.store import LOSSES
from keys.losses.persistence.uow import SqlLossesUnitOfWork
from keys.wiring import Parts, Wiring, system_call

SYSTEM = system_call("KEY-09: the end-of-day check of loss reports")


def parts(w: Wiring) -> Parts:
    def handlers(session: AsyncSession | None = None) -> LossHandlers:
        return LossHandlers(lambda call: SqlLossesUnitOfWork(w.sessions, call, w.clock, session), w.clock, w.policy)

    async def fire_overdue(session: AsyncSession, timer: Timer) -> None:
        # Joins the runner's transaction: the overdue event and the fired timer commit together.
        await handlers(session).mark_loss_overdue(timer.subject, SYSTEM, joined=True)

    reader = LossReader(LOSSES, w.sessions, tokens=w.tokens)
    servicer = api.LossServicer(handlers(), reader)
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, servicer)], {LOSS_OVERDUE: fire_overdue})
