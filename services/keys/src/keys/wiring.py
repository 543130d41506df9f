"""What the composition root hands each sub-domain's ``wiring.parts``, and what it gets back:
so ``bootstrap`` adds one call per sub-domain and names no adapter of theirs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cskit.calls import Call
from cskit.domain import Actor, Clock
from cskit.domain.actor import system_scope
from cskit.pagination import PageTokens
from cskit.records import ServiceParts
from cskit.service import Registration
from cskit.timers import TimerHandler
from keys.domain.policy import KeysPolicy
from keys.settings import KeysSettings


@dataclass(frozen=True, slots=True)
class Wiring:
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    tokens: PageTokens
    policy: KeysPolicy
    # The service's settings, for a sub-domain's own block (loans' callers, imports' bounds...).
    settings: KeysSettings = field(default_factory=KeysSettings)


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
