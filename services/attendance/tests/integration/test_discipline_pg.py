"""ATT-12 on real PostgreSQL and the real broker: complaints' events consumed once each into
the month's slow-answer and rudeness counts (a malformed one dead-lettered); a branch-month's
sheet drafted from them, the supervisors' entries and the month's counts, opened by the
payday timer, approved by a manager, and sent to HR through the outbox."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from attendance.discipline.domain.commands import ApproveScoreSheet, DraftScoreSheet, RecordDisciplineEntry
from attendance.discipline.domain.model import SheetStatus
from attendance.discipline.wiring import complaints_consumer, discipline_parts
from attendance.domain.facts import LeaveDay, MonthCount
from attendance.service import MIGRATIONS
from attendance.settings import AttendanceSettings
from google.protobuf.message import Message
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from cs.attendance.v1 import discipline_events_pb2 as out_pb
from cs.complaints.v1 import complaints_pb2, contacts_pb2, events_pb2, penalties_pb2
from cskit.calls import Call
from cskit.db import Database
from cskit.db.migrations import upgrade
from cskit.dev.broker import TansuBroker
from cskit.domain import Actor, FrozenClock
from cskit.domain.actor import BranchScope
from cskit.messaging.consumer import ConsumerRunner, ProcessedEventRow
from cskit.messaging.envelope import Envelope
from cskit.messaging.outbox import OutboxRow
from cskit.messaging.topics import dlt_topic
from cskit.testing.broker import TopicFactory, wait_until
from cskit.timers import TimerRunner

pytestmark = pytest.mark.integration
ZONE = ZoneInfo("Asia/Shanghai")
NOV = date(2026, 11, 1)


def envelope(message: Message, subject: str, branch: str, at: datetime) -> Envelope:
    return Envelope.new(message, source="complaints", subject=subject, branch_id=branch, time=at)


def breaches(agent: str, branch: str, breached: int, contacts: int = 20) -> Envelope:
    # Slow answers (chat greetings late) plus one hold breach, which is not a slow answer.
    counted = contacts_pb2.AgentContactBreachesCounted(
        agent_id=agent,
        branch_id=branch,
        month="2026-11",
        contacts=contacts,
        breached_contacts=breached,
        breaches=[
            contacts_pb2.StandardCount(standard="chat_greeting", breaches=breached - 1),
            contacts_pb2.StandardCount(standard="reply_wait", breaches=1),
            contacts_pb2.StandardCount(standard="hold_limit", breaches=1),
        ],
    )
    counted.counted_at.FromDatetime(datetime(2026, 11, 30, 16, tzinfo=UTC))
    return envelope(counted, agent, branch, datetime(2026, 11, 30, 16, tzinfo=UTC))


def rude(complaint: str, person: str, branch: str, category: int = complaints_pb2.CATEGORY_SERVICE) -> list[Envelope]:
    at = datetime(2026, 11, 10, 2, tzinfo=UTC)
    filed = events_pb2.ComplaintFiled(complaint_id=complaint, branch_id=branch, category=category)  # type: ignore[arg-type]
    assigned = penalties_pb2.ResponsibilityAssigned(
        complaint_id=complaint, level=penalties_pb2.RESPONSIBILITY_LEVEL_PERSON, person_id=person, decided_by="adm"
    )
    return [envelope(filed, complaint, branch, at), envelope(assigned, complaint, branch, at + timedelta(days=1))]


def read_dlt(bootstrap: str, topic: str, event_id: str) -> list[bytes]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10)
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or set())]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        found: list[bytes] = []
        for _ in range(30):
            for batch in consumer.poll(timeout_ms=100).values():
                found += [r.value for r in batch if dict(r.headers).get("ce_id") == event_id.encode()]
            if found:
                break
        return found
    finally:
        consumer.close()


class Counts:
    """The month engine's counts, as the test sets them."""

    def __init__(self, *counts: MonthCount) -> None:
        self.counts = list(counts)

    async def month_counts(self, scope: BranchScope, month: date) -> list[MonthCount]:
        return self.counts


class Leave:
    def __init__(self, *days: LeaveDay) -> None:
        self.days = list(days)

    async def leave_days(self, scope: BranchScope, start: date, end: date) -> list[LeaveDay]:
        return self.days


def consume(database: Database, broker: TansuBroker, topic: str, group: str, envelopes: list[Envelope]) -> None:
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
    for e in envelopes:
        producer.send(topic, key=e.key, value=e.payload, headers=e.to_headers()).get(timeout=10)
    producer.close()
    runner = ConsumerRunner(
        database,
        bootstrap_servers=broker.bootstrap,
        group_id=group,
        topics=[topic],
        handler=complaints_consumer(ZONE),
        max_attempts=2,
        backoff_initial=0.01,
        dev_timeouts=True,
    )
    ids = {e.id for e in envelopes}

    def claimed() -> int:
        with database.sync_engine.connect() as conn:
            stmt = sa.select(sa.func.count()).where(ProcessedEventRow.consumer_group == group)
            return int(conn.execute(stmt).scalar_one())

    try:
        # Every distinct id but the dead-lettered one is claimed; then a few more polls for the rest.
        wait_until(lambda: runner.poll_once(200) >= 0 and claimed() >= len(ids) - 1, timeout=40)
        for _ in range(3):
            runner.poll_once(200)
    finally:
        runner.close()


