"""ATT-11 on real PostgreSQL and the real broker: HR closes October for a branch; the timer
runs the close; the relay publishes one PayrollRecord per employee (keyed by the employee id),
a TerminationCaseOpened (ATT-05) and MonthClosed; a consumer reads them from the broker and
checks each figure against the hand-computed one. Closing again publishes nothing; a
correction publishes PayrollRecordCorrected with the difference, and leaves its audit row."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from attendance import TOPIC
from attendance.bootstrap import AttendanceParts
from attendance.month.persistence.rows import PayrollCorrectionRow
from attendance.month.persistence.store import SqlMonthStore
from attendance.people.app.handlers import PeopleHandlers
from attendance.people.domain.imports import ImportFormat
from attendance.people.domain.policy import ImportPolicy
from attendance.people.persistence.store import SqlPeopleTransactions
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.domain.commands import RecordPunch
from attendance.punches.domain.policy import AttendancePolicy
from attendance.punches.persistence.uow import SqlPunchesUnitOfWork
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain.commands import SetRosterDay
from attendance.rosters.persistence.uow import SqlRostersUnitOfWork
from kafka import KafkaConsumer, TopicPartition
from sqlalchemy import func, select

from cs.attendance.v1 import month_events_pb2 as pb
from cskit.audit import RequestContext
from cskit.calls import Call
from cskit.dev.broker import TansuBroker
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.messaging.envelope import Envelope, decode
from cskit.messaging.outbox import OutboxRow
from cskit.messaging.relay import OutboxRelay
from cskit.messaging.topics import ensure_topics

pytestmark = pytest.mark.integration
SH = ZoneInfo("Asia/Shanghai")
WEEK = [date(2026, 10, 5) + timedelta(days=i) for i in range(5)]  # Monday 5 .. Friday 9 October
# The month close counts the people directory's employees: HR records them first.
EMPLOYEES = """id,name,department_id,post,grade,hire_date
e-a,Employee A,d-cs,agent,staff,2020-01-01
e-b,Employee B,d-cs,agent,staff,2020-01-01
e-c,Employee C,d-cs,agent,staff,2020-01-01
"""


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=SH)


async def seed(app: AttendanceParts, branch: str) -> None:
    lead = Call(actor=Actor(subject=f"lead-{branch}", branch_id=branch, roles=frozenset({"team_lead"})))
    sessions = app.database.async_sessions()
    rosters = RosterHandlers(lambda call: SqlRostersUnitOfWork(sessions, call, app.clock), app.clock)
    hr = Call(actor=Actor(subject=f"hr-{branch}", branch_id=branch, roles=frozenset({"hr"})))
    people = PeopleHandlers(SqlPeopleTransactions(sessions), app.clock, ImportPolicy(), rosters)
    await people.upsert_department(hr, id="d-cs", name="Customer service", head_employee_id="")
    assert await people.import_employees(hr, ImportFormat.CSV, EMPLOYEES.encode()) == 3
    punches = PunchHandlers(lambda call: SqlPunchesUnitOfWork(sessions, call, app.clock), app.clock, AttendancePolicy())
    for employee in ("e-a", "e-b", "e-c"):
        for day in WEEK:
            await rosters.set_roster_day(
                SetRosterDay(employee_id=employee, day=day.isoformat(), shift_start="09:00", shift_end="18:00"), lead
            )
    # e-a: also the night shift of Saturday 31 October, its clock-out on 1 November.
    await rosters.set_roster_day(
        SetRosterDay(employee_id="e-a", day="2026-10-31", shift_start="22:00", shift_end="06:00"), lead
    )
    times = {
        "e-a": [t for d in WEEK for t in (at(d, 9), at(d, 18))]
        + [at(date(2026, 10, 31), 22), at(date(2026, 11, 1), 6)],
        # e-b: 6 minutes late on the 5th, 5 early on the 6th, nothing on the 7th.
        "e-b": [at(WEEK[0], 9, 6), at(WEEK[0], 18), at(WEEK[1], 9), at(WEEK[1], 17, 55)]
        + [t for d in WEEK[3:] for t in (at(d, 9), at(d, 18))],
        "e-c": [],  # five days with no record at all
    }
    for employee, moments in times.items():
        for moment in moments:
            await punches.record_punch(
                RecordPunch(
                    employee_id=employee, source="manual", device_id="", source_punch_id="", device_time=moment
                ),
                lead,
            )


def envelopes(bootstrap: str, branch: str, expected: int, timeout: float = 30.0) -> list[Envelope]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10)
    try:
        tps = [TopicPartition(TOPIC, p) for p in sorted(consumer.partitions_for_topic(TOPIC) or set())]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        found: list[Envelope] = []
        deadline = datetime.now(UTC) + timedelta(seconds=timeout)
        while len(found) < expected and datetime.now(UTC) < deadline:
            for batch in consumer.poll(timeout_ms=100).values():
                for record in batch:
                    envelope = Envelope.from_kafka(record.headers, record.value)
                    if envelope.branch_id == branch and envelope.type.rsplit(".", 1)[-1] in (
                        "PayrollRecord",
                        "PayrollRecordCorrected",
                        "TerminationCaseOpened",
                        "MonthClosed",
                    ):
                        found.append(envelope)
        for batch in consumer.poll(timeout_ms=300).values():
            for record in batch:
                envelope = Envelope.from_kafka(record.headers, record.value)
                if envelope.branch_id == branch and envelope.type.endswith(("PayrollRecord", "MonthClosed")):
                    found.append(envelope)
        return found
    finally:
        consumer.close()


def relay_all(app: AttendanceParts, bootstrap: str) -> int:
    relay = OutboxRelay(app.database, bootstrap_servers=bootstrap, service="attendance")
    try:
        total = 0
        while (n := relay.relay_once()) > 0:
            total += n
        return total
    finally:
        relay.close()


async def test_att_11_a_closed_month_publishes_hand_checked_payroll_records_to_the_broker(
    app: AttendanceParts, kafka_broker: TansuBroker
) -> None:
    ensure_topics(kafka_broker.bootstrap, [TOPIC])
    branch = f"b-{uuid.uuid4().hex[:8]}"
    await seed(app, branch)
    assert app.closer is not None and app.month_queries is not None and app.timers is not None
    hr = RequestContext(Actor(subject="hr-1", branch_id=branch, roles=frozenset({"hr"})), "req-1", "10.0.0.9")
    with pytest.raises(InvalidInput):
        await app.closer.start(hr, "2026-11")  # not over yet
    started = await app.closer.start(hr, "2026-10")
    assert (started.state, started.done) == ("closing", 0)
    store = SqlMonthStore(app.database.async_sessions())
    assert await store.is_closed(branch, date(2026, 10, 20)) and not await store.is_closed(branch, date(2026, 9, 1))
    assert await app.timers.run_once() >= 1
    job = await app.closer.job(branch, "2026-10")
    assert job is not None and (job.state, job.done, job.total, job.termination_cases) == ("closed", 3, 3, 1)

    relay_all(app, kafka_broker.bootstrap)
    got = envelopes(kafka_broker.bootstrap, branch, expected=5)
    kinds = sorted(e.type.rsplit(".", 1)[-1] for e in got)
    assert kinds == ["MonthClosed", "PayrollRecord", "PayrollRecord", "PayrollRecord", "TerminationCaseOpened"]
    records = {e.subject: decode(e, pb.PayrollRecord) for e in got if e.type.endswith(".PayrollRecord")}
    assert set(records) == {"e-a", "e-b", "e-c"}  # keyed by the employee id
    a, b, c = records["e-a"].figures, records["e-b"].figures, records["e-c"].figures
    # e-a: 5 days of 540 minutes and the night shift's 480, nothing else.
    assert (a.scheduled_days, a.worked_minutes, a.absence_days, a.deducted_minutes) == (6, 5 * 540 + 480, 0, 0)
    # e-b: 6 + 5 = 11 minutes > 10, all deducted; the 7th is a day of absence (ATT-08), 9.00 hours;
    # worked: 4 days of 540 less the 11 minutes.
    assert (b.late_minutes, b.early_minutes, b.deducted_minutes) == (6, 5, 11)
    assert (b.absence_days, b.absence_minutes, b.absence_hours, b.worked_minutes) == (1, 540, "9.00", 4 * 540 - 11)
    # e-c: 5 days with no record: 45.00 hours of absence and a termination case (3+ in a row).
    assert (c.absence_days, c.absence_hours, list(c.termination_reasons)) == (5, "45.00", ["consecutive_absence"])
    case = decode(next(e for e in got if e.type.endswith("TerminationCaseOpened")), pb.TerminationCaseOpened)
    assert (case.employee_id, case.absence_days, case.month) == ("e-c", 5, "2026-10")
    closed = decode(next(e for e in got if e.type.endswith("MonthClosed")), pb.MonthClosed)
    assert (closed.employees, closed.termination_cases, closed.closed_by) == (3, 1, "hr-1")

    # Frozen: a roster day of the closed month is refused; the next month's is not.
    sessions = app.database.async_sessions()
    lead = Call(actor=Actor(subject=f"lead-{branch}", branch_id=branch, roles=frozenset({"team_lead"})))
    frozen = RosterHandlers(lambda call: SqlRostersUnitOfWork(sessions, call, app.clock), app.clock, closed=store)
    with pytest.raises(RuleViolation) as refused:
        await frozen.set_roster_day(SetRosterDay(employee_id="e-a", day="2026-10-30", rest_day=True), lead)
    assert (refused.value.code, refused.value.rule_id) == ("month_closed", "ATT-11")
    await frozen.set_roster_day(SetRosterDay(employee_id="e-a", day="2026-11-30", rest_day=True), lead)

    # Closing twice publishes nothing twice.
    async with app.database.async_sessions()() as session:
        before = await session.scalar(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.key.in_(["e-a", "e-b", "e-c"]))
        )
    again = await app.closer.start(hr, "2026-10")
    await app.timers.run_once()
    await app.closer.run(branch, date(2026, 10, 1))
    async with app.database.async_sessions()() as session:
        after = await session.scalar(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.key.in_(["e-a", "e-b", "e-c"]))
        )
    assert again.state == "closed" and after == before

    # A correction after close: explicit, with a reason, audited, published with the difference.
    fixed = await app.month_queries.correct(
        hr, "2026-10", "e-b", {"absence_days": 0, "absence_minutes": 0}, "sick note found"
    )
    assert (fixed.version, fixed.figures.absence_days) == (2, 0)
    relay_all(app, kafka_broker.bootstrap)
    got = envelopes(kafka_broker.bootstrap, branch, expected=6)
    corrected = decode(next(e for e in got if e.type.endswith("PayrollRecordCorrected")), pb.PayrollRecordCorrected)
    assert (corrected.employee_id, corrected.version, corrected.reason) == ("e-b", 2, "sick note found")
    assert (
        corrected.figures.absence_minutes,
        corrected.difference.absence_minutes,
        corrected.difference.absence_days,
    ) == (0, -540, -1)
    async with app.database.async_sessions()() as session:
        audit = (
            await session.execute(select(PayrollCorrectionRow).where(PayrollCorrectionRow.branch_id == branch))
        ).scalar_one()
    assert (audit.actor, audit.client_ip, audit.request_id, audit.before["absence_days"]) == (
        "hr-1",
        "10.0.0.9",
        "req-1",
        1,
    )

    # Readers: the stored records answer once closed.
    mine = await app.month_queries.my_month(
        Actor(subject="e-a", branch_id=branch, roles=frozenset({"agent"})), "2026-10"
    )
    assert (mine.closed, mine.version, mine.figures.worked_minutes) == (True, 1, 5 * 540 + 480)


async def test_att_11_a_close_runs_chunk_by_chunk_with_its_progress_readable(pg_url: str) -> None:
    from attendance.bootstrap import build
    from attendance.service import MIGRATIONS
    from attendance.settings import AttendanceSettings

    from cskit.db.migrations import upgrade
    from cskit.domain import FrozenClock

    upgrade(MIGRATIONS, pg_url)
    clock = FrozenClock(datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    app = build(AttendanceSettings(database_url=pg_url, month_close_chunk=1), clock=clock, test_clock=False)
    try:
        branch = f"b-{uuid.uuid4().hex[:8]}"
        await seed(app, branch)
        assert app.closer is not None and app.timers is not None
        hr = RequestContext(Actor(subject="hr-1", branch_id=branch, roles=frozenset({"hr"})))
        await app.closer.start(hr, "2026-10")
        progress = []
        for _ in range(2):
            assert await app.closer.run_chunk(branch, date(2026, 10, 1))  # more remain
            job = await app.closer.job(branch, "2026-10")
            assert job is not None
            progress.append((job.state, job.done, job.total))
        # One employee per chunk (chunk 1), the progress readable between them; the timer
        # (whose first firing is still due) does the rest and closes the month.
        assert progress == [("closing", 1, 3), ("closing", 2, 3)]
        assert await app.timers.run_once() >= 1
        job = await app.closer.job(branch, "2026-10")
        assert job is not None and (job.state, job.done, job.total) == ("closed", 3, 3)
        async with app.database.async_sessions()() as session:
            kinds = (
                (
                    await session.execute(
                        select(OutboxRow.event_type).where(
                            OutboxRow.key.in_(["e-a", "e-b", "e-c", f"{branch}:2026-10"])
                        )
                    )
                )
                .scalars()
                .all()
            )
        assert sorted(k.rsplit(".", 1)[-1] for k in kinds) == [
            "MonthClosed",
            "PayrollRecord",
            "PayrollRecord",
            "PayrollRecord",
            "TerminationCaseOpened",
        ]
    finally:
        await app.database.dispose()
