"""What the composition root hands each sub-domain's ``wiring.parts`` (``Wiring``), and what
it gets back (the kit's ``Parts``, ``cskit.composition``): so ``bootstrap`` adds one entry per
sub-domain and names no adapter of theirs."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cskit.calls import Call
from cskit.composition import Gauges, Parts
from cskit.composition import system_call as kit_system_call
from cskit.domain import Clock
from cskit.pagination import PageTokens
from cskit.records import ServiceParts
from keys import SERVICE
from keys.domain.policy import KeysPolicy
from keys.settings import KeysSettings

__all__ = ["Gauges", "KeysParts", "Parts", "Wiring", "system_call"]


@dataclass(frozen=True, slots=True)
class Wiring:
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    tokens: PageTokens
    policy: KeysPolicy
    # The service's settings, for a sub-domain's own block (loans' callers, imports' bounds...).
    settings: KeysSettings = field(default_factory=KeysSettings)


# The kit's parts under the service's name (its ``service.py`` and tests name it); ``Parts``,
# ``Gauges`` and ``system_call`` are the kit's too, imported from here with ``Wiring``.
KeysParts = ServiceParts


def system_call(purpose: str) -> Call:
    """The service's own work (timers, the cabinet feed): every branch, named by its purpose."""
    return kit_system_call(SERVICE, purpose)
