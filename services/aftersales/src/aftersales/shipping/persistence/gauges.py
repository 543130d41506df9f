"""The shipping gauges from the database, so every replica reports the same complete numbers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from aftersales.observability import FIELD_TRIPS_BY_STATE, SHIPMENTS_WAITING
from aftersales.shipping.domain.policy import ShippingPolicy
from aftersales.shipping.domain.states import ShipmentState
from aftersales.shipping.persistence.rows import FieldTripRow, ShipmentRow

_WAITING = [s.value for s in ShipmentState if s.waiting]


def shipping_gauges(policy: ShippingPolicy) -> Callable[[AsyncEngine, datetime], Awaitable[None]]:
    """AFS-07's shipping clock by branch (past 24 and past 48 hours) and the trips by state."""

    async def refresh(engine: AsyncEngine, now: datetime) -> None:
        counts: dict[tuple[str, str], int] = {}
        async with engine.connect() as conn:
            for past, limit in (("24h", policy.ship_within), ("48h", policy.ship_at_latest)):
                rows = (
                    await conn.execute(
                        select(ShipmentRow.branch_id, func.count())
                        .where(ShipmentRow.state.in_(_WAITING), ShipmentRow.payment_confirmed_at <= now - limit)
                        .group_by(ShipmentRow.branch_id)
                    )
                ).all()
                counts |= {(branch, past): count for branch, count in rows}
            trips = (
                await conn.execute(
                    select(FieldTripRow.branch_id, FieldTripRow.state, func.count()).group_by(
                        FieldTripRow.branch_id, FieldTripRow.state
                    )
                )
            ).all()
        SHIPMENTS_WAITING.clear()  # a branch with none drops to nothing
        for (branch, past), count in counts.items():
            SHIPMENTS_WAITING.labels(branch, past).set(count)
        FIELD_TRIPS_BY_STATE.clear()
        for branch, state, count in trips:
            FIELD_TRIPS_BY_STATE.labels(branch, state).set(count)

    return refresh
