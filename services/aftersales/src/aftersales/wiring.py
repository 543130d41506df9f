"""What the composition root hands each sub-domain's ``wiring.parts``, and what it gets back:
so ``bootstrap`` adds one call per sub-domain and names no adapter of theirs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from aftersales.domain.policy import AftersalesPolicy
from aftersales.settings import AftersalesSettings
from cskit.calls import Call
from cskit.domain import Actor, Clock
from cskit.domain.actor import system_scope
from cskit.pagination import PageTokens
from cskit.records import ServiceParts
from cskit.service import Registration
from cskit.timers import TimerHandler


@dataclass(frozen=True, slots=True)
class Wiring:
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    tokens: PageTokens
    policy: AftersalesPolicy
    # The service's settings, for a sub-domain's own block.
    settings: AftersalesSettings = field(default_factory=AftersalesSettings)
    # The timer kinds set, due at once, in a work order's sign-off transaction: each
    # sub-domain that reacts to a completed order (its charge, filing, return visit) names
    # its kind as its wiring module's ``ON_COMPLETION`` and handles the timer (subject: the order id).
    on_completion: tuple[str, ...] = ()


# A sub-domain's gauges, recomputed from the database every gauges interval.
Gauges = Callable[[AsyncEngine, datetime], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Parts:
    registrations: list[Registration]
    timers: dict[str, TimerHandler] = field(default_factory=dict)
    # Run once at start-up, before the timers (e.g. arming a monthly job's first timer).
    starts: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    gauges: list[Gauges] = field(default_factory=list)


@dataclass
class AftersalesParts(ServiceParts):
    """The kit's parts, with the sub-domains' start-up work (``service.DECLARATION.on_start``)
    and their gauges (``service.DECLARATION.periodic``)."""

    starts: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    gauges: list[Gauges] = field(default_factory=list)

    async def start(self) -> None:
        for start in self.starts:
            await start()

    async def refresh_gauges(self) -> None:
        now = self.clock.now()
        for refresh in self.gauges:
            await refresh(self.database.async_engine, now)


def system_call(purpose: str) -> Call:
    """The service's own work (timers, calls to other services): every branch, named by its purpose."""
    return Call(
        actor=Actor(subject="system", branch_id="system", roles=frozenset({"system"})),
        system=system_scope(f"aftersales: {purpose}"),
    )
