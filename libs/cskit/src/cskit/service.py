"""Service defaults: one entry point gives every service its commands from a short declaration.

A service's ``service.py`` declares what is its own (name, settings class, composition root,
migrations, topics, start-up work, periodic jobs); its ``__main__`` is one call::

    run(DECLARATION)

and ``python -m <service>`` then offers, the same in every service:

- ``serve``: gRPC with the kit's interceptors (tracing, RED metrics, error mapping, caller
  verification and the call context), health, reflection, /metrics, graceful stop, the test
  clock (when enabled, started before anything reads the time), the durable timers and the
  declared periodic jobs;
- ``relay``, ``topics``, ``republish``: the outbox relay and its topics (``cskit.messaging.commands``);
- ``migrate``, ``makemigration MESSAGE``: Alembic, from the service's migrations folder;
- ``replay-dlt --group G [--topic T]``: re-publish a consumer group's dead letters;
- ``consume [--group G]`` when the service declares consumers: each declared group's
  runner (``cskit.messaging.consumer``: exactly-once effects, retries, dead letters) in its
  own thread until SIGTERM, with /metrics on ``consumer_metrics_port``;
- the service's own maintenance commands (``commands``), e.g. rebuilding read models.

Logging and tracing are configured from the settings before any command runs.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import threading
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

import grpc.aio

from cskit.messaging.consumer import Handler as ConsumerHandler
from cskit.messaging.topics import TopicSpec
from cskit.settings import ServiceSettings

log = logging.getLogger("cskit.service")


@dataclass(frozen=True)
class Registration:
    """One gRPC service a process serves: how to add it, and its full name (health, reflection)."""

    add: Callable[[Any, grpc.aio.Server], None]
    servicer: object
    full_name: str

    def register(self, server: grpc.aio.Server) -> None:
        self.add(self.servicer, server)


class Startable(Protocol):
    async def start(self) -> None: ...


@runtime_checkable
class Stoppable(Protocol):
    """An app with shutdown work of its own (``cskit.records.ServiceParts.stop``)."""

    async def stop(self) -> None: ...


class TimerLoop(Protocol):
    async def run(self, stop: asyncio.Event) -> None: ...


class Disposable(Protocol):
    async def dispose(self) -> None: ...


class ServiceApp(Protocol):
    """What a service's composition root builds, as far as the entry point needs it."""

    @property
    def database(self) -> Disposable: ...

    @property
    def timers(self) -> TimerLoop | None: ...

    @property
    def test_clock(self) -> Startable | None: ...

    @property
    def service_names(self) -> Sequence[str]: ...

    def register(self, server: grpc.aio.Server) -> None: ...


S = TypeVar("S", bound=ServiceSettings)
A = TypeVar("A", bound=ServiceApp)


@dataclass(frozen=True)
class Periodic(Generic[S, A]):
    """Light periodic work in the serve process (gauges): not for work that must happen,
    which is a durable timer."""

    seconds: Callable[[S], float]
    job: Callable[[A], Callable[[], Awaitable[None]]]


@dataclass(frozen=True)
class Consumer(Generic[S]):
    """An event consumer the ``consume`` command runs: its group, its topics, and its handler
    (``(session, envelope) -> None``, built from the settings when the command starts)."""

    group: str
    topics: Sequence[str]
    handler: Callable[[S], ConsumerHandler]


@dataclass(frozen=True)
class Command(Generic[S]):
    """A maintenance command of the service's own (``python -m <service> <name>``): ``arguments``
    adds its flags to its parser, ``run`` receives the settings and the parsed arguments."""

    name: str
    help: str
    run: Callable[[S, argparse.Namespace], None]
    arguments: Callable[[argparse.ArgumentParser], None] | None = None


# The kit's own commands; a service's command may not shadow one.
KIT_COMMANDS = frozenset({"serve", "relay", "topics", "republish", "migrate", "makemigration", "replay-dlt", "consume"})


@dataclass(frozen=True)
class ServiceDeclaration(Generic[S, A]):
    """A service, as the kit's entry point needs to know it.

    ``build`` is the composition root, called only by ``serve`` (so ``migrate`` and the relay
    start without importing the API); ``topics`` likewise returns the declared topics when a
    messaging command needs them. ``on_start`` runs once the port is bound, after the test
    clock started and before the timers run (e.g. arming a service's calendar timers).
    """

    name: str
    settings: type[S]
    build: Callable[[S], A]
    migrations: Path
    topics: Callable[[], Sequence[TopicSpec]]
    dlt_topic: str
    description: str = ""
    on_start: Sequence[Callable[[A], Awaitable[None]]] = ()
    periodic: Sequence[Periodic[S, A]] = field(default_factory=tuple)
    consumers: Sequence[Consumer[S]] = ()
    commands: Sequence[Command[S]] = ()

    def __post_init__(self) -> None:
        names = [c.name for c in self.commands]
        clashing = sorted(set(names) & KIT_COMMANDS) or sorted({n for n in names if names.count(n) > 1})
        if clashing:
            raise ValueError(f"{self.name}: commands {clashing} clash with the kit's or each other")


