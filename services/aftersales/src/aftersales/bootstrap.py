"""Composition root: the only module that names concrete adapters; each sub-domain adds its
own through its ``wiring.parts``."""

from __future__ import annotations

from aftersales import SERVICE
from aftersales.charges import wiring as charges
from aftersales.faults import wiring as faults
from aftersales.keyloans import wiring as keyloans
from aftersales.orders import wiring as orders
from aftersales.returns import wiring as returns
from aftersales.settings import AftersalesSettings
from aftersales.shipping import wiring as shipping
from aftersales.visits import wiring as visits
from aftersales.wiring import AftersalesParts, Wiring
from cskit.db import Database
from cskit.domain import Clock, SystemClock
from cskit.pagination import PageTokens
from cskit.records import with_test_clock
from cskit.timers import TimerHandler, TimerRunner

SUB_DOMAINS = (orders, keyloans, charges, faults, returns, shipping, visits)


def build(
    settings: AftersalesSettings | None = None, *, clock: Clock | None = None, test_clock: bool | None = None
) -> AftersalesParts:
    settings = settings or AftersalesSettings()
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    clock, moving, registrations = with_test_clock(database, SERVICE, clock or SystemClock(), test_clock)
    wiring = Wiring(
        database.async_sessions(),
        clock,
        PageTokens(settings.page_token_key.get_secret_value()),
        settings.policy(),
        settings,
        on_completion=tuple(kind for sub in SUB_DOMAINS for kind in getattr(sub, "ON_COMPLETION", ())),
    )
    timers: dict[str, TimerHandler] = {}
    starts = []
    gauges = []
    for sub_domain in SUB_DOMAINS:
        parts = sub_domain.parts(wiring)
        registrations += parts.registrations
        timers |= parts.timers
        starts += parts.starts
        gauges += parts.gauges
    runner = TimerRunner(
        database,
        timers,
        clock,
        max_idle=settings.timers_max_idle_seconds,
        before_pass=None if moving is None else moving.refresh,
    )
    if moving is not None:
        moving.on_advance(runner.wake)  # timers that became due fire now, not at the next idle look
    return AftersalesParts(
        database, clock, registrations, timers=runner, test_clock=moving, starts=starts, gauges=gauges
    )
