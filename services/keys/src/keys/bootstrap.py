"""Composition root: the only module that names concrete adapters; each sub-domain adds its
own through its ``wiring.parts``."""

from __future__ import annotations

from cskit.composition import compose
from cskit.db import Database
from cskit.domain import Clock, SystemClock
from cskit.pagination import PageTokens
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
