"""Composition root: the only module that names concrete adapters; each sub-domain adds its
own through its ``wiring.parts``."""

from __future__ import annotations

from archives import SERVICE
from archives.catalogue import wiring as catalogue
from archives.intake import wiring as intake
from archives.leavers import wiring as leavers
from archives.loans import wiring as loans
from archives.records import wiring as records
from archives.retention import wiring as retention
from archives.settings import ArchivesSettings
from archives.stocktake import wiring as stocktake
from archives.wiring import ArchivesParts, Wiring
from cskit.db import Database
from cskit.domain import Clock, SystemClock
from cskit.pagination import PageTokens
from cskit.records import with_test_clock
from cskit.timers import TimerHandler, TimerRunner

SUB_DOMAINS = (records, intake, retention, stocktake, leavers, loans, catalogue)


def build(
    settings: ArchivesSettings | None = None, *, clock: Clock | None = None, test_clock: bool | None = None
) -> ArchivesParts:
    settings = settings or ArchivesSettings()
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
    return ArchivesParts(database, clock, registrations, timers=runner, test_clock=moving, starts=starts, gauges=gauges)
