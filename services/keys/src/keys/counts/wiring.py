"""The counts' part of the composition root: the gRPC service, the daily reminder timer
(KEY-08) and its arming at start-up."""

from __future__ import annotations

from cskit.records import registration
from keys.counts.api import servicer as api
from keys.counts.app.handlers import CountHandlers
from keys.counts.persistence.reader import CountReader
from keys.counts.persistence.reminders import DAILY_COUNT, arm_reminders, reminder_timer
from keys.counts.persistence.store import COUNTS
from keys.counts.persistence.uow import SqlCountsUnitOfWork
from keys.wiring import Parts, Wiring


def parts(w: Wiring) -> Parts:
    handlers = CountHandlers(lambda call: SqlCountsUnitOfWork(w.sessions, call, w.clock), w.clock, w.policy)
    reader = CountReader(COUNTS, w.sessions, tokens=w.tokens)

    async def arm() -> None:
        await arm_reminders(w.sessions, w.clock, w.policy)

    return Parts(
        [registration(api.SERVICE_DESCRIPTOR, api.add_to_server, api.CountServicer(handlers, reader))],
        timers={DAILY_COUNT: reminder_timer(w.clock, w.policy)},
        starts=[arm],
    )
