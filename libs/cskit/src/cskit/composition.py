"""A service's composition root, written once: each sub-domain's ``wiring.parts(wiring)``
gives its ``Parts`` (gRPC services, timer handlers, start-up and shutdown work, gauges) and
``compose`` merges them into the ``ServiceParts`` the kit's entry point runs, with the timer
runner and, when enabled, the platform's test clock. A service's ``bootstrap.build`` is then
its settings, its database, its ``Wiring`` and one call::

    return compose(SERVICE, database, clock or SystemClock(), [s.parts for s in SUB_DOMAINS],
                   lambda clock: Wiring(database.async_sessions(), clock, ...),
                   test_clock=test_clock, max_idle=settings.timers_max_idle_seconds)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from cskit.calls import Call
from cskit.db.engine import Database
from cskit.domain.actor import Actor, system_scope
from cskit.domain.clock import Clock
from cskit.records import Gauges, Hook, ServiceParts, with_test_clock
from cskit.service import Registration
from cskit.timers.runner import TimerHandler, TimerRunner

__all__ = ["Gauges", "Hook", "Parts", "ServiceParts", "compose", "system_call"]

W = TypeVar("W")


@dataclass(frozen=True, slots=True)
class Parts:
    """One sub-domain's contribution to its service."""

    registrations: list[Registration]
    timers: dict[str, TimerHandler] = field(default_factory=dict)
    # Run once at start-up, before the timers (e.g. arming a monthly job's first timer).
    starts: list[Hook] = field(default_factory=list)
    # Run once at shutdown, after the timers stopped and before the database is disposed of
    # (e.g. closing a channel to another service).
    stops: list[Hook] = field(default_factory=list)
    gauges: list[Gauges] = field(default_factory=list)


def system_call(service: str, purpose: str) -> Call:
    """The service's own work (timers, calls to other services): every branch, named by its purpose."""
    return Call(
        actor=Actor(subject="system", branch_id="system", roles=frozenset({"system"})),
        system=system_scope(f"{service}: {purpose}"),
    )


def compose(
    service: str,
    database: Database,
    clock: Clock,
    sub_domains: Iterable[Callable[[W], Parts]],
    wiring: Callable[[Clock], W],
    *,
    test_clock: bool | None = None,
    max_idle: float = 1.0,
) -> ServiceParts:
    """The service's parts: ``wiring`` made with the clock every handler reads (the test
    clock's when enabled, ``cskit.records.with_test_clock``) and handed to each sub-domain's
    ``parts`` in order; their parts merged, and the timer runner over their handlers."""
    clock, moving, registrations = with_test_clock(database, service, clock, test_clock)
    handed = wiring(clock)
    timers: dict[str, TimerHandler] = {}
    starts: list[Hook] = []
    stops: list[Hook] = []
    gauges: list[Gauges] = []
    for parts_of in sub_domains:
        parts = parts_of(handed)
        registrations += parts.registrations
        timers |= parts.timers
        starts += parts.starts
        stops += parts.stops
        gauges += parts.gauges
    runner = TimerRunner(
        database,
        timers,
        clock,
        max_idle=max_idle,
        before_pass=None if moving is None else moving.refresh,
    )
    if moving is not None:
        moving.on_advance(runner.wake)  # timers that became due fire now, not at the next idle look
    return ServiceParts(
        database, clock, registrations, timers=runner, test_clock=moving, starts=starts, stops=stops, gauges=gauges
    )
