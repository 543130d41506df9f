"""The keys service as the kit's entry point knows it (``cskit.service``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cskit.messaging.topics import TopicSpec
from cskit.service import Periodic, ServiceDeclaration
from keys import SERVICE, TOPIC
from keys.settings import KeysSettings

if TYPE_CHECKING:
    from keys.wiring import KeysParts

MIGRATIONS = Path(__file__).parent / "persistence" / "migrations"
TOPICS = (TopicSpec(TOPIC, partitions=4),)


def build(settings: KeysSettings) -> KeysParts:
    # Imported here: migrate and the relay start without loading the API and its adapters.
    from keys.bootstrap import build as compose

    return compose(settings)


def gauges(app: KeysParts) -> Callable[[], Awaitable[None]]:
    """The domain gauges recomputed from the database every gauges interval: keys out, loans
    overdue, discrepancies open and unapproved emergencies (KEY-06): ``keys.observability``."""
    from keys.custody.persistence.gauges import refresh_custody_gauges
    from keys.loans.observability import refresh_gauges

    async def refresh() -> None:
        now = app.clock.now()
        await refresh_gauges(app.database.async_engine, now)
        await refresh_custody_gauges(app.database.async_engine, now)

    return refresh


async def start(app: KeysParts) -> None:
    """The sub-domains' start-up work: arming the daily count reminder (KEY-08)."""
    await app.start()


DECLARATION: ServiceDeclaration[KeysSettings, KeysParts] = ServiceDeclaration(
    name=SERVICE,
    settings=KeysSettings,
    build=build,
    migrations=MIGRATIONS,
    topics=lambda: TOPICS,
    dlt_topic=TOPIC,
    periodic=(Periodic(lambda s: s.gauges_interval_seconds, lambda app: gauges(app)),),
    description="Keys: Key register, sealed custody, lending, identity checks, emergency use and the daily count.",
    on_start=(start,),
)
