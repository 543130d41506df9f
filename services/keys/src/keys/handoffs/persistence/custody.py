"""``custodian_for``: whose custody a person holds at an instant (KEY-14), for every keys
sub-domain (counts today; loans and seals may ask the same). Reads the hand-offs' read model
in the caller's session, one query."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from keys.handoffs.domain.model import HandOff, HandOffStatus, custodians_held, keeper_of
from keys.handoffs.persistence.rows import HandOffRow
from keys.handoffs.persistence.store import HAND_OFFS


def _active_on(branches: Iterable[str] | None, day: date) -> Select[tuple[object, int]]:
    text = day.isoformat()
    stmt = select(HandOffRow.document, HandOffRow.version).where(
        HandOffRow.status == HandOffStatus.ACTIVE.value, HandOffRow.from_day <= text, HandOffRow.to_day >= text
    )
    if branches is not None:
        stmt = stmt.where(HandOffRow.branch_id.in_(list(branches)))
    return stmt


async def active_hand_offs(session: AsyncSession, branches: Iterable[str] | None, day: date) -> list[HandOff]:
    """Every accepted hand-off covering ``day`` (in ``branches``; None: every branch)."""
    rows = (await session.execute(_active_on(branches, day))).all()
    return [HAND_OFFS.stream.restore(r.document, r.version) for r in rows]


async def custodian_for(session: AsyncSession, branch_id: str, subject: str, day: date) -> frozenset[str]:
    """The custodians whose duties ``subject`` holds on ``day``: themselves and whoever
    handed custody to them for a period covering it."""
    stmt = _active_on([branch_id], day).where(HandOffRow.deputy == subject)
    rows = (await session.execute(stmt)).all()
    return custodians_held(subject, [HAND_OFFS.stream.restore(r.document, r.version) for r in rows], day)


__all__ = ["active_hand_offs", "custodian_for", "keeper_of"]
