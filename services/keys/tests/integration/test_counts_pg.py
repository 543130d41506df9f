"""Counts, hand-offs, the register import and the cabinet port on real PostgreSQL: the import
registers its valid rows in one transaction (KEY-02); a count's close opens its cases in the
same transaction, in a bounded number of statements (KEY-08); the daily reminder fires on the
moved clock and goes to a deputy (KEY-08, KEY-14); cabinet reports are idempotent by event id."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from keys.bootstrap import build
from keys.cabinets.app.handlers import CabinetHandlers
from keys.cabinets.domain.model import CabinetPolicy
from keys.cabinets.persistence.uow import SqlCabinetUnitOfWork
from keys.cabinets.simulated import SimulatedCabinet
from keys.counts.app.handlers import CountHandlers
from keys.counts.domain.commands import CloseCount, RecordFound, StartCount
from keys.counts.domain.model import found_item
from keys.counts.persistence.reminders import DAILY_COUNT, SUBJECT, arm_reminders
from keys.counts.persistence.uow import SqlCountsUnitOfWork
from keys.discrepancies.persistence.rows import DiscrepancyRow
from keys.domain.policy import KeysPolicy
from keys.handoffs.app.handlers import HandOffHandlers
from keys.handoffs.domain.commands import AcceptHandOff, HandOffCustody
from keys.handoffs.persistence.custody import custodian_for
from keys.handoffs.persistence.uow import SqlHandOffsUnitOfWork
from keys.imports.app.handlers import ImportHandlers
from keys.imports.domain.commands import ImportKeySets
from keys.imports.domain.csv import ImportPolicy
from keys.imports.persistence.uow import SqlImportUnitOfWork
from keys.register.persistence.rows import KeySetRow
from keys.register.persistence.uow import SqlRegisterUnitOfWork
from keys.service import MIGRATIONS
from keys.settings import KeysSettings
from keys.testing import CUSTODIAN, LEAD, T0, call
from keys.wiring import KeysParts
from sqlalchemy import event, func, select

from cskit.calls import Call
from cskit.db.migrations import upgrade
from cskit.domain import Conflict, Forbidden, FrozenClock
from cskit.messaging.outbox import OutboxRow
from cskit.timers import pending

pytestmark = pytest.mark.integration
POLICY = KeysPolicy()
HEADER = "code,unit,kind,key_count,cabinet,hook,custodian,owner_name,owner_phone,note\n"


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[KeysParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(KeysSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def importer(app: KeysParts) -> ImportHandlers:
    s = app.database.async_sessions()
    return ImportHandlers(lambda c: SqlImportUnitOfWork(s, c, app.clock), app.clock, ImportPolicy())


def counts(app: KeysParts) -> CountHandlers:
    s = app.database.async_sessions()
    return CountHandlers(lambda c: SqlCountsUnitOfWork(s, c, app.clock), app.clock, POLICY)


def hand_offs(app: KeysParts) -> HandOffHandlers:
    s = app.database.async_sessions()
    return HandOffHandlers(lambda c: SqlHandOffsUnitOfWork(s, c, app.clock), app.clock, POLICY)


def rows(*lines: str) -> str:
    return HEADER + "".join(f"{line}\n" for line in lines)


def key(code: str, cabinet: str = "C1", custodian: str = "custodian-1", count: int = 2) -> str:
    return f"{code},3-1-{code},vacant_unit,{count},{cabinet},H-{code},{custodian},,,"


async def lend(app: KeysParts, code: str) -> None:
    """A loan as the loans sub-domain records it: the key set moves under the loan's ref."""
    s = app.database.async_sessions()
    async with SqlRegisterUnitOfWork(s, CUSTODIAN, app.clock) as uow:
        async with s() as session:
            ident = await session.scalar(select(KeySetRow.id).where(KeySetRow.code == code))
        key_set = await uow.key_sets.get(str(ident))
        key_set.lend(CUSTODIAN.actor, ref="loan-1", borrower="agent-9", due_at=T0 + timedelta(hours=2), now=T0)
        await uow.commit()


async def scalar(app: KeysParts, stmt: Any) -> Any:
    async with app.database.async_sessions()() as session:
        return await session.scalar(stmt)


async def test_KEY_02_import_registers_the_valid_rows_in_one_transaction_and_reports_the_rest(app: KeysParts) -> None:
    text = rows(key("A"), key("B"), "C,3-1-C,bicycle,2,C1,H-C,custodian-1,,,")
    report = await importer(app).import_key_sets(ImportKeySets(content=text), CUSTODIAN)
    assert [(r.row, r.status) for r in report.rows] == [(1, "created"), (2, "created"), (3, "invalid")]
    assert await scalar(app, select(func.count()).select_from(KeySetRow)) == 2
    assert await scalar(app, select(func.count()).select_from(OutboxRow)) == 2
    again = await importer(app).import_key_sets(ImportKeySets(content=text), CUSTODIAN)
    assert [r.status for r in again.rows] == ["duplicate", "duplicate", "invalid"]
    dry = await importer(app).import_key_sets(ImportKeySets(content=rows(key("D")), dry_run=True), CUSTODIAN)
    assert dry.rows[0].status == "created"
    assert await scalar(app, select(func.count()).select_from(KeySetRow)) == 2


