"""Composition root: the only module that names concrete adapters; each sub-domain adds its
own through its ``wiring.parts``."""

from __future__ import annotations

from cskit.db import Database
from cskit.domain import Clock, SystemClock
from cskit.pagination import PageTokens
from cskit.records import with_test_clock
from cskit.timers import TimerHandler, TimerRunner
from keys import SERVICE
from keys.cabinets import wiring as cabinets
from keys.copies import wiring as copies
from keys.counts import wiring as counts
from keys.custody import wiring as custody
from keys.discrepancies import wiring as discrepancies
from keys.handoffs import wiring as handoffs
from keys.hazardous import wiring as hazardous
from keys.imports import wiring as imports
from keys.loans import wiring as loans
from keys.losses import wiring as losses
from keys.offices import wiring as offices
from keys.register import wiring as register
from keys.settings import KeysSettings
from keys.wiring import KeysParts, Wiring

SUB_DOMAINS = (
    register,
    discrepancies,
    loans,
    custody,
    counts,
    handoffs,
    imports,
    cabinets,
    losses,
    copies,
    hazardous,
    offices,
)


def build(
    settings: KeysSettings | None = None, *, clock: Clock | None = None, test_clock: bool | None = None
) -> KeysParts:
    settings = settings or KeysSettings()
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    clock, moving, registrations = with_test_clock(database, SERVICE, clock or SystemClock(), test_clock)
    wiring = Wiring(
        database.async_sessions(),
        clock,
        PageTokens(settings.page_token_key.get_secret_value()),
        settings.policy(),
        settings,
    )
    timers: dict[str, TimerHandler] = {}
    starts = []
    for sub_domain in SUB_DOMAINS:
        parts = sub_domain.parts(wiring)
        registrations += parts.registrations
        timers |= parts.timers
        starts += parts.starts
    runner = TimerRunner(
        database,
        timers,
        clock,
        max_idle=settings.timers_max_idle_seconds,
        before_pass=None if moving is None else moving.refresh,
    )
    if moving is not None:
        moving.on_advance(runner.wake)  # timers that became due fire now, not at the next idle look
    return KeysParts(database, clock, registrations, timers=runner, test_clock=moving, starts=starts)
