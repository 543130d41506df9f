"""What the composition root hands each sub-domain's ``wiring.parts``, and what it gets back:
so ``bootstrap`` adds one call per sub-domain and names no adapter of theirs."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cskit.calls import Call
from cskit.domain import Actor, Clock
from cskit.domain.actor import system_scope
from cskit.pagination import PageTokens
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
    # The service's settings, for a sub-domain's own block (loans: its policy and callers).
    settings: KeysSettings = field(default_factory=KeysSettings)


@dataclass(frozen=True, slots=True)
class Parts:
    registrations: list[Registration]
    timers: dict[str, TimerHandler] = field(default_factory=dict)


def system_call(purpose: str) -> Call:
    """The service's own work (timers, the cabinet feed): every branch, named by its purpose."""
    return Call(
        actor=Actor(subject="system", branch_id="system", roles=frozenset({"system"})),
        system=system_scope(f"keys: {purpose}"),
    )
