"""Complaints on the kit's event store, plus what only complaints need: case numbers
(CMP-01) and the clock rows timers and statistics query (CMP-03, CMP-04)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from complaints.intake.domain.events import ComplaintEvent
from complaints.intake.domain.model import Complaint
from complaints.persistence.rows import ClockRow, NumberSequenceRow
from complaints.persistence.streams import COMPLAINTS, not_found
from cskit.audit import RequestContext
from cskit.db.batch import WriteBatch
from cskit.domain import BranchScope
from cskit.eventstore import Repository

__all__ = ["NumberAllocator", "SqlComplaintRepository", "clock_rows", "not_found", "write_clocks"]


def _next_number(dialect: str, branch_id: str, period: str) -> object:
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert_(NumberSequenceRow).values(branch_id=branch_id, period=period, last=1)
    return stmt.on_conflict_do_update(
        index_elements=[NumberSequenceRow.branch_id, NumberSequenceRow.period],
        set_={"last": NumberSequenceRow.last + 1},
    ).returning(NumberSequenceRow.last)


class NumberAllocator:
    """Hands out case numbers per branch and month (CMP-01).

    On PostgreSQL the counter's row lock is taken in a short transaction of its own, on a
    small pool of its own (``engine``): held for one statement, never across the case's
    whole write, and never waiting for a connection a waiting writer holds. A number whose
    case then fails to commit is skipped; CMP-01 asks that a complaint *gets* a number, not
    for an unbroken series. SQLite has one writer anyway: there the counter moves in the
    case's own transaction (``engine`` None), so a failed write leaves no gap.
    """

    def __init__(self, engine: AsyncEngine | None) -> None:
        self._engine = engine

    async def next(self, session: AsyncSession, branch_id: str, period: str) -> int:
        if self._engine is None:
            stmt = _next_number(session.get_bind().dialect.name, branch_id, period)
            return int((await session.execute(stmt)).scalar_one())  # type: ignore[call-overload]
        async with self._engine.begin() as conn:
            stmt = _next_number(self._engine.dialect.name, branch_id, period)
            return int((await conn.execute(stmt)).scalar_one())  # type: ignore[call-overload]


IN_TRANSACTION = NumberAllocator(None)


def clock_rows(complaint: Complaint) -> list[dict[str, object]]:
    """The clock rows of a case (CMP-03, CMP-04), seen at its last event's time like the
    projection, so a rebuild writes the same rows."""
    return [
        {
            "complaint_id": complaint.id,
            "kind": clock.kind.value,
            "rule_id": clock.rule_id,
            "branch_id": complaint.branch_id,
            "state": clock.state.value,
            "started_at": clock.started_at,
            "deadline_at": clock.deadline_at,
            "paused_at": clock.paused_at,
            "paused_seconds": int(clock.paused_total.total_seconds()),
            "settled_at": clock.settled_at,
        }
        for clock in complaint.clocks(complaint.updated_at)
    ]


_CLOCK_CHANGES = (
    "rule_id",
    "branch_id",
    "state",
    "started_at",
    "deadline_at",
    "paused_at",
    "paused_seconds",
    "settled_at",
)


def stage_clocks(batch: WriteBatch, complaint: Complaint) -> None:
    """A case's clocks only ever start (none disappears), so upserting each replaces them all."""
    for row in clock_rows(complaint):
        batch.upsert(ClockRow.__table__, row, conflict=("complaint_id", "kind"), update=_CLOCK_CHANGES)  # type: ignore[arg-type]


async def write_clocks(session: AsyncSession, complaint: Complaint) -> None:
    batch = WriteBatch()
    stage_clocks(batch, complaint)
    await batch.flush(session)


class SqlComplaintRepository(Repository[Complaint, ComplaintEvent]):
    def __init__(self, session: AsyncSession, scope: BranchScope, numbers: NumberAllocator = IN_TRANSACTION) -> None:
        super().__init__(COMPLAINTS, session, scope)
        self._session = session
        self._numbers = numbers

    async def next_sequence(self, branch_id: str, period: str) -> int:
        return await self._numbers.next(self._session, branch_id, period)

    async def write_changes(
        self, context: RequestContext, batch: WriteBatch | None = None
    ) -> list[tuple[Complaint, list[ComplaintEvent]]]:
        own = batch is None
        batch = WriteBatch() if batch is None else batch
        changed = []
        for complaint in self.seen.values():
            if events := await self.store.append(self._session, complaint, self.scope, context, batch):
                stage_clocks(batch, complaint)
                changed.append((complaint, events))
        if own:
            await batch.flush(self._session)
        return changed
