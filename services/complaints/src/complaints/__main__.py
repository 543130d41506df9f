"""``python -m complaints serve|relay|topics|republish|migrate|makemigration|rebuild-projections|replay-dlt``:
a thin main."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from complaints import SERVICE, TOPIC
from complaints.settings import ComplaintsSettings
from cskit.db.migrations import revision, upgrade
from cskit.messaging.commands import add_republish_parser
from cskit.observability.logging import configure_logging
from cskit.observability.tracing import configure_tracing

MIGRATIONS = Path(__file__).parent / "persistence" / "migrations"
log = logging.getLogger("complaints")


def serve(settings: ComplaintsSettings) -> None:
    from complaints.bootstrap import build
    from cskit.grpc.server import serve as serve_grpc
    from cskit.periodic import every

    app = build(settings)
    stop_timers = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []

    async def on_start() -> None:
        if app.test_clock is not None:  # before any timer or call reads the time
            await app.test_clock.start()
        if app.statistics is not None:  # CMP-12: every known branch gets its monthly freeze timer
            await app.statistics.ensure_timers()
        tasks.append(asyncio.create_task(app.timers.run(stop_timers)))
        tasks.append(asyncio.create_task(every(settings.gauges_interval_seconds, app.refresh_gauges, stop_timers)))

    async def on_stop() -> None:
        stop_timers.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await app.database.dispose()

    asyncio.run(
        serve_grpc(
            service_name=SERVICE,
            port=settings.grpc_port,
            register=app.register,
            service_full_names=app.service_names,
            # Refuses to start on published dev caller keys unless allowed (the chart forbids them).
            callers=settings.caller_verifier(SERVICE),
            metrics_port=settings.metrics_port,
            host=settings.bind_host,
            on_start=on_start,
            on_stop=on_stop,
        )
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="complaints", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="gRPC API, health, metrics and the clock timers")
    sub.add_parser("relay", help="publish the outbox to Kafka")
    sub.add_parser("topics", help="create the declared topics that are missing")
    add_republish_parser(sub)
    sub.add_parser("migrate", help="upgrade the database to the latest schema")
    make = sub.add_parser("makemigration", help="autogenerate a new migration from the models")
    make.add_argument("message")
    sub.add_parser("rebuild-projections", help="rewrite every read model from the event histories")
    replay = sub.add_parser("replay-dlt", help="re-publish a consumer group's dead letters")
    replay.add_argument("--group", required=True)
    replay.add_argument("--topic", default=TOPIC)
    args = parser.parse_args(argv)

    settings = ComplaintsSettings()
    configure_logging(SERVICE, settings.log_level, settings.log_json)
    configure_tracing(SERVICE, otlp_endpoint=settings.otlp_endpoint)
    if args.command == "serve":
        serve(settings)
    elif args.command in ("relay", "topics", "republish"):
        from complaints.events.topics import TOPICS
        from cskit.messaging import commands

        if args.command == "relay":
            commands.run_relay(settings, service=SERVICE, topics=TOPICS)
        elif args.command == "topics":
            commands.run_ensure_topics(settings, topics=TOPICS)
        else:
            commands.run_republish(settings, args, service=SERVICE, topics=TOPICS)
    elif args.command == "migrate":
        upgrade(MIGRATIONS, settings.database_url)
        log.info("database at head")
    elif args.command == "makemigration":
        upgrade(MIGRATIONS, settings.database_url)
        revision(MIGRATIONS, settings.database_url, args.message)
    elif args.command == "rebuild-projections":
        from complaints.persistence.rebuild import rebuild_projections
        from cskit.db import Database

        async def rebuild() -> None:
            database = Database(settings.database_url)
            try:
                log.info("rebuilt %s", await rebuild_projections(database.async_sessions()))
            finally:
                await database.dispose()

        asyncio.run(rebuild())
    elif args.command == "replay-dlt":
        from cskit.messaging.dlt import replay_dead_letters

        count = replay_dead_letters(settings.kafka_bootstrap, topic=args.topic, group=args.group)
        log.info("replayed %d dead letters of %s", count, args.group)


if __name__ == "__main__":
    main()
