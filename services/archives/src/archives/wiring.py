"""What the composition root hands each sub-domain's ``wiring.parts`` (``Wiring``), and what
it gets back (the kit's ``Parts``, ``cskit.composition``): so ``bootstrap`` adds one entry per
sub-domain and names no adapter of theirs."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from archives import SERVICE
from archives.domain.policy import ArchivesPolicy
from archives.settings import ArchivesSettings
from cskit.calls import Call
from cskit.composition import Gauges, Parts
from cskit.composition import system_call as kit_system_call
from cskit.domain import Clock
from cskit.pagination import PageTokens
from cskit.records import ServiceParts

__all__ = ["ArchivesParts", "Gauges", "Parts", "Wiring", "system_call"]


@dataclass(frozen=True, slots=True)
class Wiring:
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    tokens: PageTokens
    policy: ArchivesPolicy
    # The service's settings, for a sub-domain's own block.
    settings: ArchivesSettings = field(default_factory=ArchivesSettings)


# The kit's parts under the service's name (its ``service.py`` and tests name it); ``Parts``,
# ``Gauges`` and ``system_call`` are the kit's too, imported from here with ``Wiring``.
ArchivesParts = ServiceParts


def system_call(purpose: str) -> Call:
    """The service's own work (timers, filing requests): every branch, named by its purpose."""
    return kit_system_call(SERVICE, purpose)