async def test_att_12_complaints_events_count_once_each_and_a_malformed_one_is_dead_lettered(
    pg_url: str, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    upgrade(MIGRATIONS, pg_url)
    database = Database(pg_url)
    branch, group, topic = f"d{uuid.uuid4().hex[:8]}", f"disc-{uuid.uuid4().hex[:6]}", kafka_topic()
    slow = breaches("agent-1", branch, 3)
    recount = breaches("agent-1", branch, 5)
    bad = breaches("agent-2", branch, 9, contacts=4)  # more breached contacts than contacts
    complaint = rude(f"c-{uuid.uuid4().hex[:6]}", "agent-1", branch)
    other = rude(f"c-{uuid.uuid4().hex[:6]}", "agent-1", branch, complaints_pb2.CATEGORY_DELIVERY)
    # The recount is delivered twice (a relay re-send): one claim, one count.
    consume(database, kafka_broker, topic, group, [slow, *complaint, *other, recount, recount, bad])
    clock = FrozenClock(datetime(2026, 12, 1, 2, tzinfo=UTC))
    sessions = database.async_sessions()
    policy = AttendanceSettings().discipline_policy()
    registration, _, _ = discipline_parts(sessions, clock, policy, ZONE, counts=Counts(), leave=Leave())
    lead = Call(actor=Actor(subject="lead-1", branch_id=branch, roles=frozenset({"team_lead"}), grade=2))
    sheet = await registration.servicer.handlers.draft_score_sheet(DraftScoreSheet(month="2026-11"), lead)  # type: ignore[attr-defined]
    (line,) = sheet.lines
    assert line.employee_id == "agent-1"
    assert [(i.kind.value, i.count, i.points) for i in line.items] == [
        ("slow_answer", 5, Decimal(10)),
        ("rudeness", 1, Decimal(1)),
    ]
    assert read_dlt(kafka_broker.bootstrap, dlt_topic(topic, group), bad.id), (
        "the malformed count was not dead-lettered"
    )
    assert not read_dlt(kafka_broker.bootstrap, dlt_topic(topic, group), recount.id)
    await database.dispose()


async def test_att_12_the_payday_timer_opens_the_sheet_and_a_manager_approves_it_for_hr(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    database = Database(pg_url)
    branch = f"d{uuid.uuid4().hex[:8]}"
    clock = FrozenClock(datetime(2026, 11, 20, 2, tzinfo=UTC))
    sessions = database.async_sessions()
    policy = AttendanceSettings().discipline_policy()
    counts = Counts(
        MonthCount(employee_id="e1", late_arrivals=2, long_lateness=0, absence_days=0),
        MonthCount(employee_id="e2", late_arrivals=0, long_lateness=1, absence_days=0),
    )
    leave = Leave(
        *(
            LeaveDay(
                employee_id="e2",
                day=date(2026, 11, d),
                kind="personal",
                minutes=480,
                pay_rate=Decimal(0),
                leave_id="l1",
            )
            for d in range(2, 7)
        )
    )
    registration, timer_handlers, reader = discipline_parts(sessions, clock, policy, ZONE, counts=counts, leave=leave)
    handlers = registration.servicer.handlers  # type: ignore[attr-defined]
    lead = Call(actor=Actor(subject="lead-1", branch_id=branch, roles=frozenset({"team_lead"}), grade=2))
    await handlers.record_discipline_entry(
        RecordDisciplineEntry(employee_id="e2", kind="unapproved_rest", day="2026-11-12", note="rested, not asked"),
        lead,
    )
    await handlers.record_discipline_entry(
        RecordDisciplineEntry(employee_id="e1", kind="unfinished_work", day="2026-11-13", note="report", points="0.5"),
        lead,
    )
    clock.set(datetime(2026, 12, 1, 2, tzinfo=UTC))
    sheet = await handlers.draft_score_sheet(DraftScoreSheet(month="2026-11"), lead)
    scores = {line.employee_id: (line.score, line.outcome.value) for line in sheet.lines}
    # e1: 10 - 2 x 0.5 - 0.5; e2: 10 - 2 (over 30 min) - 2 (5th leave beyond 4 in lieu) - 5 (rest).
    assert scores == {"e1": (Decimal("8.5"), "none"), "e2": (Decimal(1), "penalty")}
    runner = TimerRunner(database, timer_handlers, clock)
    # Only the month-end draft timer the entries armed is due: the supervisor drafted already.
    assert await runner.run_once() == 1
    assert (await reader.existing_sheet(lead.scope, branch, NOV)).prepared_by == "lead-1"
    assert await runner.run_once() == 0  # the opening waits for the day before payday
    clock.set(datetime(2026, 12, 8, 16, 0, tzinfo=UTC))  # 2026-12-09 00:00 in Shanghai
    assert await runner.run_once() == 1
    manager = Call(actor=Actor(subject="mgr-1", branch_id=branch, roles=frozenset({"manager"}), grade=3))
    approved = await handlers.approve_score_sheet(ApproveScoreSheet(month="2026-11"), manager)
    assert approved.status is SheetStatus.APPROVED
    async with sessions() as session:
        outbox = (
            await session.execute(
                sa.select(OutboxRow.event_type, OutboxRow.payload)
                .where(OutboxRow.key == sheet.id)
                .order_by(OutboxRow.id)
            )
        ).all()
    assert [t.rsplit(".", 1)[-1] for t, _ in outbox] == [
        "ScoreSheetDrafted",
        "ScoreSheetOpened",
        "DisciplineScoreSheetApproved",
        "DisciplinePenaltyIssued",
    ]
    hr = out_pb.DisciplineScoreSheetApproved.FromString(outbox[2].payload)
    assert [(x.employee_id, x.score, [(i.kind, i.points) for i in x.items]) for x in hr.lines] == [
        ("e1", "8.5", [("late", "1.0"), ("unfinished_work", "0.5")]),
        ("e2", "1", [("absence_from_post", "2"), ("unapproved_rest", "5"), ("leave_beyond_lieu", "2")]),
    ]
    assert await reader.scores(manager.scope, NOV) == {"e1": Decimal("8.5"), "e2": Decimal(1)}
    await database.dispose()
