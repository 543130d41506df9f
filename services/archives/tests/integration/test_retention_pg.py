"""Retention on real PostgreSQL: the migrations give the models' schema; a sealing commits
its bag, every record's sealing and their outbox rows together, or nothing (ARC-04); the
daily sealing-due timer is armed once, lists each branch's due records in an event and sets
itself for the next day, and the list RPC's reads page them (ARC-04); a hold, the destruction
workflow and its record commit with the records' own histories, and the last day under
retention is refused (ARC-11); complaint files keep their year (ARC-13); the gauges read
the database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from archives.bootstrap import build
from archives.observability import DESTRUCTION_BACKLOG, DESTRUCTION_PROPOSALS_PENDING, SEALING_DUE
from archives.records.domain.model import ArchiveRecord
from archives.records.persistence.uow import SqlRecordsUnitOfWork
from archives.records.wiring import reader as record_reader
from archives.retention.app.handlers import RetentionHandlers
from archives.retention.domain.commands import (
    ApproveDestruction,
    ExecuteDestruction,
    PlaceHold,
    ProposeDestruction,
    SealRecords,
)
from archives.retention.domain.destruction import ProposalState
from archives.retention.persistence.jobs import SEALING_DUE_LIST, SUBJECT, arm_sealing_due, retention_gauges
from archives.retention.persistence.reader import RetentionReader
from archives.retention.persistence.uow import SqlRetentionUnitOfWork
from archives.retention.wiring import policy_of
from archives.service import MIGRATIONS
from archives.settings import ArchivesSettings
from archives.testing import ARCHIVIST, MANAGER, OTHER_BRANCH, POLICY, T0, record
from archives.wiring import ArchivesParts, Wiring, system_call
from sqlalchemy import create_engine, func, select

from cs.archives.v1 import retention_events_pb2
from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.domain import FrozenClock, RuleViolation
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens
from cskit.timers import pending

pytestmark = pytest.mark.integration
SYSTEM = system_call("test")
SETTINGS = ArchivesSettings()
RETENTION = policy_of(Wiring(None, FrozenClock(T0), PageTokens("k" * 32), POLICY, SETTINGS))  # type: ignore[arg-type]


def at_local(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=POLICY.zone).astimezone(UTC)


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[ArchivesParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(ArchivesSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def clock_of(app: ArchivesParts) -> FrozenClock:
    assert isinstance(app.clock, FrozenClock)
    return app.clock


def handlers(app: ArchivesParts) -> RetentionHandlers:
    sessions = app.database.async_sessions()
    return RetentionHandlers(lambda c: SqlRetentionUnitOfWork(sessions, c, app.clock), app.clock, POLICY, RETENTION)


def wiring(app: ArchivesParts) -> Wiring:
    return Wiring(app.database.async_sessions(), app.clock, PageTokens("k" * 32), POLICY, SETTINGS)


async def shelve(app: ArchivesParts, *records: ArchiveRecord) -> list[str]:
    async with SqlRecordsUnitOfWork(app.database.async_sessions(), SYSTEM, app.clock) as uow:
        for r in records:
            uow.records.add(r)
        await uow.commit()
    return [r.id for r in records]


async def outbox_types(app: ArchivesParts) -> list[str]:
    async with app.database.async_sessions()() as session:
        types = (await session.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    return [t.rsplit(".", 1)[-1] for t in types]


def filed(day: date, category: str = "company_document", branch_call=ARCHIVIST, **kw: object) -> ArchiveRecord:  # type: ignore[no-untyped-def]
    return record(category, document_date=day, now=at_local(day), by=branch_call, **kw)  # type: ignore[arg-type]


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


async def test_ARC_04_a_sealing_commits_bag_records_and_outbox_together_or_nothing(app: ArchivesParts) -> None:
    due, early = filed(date(2024, 1, 10)), filed(date(2024, 1, 20))
    ids = await shelve(app, due, early)
    clock_of(app).set(at_local(date(2025, 1, 15)))
    before = await outbox_types(app)
    with pytest.raises(RuleViolation) as err:
        await handlers(app).seal_records(SealRecords(bag_number="BAG-1", record_ids=tuple(ids)), ARCHIVIST)
    assert err.value.rule_id == "ARC-04"
    assert await outbox_types(app) == before
    sealing = await handlers(app).seal_records(SealRecords(bag_number="BAG-1", record_ids=(due.id,)), ARCHIVIST)
    assert (await outbox_types(app))[len(before) :] == ["RecordSealed", "RecordsSealed"]
    stored = await record_reader(wiring(app)).record(due.id, ARCHIVIST)
    assert stored.bag_number == "BAG-1"
    history, _ = await record_reader(wiring(app)).record_history(due.id, ARCHIVIST, Page(50, ""))
    assert history[-1].event_type == "RecordSealed" and history[-1].details["ref"] == sealing.id


async def test_ARC_04_the_daily_sealing_due_list_is_armed_once_lists_per_branch_and_rearms(app: ArchivesParts) -> None:
    clock = clock_of(app)
    a = filed(date(2024, 1, 10))
    b = filed(date(2024, 2, 10))
    c = filed(date(2024, 1, 5), branch_call=OTHER_BRANCH)
    later = filed(date(2024, 6, 1))
    await shelve(app, a, b, c, later)
    clock.set(at_local(date(2025, 3, 1), 5))
    sessions = app.database.async_sessions()
    assert await arm_sealing_due(sessions, clock, RETENTION)
    assert not await arm_sealing_due(sessions, clock, RETENTION)
    assert await app.timers.run_once() == 0  # 06:00 not yet
    clock.set(at_local(date(2025, 3, 1), 6))
    assert await app.timers.run_once() == 1
    async with sessions() as db:
        rows = (
            await db.execute(
                select(OutboxRow.key, OutboxRow.payload).where(OutboxRow.event_type.like("%SealingDueListed"))
            )
        ).all()
        nxt = await pending(db, SEALING_DUE_LIST, SUBJECT)
    listed = {}
    for key, payload in rows:
        message = retention_events_pb2.SealingDueListed()
        message.ParseFromString(payload)
        listed[key] = (message.count, list(message.record_ids))
    assert listed == {"b1": (2, [a.id, b.id]), "b2": (1, [c.id])}
    assert nxt is not None and nxt.due_at == at_local(date(2025, 3, 2), 6)
    # The list RPC's read: the caller's branch, paged.
    reader = RetentionReader(
        sessions, tokens=PageTokens("k" * 32), records=record_reader(wiring(app)), clock=clock, archives=POLICY
    )
    first, token = await reader.sealing_due(ARCHIVIST, Page(1, ""))
    second, end = await reader.sealing_due(ARCHIVIST, Page(1, token))
    assert [r.id for r in first + second] == [a.id, b.id] and end == ""


async def test_ARC_11_a_destruction_one_day_early_is_refused_then_runs_with_its_record(app: ArchivesParts) -> None:
    clock = clock_of(app)
    old = filed(date(2015, 5, 20))  # 10 years: first day past retention 2025-05-20
    held = filed(date(2015, 1, 2))
    ids = await shelve(app, old, held)
    clock.set(at_local(date(2025, 5, 19), 23))
    with pytest.raises(RuleViolation) as err:
        await handlers(app).propose_destruction(
            ProposeDestruction(method="pulping", reason="past retention", record_ids=(old.id,)), ARCHIVIST
        )
    assert (err.value.code, err.value.rule_id) == ("under_retention", "ARC-11")
    clock.set(at_local(date(2025, 5, 20), 9))
    await handlers(app).place_hold(PlaceHold(reason="lawsuit", record_ids=(held.id,)), MANAGER)
    gauges = retention_gauges(POLICY)
    proposal = await handlers(app).propose_destruction(
        ProposeDestruction(method="pulping", reason="past retention", record_ids=(old.id,)), ARCHIVIST
    )
    await gauges(app.database.async_engine, clock.now())
    assert DESTRUCTION_BACKLOG.labels("b1")._value.get() == 1  # the held one is not in the backlog
    assert DESTRUCTION_PROPOSALS_PENDING.labels("b1")._value.get() == 1
    assert SEALING_DUE.labels("b1")._value.get() == 2
    await handlers(app).approve_destruction(ApproveDestruction(id=proposal.id), MANAGER)
    done = await handlers(app).execute_destruction(
        ExecuteDestruction(id=proposal.id, witnesses=("clerk-2",)), ARCHIVIST
    )
    assert done.state is ProposalState.EXECUTED and [d.record_id for d in done.destroyed] == [old.id]
    await gauges(app.database.async_engine, clock.now())
    assert DESTRUCTION_PROPOSALS_PENDING.labels("b1")._value.get() == 0
    assert DESTRUCTION_BACKLOG.labels("b1")._value.get() == 0
    assert SEALING_DUE.labels("b1")._value.get() == 1
    types = await outbox_types(app)
    assert types[-4:] == ["DestructionProposed", "DestructionApproved", "RecordDestroyed", "DestructionExecuted"]
    stored = await record_reader(wiring(app)).record(old.id, ARCHIVIST)
    assert stored.state.value == "destroyed"
    assert ids


async def test_ARC_13_a_complaint_file_is_kept_its_year(app: ArchivesParts) -> None:
    clock = clock_of(app)
    complaint = filed(date(2024, 7, 1), "complaint_record")
    await shelve(app, complaint)
    clock.set(at_local(date(2025, 6, 30), 20))
    with pytest.raises(RuleViolation) as err:
        await handlers(app).propose_destruction(
            ProposeDestruction(method="shredding", reason="r", record_ids=(complaint.id,)), ARCHIVIST
        )
    assert err.value.rule_id == "ARC-13"
    clock.set(at_local(date(2025, 7, 1)))
    made = await handlers(app).propose_destruction(
        ProposeDestruction(method="shredding", reason="r", record_ids=(complaint.id,)), ARCHIVIST
    )
    async with app.database.async_sessions()() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxRow)) >= 2
    assert made.state is ProposalState.PROPOSED
