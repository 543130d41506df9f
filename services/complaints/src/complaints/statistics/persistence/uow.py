"""The statistics unit of work (CMP-12, CMP-13): reads a month's case facts, stores the frozen
snapshot with its audit entry (PLT-04) and outbox rows (PLT-03) in one transaction, and
schedules the monthly freeze timers. ``session`` given: join that transaction (the timer
runner's) and leave committing to it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.domain.states import Status
from complaints.domain.values import Category, Channel, ClockKind, ClockState, Nature
from complaints.intake.app.ports import CallContext
from complaints.penalties.domain.values import SanctionStatus
from complaints.penalties.persistence.rows import ResponsibilityRow, SanctionRow
from complaints.persistence.rows import ClockRow, ComplaintEventRow, ComplaintRow
from complaints.statistics.app.ports import StatisticsChange, StatisticsSnapshot
from complaints.statistics.domain.rules import (
    CaseFacts,
    MonthlyStatistics,
    MonthWindow,
    ResponsibilityFact,
    VisitFact,
    VisitTaskFact,
)
from complaints.statistics.events.outbound import outbox_entries
from complaints.statistics.persistence.rows import MonthlyStatisticsRow, StatisticsAuditRow
from complaints.timers import FREEZE_STATISTICS
from cskit import timers
from cskit.db.records import record_from
from cskit.db.uow import conflicts_translated
from cskit.messaging.outbox import stage
from cskit.records import JoinsOuterSession

_HISTORY = ("ComplaintClosed", "ComplaintReopened", "ReturnVisitRecorded", "ComplaintRejected")
_CHUNK = 500
# CMP-17: a case with a visit clock due in the month is in the month's pool too.
_VISIT_CLOCKS = tuple(
    k.value
    for k in (
        ClockKind.HARM_VISIT,
        ClockKind.RETURN_VISIT,
        ClockKind.PROPERTY_FIRST_VISIT,
        ClockKind.PROPERTY_SECOND_VISIT,
    )
)


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def snapshot_from(row: MonthlyStatisticsRow) -> StatisticsSnapshot:
    return record_from(StatisticsSnapshot, row, statistics=MonthlyStatistics.from_document(row.document), frozen=True)


class SqlStatisticsUnitOfWork(JoinsOuterSession):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        context: CallContext,
        *,
        session: AsyncSession | None = None,
    ) -> None:
        super().__init__(sessions)
        self._context = context
        self._outer = session
        self._changes: list[StatisticsChange] = []

    # -- reads ------------------------------------------------------------------------------

    async def facts(self, window: MonthWindow) -> Sequence[CaseFacts]:
        s = self.session
        visit_due = select(ClockRow.complaint_id).where(
            ClockRow.branch_id == window.branch_id,
            ClockRow.kind.in_(_VISIT_CLOCKS),
            ClockRow.deadline_at >= window.start,
            ClockRow.deadline_at < window.end,
        )
        in_window = or_(
            and_(ComplaintRow.received_at >= window.start, ComplaintRow.received_at < window.end),
            and_(ComplaintRow.closed_at >= window.start, ComplaintRow.closed_at < window.end),
            ComplaintRow.id.in_(visit_due),
        )
        cases = list(
            await s.scalars(
                select(ComplaintRow)
                .where(ComplaintRow.branch_id == window.branch_id, in_window)
                .order_by(ComplaintRow.id)
            )
        )
        ids = [c.id for c in cases]
        history: dict[str, list[ComplaintEventRow]] = defaultdict(list)
        clocks: dict[str, dict[ClockKind, ClockState]] = defaultdict(dict)
        responsible: dict[str, ResponsibilityRow] = {}
        sanctions: dict[str, list[SanctionRow]] = defaultdict(list)
        for chunk in _chunks(ids):
            for e in await s.scalars(
                select(ComplaintEventRow)
                .where(ComplaintEventRow.complaint_id.in_(chunk), ComplaintEventRow.event_type.in_(_HISTORY))
                .order_by(ComplaintEventRow.complaint_id, ComplaintEventRow.sequence)
            ):
                history[e.complaint_id].append(e)
            for k in await s.scalars(select(ClockRow).where(ClockRow.complaint_id.in_(chunk))):
                clocks[k.complaint_id][ClockKind(k.kind)] = ClockState(k.state)
            for r in await s.scalars(select(ResponsibilityRow).where(ResponsibilityRow.complaint_id.in_(chunk))):
                responsible[r.complaint_id] = r
            for x in await s.scalars(select(SanctionRow).where(SanctionRow.complaint_id.in_(chunk))):
                sanctions[x.complaint_id].append(x)
        return [_facts(c, history[c.id], clocks[c.id], responsible.get(c.id), sanctions[c.id]) for c in cases]

    async def frozen(self, branch_id: str, month: str, *, lock: bool = False) -> StatisticsSnapshot | None:
        stmt = select(MonthlyStatisticsRow).where(
            MonthlyStatisticsRow.branch_id == branch_id, MonthlyStatisticsRow.month == month
        )
        if lock and self.session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = (await self.session.scalars(stmt)).one_or_none()
        return None if row is None else snapshot_from(row)

    async def frozen_months(self, branches: frozenset[str] | None, branch_id: str) -> Sequence[StatisticsSnapshot]:
        stmt = select(MonthlyStatisticsRow).order_by(MonthlyStatisticsRow.branch_id, MonthlyStatisticsRow.month.desc())
        if branches is not None:
            stmt = stmt.where(MonthlyStatisticsRow.branch_id.in_(sorted(branches)))
        if branch_id:
            stmt = stmt.where(MonthlyStatisticsRow.branch_id == branch_id)
        return [snapshot_from(r) for r in await self.session.scalars(stmt)]

    async def branches(self) -> Sequence[str]:
        seen = set(await self.session.scalars(select(ComplaintRow.branch_id).distinct()))
        seen.update(await self.session.scalars(select(MonthlyStatisticsRow.branch_id).distinct()))
        return sorted(seen)

    # -- timers -----------------------------------------------------------------------------

    async def freeze_timer_pending(self, branch_id: str) -> bool:
        return await timers.pending(self.session, FREEZE_STATISTICS, branch_id) is not None

    async def schedule_freeze(self, branch_id: str, month: str, due_at: datetime) -> None:
        await timers.schedule(
            self.session, kind=FREEZE_STATISTICS, subject=branch_id, due_at=due_at, payload={"month": month}
        )

    # -- writes -----------------------------------------------------------------------------

    def record(self, change: StatisticsChange) -> None:
        self._changes.append(change)

    async def commit(self) -> None:
        async with conflicts_translated(self.session):
            for change in self._changes:
                await self._write(change)
            self._changes.clear()
            if self._outer is None:
                await self.session.commit()
            else:
                await self.session.flush()

    async def _write(self, change: StatisticsChange) -> None:
        snap = change.snapshot
        stats = snap.statistics
        row = await self.session.get(MonthlyStatisticsRow, (stats.branch_id, stats.month))
        if row is None:
            if change.replaces is not None:
                raise RuntimeError("a recompute without the frozen row")
            row = MonthlyStatisticsRow(branch_id=stats.branch_id, month=stats.month, version=0)
            self.session.add(row)
        row.document = stats.document()
        row.content_hash = snap.content_hash
        row.computed_at = snap.computed_at
        row.computed_by = snap.computed_by
        row.recomputations = snap.recomputations
        row.register_pointer = snap.register_pointer
        row.register_sha256 = snap.register_sha256
        row.register_cases = snap.register_cases
        row.version = row.version + 1  # optimistic lock: a concurrent recompute fails
        audit = StatisticsAuditRow(
            branch_id=stats.branch_id, month=stats.month,
            action="recomputed" if change.replaces is not None else "frozen",
            content_hash=snap.content_hash,
            previous_hash=change.replaces.content_hash if change.replaces is not None else "",
            reason=change.reason, actor=self._context.actor.subject, occurred_at=snap.computed_at,
            request_id=self._context.request_id, client_ip=self._context.client_ip,
        )  # fmt: skip
        self.session.add(audit)
        for topic, envelope in outbox_entries(change):
            stage(self.session, topic, envelope)


def _facts(
    c: ComplaintRow,
    history: list[ComplaintEventRow],
    clocks: dict[ClockKind, ClockState],
    responsibility: ResponsibilityRow | None,
    sanctions: list[SanctionRow],
) -> CaseFacts:
    closures = tuple(e.occurred_at for e in history if e.event_type == "ComplaintClosed")
    reopens = tuple(e.occurred_at for e in history if e.event_type == "ComplaintReopened")
    visits = tuple(
        VisitFact(e.occurred_at, bool(e.data.get("satisfied")), int(e.data.get("satisfaction") or 0))
        for e in history
        if e.event_type == "ReturnVisitRecorded"
    )
    fact = None
    if responsibility is not None:
        fact = ResponsibilityFact(
            level=responsibility.level, person_id=responsibility.person_id, team=responsibility.team,
            department=responsibility.department, sanction_ids=tuple(x.id for x in sanctions),
            published_sanction_ids=tuple(x.id for x in sanctions if x.status == SanctionStatus.PUBLISHED.value),
        )  # fmt: skip
    return CaseFacts(
        complaint_id=c.id, number=c.number, branch_id=c.branch_id, status=Status(c.status), nature=Nature(c.nature),
        category=Category(c.category), channel=Channel(c.channel), department=c.target_department,
        received_at=c.received_at, breached=c.breached,
        rejected=any(e.event_type == "ComplaintRejected" for e in history),
        closures=closures, reopens=reopens, visits=visits, clocks=clocks, responsibility=fact,
        visit_tasks=_visit_tasks(c.document),
    )  # fmt: skip


def _visit_tasks(document: Mapping[str, Any]) -> tuple[VisitTaskFact, ...]:
    """The case's visit tasks from its read document (``Complaint.care``, CMP-15 / CMP-17)."""
    tasks = document.get("care", {}).get("visit_tasks", [])
    return tuple(
        VisitTaskFact(
            kind=str(t["kind"]),
            due_at=datetime.fromisoformat(t["due_at"]),
            done_at=datetime.fromisoformat(t["done_at"]) if t.get("done_at") else None,
        )
        for t in tasks
    )


class SqlFrozenMonths:
    """CMP-12 for intake: is a month's snapshot already frozen?"""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def is_frozen(self, branch_id: str, month: str) -> bool:
        async with self._sessions() as session:
            found = await session.scalar(
                select(MonthlyStatisticsRow.month).where(
                    MonthlyStatisticsRow.branch_id == branch_id, MonthlyStatisticsRow.month == month
                )
            )
        return found is not None
