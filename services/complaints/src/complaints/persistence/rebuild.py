"""``python -m complaints rebuild-projections``: every read model, again from the histories.

For after a change to how a record is projected (a new document field, a new list column),
or to repair a read model: the histories (PLT-04) are the truth, the projections follow.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.intake.persistence.repository import write_clocks
from complaints.persistence.streams import AGREEMENTS, COMPLAINTS
from cskit.domain import system_scope
from cskit.eventstore import EventStore
from cskit.eventstore.store import A, E

# Every branch: a rebuild is the service's own maintenance, not a caller's read (PLT-01).
_EVERY_BRANCH = system_scope("rebuild complaints read models from their histories")


@dataclass(frozen=True, slots=True)
class Rebuilt:
    complaints: int
    agreements: int


async def _rebuild(
    sessions: async_sessionmaker[AsyncSession],
    store: EventStore[A, E],
    batch: int,
    also: Callable[[AsyncSession, A], Awaitable[None]] | None = None,
) -> int:
    count, after = 0, ""
    while True:
        # Each batch in a transaction of its own, so a writer waits for one batch at most.
        async with sessions() as session, session.begin():
            more = None if also is None else partial(also, session)
            done = await store.rebuild_batch(session, _EVERY_BRANCH, after=after, batch=batch, also=more)
        if done is None:
            return count
        count, after = count + done[0], done[1]


async def rebuild_projections(sessions: async_sessionmaker[AsyncSession], *, batch: int = 200) -> Rebuilt:
    return Rebuilt(
        complaints=await _rebuild(sessions, COMPLAINTS, batch, write_clocks),
        agreements=await _rebuild(sessions, AGREEMENTS, batch),
    )