@contextmanager
def statements(app: KeysParts) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    engine = app.database.async_engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


async def test_KEY_08_a_count_with_a_missing_key_opens_its_case_with_the_close(app: KeysParts) -> None:
    await importer(app).import_key_sets(ImportKeySets(content=rows(key("A"), key("B"), key("L"))), CUSTODIAN)
    await lend(app, "L")
    session = await counts(app).start_count(StartCount(cabinet="C1"), CUSTODIAN)
    assert {(e.code, e.state) for e in session.expected} == {("A", "in_cabinet"), ("B", "in_cabinet"), ("L", "lent")}
    with pytest.raises(Conflict):
        await counts(app).start_count(StartCount(cabinet="C1"), LEAD)  # one a cabinet a day
    with pytest.raises(Forbidden):
        await counts(app).start_count(StartCount(cabinet="C1"), call("custodian-7", "key_custodian"))
    await counts(app).record_found(RecordFound(id=session.id, items=(found_item("A", "H-A", 2, ""),)), CUSTODIAN)
    closed = await counts(app).close_count(CloseCount(id=session.id), CUSTODIAN)
    assert {f.code: f.outcome for f in closed.findings} == {"A": "ok", "B": "missing", "L": "out"}
    async with app.database.async_sessions()() as db:
        cases = (await db.execute(select(DiscrepancyRow))).scalars().all()
        types = (await db.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    assert [(c.kind, c.pinned_on, c.source_ref) for c in cases] == [("count_missing", "custodian-1", session.id)]
    assert [t.rsplit(".", 1)[-1] for t in types][-2:] == ["CountClosed", "DiscrepancyOpened"] or [
        t.rsplit(".", 1)[-1] for t in types
    ][-2:] == ["DiscrepancyOpened", "CountClosed"]


async def test_KEY_08_closing_a_count_of_a_big_cabinet_takes_a_bounded_number_of_statements(app: KeysParts) -> None:
    await importer(app).import_key_sets(ImportKeySets(content=rows(*(key(f"K{n}") for n in range(400)))), CUSTODIAN)
    session = await counts(app).start_count(StartCount(cabinet="C1"), CUSTODIAN)
    items = tuple(found_item(f"K{n}", f"H-K{n}", 2, "") for n in range(0, 400, 2))
    await counts(app).record_found(RecordFound(id=session.id, items=items), CUSTODIAN)
    with statements(app) as seen:
        closed = await counts(app).close_count(CloseCount(id=session.id), CUSTODIAN)
    assert closed.missing == 200
    assert await scalar(app, select(func.count()).select_from(DiscrepancyRow)) == 200
    # load, the register, custody, the write batch, commit: never one per key set.
    assert len(seen) <= 12, seen


async def test_KEY_08_KEY_14_the_daily_reminder_fires_at_the_count_time_and_goes_to_the_deputy(app: KeysParts) -> None:
    clock = app.clock
    assert isinstance(clock, FrozenClock)
    text = rows(key("A", "C1", "alice"), key("B", "C2", "alice"), key("C", "C3", "bob"))
    await importer(app).import_key_sets(ImportKeySets(content=text), CUSTODIAN)
    alice = call("alice", "key_custodian")
    made = await hand_offs(app).hand_off_custody(
        HandOffCustody(custodian="alice", deputy="dave", from_day="2026-11-02", to_day="2026-11-04"), alice
    )
    await hand_offs(app).accept_hand_off(AcceptHandOff(id=made.id), call("dave", "key_custodian"))
    async with app.database.async_sessions()() as db:
        assert await custodian_for(db, "b1", "dave", date(2026, 11, 3)) == {"dave", "alice"}
    # dave counts alice's C2 today (T0: 09:00 local, Monday 2 November).
    await counts(app).start_count(StartCount(cabinet="C2"), call("dave", "key_custodian"))
    assert await arm_reminders(app.database.async_sessions(), clock, POLICY)
    assert not await arm_reminders(app.database.async_sessions(), clock, POLICY)
    assert await app.timers.run_once() == 0  # not yet 08:30 tomorrow
    clock.set(POLICY.at_local(date(2026, 11, 3), POLICY.daily_count_at))
    assert await app.timers.run_once() == 1
    async with app.database.async_sessions()() as db:
        reminders = (
            await db.execute(
                select(OutboxRow.key, OutboxRow.payload).where(OutboxRow.event_type.like("%CountReminderDue"))
            )
        ).all()
        nxt = await pending(db, DAILY_COUNT, SUBJECT)
    # Tuesday: nothing counted yet; alice's two cabinets go to dave.
    assert sorted(r.key for r in reminders) == ["b1/bob", "b1/dave"]
    assert nxt is not None and nxt.due_at == POLICY.at_local(date(2026, 11, 4), POLICY.daily_count_at)


async def test_KEY_14_overlapping_hand_offs_are_refused_under_the_custodians_lock(app: KeysParts) -> None:
    alice = call("alice", "key_custodian")
    await hand_offs(app).hand_off_custody(
        HandOffCustody(custodian="alice", deputy="dave", from_day="2026-11-02", to_day="2026-11-04"), alice
    )
    with pytest.raises(Conflict):
        await hand_offs(app).hand_off_custody(
            HandOffCustody(custodian="alice", deputy="erin", from_day="2026-11-04", to_day="2026-11-06"), alice
        )


def gateway() -> Call:
    return call("cabinet-gateway-b1", "system_cabinet")


async def test_cabinet_reports_reconcile_on_postgres_and_a_repeated_event_changes_nothing(app: KeysParts) -> None:
    await importer(app).import_key_sets(ImportKeySets(content=rows(key("A", "E1"), key("B", "E1"))), CUSTODIAN)
    await lend(app, "B")
    s = app.database.async_sessions()
    handlers = CabinetHandlers(lambda c: SqlCabinetUnitOfWork(s, c, app.clock), app.clock, CabinetPolicy())
    sim = SimulatedCabinet("E1", {"H-A": "A", "H-B": "B"}, clock=lambda: T0)
    by = gateway()

    async def send(signal: Any) -> Any:
        return await handlers.report(signal.checked(T0), "cabinet-gateway", by)

    lent = await send(sim.take("agent-9", "H-B"))
    assert lent.outcome == "consistent"
    taken = sim.take("agent-1", "H-A")
    first = await send(taken)
    again = await send(sim.again(taken))
    assert (first.outcome, first.discrepancy_kind) == ("discrepancy", "cabinet_unexpected_removal")
    assert (again.outcome, again.discrepancy_id) == ("duplicate", first.discrepancy_id)
    wrong = await send(sim.hang("agent-1", "H-Z", "A"))
    assert wrong.discrepancy_kind == "cabinet_wrong_hook"
    forced = await send(sim.force_door())
    assert forced.discrepancy_kind == "cabinet_door_forced"
    async with s() as db:
        cases = (await db.execute(select(DiscrepancyRow.kind, DiscrepancyRow.pinned_on))).all()
    assert sorted(cases) == [
        ("cabinet_door_forced", ""),
        ("cabinet_unexpected_removal", "agent-1"),
        ("cabinet_wrong_hook", "agent-1"),
    ]
    with pytest.raises(Forbidden):
        await handlers.report(sim.force_door().checked(T0), "gateway", by)


async def test_KEY_14_the_hand_off_and_cabinet_servicers_answer_their_contracts(app: KeysParts) -> None:
    from google.protobuf.timestamp_pb2 import Timestamp
    from keys.cabinets.api.servicer import CabinetFeedServicer
    from keys.handoffs.api.servicer import HandOffServicer
    from keys.handoffs.persistence.reader import HandOffReader
    from keys.handoffs.persistence.store import HAND_OFFS

    from cs.keys.v1 import cabinets_pb2, counts_pb2
    from cskit.calls import reset_current_call, set_current_call
    from cskit.grpc.caller import Caller, reset_current_caller, set_current_caller
    from cskit.pagination import PageTokens

    alice = call("alice", "key_custodian")
    servicer = HandOffServicer(
        hand_offs(app), HandOffReader(HAND_OFFS, app.database.async_sessions(), tokens=PageTokens("k" * 32))
    )
    token = set_current_call(alice)
    try:
        made = await servicer.HandOffCustody(
            counts_pb2.HandOffCustodyRequest(
                custodian="alice", deputy="dave", from_day="2026-11-03", to_day="2026-11-04"
            ),
            None,
        )
        listed = await servicer.ListHandOffs(counts_pb2.ListHandOffsRequest(custodian="alice"), None)
    finally:
        reset_current_call(token)
    assert (made.hand_off.status, made.hand_off.from_day, made.hand_off.deputy) == ("pending", "2026-11-03", "dave")
    assert [h.id for h in listed.hand_offs] == [made.hand_off.id]

    s = app.database.async_sessions()
    feed = CabinetFeedServicer(
        CabinetHandlers(lambda c: SqlCabinetUnitOfWork(s, c, app.clock), app.clock, CabinetPolicy())
    )
    at = Timestamp()
    at.FromDatetime(T0)
    report = cabinets_pb2.ReportRequest(
        event=cabinets_pb2.CabinetEvent(event_id="E1-1", kind="door_forced", cabinet="E1", occurred_at=at)
    )
    by = gateway()
    tokens = (set_current_call(by), set_current_caller(Caller(issuer="cabinet-gateway", actor=by.actor)))
    try:
        answer = await feed.Report(report, None)
    finally:
        reset_current_caller(tokens[1])
        reset_current_call(tokens[0])
    assert (answer.outcome.outcome, answer.outcome.discrepancy_kind) == ("discrepancy", "cabinet_door_forced")
