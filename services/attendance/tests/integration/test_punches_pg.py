"""The attendance service on real PostgreSQL: the migrations (with the kit's branch) give
exactly the models' schema, a punch commits with its history and outbox row, a terminal's
punch sent again (even at once) is one punch and one event, reads come from the projection
in the caller's branch and by branch-local dates, and rebuilding gives the live projection."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.app.outcomes import DayOutcomes
from attendance.punches.domain.commands import RecordPunch
from attendance.punches.domain.engine import DayReason
from attendance.punches.domain.policy import AttendancePolicy
from attendance.punches.persistence.reader import PunchReader
from attendance.punches.persistence.rows import PunchRow
from attendance.punches.persistence.store import PUNCHES
from attendance.punches.persistence.uow import SqlPunchesUnitOfWork
from attendance.rosters.persistence.reader import RosterReader
from attendance.rosters.persistence.store import ROSTERS
from attendance.service import MIGRATIONS
from attendance.settings import AttendanceSettings
from sqlalchemy import create_engine, func, select

from cskit.calls import Call
from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.domain import Actor, NotFound, system_scope
from cskit.idempotency import IdempotencyGuard
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens
from cskit.records import ServiceParts

pytestmark = pytest.mark.integration
T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
POLICY = AttendancePolicy()
B1 = Call(actor=Actor(subject="agent-b1", branch_id="b1", roles=frozenset({"agent"})))
B2 = Call(actor=Actor(subject="agent-b2", branch_id="b2", roles=frozenset({"agent"})))


def handlers(app: ServiceParts, policy: AttendancePolicy = POLICY) -> PunchHandlers:
    sessions = app.database.async_sessions()
    return PunchHandlers(lambda call: SqlPunchesUnitOfWork(sessions, call, app.clock), app.clock, policy)


def reader(app: ServiceParts) -> PunchReader:
    return PunchReader(
        PUNCHES,
        app.database.async_sessions(),
        tokens=PageTokens(AttendanceSettings().page_token_key.get_secret_value()),
    )


def terminal(ref: str, at: datetime, employee: str = "emp-7") -> RecordPunch:
    return RecordPunch(employee_id=employee, source="terminal", device_id="T-01", source_punch_id=ref, device_time=at)


def _table_of(obj: object, name: str | None, kind: str) -> str:
    return str(name) if kind == "table" else str(getattr(getattr(obj, "table", None), "name", ""))


def test_the_migrations_give_the_models_schema(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    engine = create_engine(sync_url(pg_url))
    try:
        with engine.connect() as conn:
            # Only this service's tables: other services' models may share the process's metadata.
            ours = {"include_object": lambda obj, name, kind, *_: _table_of(obj, name, kind).startswith("attendance_")}
            diff = compare_metadata(MigrationContext.configure(conn, opts=ours), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


async def test_ATT_01_a_terminal_punch_sent_again_is_one_punch_one_history_row_one_event(app: ServiceParts) -> None:
    from cs.attendance.v1 import attendance_pb2 as pb
    from cs.attendance.v1 import events_pb2

    request = pb.RecordPunchRequest(employee_id="emp-7", source="terminal", device_id="T-01", source_punch_id="991")
    keyed = Call(
        actor=B1.actor, idempotency=IdempotencyGuard.for_caller(B1.actor, "RecordPunch", key="k-1", request=request)
    )
    first = await handlers(app).record_punch(terminal("991", T0), keyed)
    # Sent again without the key, and twice at once: the device's punch id is what names it.
    again = await asyncio.gather(*(handlers(app).record_punch(terminal("991", T0), B1) for _ in range(3)))
    assert {p.id for p in again} == {first.id}
    async with app.database.async_sessions()() as session:
        assert await session.scalar(select(func.count()).select_from(PunchRow)) == 1
        outbox = (
            await session.execute(select(OutboxRow.event_type, OutboxRow.key, OutboxRow.payload).order_by(OutboxRow.id))
        ).all()
    assert [(t.rsplit(".", 1)[-1], k) for t, k, _ in outbox] == [("PunchRecorded", first.id)]
    event = events_pb2.PunchRecorded.FromString(outbox[0].payload)
    assert (event.punch_id, event.employee_id, event.source_punch_id, event.received_at.ToDatetime(UTC)) == (
        first.id,
        "emp-7",
        "991",
        T0,
    )


async def test_reads_come_from_the_projection_in_the_callers_branch_by_time(app: ServiceParts) -> None:
    made = [await handlers(app).record_punch(terminal(str(n), T0 - timedelta(minutes=n)), B1) for n in range(3)]
    await handlers(app).record_punch(terminal("x", T0), B2)
    await handlers(app).record_punch(terminal("y", T0, employee="emp-8"), B1)
    assert (await reader(app).get(made[0].id, B1.scope)).employee_id == "emp-7"
    with pytest.raises(NotFound):
        await reader(app).get(made[0].id, B2.scope)
    start, end = T0 - timedelta(days=1), T0 + timedelta(seconds=1)
    page, token = await reader(app).employee_page(B1.scope, "emp-7", start, end, Page(2, ""))
    rest, last = await reader(app).employee_page(B1.scope, "emp-7", start, end, Page(2, token))
    assert [p.id for p in page + rest] == [p.id for p in reversed(made)]
    assert last == ""


async def test_the_day_outcome_counts_the_stored_punches(app: ServiceParts) -> None:
    zone = ZoneInfo("Asia/Shanghai")
    day = date(2026, 11, 2)
    # A terminal uploading its day later: its clock is trusted here (the bound is policy).
    trusting = AttendancePolicy(max_clock_drift=timedelta(days=1))
    for ref, hh, mm in (("a", 9, 7), ("b", 18, 2)):
        await handlers(app, trusting).record_punch(terminal(ref, datetime(2026, 11, 2, hh, mm, tzinfo=zone)), B1)
    settings = AttendanceSettings()
    rosters = RosterReader(ROSTERS, app.database.async_sessions(), tokens=PageTokens("k"))
    sourced = await DayOutcomes(reader(app), rosters, AttendancePolicy(), zone, settings.default_shift()).of(
        B1.scope, "emp-7", day, None
    )
    outcome = sourced.outcome
    assert (outcome.reason, outcome.late_minutes, outcome.early_minutes, outcome.worked_minutes) == (
        DayReason.ATTENDED,
        7,
        0,
        533,
    )


async def test_rebuilding_the_projections_gives_the_live_ones(app: ServiceParts) -> None:
    await handlers(app).record_punch(terminal("991", T0), B1)
    async with app.database.async_sessions()() as session:
        live = (await session.execute(select(PunchRow.document, PunchRow.version, PunchRow.punched_at))).all()
        await PUNCHES.rebuild(session, system_scope("rebuild test"))
        await session.commit()
        rebuilt = (await session.execute(select(PunchRow.document, PunchRow.version, PunchRow.punched_at))).all()
    assert rebuilt == live
