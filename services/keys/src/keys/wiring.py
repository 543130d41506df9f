"""What the composition root hands each sub-domain's ``wiring.parts``, and what it gets back:
so ``bootstrap`` adds one call per sub-domain and names no adapter of theirs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cskit.calls import Call
from cskit.domain import Actor, Clock
from cskit.domain.actor import system_scope
from cskit.pagination import PageTokens
from cskit.records import ServiceParts
from cskit.service import Registration
from cskit.timers import TimerHandler
from keys.domain.policy import KeysPolicy


@dataclass(frozen=True, slots=True)
class Wiring:
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    tokens: PageTokens
    policy: KeysPolicy
    # KEY-02 bulk import bounds (settings import_max_rows, import_max_bytes).
    import_max_rows: int = 2000
    import_max_bytes: int = 1024 * 1024
    # Electronic cabinets: the callers allowed to report, and the bounds on a report's time.
    cabinet_gateway_issuers: frozenset[str] = frozenset({"cabinet-gateway"})
    cabinet_clock_skew: timedelta = timedelta(minutes=1)
    cabinet_max_age: timedelta = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Parts:
    registrations: list[Registration]
    timers: dict[str, TimerHandler] = field(default_factory=dict)
    # Run once at start-up, before the timers (e.g. arming the daily count reminder).
    starts: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


@dataclass
class KeysParts(ServiceParts):
    """The kit's parts, with the sub-domains' start-up work (``service.DECLARATION.on_start``)."""

    starts: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    async def start(self) -> None:
        for start in self.starts:
            await start()


def system_call(purpose: str) -> Call:
    """The service's own work (timers, the cabinet feed): every branch, named by its purpose."""
    return Call(
        actor=Actor(subject="system", branch_id="system", roles=frozenset({"system"})),
        system=system_scope(f"keys: {purpose}"),
    )
