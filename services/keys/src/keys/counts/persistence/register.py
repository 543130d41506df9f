"""What the register expects, read set-based from its read model (KEY-08): one query for a
cabinet's key sets at the start and at the close of a count, one for the daily reminder -
never a query per key set."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from keys.counts.domain.events import Expected
from keys.domain.kinds import KeyState
from keys.register.persistence.rows import KeySetRow

# The states a key set is expected in a cabinet's count: hanging, sealed, or lent from it.
COUNTED = (KeyState.IN_CABINET.value, KeyState.SEALED.value, KeyState.LENT.value)


async def expected_in(session: AsyncSession, branch_id: str, cabinet: str) -> list[Expected]:
    k = KeySetRow
    rows = await session.execute(
        # Only a lent set's document is read (its loan's ref and borrower): not 5,000 documents.
        select(
            k.id,
            k.code,
            k.hook,
            k.state,
            k.key_count,
            k.custodian,
            case((k.state == "lent", k.document)).label("document"),
        )
        .where(k.branch_id == branch_id, k.cabinet == cabinet, k.state.in_(COUNTED))
        .order_by(k.hook, k.code)
    )
    return [_expected(r) for r in rows]


def _expected(r: Any) -> Expected:
    lent = r.state == KeyState.LENT.value
    return Expected(
        key_set_id=r.id,
        code=r.code,
        hook=r.hook,
        state=r.state,
        key_count=r.key_count,
        custodian=r.custodian,
        loan_ref=str(r.document.get("ref", "")) if lent and r.document else "",
        borrower=str(r.document.get("borrower", "")) if lent and r.document else "",
    )


async def cabinets_by_custodian(session: AsyncSession) -> list[tuple[str, str, str]]:
    """(branch, cabinet, custodian) for every cabinet holding counted key sets, every branch."""
    k = KeySetRow
    rows = await session.execute(select(k.branch_id, k.cabinet, k.custodian).where(k.state.in_(COUNTED)).distinct())
    return [(r.branch_id, r.cabinet, r.custodian) for r in rows]
