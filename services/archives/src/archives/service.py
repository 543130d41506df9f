"""The archives service as the kit's entry point knows it (``cskit.service``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from archives import SERVICE, TOPIC
from archives.settings import ArchivesSettings
from cskit.messaging.topics import TopicSpec
from cskit.service import Consumer, Periodic, ServiceDeclaration

if TYPE_CHECKING:
    from archives.wiring import ArchivesParts
    from cskit.messaging.consumer import Handler as ConsumerHandler

MIGRATIONS = Path(__file__).parent / "persistence" / "migrations"
TOPICS = (TopicSpec(TOPIC, partitions=4),)
FILING_GROUP = "archives-filing"
LEAVERS_GROUP = "archives-leavers"


def build(settings: ArchivesSettings) -> ArchivesParts:
    # Imported here: migrate and the relay start without loading the API and its adapters.
    from archives.bootstrap import build as compose

    return compose(settings)


def filing_consumer(settings: ArchivesSettings) -> ConsumerHandler:
    """Issue 13 item 2: any service's filing requests (cs.filing.v1), filed without retyping."""
    from archives.intake.wiring import filing_consumer as build_consumer

    return build_consumer(settings)


def leavers_consumer(settings: ArchivesSettings) -> ConsumerHandler:
    """ARC-09: HR's leavers (cs.hr.v1 EmployeeLeft), answered with a clearance."""
    from archives.leavers.wiring import leavers_consumer as build_consumer

    return build_consumer(settings)


# The service's event consumers (``python -m archives consume``): one entry per group; add
# yours as a line of its own. cs.filing.v1 is declared by complaints, which publishes it first.
CONSUMERS: tuple[Consumer[ArchivesSettings], ...] = (
    Consumer(FILING_GROUP, ["cs.filing.v1"], filing_consumer),
    Consumer(LEAVERS_GROUP, ["cs.hr.v1"], leavers_consumer),
)


def gauges(app: ArchivesParts) -> Callable[[], Awaitable[None]]:
    """The sub-domains' gauges recomputed from the database every gauges interval (``archives.observability``)."""
    return app.refresh_gauges


async def start(app: ArchivesParts) -> None:
    """The sub-domains' start-up work (arming their first timers)."""
    await app.start()


DECLARATION: ServiceDeclaration[ArchivesSettings, ArchivesParts] = ServiceDeclaration(
    name=SERVICE,
    settings=ArchivesSettings,
    build=build,
    migrations=MIGRATIONS,
    topics=lambda: TOPICS,
    dlt_topic=TOPIC,
    periodic=(Periodic(lambda s: s.gauges_interval_seconds, lambda app: gauges(app)),),
    description="Archives: filing, catalogue, retention, confidential loans, stock-take and destruction.",
    consumers=CONSUMERS,
    on_start=(start,),
)
