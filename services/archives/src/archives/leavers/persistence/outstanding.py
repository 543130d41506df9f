"""ARC-09: the files still out with an employee in a branch, from the records' read model in
one query (the borrower index)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from archives.leavers.domain.model import OUT_STATES, LeaverFileOut
from archives.records.persistence.rows import RecordRow

_NO = RecordRow.document["archive_no"].as_string()
_REF = RecordRow.document["ref"].as_string()


async def files_out(session: AsyncSession, branch_id: str, employee_id: str) -> list[LeaverFileOut]:
    r = RecordRow
    rows = await session.execute(
        select(r.id, r.category, r.state, r.due_at, _NO.label("archive_no"), _REF.label("ref"))
        .where(r.borrower == employee_id, r.state.in_(OUT_STATES), r.branch_id == branch_id)
        .order_by(r.id)
    )
    return [
        LeaverFileOut(
            record_id=row.id,
            archive_no=row.archive_no or "",
            category=row.category,
            state=row.state,
            ref=row.ref or "",
            due_at=row.due_at,
        )
        for row in rows
    ]
