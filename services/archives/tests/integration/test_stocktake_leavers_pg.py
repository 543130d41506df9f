"""Stock-take (ARC-10) and leavers (ARC-09) on real PostgreSQL (and, for the leavers, the real
broker): a stock-take's close moves every record it reconciles through the record's own
methods in one transaction and a bounded number of statements; the month-end reminder fires
on the moved clock; HR's EmployeeLeft, consumed from the broker, opens a clearance case that is
not cleared until the leaver's file is returned."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from archives.bootstrap import build
from archives.domain.policy import ArchivesPolicy
from archives.leavers.app.handlers import LeaverHandlers
from archives.leavers.domain.commands import RecheckClearance
from archives.leavers.domain.model import case_id_for
from archives.leavers.persistence.rows import ClearanceRow
from archives.leavers.persistence.uow import SqlLeaversUnitOfWork
from archives.leavers.wiring import leavers_consumer
from archives.leavers.wiring import policy_of as leavers_policy
from archives.observability import STOCKTAKE_DISCREPANCIES
from archives.records.domain.model import ArchiveRecord
from archives.records.persistence.rows import RecordRow
from archives.records.persistence.uow import SqlRecordsUnitOfWork
from archives.service import MIGRATIONS
from archives.settings import ArchivesSettings
from archives.stocktake.app.handlers import StocktakeHandlers
from archives.stocktake.domain.commands import CloseStocktake, RecordFindings, StartStocktake
from archives.stocktake.domain.model import found_item
from archives.stocktake.domain.policy import StocktakePolicy
from archives.stocktake.persistence.gauges import refresh_stocktake_gauges
from archives.stocktake.persistence.reminders import MONTH_END, SUBJECT, arm_reminders
from archives.stocktake.persistence.uow import SqlStocktakeUnitOfWork
from archives.testing import ARCHIVIST, MANAGER, T0, record
from archives.wiring import ArchivesParts
from kafka import KafkaProducer
from sqlalchemy import create_engine, event, func, select

from cs.hr.v1 import events_pb2 as hr
from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.dev.broker import TansuBroker
from cskit.domain import Conflict, FrozenClock, RuleViolation
from cskit.messaging.consumer import ConsumerRunner, ProcessedEventRow
from cskit.messaging.envelope import Envelope
from cskit.messaging.outbox import OutboxRow
from cskit.testing.broker import TopicFactory, wait_until
from cskit.timers import pending

pytestmark = pytest.mark.integration
POLICY = StocktakePolicy()


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[ArchivesParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(ArchivesSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def _table_of(obj: object, name: str | None, kind: str) -> str:
    return str(name) if kind == "table" else str(getattr(getattr(obj, "table", None), "name", ""))


def test_the_migrations_give_the_models_schema(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    engine = create_engine(sync_url(pg_url))
    try:
        with engine.connect() as conn:
            ours = {"include_object": lambda obj, name, kind, *_: _table_of(obj, name, kind).startswith("archives_")}
            diff = compare_metadata(MigrationContext.configure(conn, opts=ours), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def stocktakes(app: ArchivesParts) -> StocktakeHandlers:
    s = app.database.async_sessions()
    return StocktakeHandlers(lambda c: SqlStocktakeUnitOfWork(s, c, app.clock), app.clock, POLICY, ArchivesPolicy())


async def shelve(app: ArchivesParts, n: int, level: str = "internal") -> list[ArchiveRecord]:
    """``n`` records on the shelf, numbered and placed at A-<i>, in one commit."""
    made = []
    uow = SqlRecordsUnitOfWork(app.database.async_sessions(), ARCHIVIST, app.clock)
    async with uow:
        for i in range(n):
            r = record("contract", confidentiality=level)
            r.place(ARCHIVIST.actor, ref="catalogue", volume_id="", archive_no=f"HT-{i}", location=f"A-{i}", now=T0)
            uow.records.add(r)
            made.append(r)
        await uow.commit()
    return made


async def change(app: ArchivesParts, record_id: str, move: Callable[[ArchiveRecord], None]) -> None:
    uow = SqlRecordsUnitOfWork(app.database.async_sessions(), ARCHIVIST, app.clock)
    async with uow:
        move(await uow.records.get(record_id))
        await uow.commit()


async def scalar(app: ArchivesParts, stmt: Any) -> Any:
    async with app.database.async_sessions()() as s:
        return await s.scalar(stmt)


async def outbox_types(app: ArchivesParts) -> list[str]:
    async with app.database.async_sessions()() as s:
        types = (await s.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    return [t.rsplit(".", 1)[-1] for t in types]


@contextmanager
def statements(app: ArchivesParts) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    engine = app.database.async_engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


async def test_ARC_10_a_stock_take_reports_moves_and_notes_every_record_in_one_bounded_close(
    app: ArchivesParts,
) -> None:
    shelf = await shelve(app, 300)
    lent = shelf[299]
    await change(app, lent.id, lambda r: r.lend(ARCHIVIST.actor, ref="loan-1", borrower="agent-1", due_at=T0 + timedelta(days=7), in_place=False, now=T0))  # fmt: skip
    with pytest.raises(RuleViolation):
        await stocktakes(app).start_stocktake(StartStocktake(kind="monthly"), ARCHIVIST)  # the full check first
    session = await stocktakes(app).start_stocktake(StartStocktake(kind="full"), ARCHIVIST)
    assert session.expected_items == 300
    with pytest.raises(Conflict):
        await stocktakes(app).start_stocktake(StartStocktake(kind="full"), ARCHIVIST)  # one a year
    # Found: 0..199 where catalogued (by id), 200..209 elsewhere, 210 damaged (by archive number),
    # plus an unlabelled folder; 211..298 are not found.
    items = [found_item(r.id, "", f"A-{i}", "good", "") for i, r in enumerate(shelf[:200])]
    items += [found_item(r.id, "", "Z-1", "good", "") for r in shelf[200:210]]
    items += [found_item("", "HT-210", "A-210", "damaged", ""), found_item("", "", "A-5", "good", "blue folder")]
    await stocktakes(app).record_findings(RecordFindings(id=session.id, items=tuple(items)), ARCHIVIST)
    with statements(app) as seen:
        closed = await stocktakes(app).close_stocktake(CloseStocktake(id=session.id), ARCHIVIST)
    assert (closed.missing, closed.misplaced, closed.damaged, closed.unknown) == (88, 10, 1, 1)
    # load, the register, the named records, the records' histories, the write batch, commit.
    assert len(seen) <= 12, seen
    assert await scalar(app, select(func.count()).select_from(RecordRow).where(RecordRow.state == "missing")) == 88
    assert await scalar(app, select(RecordRow.state).where(RecordRow.id == lent.id)) == "lent"  # out, as expected
    moved = await scalar(app, select(RecordRow.document).where(RecordRow.id == shelf[200].id))
    assert moved["location"] == "Z-1"
    torn = await scalar(app, select(RecordRow.document).where(RecordRow.id == shelf[210].id))
    assert torn["condition"] == "damaged"
    types = await outbox_types(app)
    assert types.count("RecordReportedMissing") == 88 and types.count("StocktakeClosed") == 1
    await refresh_stocktake_gauges(app.database.async_engine, T0)
    assert STOCKTAKE_DISCREPANCIES.labels("b1", "missing")._value.get() == 88
    assert STOCKTAKE_DISCREPANCIES.labels("b1", "misplaced")._value.get() == 10

    # Next month one missing file turns up: a monthly stock-take of shelf range Z finds it.
    clock = app.clock
    assert isinstance(clock, FrozenClock)
    clock.advance(timedelta(days=30))
    monthly = await stocktakes(app).start_stocktake(StartStocktake(kind="monthly", scope="Z-"), ARCHIVIST)
    assert monthly.expected_items == 10
    back = tuple(found_item(r.id, "", "Z-1", "good", "") for r in [*shelf[200:210], shelf[211]])
    await stocktakes(app).record_findings(RecordFindings(id=monthly.id, items=back), ARCHIVIST)
    again = await stocktakes(app).close_stocktake(CloseStocktake(id=monthly.id), ARCHIVIST)
    assert (again.recovered, again.missing, again.misplaced) == (1, 0, 0)
    assert await scalar(app, select(RecordRow.state).where(RecordRow.id == shelf[211].id)) == "on_shelf"


async def test_ARC_10_a_stock_take_counts_only_what_its_caller_is_cleared_for(app: ArchivesParts) -> None:
    [secret] = await shelve(app, 1, "secret")
    [internal] = await shelve(app, 1)
    session = await stocktakes(app).start_stocktake(StartStocktake(kind="full"), MANAGER)
    assert [e.record_id for e in session.expected] == [internal.id]
    items = (found_item(secret.id, "", "A-0", "good", ""), found_item(internal.id, "", "A-0", "good", ""))
    await stocktakes(app).record_findings(RecordFindings(id=session.id, items=items), MANAGER)
    closed = await stocktakes(app).close_stocktake(CloseStocktake(id=session.id), MANAGER)
    # The secret file is nothing the manager may name: an unknown item, and it is left alone.
    assert {f.record_id or "?": f.outcome for f in closed.findings} == {internal.id: "ok", "?": "unknown"}
    assert await scalar(app, select(RecordRow.state).where(RecordRow.id == secret.id)) == "on_shelf"


async def test_ARC_10_the_month_end_reminder_fires_on_the_last_day_and_rearms(app: ArchivesParts) -> None:
    clock = app.clock
    assert isinstance(clock, FrozenClock)
    await shelve(app, 1)
    await app.start()  # Parts.starts: the timer is armed at start-up, once
    assert not await arm_reminders(app.database.async_sessions(), clock, POLICY)
    async with app.database.async_sessions()() as s:
        timer = await pending(s, MONTH_END, SUBJECT)
    assert timer is not None and timer.due_at == POLICY.at_local(date(2026, 11, 30), POLICY.reminder_at)
    assert await app.timers.run_once() == 0
    clock.set(POLICY.at_local(date(2026, 11, 30), POLICY.reminder_at))
    while await app.timers.run_once():  # the other sub-domains' daily timers are due too
        pass
    published = await outbox_types(app)
    assert published[:2] == ["RecordFiled", "RecordPlaced"] and published.count("StocktakeReminderDue") == 1
    async with app.database.async_sessions()() as s:
        timer = await pending(s, MONTH_END, SUBJECT)
    assert timer is not None and timer.due_at == POLICY.at_local(date(2026, 12, 31), POLICY.reminder_at)


def hr_envelope(message: Any) -> Envelope:
    made = Envelope.new(
        message, source="hr", subject=message.employee_id, branch_id=message.branch_id, time=datetime.now(UTC)
    )
    return dataclasses.replace(made, id=message.event_id)


async def test_ARC_09_a_leaver_consumed_from_hr_is_not_cleared_until_the_file_is_returned(
    app: ArchivesParts, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    clock = app.clock
    assert isinstance(clock, FrozenClock)
    [file] = await shelve(app, 1)
    await change(app, file.id, lambda r: r.lend(ARCHIVIST.actor, ref="loan-1", borrower="emp-7", due_at=T0 + timedelta(days=7), in_place=False, now=T0))  # fmt: skip
    topic, group = kafka_topic(), f"leavers-{uuid.uuid4().hex[:6]}"
    joined = hr_envelope(hr.EmployeeJoined(event_id=f"hr-{uuid.uuid4().hex[:8]}", employee_id="emp-7", branch_id="b1"))
    left = hr_envelope(
        hr.EmployeeLeft(
            event_id=f"hr-{uuid.uuid4().hex[:8]}", employee_id="emp-7", branch_id="b1", last_day="2026-11-30"
        )
    )
    producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap, acks="all")
    for e in (joined, left, left):  # the leaver delivered twice
        producer.send(topic, key=e.key, value=e.payload, headers=e.to_headers()).get(timeout=10)
    producer.close()
    runner = ConsumerRunner(
        app.database,
        bootstrap_servers=kafka_broker.bootstrap,
        group_id=group,
        topics=[topic],
        handler=leavers_consumer(ArchivesSettings(database_url=app.database.url)),
        max_attempts=2,
        backoff_initial=0.01,
        dev_timeouts=True,
    )

    def claimed() -> int:
        with app.database.sync_engine.connect() as conn:
            count = sa.select(sa.func.count()).where(ProcessedEventRow.consumer_group == group)
            return int(conn.execute(count).scalar_one())

    try:
        wait_until(lambda: runner.poll_once(200) >= 0 and claimed() >= 2, timeout=60)
    finally:
        runner.close()
    # The consumer's clock is the system's: let the frozen one catch up so the inbox timer is due.
    clock.set(datetime.now(UTC) + timedelta(seconds=1))
    assert await app.timers.run_once() == 1
    case_id = case_id_for("b1", "emp-7", "2026-11-30")
    assert await scalar(app, select(ClearanceRow.status).where(ClearanceRow.id == case_id)) == "open"
    assert (await outbox_types(app))[-1] == "LeaverNotCleared"

    # The re-check timer while the file is out: no new answer.
    clock.advance(timedelta(minutes=ArchivesSettings().leavers_recheck_minutes))
    assert await app.timers.run_once() == 1
    assert (await outbox_types(app)).count("LeaverNotCleared") == 1

    await change(app, file.id, lambda r: r.return_(ARCHIVIST.actor, ref="loan-1", condition="good", now=clock.now()))
    s = app.database.async_sessions()
    handlers = LeaverHandlers(
        lambda c: SqlLeaversUnitOfWork(s, c, app.clock), app.clock, leavers_policy(ArchivesSettings())
    )
    cleared = await handlers.recheck_clearance(RecheckClearance(id=case_id), ARCHIVIST)
    assert cleared.cleared
    assert await scalar(app, select(ClearanceRow.status).where(ClearanceRow.id == case_id)) == "cleared"
    types = await outbox_types(app)
    assert types.count("LeaverNotCleared") == 1 and types[-1] == "LeaverCleared"
    assert await scalar(app, select(func.count()).select_from(ClearanceRow)) == 1  # delivered twice, one case
