"""Shipping's part of the composition root: the ShipmentService and FieldTripService, the
24/48-hour shipping clock (AFS-07), the trip-report clock (AFS-08) and the gauges."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from aftersales.settings import AftersalesSettings
from aftersales.shipping.api import servicer as api
from aftersales.shipping.app.handlers import SHIP_DUE, SHIP_LATEST, TRIP_REPORT, ShippingHandlers
from aftersales.shipping.domain.policy import ShippingPolicy
from aftersales.shipping.persistence.gauges import shipping_gauges
from aftersales.shipping.persistence.reader import ShipmentReader, TripReader
from aftersales.shipping.persistence.uow import SqlShippingUnitOfWork
from aftersales.wiring import Parts, Wiring, system_call
from cskit.records import registration
from cskit.timers import Timer, TimerHandler

SYSTEM = system_call("shipping clocks (AFS-07, AFS-08)")


def policy(settings: AftersalesSettings) -> ShippingPolicy:
    return ShippingPolicy(
        zone=ZoneInfo(settings.time_zone),
        ship_within=timedelta(hours=settings.ship_within_hours),
        ship_at_latest=timedelta(hours=max(settings.ship_at_latest_hours, settings.ship_within_hours)),
        payment_lookback=timedelta(days=settings.payment_lookback_days),
        ship_date_horizon_days=settings.ship_date_horizon_days,
        installation_horizon=timedelta(days=settings.installation_horizon_days),
        max_trip_days=settings.max_trip_days,
        trip_report_days=settings.trip_report_days,
        reported_time_skew=timedelta(seconds=settings.reported_time_skew_seconds),
    )


def parts(w: Wiring) -> Parts:
    rules = policy(w.settings)
    handlers = ShippingHandlers(lambda call: SqlShippingUnitOfWork(w.sessions, call, w.clock), w.clock, rules)

    def joined(session: AsyncSession) -> SqlShippingUnitOfWork:
        # Joins the runner's transaction: the record's note of the clock commits with the timer.
        return SqlShippingUnitOfWork(w.sessions, SYSTEM, w.clock, session)

    def shipping_clock(latest: bool) -> TimerHandler:
        async def fire(session: AsyncSession, timer: Timer) -> None:
            await handlers.shipping_clock(timer.subject, latest=latest, uow=joined(session))

        return fire

    async def trip_clock(session: AsyncSession, timer: Timer) -> None:
        await handlers.trip_clock(timer.subject, uow=joined(session))

    shipments = api.ShipmentServicer(handlers, ShipmentReader(w.sessions, tokens=w.tokens))
    trips = api.FieldTripServicer(handlers, TripReader(w.sessions, tokens=w.tokens))
    return Parts(
        [
            registration(api.SHIPMENT_SERVICE, api.add_shipments, shipments),
            registration(api.TRIP_SERVICE, api.add_trips, trips),
        ],
        {SHIP_DUE: shipping_clock(False), SHIP_LATEST: shipping_clock(True), TRIP_REPORT: trip_clock},
        gauges=[shipping_gauges(rules)],
    )
