"""The kit's service entry point: every command and flag from a declaration, and ``serve``'s
start-up and shutdown order (test clock, start-up work, timers, periodic jobs, the app's own
shutdown work, database)."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import grpc.aio
import pytest

from cskit.messaging.topics import TopicSpec
from cskit.service import Command, Periodic, ServiceDeclaration, dispatch, parser, serve
from cskit.settings import ServiceSettings


@dataclass
class FakeApp:
    """Records what the entry point did to it, in order."""

    log: list[str] = field(default_factory=list)

    @property
    def database(self) -> FakeApp:
        return self

    @property
    def timers(self) -> FakeApp:
        return self

    @property
    def test_clock(self) -> FakeApp:
        return self

    @property
    def service_names(self) -> Sequence[str]:
        return ()

    def register(self, server: grpc.aio.Server) -> None:
        self.log.append("register")

    async def start(self) -> None:  # the test clock
        self.log.append("test clock started")

    async def run(self, stop: asyncio.Event) -> None:  # the timers
        self.log.append("timers running")
        await stop.wait()
        self.log.append("timers stopped")

    async def stop(self) -> None:  # the app's own shutdown work (ServiceParts.stops)
        self.log.append("app stopped")

    async def dispose(self) -> None:  # the database
        self.log.append("database disposed")

    async def gauges(self) -> None:
        self.log.append("gauges")


def declaration(app: FakeApp) -> ServiceDeclaration[ServiceSettings, FakeApp]:
    async def arm(a: FakeApp) -> None:
        a.log.append("on_start")

    return ServiceDeclaration(
        name="sample",
        settings=ServiceSettings,
        build=lambda _settings: app,
        migrations=Path("/nowhere"),
        topics=lambda: (TopicSpec("cs.sample.v1"),),
        dlt_topic="cs.sample.v1",
        on_start=(arm,),
        periodic=(Periodic(lambda _s: 3600.0, lambda a: a.gauges),),
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["serve"],
        ["relay"],
        ["topics"],
        ["republish", "--since", "2026-01-01T00:00:00Z", "--until", "2026-01-02T00:00:00+00:00", "--topic", "t"],
        ["migrate"],
        ["makemigration", "add a column"],
        ["replay-dlt", "--group", "finance"],
        ["replay-dlt", "--group", "finance", "--topic", "cs.other.v1"],
    ],
)
def test_every_service_gets_every_command_and_flag(argv: list[str]) -> None:
    args = parser(declaration(FakeApp())).parse_args(argv)
    assert args.command == argv[0]
    if argv[0] == "replay-dlt":
        assert args.topic == (argv[4] if len(argv) > 4 else "cs.sample.v1")  # the declared default


def test_an_unknown_command_or_a_missing_flag_is_refused() -> None:
    for argv in (["dance"], ["replay-dlt"], ["makemigration"], []):
        with pytest.raises(SystemExit):
            parser(declaration(FakeApp())).parse_args(argv)


async def test_serve_starts_the_test_clock_first_and_stops_everything_before_the_database() -> None:
    app = FakeApp()
    stop = asyncio.Event()
    settings = ServiceSettings(grpc_port=0, metrics_port=0)
    serving = asyncio.create_task(serve(declaration(app), settings, stop=stop))
    for _ in range(200):
        if "gauges" in app.log and "timers running" in app.log:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(serving, 15)
    assert app.log[:3] == ["register", "test clock started", "on_start"]
    assert {"timers running", "gauges"} <= set(app.log[3:5])
    assert app.log[-3:] == ["timers stopped", "app stopped", "database disposed"]


def test_a_service_adds_its_own_commands_with_their_flags() -> None:
    ran: list[tuple[str, int]] = []

    def rebuild(settings: ServiceSettings, args: argparse.Namespace) -> None:
        ran.append((settings.log_level, args.batch))

    own = Command[ServiceSettings](
        "rebuild-projections",
        "rewrite every read model from the histories",
        rebuild,
        lambda p: p.add_argument("--batch", type=int, default=100),
    )
    declared = dataclasses.replace(declaration(FakeApp()), commands=(own,))
    dispatch(declared, ServiceSettings(), parser(declared).parse_args(["rebuild-projections", "--batch", "7"]))
    assert ran == [("INFO", 7)]
    assert parser(declared).parse_args(["migrate"]).command == "migrate"  # the kit's stay


def test_a_service_command_may_not_shadow_a_kit_command() -> None:
    clash = Command[ServiceSettings]("migrate", "mine", lambda _s, _a: None)
    with pytest.raises(ValueError, match="migrate"):
        dataclasses.replace(declaration(FakeApp()), commands=(clash,))