def parser(declaration: ServiceDeclaration[Any, Any]) -> argparse.ArgumentParser:
    from cskit.messaging.commands import add_republish_parser

    out = argparse.ArgumentParser(prog=declaration.name, description=declaration.description)
    sub = out.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="gRPC API, health, metrics and the timers")
    sub.add_parser("relay", help="publish the outbox to Kafka")
    sub.add_parser("topics", help="create the declared topics that are missing")
    add_republish_parser(sub)
    sub.add_parser("migrate", help="upgrade the database to the latest schema")
    make = sub.add_parser("makemigration", help="autogenerate a new migration from the models")
    make.add_argument("message")
    replay = sub.add_parser("replay-dlt", help="re-publish a consumer group's dead letters")
    replay.add_argument("--group", required=True)
    replay.add_argument("--topic", default=declaration.dlt_topic)
    if declaration.consumers:
        consume = sub.add_parser("consume", help="run the declared event consumers")
        consume.add_argument("--group", choices=[c.group for c in declaration.consumers], default=None)
    for command in declaration.commands:
        own = sub.add_parser(command.name, help=command.help)
        if command.arguments is not None:
            command.arguments(own)
    return out


def run(declaration: ServiceDeclaration[S, A], argv: list[str] | None = None) -> None:
    """``python -m <service> <command>``: parse, configure logging and tracing, run the command."""
    from cskit.observability.logging import configure_logging
    from cskit.observability.tracing import configure_tracing

    args = parser(declaration).parse_args(argv)
    settings = declaration.settings()
    configure_logging(declaration.name, settings.log_level, settings.log_json)
    configure_tracing(declaration.name, otlp_endpoint=settings.otlp_endpoint)
    dispatch(declaration, settings, args)


def dispatch(declaration: ServiceDeclaration[S, A], settings: S, args: argparse.Namespace) -> None:
    """Run the parsed command (``run`` without the process-wide logging and tracing set-up)."""
    if args.command == "serve":
        asyncio.run(serve(declaration, settings))
    elif args.command in ("relay", "topics", "republish"):
        from cskit.messaging import commands

        topics = declaration.topics()
        if args.command == "relay":
            commands.run_relay(settings, service=declaration.name, topics=topics)
        elif args.command == "topics":
            commands.run_ensure_topics(settings, topics=topics)
        else:
            commands.run_republish(settings, args, service=declaration.name, topics=topics)
    elif args.command in ("migrate", "makemigration"):
        from cskit.db.migrations import revision, upgrade

        upgrade(declaration.migrations, settings.database_url)
        if args.command == "makemigration":
            revision(declaration.migrations, settings.database_url, args.message)
        else:
            log.info("database at head")
    elif args.command == "replay-dlt":
        from cskit.messaging.dlt import replay_dead_letters

        count = replay_dead_letters(settings.kafka_bootstrap, topic=args.topic, group=args.group)
        log.info("replayed %d dead letters of %s", count, args.group)
    elif args.command == "consume":
        from cskit.observability.metrics import start_metrics_server

        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        start_metrics_server(settings.consumer_metrics_port, settings.bind_host)
        consume(declaration, settings, stop, group=args.group)
    else:
        next(c for c in declaration.commands if c.name == args.command).run(settings, args)


def consume(
    declaration: ServiceDeclaration[S, A], settings: S, stop: threading.Event, *, group: str | None = None
) -> None:
    """Run the declared consumers (or the one ``group``), each in its own thread, until ``stop``."""
    from cskit.db import Database
    from cskit.messaging.consumer import ConsumerRunner

    chosen = [c for c in declaration.consumers if group is None or c.group == group]
    if not chosen:
        raise SystemExit(f"{declaration.name} declares no consumer {group or ''}".rstrip())
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    runners = [
        ConsumerRunner(
            database,
            bootstrap_servers=settings.kafka_bootstrap,
            group_id=c.group,
            topics=c.topics,
            handler=c.handler(settings),
            service=declaration.name,
            dev_timeouts=settings.kafka_dev_timeouts,
        )
        for c in chosen
    ]
    threads = [threading.Thread(target=r.run, args=(stop,), name=f"consume-{r.group_id}") for r in runners]
    for thread in threads:
        thread.start()
    try:
        stop.wait()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        database.sync_engine.dispose()


async def serve(
    declaration: ServiceDeclaration[S, A], settings: S, *, stop: asyncio.Event | None = None, port: int | None = None
) -> None:
    """Build the service and serve it until SIGTERM/SIGINT (or ``stop``): the gRPC server with
    the kit's interceptors and caller verification, then the test clock, the declaration's
    start-up work, the timers and the periodic jobs; on stop, those, then the app's own
    shutdown work (``stop``, when it has one), then the database."""
    from cskit.grpc.server import serve as serve_grpc
    from cskit.periodic import every

    app = declaration.build(settings)
    stop_work = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []

    async def on_start() -> None:
        if app.test_clock is not None:  # before any timer or call reads the time
            await app.test_clock.start()
        for start in declaration.on_start:
            await start(app)
        if app.timers is not None:
            tasks.append(asyncio.create_task(app.timers.run(stop_work)))
        for job in declaration.periodic:
            tasks.append(asyncio.create_task(every(job.seconds(settings), job.job(app), stop_work)))

    async def on_stop() -> None:
        stop_work.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        try:
            # After the timers: a timer's handler may still be using what the app closes.
            if isinstance(app, Stoppable):
                await app.stop()
        finally:
            await app.database.dispose()

    await serve_grpc(
        service_name=declaration.name,
        port=settings.grpc_port if port is None else port,
        register=app.register,
        service_full_names=app.service_names,
        # Refuses to start on published dev caller keys unless allowed (the chart forbids them).
        callers=settings.caller_verifier(declaration.name),
        personal_data=settings.personal_data_policy,
        metrics_port=settings.metrics_port,
        host=settings.bind_host,
        on_start=on_start,
        on_stop=on_stop,
        stop_event=stop,
    )
