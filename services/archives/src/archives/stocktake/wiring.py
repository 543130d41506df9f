"""The stock-take's part of the composition root: the gRPC service, the month-end reminder
timer (ARC-10) and its arming at start-up, and the discrepancies gauge."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from archives.stocktake.api import servicer as api
from archives.stocktake.app.handlers import StocktakeHandlers
from archives.stocktake.domain.policy import StocktakePolicy
from archives.stocktake.persistence.gauges import refresh_stocktake_gauges
from archives.stocktake.persistence.reader import StocktakeReader
from archives.stocktake.persistence.reminders import MONTH_END, arm_reminders, reminder_timer
from archives.stocktake.persistence.store import STOCKTAKES
from archives.stocktake.persistence.uow import SqlStocktakeUnitOfWork
from archives.wiring import Parts, Wiring
from cskit.records import registration


def policy_of(w: Wiring) -> StocktakePolicy:
    return StocktakePolicy(zone=ZoneInfo(w.settings.time_zone), reminder_at=w.settings.stocktake_reminder_at)


def parts(w: Wiring) -> Parts:
    policy = policy_of(w)
    handlers = StocktakeHandlers(
        lambda call: SqlStocktakeUnitOfWork(w.sessions, call, w.clock), w.clock, policy, w.policy
    )
    reader = StocktakeReader(STOCKTAKES, w.sessions, tokens=w.tokens)

    async def arm() -> None:
        await arm_reminders(w.sessions, w.clock, policy)

    return Parts(
        [registration(api.SERVICE_DESCRIPTOR, api.add_to_server, api.StocktakeServicer(handlers, reader))],
        timers={MONTH_END: reminder_timer(w.clock, policy)},
        starts=[arm],
        gauges=[refresh_stocktake_gauges],
    )
