"""The month's SQL store: the close's job row (its freeze and progress), payroll records
written per chunk with their outbox rows in one write batch (one statement on PostgreSQL),
corrections with their audit row, and the weekly reviews."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from typing import cast

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from attendance.month.app.close import CLOSE_MONTH, close_subject
from attendance.month.app.ports import CloseJob, NewRecord, StoredRecord
from attendance.month.domain.engine import History
from attendance.month.domain.events import (
    MonthClosed,
    MonthEvent,
    PayrollRecordIssued,
    TerminationCaseOpened,
)
from attendance.month.domain.payroll import PayrollFigures, month_key
from attendance.month.domain.review import ReviewLine, ReviewWeek
from attendance.month.events.outbound import outbox_entry
from attendance.month.persistence.rows import (
    ClosedMonthRow,
    PayrollCorrectionRow,
    PayrollRecordRow,
    WeeklyReviewRow,
    job_of,
    stored_of,
)
from cskit.audit import RequestContext
from cskit.db.batch import WriteBatch
from cskit.messaging.envelope import Envelope
from cskit.messaging.outbox import stage_in, stage_many
from cskit.timers import schedule

CLOSING, CLOSED = "closing", "closed"
_CLOSED = cast(Table, ClosedMonthRow.__table__)
_RECORDS = cast(Table, PayrollRecordRow.__table__)
_CORRECTIONS = cast(Table, PayrollCorrectionRow.__table__)
_REVIEWS = cast(Table, WeeklyReviewRow.__table__)


def _months_before(month: date, n: int) -> list[str]:
    out, current = [], month
    for _ in range(n):
        current = (current.replace(day=1) - timedelta(days=1)).replace(day=1)
        out.append(month_key(current))
    return out


def _stage(batch: WriteBatch, event: MonthEvent) -> None:
    stage_in(batch, *outbox_entry(event))


class SqlMonthStore:
    """With ``outer`` (the timer runner's session) its writes join that transaction and
    leave the commit to the runner (one chunk commits with its timer firing; SQLite has one
    writer); without, each write is its own transaction."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], outer: AsyncSession | None = None) -> None:
        self._sessions = sessions
        self._outer = outer

    def joining(self, session: AsyncSession) -> SqlMonthStore:
        return SqlMonthStore(self._sessions, session)

    @asynccontextmanager
    async def _tx(self) -> AsyncIterator[AsyncSession]:
        if self._outer is not None:
            yield self._outer
            return
        async with self._sessions() as session:
            yield session
            await session.commit()

    async def schedule_close(self, branch_id: str, month: date, due_at: datetime) -> None:
        """The close's next chunk (a new firing of its timer), in this store's transaction."""
        async with self._tx() as session:
            await schedule(session, kind=CLOSE_MONTH, subject=close_subject(branch_id, month), due_at=due_at)

    async def job(self, branch_id: str, month: date) -> CloseJob | None:
        async with self._tx() as session:
            row = await session.get(ClosedMonthRow, (branch_id, month_key(month)), populate_existing=True)
            return None if row is None else job_of(row)

    async def is_closed(self, branch_id: str, day: date) -> bool:
        """ATT-11: the freeze other sub-domains check (``attendance.domain.facts.ClosedMonths``)."""
        return await self.job(branch_id, day) is not None

    async def start(self, branch_id: str, month: date, context: RequestContext, now: datetime) -> tuple[CloseJob, bool]:
        async with self._sessions() as session:
            dialect = session.get_bind().dialect.name
            insert = pg_insert if dialect == "postgresql" else sqlite_insert
            stmt = (
                insert(_CLOSED)
                .values(
                    branch_id=branch_id,
                    month=month_key(month),
                    state=CLOSING,
                    done=0,
                    total=0,
                    termination_cases=0,
                    closed_by=context.actor.subject,
                    started_at=now,
                    closed_at=None,
                    request_id=context.request_id,
                    client_ip=context.client_ip,
                )
                .on_conflict_do_nothing(index_elements=["branch_id", "month"])
                .returning(_CLOSED.c.branch_id)
            )
            started = (await session.execute(stmt)).first() is not None
            if started:
                await schedule(session, kind=CLOSE_MONTH, subject=close_subject(branch_id, month), due_at=now)
            await session.commit()
            row = await session.get(ClosedMonthRow, (branch_id, month_key(month)), populate_existing=True)
            assert row is not None
            return job_of(row), started

    async def recorded(self, branch_id: str, month: date) -> set[str]:
        async with self._tx() as session:
            rows = await session.execute(
                select(_RECORDS.c.employee_id).where(
                    _RECORDS.c.branch_id == branch_id, _RECORDS.c.month == month_key(month)
                )
            )
            return {r[0] for r in rows}

    async def history(self, branch_id: str, month: date, months: int) -> dict[str, History]:
        earlier = _months_before(month, months)
        if not earlier:
            return {}
        async with self._sessions() as session:
            closed = {
                r[0]
                for r in await session.execute(
                    select(_CLOSED.c.month).where(
                        _CLOSED.c.branch_id == branch_id, _CLOSED.c.month.in_(earlier), _CLOSED.c.state == CLOSED
                    )
                )
            }
            if not closed:
                return {}
            rows = await session.execute(
                select(_RECORDS.c.employee_id, _RECORDS.c.month, _RECORDS.c.figures, _RECORDS.c.trailing_run).where(
                    _RECORDS.c.branch_id == branch_id, _RECORDS.c.month.in_(sorted(closed))
                )
            )
            days: dict[str, int] = {}
            runs: dict[str, int] = {}
            for employee_id, row_month, figures, trailing in rows:
                days[employee_id] = days.get(employee_id, 0) + int(figures.get("absence_days", 0))
                if row_month == earlier[0]:
                    runs[employee_id] = trailing
        return {e: History(earlier_absence_days=days[e], trailing_run=runs.get(e, 0)) for e in days}

    async def write_records(
        self, branch_id: str, month: date, records: Sequence[NewRecord], total: int, now: datetime
    ) -> int:
        """One executemany INSERT each for the records and their outbox rows (compiled once,
        whatever the chunk's size), and the progress, in one transaction."""
        key = month_key(month)
        rows: list[dict[str, object]] = []
        entries: list[tuple[str, Envelope]] = []
        cases = 0
        for new in records:
            r = new.record
            figures = PayrollFigures.of(r)
            rows.append(
                {
                    "branch_id": branch_id,
                    "month": key,
                    "employee_id": r.employee_id,
                    "department_id": new.department_id,
                    "version": 1,
                    "trailing_run": r.trailing_run,
                    "figures": figures.to_document(),
                    "created_at": now,
                    "updated_at": now,
                }
            )
            entries.append(
                outbox_entry(
                    PayrollRecordIssued(
                        employee_id=r.employee_id,
                        branch_id=branch_id,
                        department_id=new.department_id,
                        month=key,
                        version=1,
                        figures=figures,
                        occurred_at=now,
                    )
                )
            )
            if r.termination:
                cases += 1
                entries.append(
                    outbox_entry(
                        TerminationCaseOpened(
                            employee_id=r.employee_id,
                            branch_id=branch_id,
                            month=key,
                            reasons=tuple(x.value for x in r.termination),
                            absence_days=r.absence_days,
                            occurred_at=now,
                        )
                    )
                )
        async with self._tx() as session:
            if rows:
                await session.execute(insert(_RECORDS), rows)
                await stage_many(session, entries)
            await session.execute(
                update(_CLOSED)
                .where(_CLOSED.c.branch_id == branch_id, _CLOSED.c.month == key, _CLOSED.c.state == CLOSING)
                .values(
                    done=_CLOSED.c.done + len(records),
                    total=total,
                    termination_cases=_CLOSED.c.termination_cases + cases,
                )
            )
        return len(records)

    async def finish(self, branch_id: str, month: date, now: datetime) -> bool:
        key = month_key(month)
        async with self._tx() as session:
            row = (
                await session.execute(
                    update(_CLOSED)
                    .where(_CLOSED.c.branch_id == branch_id, _CLOSED.c.month == key, _CLOSED.c.state == CLOSING)
                    .values(state=CLOSED, closed_at=now)
                    .returning(_CLOSED.c.done, _CLOSED.c.termination_cases, _CLOSED.c.closed_by)
                )
            ).first()
            if row is None:
                return False
            batch = WriteBatch()
            _stage(
                batch,
                MonthClosed(
                    branch_id=branch_id,
                    month=key,
                    employees=row[0],
                    termination_cases=row[1],
                    closed_by=row[2],
                    occurred_at=now,
                ),
            )
            await batch.flush(session)
            return True

    async def records(
        self, branch_id: str, month: date, after: str, size: int, employee_ids: Sequence[str] | None = None
    ) -> list[StoredRecord]:
        query = (
            select(PayrollRecordRow)
            .where(PayrollRecordRow.branch_id == branch_id, PayrollRecordRow.month == month_key(month))
            .where(PayrollRecordRow.employee_id > after)
            .order_by(PayrollRecordRow.employee_id)
            .limit(size)
        )
        if employee_ids is not None:
            query = query.where(PayrollRecordRow.employee_id.in_(list(employee_ids)))
        async with self._sessions() as session:
            return [stored_of(r) for r in (await session.execute(query)).scalars()]

    async def correct(
        self,
        record: StoredRecord,
        after: PayrollFigures,
        reason: str,
        context: RequestContext,
        event: MonthEvent,
        correction_id: str,
    ) -> None:
        key = month_key(record.month)
        now = event.occurred_at
        async with self._sessions() as session:
            changed = await session.execute(
                update(_RECORDS)
                .where(
                    _RECORDS.c.branch_id == record.branch_id,
                    _RECORDS.c.month == key,
                    _RECORDS.c.employee_id == record.employee_id,
                    _RECORDS.c.version == record.version,
                )
                .values(version=record.version + 1, figures=after.to_document(), updated_at=now)
            )
            if getattr(changed, "rowcount", 1) != 1:
                from cskit.domain.errors import WriteConflict

                raise WriteConflict("the payroll record changed meanwhile; read it again")
            batch = WriteBatch()
            batch.insert(
                _CORRECTIONS,
                [
                    {
                        "id": correction_id,
                        "branch_id": record.branch_id,
                        "month": key,
                        "employee_id": record.employee_id,
                        "version": record.version + 1,
                        "reason": reason,
                        "before": record.figures.to_document(),
                        "after": after.to_document(),
                        "actor": context.actor.subject,
                        "occurred_at": now,
                        "request_id": context.request_id,
                        "client_ip": context.client_ip,
                    }
                ],
            )
            _stage(batch, event)
            await batch.flush(session)
            await session.commit()

    async def store_review(
        self, branch_id: str, week: ReviewWeek, lines: Sequence[ReviewLine], events: Sequence[MonthEvent], now: datetime
    ) -> bool:
        async with self._tx() as session:
            exists = await session.scalar(
                select(func.count())
                .select_from(_REVIEWS)
                .where(_REVIEWS.c.branch_id == branch_id, _REVIEWS.c.week_start == week.start.isoformat())
            )
            if exists:
                return False
            by_department: dict[str, list[dict[str, object]]] = {}
            for line in lines:
                by_department.setdefault(line.department_id, []).append(
                    {f: getattr(line, f) for f in ReviewLine.__dataclass_fields__}
                )
            batch = WriteBatch()
            batch.insert(
                _REVIEWS,
                [
                    {
                        "branch_id": branch_id,
                        "week_start": week.start.isoformat(),
                        "department_id": department,
                        "week_end": week.end.isoformat(),
                        "due_on": week.due_on.isoformat(),
                        "lines": dept_lines,
                        "issued_at": now,
                    }
                    for department, dept_lines in sorted(by_department.items())
                ],
            )
            for event in events:
                _stage(batch, event)
            if by_department:
                await batch.flush(session)
            return bool(by_department)

    async def reviews(
        self, branch_id: str, week_start: date
    ) -> list[tuple[str, ReviewWeek, list[ReviewLine], datetime]]:
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    select(WeeklyReviewRow)
                    .where(WeeklyReviewRow.branch_id == branch_id, WeeklyReviewRow.week_start == week_start.isoformat())
                    .order_by(WeeklyReviewRow.department_id)
                )
            ).scalars()
            out = []
            for row in rows:
                week = ReviewWeek(
                    issued_on=week_start + timedelta(days=7),
                    start=week_start,
                    end=date.fromisoformat(row.week_end),
                    due_on=date.fromisoformat(row.due_on),
                )
                out.append((row.department_id, week, [ReviewLine(**x) for x in row.lines], row.issued_at))
            return out
