"""What the composition root hands each sub-domain's ``wiring.parts`` (``Wiring``), and what
it gets back (the kit's ``Parts``, ``cskit.composition``): so ``bootstrap`` adds one entry per
sub-domain and names no adapter of theirs."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aftersales import SERVICE
from aftersales.domain.policy import AftersalesPolicy
from aftersales.settings import AftersalesSettings
from cskit.calls import Call
from cskit.composition import Gauges, Parts
from cskit.composition import system_call as kit_system_call
from cskit.domain import Clock
from cskit.pagination import PageTokens
from cskit.records import ServiceParts

__all__ = ["AftersalesParts", "Gauges", "Parts", "Wiring", "system_call"]


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


# The kit's parts under the service's name (its ``service.py`` and tests name it); ``Parts``,
# ``Gauges`` and ``system_call`` are the kit's too, imported from here with ``Wiring``.
AftersalesParts = ServiceParts


def system_call(purpose: str) -> Call:
    """The service's own work (timers, calls to other services): every branch, named by its purpose."""
    return kit_system_call(SERVICE, purpose)
