"""``python -m complaints rebuild-projections``: every read model, again from the histories.

For after a change to how a record is projected (a new document field, a new list column),
or to repair a read model: the histories (PLT-04) are the truth, the projections follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.domain.model import Complaint
from complaints.persistence.repository import write_clocks
from complaints.persistence.streams import AGREEMENTS, COMPLAINTS
from cskit.domain import system_scope

# Every branch: a rebuild is the service's own maintenance, not a caller's read (PLT-01).
_EVERY_BRANCH = system_scope("rebuild complaints read models from their histories")


@dataclass(frozen=True, slots=True)
class Rebuilt:
    complaints: int
    agreements: int


async def rebuild_projections(sessions: async_sessionmaker[AsyncSession]) -> Rebuilt:
    async with sessions() as session, session.begin():

        async def clocks(complaint: Complaint) -> None:
            await write_clocks(session, complaint)

        complaints = await COMPLAINTS.rebuild(session, _EVERY_BRANCH, also=clocks)
        agreements = await AGREEMENTS.rebuild(session, _EVERY_BRANCH)
    return Rebuilt(complaints=complaints, agreements=agreements)
