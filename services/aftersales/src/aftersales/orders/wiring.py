"""The work orders' part of the composition root: the WorkOrderService, the departure and
acknowledgement clocks, and the gauges."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from aftersales.observability import ACKNOWLEDGEMENTS_OVERDUE, DEPARTURES_OVERDUE
from aftersales.orders.api import servicer as api
from aftersales.orders.app.handlers import ACKNOWLEDGEMENT, DEPARTURE, OrderHandlers
from aftersales.orders.persistence.gauges import refresh_order_gauges
from aftersales.orders.persistence.reader import OrderReader
from aftersales.orders.persistence.uow import SqlOrdersUnitOfWork
from aftersales.wiring import Parts, Wiring, system_call
from cskit.records import registration
from cskit.timers import Timer, TimerHandler

SYSTEM = system_call("work-order clocks (AFS-02, AFS-13)")


def reader(w: Wiring) -> OrderReader:
    """The orders' reads within the caller's branch: for every sub-domain that shows an order."""
    return OrderReader(w.sessions, tokens=w.tokens)


def parts(w: Wiring) -> Parts:
    handlers = OrderHandlers(
        lambda call: SqlOrdersUnitOfWork(w.sessions, call, w.clock), w.clock, w.policy, w.on_completion
    )

    def clock(kind: str) -> TimerHandler:
        async def fire(session: AsyncSession, timer: Timer) -> None:
            # Joins the runner's transaction: the order's record of it commits with the timer.
            before = await handlers.clock(
                timer.subject, kind, SYSTEM, SqlOrdersUnitOfWork(w.sessions, SYSTEM, w.clock, session)
            )
            if kind == DEPARTURE and before.departure_overdue:
                DEPARTURES_OVERDUE.labels(before.branch_id).inc()
            elif kind == ACKNOWLEDGEMENT and before.acknowledgement_overdue:
                ACKNOWLEDGEMENTS_OVERDUE.labels(before.branch_id).inc()

        return fire

    servicer = api.WorkOrderServicer(handlers, reader(w))
    return Parts(
        [registration(api.SERVICE_DESCRIPTOR, api.add_to_server, servicer)],
        {DEPARTURE: clock(DEPARTURE), ACKNOWLEDGEMENT: clock(ACKNOWLEDGEMENT)},
        gauges=[refresh_order_gauges],
    )
