"""Loss reports' and lock changes' part of the composition root: their gRPC services, the
end-of-day timer (KEY-09) and the spare-key chase timer (KEY-11)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from cskit.records import registration
from cskit.timers import Timer
from keys.losses.api import lock_changes as lock_api
from keys.losses.api import servicer as api
from keys.losses.app.handlers import LOSS_OVERDUE, LossHandlers
from keys.losses.app.lock_changes import SPARE_KEY_CHASE, LockChangeHandlers
from keys.losses.persistence.reader import LockChangeReader, LossReader
from keys.losses.persistence.store import LOCK_CHANGES, LOSSES
from keys.losses.persistence.uow import SqlLossesUnitOfWork
from keys.wiring import Parts, Wiring, system_call

OVERDUE = system_call("KEY-09: the end-of-day check of loss reports")
CHASE = system_call("KEY-11: chasing owners for the new spare key")


def parts(w: Wiring) -> Parts:
    def losses(session: AsyncSession | None = None) -> LossHandlers:
        return LossHandlers(lambda call: SqlLossesUnitOfWork(w.sessions, call, w.clock, session), w.clock, w.policy)

    def changes(session: AsyncSession | None = None) -> LockChangeHandlers:
        return LockChangeHandlers(
            lambda call: SqlLossesUnitOfWork(w.sessions, call, w.clock, session), w.clock, w.policy
        )

    # Each joins the runner's transaction: its events and the fired timer commit together.
    async def fire_overdue(session: AsyncSession, timer: Timer) -> None:
        await losses(session).mark_loss_overdue(timer.subject, OVERDUE, joined=True)

    async def fire_chase(session: AsyncSession, timer: Timer) -> None:
        await changes(session).chase_spare_key(timer.subject, CHASE, joined=True)

    loss_servicer = api.LossServicer(losses(), LossReader(LOSSES, w.sessions, tokens=w.tokens))
    change_servicer = lock_api.LockChangeServicer(
        changes(), LockChangeReader(LOCK_CHANGES, w.sessions, tokens=w.tokens)
    )
    return Parts(
        [
            registration(api.SERVICE_DESCRIPTOR, api.add_to_server, loss_servicer),
            registration(lock_api.SERVICE_DESCRIPTOR, lock_api.add_to_server, change_servicer),
        ],
        {LOSS_OVERDUE: fire_overdue, SPARE_KEY_CHASE: fire_chase},
    )
