"""Hand-off lists, and the live hand-offs of a custodian (the overlap check)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import Page
from keys.handoffs.domain.events import HandOffEvent
from keys.handoffs.domain.model import HandOff, HandOffStatus
from keys.handoffs.persistence.rows import HandOffRow
from keys.handoffs.persistence.store import HAND_OFFS


class HandOffReader(StreamReader[HandOff, HandOffEvent]):
    async def find(
        self, scope: BranchScope, page: Page, *, custodian: str = "", deputy: str = "", status: str = ""
    ) -> tuple[list[HandOff], str]:
        where: list[ColumnElement[bool]] = []
        for column, value in (
            (HandOffRow.custodian, custodian),
            (HandOffRow.deputy, deputy),
            (HandOffRow.status, status),
        ):
            if value:
                where.append(column == value)
        return await self.documents(self.oldest_first, scope, page, *where)


async def live_hand_offs(session: AsyncSession, branch_id: str, custodian: str) -> list[HandOff]:
    stmt = select(HandOffRow.document, HandOffRow.version).where(
        HandOffRow.branch_id == branch_id,
        HandOffRow.custodian == custodian,
        HandOffRow.status.in_([HandOffStatus.PENDING.value, HandOffStatus.ACTIVE.value]),
    )
    return [HAND_OFFS.stream.restore(r.document, r.version) for r in (await session.execute(stmt)).all()]
