"""People on real PostgreSQL: the directory (placements by date, the line-manager chain, the
branch scope), imports all-or-nothing, roster imports through the rosters' store with their
RosterDaySet events and departments, ATT-09 on stored data, and HR's events consumed from the
real broker once each, a malformed one dead-lettered."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa
from attendance.bootstrap import hr_consumer
from attendance.domain.people import Assignment, Grade
from attendance.people.app.handlers import PeopleHandlers
from attendance.people.domain.imports import ImportFormat, ImportRejected
from attendance.people.domain.model import Leave, Move
from attendance.people.domain.policy import ImportPolicy
from attendance.people.persistence.directory import SqlDirectory
from attendance.people.persistence.rows import EmployeeRow, PlacementRow
from attendance.people.persistence.store import SqlPeople, SqlPeopleTransactions
from attendance.punches.app.outcomes import DayOutcomes, ShiftSource
from attendance.punches.domain.engine import Shift
from attendance.punches.domain.policy import AttendancePolicy
from attendance.punches.persistence.reader import PunchReader
from attendance.punches.persistence.store import PUNCHES
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain.commands import SetRosterDay
from attendance.rosters.persistence.reader import RosterReader
from attendance.rosters.persistence.store import ROSTERS
from attendance.rosters.persistence.uow import SqlRostersUnitOfWork
from attendance.settings import AttendanceSettings
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from sqlalchemy.orm import Session

from cs.attendance.v1 import events_pb2
from cs.hr.v1 import events_pb2 as hr
from cskit.calls import Call
from cskit.dev.broker import TansuBroker
from cskit.domain import Actor, Forbidden
from cskit.domain.actor import system_scope
from cskit.messaging.consumer import ConsumerRunner, ProcessedEventRow
from cskit.messaging.envelope import Envelope
from cskit.messaging.outbox import OutboxRow
from cskit.messaging.topics import dlt_topic
from cskit.pagination import PageTokens
from cskit.records import ServiceParts
from cskit.testing.broker import TopicFactory, wait_until

pytestmark = pytest.mark.integration
SETTINGS = AttendanceSettings()
HR = Call(actor=Actor(subject="hr-b1", branch_id="b1", roles=frozenset({"hr"})))
LEAD = Call(actor=Actor(subject="lead-b1", branch_id="b1", roles=frozenset({"team_lead"})))
OTHER_HR = Call(actor=Actor(subject="hr-b2", branch_id="b2", roles=frozenset({"hr"})))
EMPLOYEES = """id,name,department_id,post,grade,hire_date,probation_end,manager_id
e-mgr,王经理,d-cs,客服经理,manager,2020-01-01,,
e-sup,李主管,d-cs,客服主管,supervisor,2022-05-01,,e-mgr
e-1,张伟,d-cs,客服专员,staff,2026-03-01,2026-05-31,e-sup
"""


class People:
    def __init__(self, app: ServiceParts) -> None:
        sessions = app.database.async_sessions()
        self.directory = SqlDirectory(sessions, app.clock, SETTINGS.zone())
        self.rosters = RosterHandlers(
            lambda call: SqlRostersUnitOfWork(sessions, call, app.clock), app.clock, departments=self.directory
        )
        self.tx = SqlPeopleTransactions(sessions)
        self.handlers = PeopleHandlers(self.tx, app.clock, ImportPolicy(), self.rosters)
        self.roster_reader = RosterReader(ROSTERS, sessions, tokens=PageTokens("k"))
        self.punches = PunchReader(PUNCHES, sessions, tokens=PageTokens("k"))

    async def seed(self) -> None:
        for dept, name in (("d-cs", "客服部"), ("d-sales", "销售部")):
            await self.handlers.upsert_department(HR, id=dept, name=name, head_employee_id="")
        assert await self.handlers.import_employees(HR, ImportFormat.CSV, EMPLOYEES.encode()) == 3

    async def move(self, move: Move, now: datetime) -> None:
        await self.tx(system_scope("test"), lambda store: store.move(move, now))


def count_employees(app: ServiceParts) -> int:
    with app.database.sync_engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(EmployeeRow)).scalar_one())


async def test_the_directory_reads_placements_by_date_the_manager_chain_and_only_the_callers_branch(
    app: ServiceParts,
) -> None:
    people = People(app)
    await people.seed()
    # From Dec 1 (after the test clock's today, Nov 2) e-1 moves to sales and reports to the manager.
    await people.move(
        Move(
            employee_id="e-1",
            branch_id="b1",
            effective=date(2026, 12, 1),
            department_id="d-sales",
            manager_id="e-mgr",
            manager_changed=True,
        ),
        app.clock.now(),
    )
    e1 = await people.directory.employee(HR.scope, "e-1")
    assert e1 is not None
    assert (e1.name, e1.department_id, e1.grade, e1.manager_id, e1.probation_end) == (
        "张伟",
        "d-cs",
        Grade.STAFF,
        "e-sup",
        date(2026, 5, 31),
    )
    assert [m.id for m in await people.directory.line_managers(HR.scope, "e-1")] == ["e-sup", "e-mgr"]
    assert await people.directory.assignments(HR.scope, "e-1", date(2026, 11, 1), date(2026, 12, 31)) == [
        Assignment(employee_id="e-1", department_id="d-cs", post="客服专员", effective=date(2026, 3, 1)),
        Assignment(employee_id="e-1", department_id="d-sales", post="客服专员", effective=date(2026, 12, 1)),
    ]
    assert await people.directory.assignments(HR.scope, "e-1", date(2026, 12, 5), date(2026, 12, 6)) == [
        Assignment(employee_id="e-1", department_id="d-sales", post="客服专员", effective=date(2026, 12, 1)),
    ]
    # Another branch sees none of it (PLT-01).
    assert await people.directory.employee(OTHER_HR.scope, "e-1") is None
    assert await people.directory.assignments(OTHER_HR.scope, "e-1", date(2026, 1, 1), date(2026, 12, 31)) == []
    assert await people.directory.employees(OTHER_HR.scope, date(2026, 1, 1), date(2026, 12, 31)) == []
    # A leaver is not employed after the last day; search by name, filter by department.
    leave = Leave(employee_id="e-sup", branch_id="b1", last_day=date(2026, 10, 31), reason="辞职")
    await people.tx(system_scope("test"), lambda store: store.leave(leave, app.clock.now()))
    november = await people.directory.employees(HR.scope, date(2026, 11, 1), date(2026, 11, 30))
    assert [e.id for e in november] == ["e-1", "e-mgr"]
    # Importing the file again (a correction) does not bring the leaver back.
    await people.handlers.import_employees(HR, ImportFormat.CSV, EMPLOYEES.encode())
    again = await people.directory.employees(HR.scope, date(2026, 11, 1), date(2026, 11, 30))
    assert [e.id for e in again] == ["e-1", "e-mgr"]
    assert [e.id for e in await people.directory.page(HR.scope, department_id="", name="张", after="", size=10)] == [
        "e-1"
    ]
    assert [
        e.id for e in await people.directory.page(HR.scope, department_id="d-cs", name="", after="e-1", size=10)
    ] == ["e-mgr", "e-sup"]
    assert [d.name for d in await people.directory.departments(HR.scope)] == ["客服部", "销售部"]


async def test_an_import_with_one_bad_row_imports_nothing_and_the_fixed_file_imports_every_row(
    app: ServiceParts,
) -> None:
    people = People(app)
    for dept in ("d-cs",):
        await people.handlers.upsert_department(HR, id=dept, name="客服部", head_employee_id="")
    bad = EMPLOYEES.replace("e-1,张伟,d-cs", "e-1,张伟,d-nope").replace(
        "e-mgr,王经理,d-cs,客服经理,manager,2020-01-01,,", "e-mgr,王经理,d-cs,客服经理,manager,2020-01-01,,e-ghost"
    )
    with pytest.raises(ImportRejected) as raised:
        await people.handlers.import_employees(HR, ImportFormat.CSV, bad.encode())
    assert sorted((e.row, e.field) for e in raised.value.errors) == [(1, "manager_id"), (3, "department_id")]
    assert count_employees(app) == 0
    assert await people.handlers.import_employees(HR, ImportFormat.CSV, EMPLOYEES.encode()) == 3
    assert count_employees(app) == 3
    # Another branch's HR cannot take over these ids, and an agent may not import at all.
    await people.handlers.upsert_department(OTHER_HR, id="d-b2", name="客服部", head_employee_id="")
    clash = "id,name,department_id,post,grade,hire_date\ne-1,张伟,d-b2,客服,staff,2026-01-01\n"
    with pytest.raises(ImportRejected) as taken:
        await people.handlers.import_employees(OTHER_HR, ImportFormat.CSV, clash.encode())
    assert [(e.row, e.field) for e in taken.value.errors] == [(1, "id")]
    agent = Call(actor=Actor(subject="a-1", branch_id="b1", roles=frozenset({"agent"})))
    with pytest.raises(Forbidden):
        await people.handlers.import_employees(agent, ImportFormat.CSV, EMPLOYEES.encode())


async def test_att_09_imported_rosters_record_the_department_and_a_transfer_mid_month_ends_the_old_roster(
    app: ServiceParts,
) -> None:
    people = People(app)
    await people.seed()
    lines = ["employee_id,day,shift_start,shift_end,rest_day"]
    lines += [f"e-1,2026-11-{d:02d},09:00,18:00," for d in range(2, 31)]
    lines.append("e-ghost,2026-11-02,09:00,18:00,")  # not an employee of the branch
    with pytest.raises(ImportRejected) as raised:
        await people.handlers.import_rosters(LEAD, ImportFormat.CSV, "\n".join(lines).encode())
    assert [(e.row, e.field) for e in raised.value.errors] == [(30, "employee_id")]
    assert await people.roster_reader.on(LEAD.scope, "e-1", date(2026, 11, 2)) is None
    assert await people.handlers.import_rosters(LEAD, ImportFormat.CSV, "\n".join(lines[:-1]).encode()) == 29
    entry = await people.roster_reader.on(LEAD.scope, "e-1", date(2026, 11, 20))
    assert entry is not None and entry.department_id == "d-cs"
    async with app.database.async_sessions()() as session:
        payloads = (
            (await session.execute(sa.select(OutboxRow.payload).where(OutboxRow.key == entry.id))).scalars().all()
        )
    assert [events_pb2.RosterDaySet.FromString(p).department_id for p in payloads] == ["d-cs"]

    # HR moves e-1 to sales from the 16th: d-cs's days from then on stop counting.
    await people.move(
        Move(employee_id="e-1", branch_id="b1", effective=date(2026, 11, 16), department_id="d-sales"), app.clock.now()
    )
    outcomes = DayOutcomes(
        people.punches,
        people.roster_reader,
        AttendancePolicy(),
        SETTINGS.zone(),
        Shift(start=time(8), end=time(17)),
        directory=people.directory,
        roster_departments=people.roster_reader,
    )
    assert (await outcomes.of(LEAD.scope, "e-1", date(2026, 11, 13), None)).shift_source == ShiftSource.ROSTER
    assert (await outcomes.of(LEAD.scope, "e-1", date(2026, 11, 17), None)).shift_source == ShiftSource.DEFAULT
    # Sales' supervisor rosters the 20th: it is recorded for d-sales and counts; no punch: absence.
    await people.rosters.set_roster_day(
        SetRosterDay(employee_id="e-1", day="2026-11-20", shift_start="22:00", shift_end="06:00"), LEAD
    )
    day = await outcomes.of(LEAD.scope, "e-1", date(2026, 11, 20), None)
    assert (day.shift_source, day.outcome.shift, day.outcome.absence) == (
        ShiftSource.ROSTER,
        Shift(start=time(22), end=time(6)),
        True,
    )


def hr_envelope(message: hr.EmployeeJoined | hr.EmployeeMoved | hr.EmployeeLeft, *, subject: str = "") -> Envelope:
    made = Envelope.new(
        message,
        source="hr",
        subject=subject or message.employee_id,
        branch_id=message.branch_id,
        time=datetime.now(UTC),
    )
    return dataclasses.replace(made, id=message.event_id)


def test_hr_events_are_applied_once_each_and_a_malformed_one_is_dead_lettered(
    app: ServiceParts, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    group = f"hr-{uuid.uuid4().hex[:6]}"
    ids = [f"hr-{uuid.uuid4().hex[:10]}" for _ in range(4)]
    joined = hr_envelope(
        hr.EmployeeJoined(
            event_id=ids[0],
            employee_id="e-7",
            branch_id="b1",
            name="陈静",
            department_id="d-cs",
            post="客服专员",
            grade=hr.GRADE_STAFF,
            hire_date="2026-06-01",
            manager_id="e-mgr",
        )
    )
    moved = hr_envelope(
        hr.EmployeeMoved(
            event_id=ids[1],
            employee_id="e-7",
            branch_id="b1",
            effective_date="2026-11-16",
            department_id="d-sales",
            grade=hr.GRADE_SUPERVISOR,
        )
    )
    left = hr_envelope(
        hr.EmployeeLeft(event_id=ids[2], employee_id="e-7", branch_id="b1", last_day="2026-12-31", reason="合同到期")
    )
    hostile = hr_envelope(
        hr.EmployeeLeft(event_id=ids[3], employee_id="e-8", branch_id="b1", last_day="2026-12-31", reason="x"),
        subject="e-7",
    )
    producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap, acks="all")
    # The joiner is delivered twice (a re-send): the same ce_id both times.
    for e in (joined, joined, moved, left, hostile):
        producer.send(topic, key=e.key, value=e.payload, headers=e.to_headers()).get(timeout=10)
    producer.close()
    runner = ConsumerRunner(
        app.database,
        bootstrap_servers=kafka_broker.bootstrap,
        group_id=group,
        topics=[topic],
        handler=hr_consumer(AttendanceSettings(database_url=app.database.url), clock=app.clock),
        max_attempts=2,
        backoff_initial=0.01,
        dev_timeouts=True,
    )

    def claimed() -> int:
        with app.database.sync_engine.connect() as conn:
            count = sa.select(sa.func.count()).where(ProcessedEventRow.consumer_group == group)
            return int(conn.execute(count).scalar_one())

    try:
        wait_until(
            lambda: (
                runner.poll_once(200) >= 0 and claimed() >= 3 and bool(dead_letters(kafka_broker, topic, group, ids[3]))
            ),
            timeout=60,
        )
    finally:
        runner.close()
    with app.database.sync_engine.connect() as conn:
        row = conn.execute(sa.select(EmployeeRow).where(EmployeeRow.id == "e-7")).one()
    assert (row.name, row.left_on, row.left_reason) == ("陈静", date(2026, 12, 31), "合同到期")
    with Session(app.database.sync_engine) as session:
        store = SqlPeople(session, system_scope("test"))
        # The hostile leaver (filed under e-7's key for e-8) changed nothing and made no e-8.
        assert store.branches_of(["e-7", "e-8"]) == {"e-7": "b1"}
        placed = session.execute(
            sa.select(PlacementRow.effective, PlacementRow.department_id, PlacementRow.grade, PlacementRow.manager_id)
            .where(PlacementRow.employee_id == "e-7")
            .order_by(PlacementRow.effective)
        ).all()
    assert [tuple(p) for p in placed] == [
        (date(2026, 6, 1), "d-cs", int(Grade.STAFF), "e-mgr"),
        (date(2026, 11, 16), "d-sales", int(Grade.SUPERVISOR), "e-mgr"),
    ]
    # Joined (once: the re-send was skipped by its event id), moved, left; the hostile one's claim
    # rolled back with its failed handler.
    assert claimed() == 3


def dead_letters(broker: TansuBroker, topic: str, group: str, event_id: str) -> list[bytes]:
    consumer = KafkaConsumer(bootstrap_servers=broker.bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10)
    try:
        name = dlt_topic(topic, group)
        tps = [TopicPartition(name, p) for p in sorted(consumer.partitions_for_topic(name) or set())]
        if not tps:
            return []
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        found: list[bytes] = []
        for _ in range(10):
            for batch in consumer.poll(timeout_ms=100).values():
                found += [r.value for r in batch if dict(r.headers).get("ce_id") == event_id.encode()]
            if found:
                break
        return found
    finally:
        consumer.close()
