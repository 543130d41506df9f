"""The keys service as the kit's entry point knows it (``cskit.service``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cskit.messaging.topics import TopicSpec
from cskit.service import Periodic, ServiceDeclaration
from keys import SERVICE, TOPIC
from keys.settings import KeysSettings

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from cskit.records import ServiceParts

MIGRATIONS = Path(__file__).parent / "persistence" / "migrations"
TOPICS = (TopicSpec(TOPIC, partitions=4),)


def build(settings: KeysSettings) -> ServiceParts:
    # Imported here: migrate and the relay start without loading the API and its adapters.
    from keys.bootstrap import build as compose

    return compose(settings)


def custody_gauges(app: ServiceParts) -> Callable[[], Awaitable[None]]:
    """KEY-06: the unapproved-emergencies gauge, recomputed from the database."""
    from keys.custody.persistence.gauges import refresh_custody_gauges

    async def refresh() -> None:
        await refresh_custody_gauges(app.database.async_engine, app.clock.now())

    return refresh


DECLARATION: ServiceDeclaration[KeysSettings, ServiceParts] = ServiceDeclaration(
    name=SERVICE,
    settings=KeysSettings,
    build=build,
    migrations=MIGRATIONS,
    topics=lambda: TOPICS,
    dlt_topic=TOPIC,
    periodic=(Periodic(lambda s: s.custody_gauges_interval_seconds, custody_gauges),),
    description="Keys: Key register, sealed custody, lending, identity checks, emergency use and the daily count.",
)
