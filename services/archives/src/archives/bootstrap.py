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
from cskit.composition import compose
from cskit.db import Database
from cskit.domain import Clock, SystemClock
from cskit.pagination import PageTokens

SUB_DOMAINS = (records, intake, retention, stocktake, leavers, loans, catalogue)


def build(
    settings: ArchivesSettings | None = None, *, clock: Clock | None = None, test_clock: bool | None = None
) -> ArchivesParts:
    settings = settings or ArchivesSettings()
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    return compose(
        SERVICE,
        database,
        clock or SystemClock(),
        [sub_domain.parts for sub_domain in SUB_DOMAINS],
        lambda clock: Wiring(
            database.async_sessions(),
            clock,
            PageTokens(settings.page_token_key.get_secret_value()),
            settings.policy(),
            settings,
        ),
        test_clock=test_clock,
        max_idle=settings.timers_max_idle_seconds,
    )
