"""The aftersales service as the kit's entry point knows it (``cskit.service``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from aftersales import SERVICE, TOPIC
from aftersales.settings import AftersalesSettings
from cskit.messaging.topics import TopicSpec
from cskit.service import Periodic, ServiceDeclaration

if TYPE_CHECKING:
    from aftersales.wiring import AftersalesParts

MIGRATIONS = Path(__file__).parent / "persistence" / "migrations"
TOPICS = (TopicSpec(TOPIC, partitions=4),)


def build(settings: AftersalesSettings) -> AftersalesParts:
    # Imported here: migrate and the relay start without loading the API and its adapters.
    from aftersales.bootstrap import build as compose

    return compose(settings)


def gauges(app: AftersalesParts) -> Callable[[], Awaitable[None]]:
    """The sub-domains' gauges recomputed from the database every gauges interval (``aftersales.observability``)."""
    return app.refresh_gauges


async def start(app: AftersalesParts) -> None:
    """The sub-domains' start-up work (arming their first timers)."""
    await app.start()


DECLARATION: ServiceDeclaration[AftersalesSettings, AftersalesParts] = ServiceDeclaration(
    name=SERVICE,
    settings=AftersalesSettings,
    build=build,
    migrations=MIGRATIONS,
    topics=lambda: TOPICS,
    dlt_topic=TOPIC,
    periodic=(Periodic(lambda s: s.gauges_interval_seconds, lambda app: gauges(app)),),
    description="Aftersales: work orders, dispatch, sign-off, charges, shipping, faults, returns and refunds, return visits.",
    on_start=(start,),
)
