"""What the register expects, read set-based from the records' read model (ARC-10): one query
for a range's records at the start and at the close, one for the records found outside it -
never a query per record. Archive number and location are read from the document by path."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from archives.records.persistence.rows import RecordRow
from archives.stocktake.domain.events import Expected

# On the shelf, or lent from it (expected out).
COUNTED = ("on_shelf", "lent")
_NO = RecordRow.document["archive_no"].as_string()
_AT = RecordRow.document["location"].as_string()
_REF = RecordRow.document["ref"].as_string()


def _select() -> Any:
    r = RecordRow
    return select(r.id, r.state, r.borrower, _NO.label("archive_no"), _AT.label("location"), _REF.label("ref"))


def _expected(row: Any) -> Expected:
    return Expected(
        record_id=row.id,
        archive_no=row.archive_no or "",
        location=row.location or "",
        state=row.state,
        borrower=row.borrower or "",
        ref=row.ref or "",
    )


async def expected_in(
    session: AsyncSession, branch_id: str, scope: str, category: str, levels: Collection[str]
) -> list[Expected]:
    """``levels``: the confidentiality levels the caller is cleared for (ARC-05)."""
    where: list[ColumnElement[bool]] = [
        RecordRow.branch_id == branch_id,
        RecordRow.state.in_(COUNTED),
        RecordRow.confidentiality.in_(list(levels)),
    ]
    if scope:
        where.append(_AT.startswith(scope, autoescape=True))
    if category:
        where.append(RecordRow.category == category)
    rows = await session.execute(_select().where(*where).order_by(RecordRow.id))
    return [_expected(r) for r in rows]


async def records_named(
    session: AsyncSession, branch_id: str, ids: Collection[str], numbers: Collection[str], levels: Collection[str]
) -> dict[str, Expected]:
    """The branch's records among ``ids`` or archive ``numbers``, by id and by ``no:<number>``."""
    if not ids and not numbers:
        return {}
    named = or_(RecordRow.id.in_(list(ids)), _NO.in_(list(numbers)))
    found: dict[str, Expected] = {}
    cleared = RecordRow.confidentiality.in_(list(levels))
    for row in await session.execute(_select().where(RecordRow.branch_id == branch_id, cleared, named)):
        e = _expected(row)
        found[e.record_id] = e
        if e.archive_no:
            found[f"no:{e.archive_no}"] = e
    return found


async def branches_with_records(session: AsyncSession) -> list[str]:
    rows = await session.execute(select(RecordRow.branch_id).where(RecordRow.state.in_(COUNTED)).distinct())
    return [r.branch_id for r in rows]
