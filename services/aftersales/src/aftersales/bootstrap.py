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
from cskit.composition import compose
from cskit.db import Database
from cskit.domain import Clock, SystemClock
from cskit.pagination import PageTokens

SUB_DOMAINS = (orders, keyloans, charges, faults, returns, shipping, visits)


def build(
    settings: AftersalesSettings | None = None, *, clock: Clock | None = None, test_clock: bool | None = None
) -> AftersalesParts:
    settings = settings or AftersalesSettings()
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
            on_completion=tuple(kind for sub in SUB_DOMAINS for kind in getattr(sub, "ON_COMPLETION", ())),
        ),
        test_clock=test_clock,
        max_idle=settings.timers_max_idle_seconds,
    )
