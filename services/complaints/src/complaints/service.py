"""The complaints service as the kit's entry point knows it (``cskit.service``): its name,
settings, composition root, migrations, topics, start-up work and periodic jobs. Everything
else (serve, relay, topics, republish, migrate, makemigration, replay-dlt, health, metrics,
tracing, logging, the test clock, caller verification) is the kit's."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from complaints import SERVICE, TOPIC
from complaints.contacts import CONTACTS_GROUP, CONTACTS_TOPIC
from complaints.settings import ComplaintsSettings
from cskit.messaging.topics import TopicSpec
from cskit.service import Command, Consumer, Periodic, ServiceDeclaration

if TYPE_CHECKING:
    from complaints.bootstrap import Complaints
    from cskit.messaging.consumer import Handler as ConsumerHandler

MIGRATIONS = Path(__file__).parent / "persistence" / "migrations"


def build(settings: ComplaintsSettings) -> Complaints:
    # Imported here: migrate and the relay start without loading the API and its adapters.
    from complaints.bootstrap import build as compose

    return compose(settings)


def topics() -> Sequence[TopicSpec]:
    from complaints.events.topics import TOPICS

    return TOPICS


async def arm_statistics_timers(app: Complaints) -> None:
    """CMP-12: every known branch gets its monthly freeze timer."""
    if app.statistics is not None:
        await app.statistics.ensure_timers()


def contact_consumer(settings: ComplaintsSettings) -> ConsumerHandler:
    """CMP-14: the contact-centre systems' steps (cs.contacts.v1)."""
    from complaints.bootstrap import contact_consumer as build_consumer

    return build_consumer(settings)


def rebuild_projections(settings: ComplaintsSettings, _args: argparse.Namespace) -> None:
    """Rewrite every read model from the event histories (docs/runbooks.md "rebuilding read models")."""
    import asyncio
    import logging

    from complaints.persistence.rebuild import rebuild_projections as rebuild
    from cskit.db import Database

    async def run() -> None:
        database = Database(settings.database_url)
        try:
            logging.getLogger(__name__).info("rebuilt %s", await rebuild(database.async_sessions()))
        finally:
            await database.dispose()

    asyncio.run(run())


DECLARATION: ServiceDeclaration[ComplaintsSettings, Complaints] = ServiceDeclaration(
    name=SERVICE,
    settings=ComplaintsSettings,
    build=build,
    migrations=MIGRATIONS,
    topics=topics,
    dlt_topic=TOPIC,
    description="The complaints service: intake, clocks, workflow, compensation, penalties, evidence, statistics, contacts.",
    on_start=(arm_statistics_timers,),
    consumers=(Consumer(CONTACTS_GROUP, [CONTACTS_TOPIC], contact_consumer),),
    periodic=(Periodic(lambda s: s.gauges_interval_seconds, lambda app: app.refresh_gauges),),
    commands=(
        Command("rebuild-projections", "rewrite every read model from the event histories", rebuild_projections),
    ),
)
