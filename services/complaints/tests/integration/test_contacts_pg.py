"""CMP-14 on PostgreSQL and the real broker: the contact systems' events are applied once
(a replayed event changes nothing), hostile ones go to the dead-letter topic, a month's
per-agent breach counts go out when the platform's test clock passes the month's close,
and a contact links to a complaint of its branch with an event."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from google.protobuf.message import Message
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from complaints import TOPIC
from complaints.__main__ import MIGRATIONS
from complaints.bootstrap import Complaints, build, contact_consumer
from complaints.contacts.domain.commands import LinkContact
from complaints.contacts.domain.policy import DEFAULT_CONTACT_POLICY, close_due_at
from complaints.contacts.events.inbound import step_from
from complaints.contacts.persistence.rows import ContactBreachRow, ContactStepRow
from complaints.contacts.persistence.store import SqlContactSteps
from complaints.intake.app.ports import CallContext
from complaints.penalties.domain.rules import month_of
from complaints.settings import ComplaintsSettings
from cs.complaints.v1 import contacts_pb2
from cs.contacts.v1 import events_pb2 as pb
from cskit.db.migrations import upgrade
from cskit.dev.broker import TansuBroker
from cskit.domain import Actor, Conflict, InvalidInput, NotFound
from cskit.messaging.consumer import ConsumerRunner, ProcessedEventRow
from cskit.messaging.envelope import Envelope, decode
from cskit.messaging.relay import OutboxRelay
from cskit.messaging.topics import dlt_topic, ensure_topics
from cskit.testing.broker import TopicFactory, wait_until

from .conftest import intake
from .test_compensation_pg import read_topic

pytestmark = pytest.mark.integration
ZONE = ZoneInfo("Asia/Shanghai")


def agent(branch: str, subject: str = "lead") -> CallContext:
    return CallContext(actor=Actor(subject=subject, branch_id=branch, roles=frozenset({"supervisor"}), grade=3))


def envelope(message: Message, contact: str, branch: str) -> Envelope:
    return Envelope.new(message, source="chat-system", subject=contact, branch_id=branch, time=datetime.now(UTC))


def chat(contact: str, branch: str, agent_id: str, started: datetime, greeted_after: float) -> list[Envelope]:
    def step(at: datetime, who: str = "") -> pb.ContactStep:
        s = pb.ContactStep(contact_id=contact, branch_id=branch, agent_id=who)
        s.occurred_at.FromDatetime(at)
        return s

    return [
        envelope(pb.ChatStarted(step=step(started)), contact, branch),
        envelope(pb.ChatGreeted(step=step(started + timedelta(seconds=greeted_after), agent_id)), contact, branch),
    ]


@pytest.fixture
def branch() -> str:
    return f"c{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[Complaints]:
    upgrade(MIGRATIONS, pg_url)
    built = build(ComplaintsSettings(database_url=pg_url), test_clock=True)
    assert built.test_clock is not None
    await built.test_clock.start()
    try:
        yield built
    finally:
        await built.database.dispose()


def breaches(app: Complaints, contact: str) -> list[tuple[str, str, int]]:
    with app.database.sync_engine.connect() as conn:
        rows = conn.execute(
            sa.select(ContactBreachRow.standard, ContactBreachRow.agent_id, ContactBreachRow.measured).where(
                ContactBreachRow.contact_id == contact
            )
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def steps(app: Complaints, contact: str) -> int:
    with app.database.sync_engine.connect() as conn:
        count = sa.select(sa.func.count()).where(ContactStepRow.contact_id == contact)
        return int(conn.execute(count).scalar_one())


def test_cmp_14_the_consumer_applies_each_event_once_and_dead_letters_hostile_ones(
    app: Complaints, kafka_broker: TansuBroker, kafka_topic: TopicFactory, branch: str
) -> None:
    topic = kafka_topic()
    group = f"contacts-{uuid.uuid4().hex[:6]}"
    contact = f"chat-{uuid.uuid4().hex[:8]}"
    started, greeted = chat(contact, branch, "agent-7", datetime.now(UTC) - timedelta(minutes=5), 16)
    hostile = chat(f"chat-{uuid.uuid4().hex[:8]}", branch, "agent 7; drop", datetime.now(UTC), 3)
    producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap, acks="all")
    # The greeting is delivered twice (a relay re-send): the same ce_id both times.
    for e in (started, greeted, greeted, *hostile):
        producer.send(topic, key=e.key, value=e.payload, headers=e.to_headers()).get(timeout=10)
    producer.close()

    settings = ComplaintsSettings(database_url=app.database.url, kafka_bootstrap=kafka_broker.bootstrap)
    runner = ConsumerRunner(
        app.database,
        bootstrap_servers=kafka_broker.bootstrap,
        group_id=group,
        topics=[topic],
        handler=contact_consumer(settings),
        max_attempts=2,
        backoff_initial=0.01,
        dev_timeouts=True,
    )
    try:
        wait_until(lambda: runner.poll_once(200) >= 0 and steps(app, contact) == 2, timeout=30)
        for _ in range(5):  # the redelivered greeting and the hostile pair
            runner.poll_once(200)
    finally:
        runner.close()
    assert steps(app, contact) == 2
    assert breaches(app, contact) == [("chat_greeting", "agent-7", 16)]
    # The hostile greeting (an agent id no HR system issues) went to the group's dead-letter topic.
    dead = read_dlt(kafka_broker.bootstrap, dlt_topic(topic, group), hostile[1].id)
    assert dead, "the hostile step was not dead-lettered"
    # The repeat was skipped by its event id (processed_events), not refused by the domain
    # ("answered already" would have dead-lettered it): started, greeted, the hostile start.
    assert not read_dlt(kafka_broker.bootstrap, dlt_topic(topic, group), greeted.id)
    with app.database.sync_engine.connect() as conn:
        claimed = sa.select(sa.func.count()).where(ProcessedEventRow.consumer_group == group)
        assert conn.execute(claimed).scalar_one() == 3


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


def drain(app: Complaints, broker: TansuBroker) -> None:
    relay = OutboxRelay(app.database, bootstrap_servers=broker.bootstrap, service="complaints")
    try:
        while relay.relay_once():
            pass
    finally:
        relay.close()


def record(app: Complaints, envelopes: list[Envelope]) -> None:
    assert app.contacts is not None
    sessions = app.database.sync_sessions()
    for e in envelopes:
        with sessions() as session, session.begin():
            app.contacts.record_step(SqlContactSteps(session, app.clock), step_from(e))


async def test_cmp_14_month_end_publishes_per_agent_breach_counts_when_the_test_clock_passes_the_close(
    app: Complaints, kafka_broker: TansuBroker, branch: str
) -> None:
    ensure_topics(kafka_broker.bootstrap, [TOPIC])
    assert app.test_clock is not None and app.contacts is not None
    now = app.clock.now()
    slow, quick = f"{branch}-slow", f"{branch}-quick"
    record(app, chat(f"{branch}-c1", branch, slow, now - timedelta(seconds=30), 16))
    record(app, chat(f"{branch}-c2", branch, slow, now - timedelta(seconds=30), 25))
    record(app, chat(f"{branch}-c3", branch, quick, now - timedelta(seconds=30), 5))
    month = month_of(now - timedelta(seconds=30), ZONE)
    levels = await app.contacts.service_levels(branch, month, "", agent(branch))
    assert (levels.branch.contacts, levels.branch.breached_contacts, levels.closed) == (3, 2, False)

    # Not yet: one minute before the close nothing fires.
    due = close_due_at(month, DEFAULT_CONTACT_POLICY, ZONE)
    await app.test_clock.advance(due - app.clock.now() - timedelta(minutes=1))
    assert await app.timers.run_once() == 0
    await app.test_clock.advance(timedelta(minutes=2))
    assert await app.timers.run_once() == 1

    drain(app, kafka_broker)
    counted = [
        decode(e, contacts_pb2.AgentContactBreachesCounted) for e in read_topic(kafka_broker.bootstrap, TOPIC, slow, 1)
    ]
    assert [
        (c.month, c.contacts, c.breached_contacts, [(s.standard, s.breaches) for s in c.breaches]) for c in counted
    ] == [(month, 2, 2, [("chat_greeting", 2)])]
    assert [
        (c.contacts, c.breached_contacts)
        for c in (
            decode(e, contacts_pb2.AgentContactBreachesCounted)
            for e in read_topic(kafka_broker.bootstrap, TOPIC, quick, 1)
        )
    ] == [(1, 0)]
    assert (await app.contacts.service_levels(branch, month, slow, agent(branch))).closed
    # The timer re-armed itself for the next month; firing the same month again publishes nothing.
    assert await app.contacts.close_month(branch, month) == 0


async def test_cmp_14_a_contact_links_to_a_complaint_of_its_branch_once_with_an_event(
    app: Complaints, kafka_broker: TansuBroker, branch: str
) -> None:
    ensure_topics(kafka_broker.bootstrap, [TOPIC])
    assert app.contacts is not None
    ctx = CallContext(actor=Actor(subject="agent-1", branch_id=branch, roles=frozenset({"agent"}), grade=1))
    complaint = await app.handlers.file_complaint(intake(), ctx)
    second = await app.handlers.file_complaint(intake(), ctx)
    other = await app.handlers.file_complaint(
        intake(), CallContext(actor=Actor(subject="x", branch_id=f"{branch}x", roles=frozenset({"agent"}), grade=1))
    )
    contact = f"{branch}-call"
    record(app, chat(contact, branch, "agent-1", app.clock.now() - timedelta(seconds=20), 3))
    with pytest.raises(NotFound):
        await app.contacts.link_contact(
            LinkContact(contact_id=contact, complaint_id=other.id), ctx
        )  # another branch's case is not there
    linked = await app.contacts.link_contact(LinkContact(contact_id=contact, complaint_id=complaint.id), ctx)
    again = await app.contacts.link_contact(LinkContact(contact_id=contact, complaint_id=complaint.id), ctx)
    assert linked.complaint_id == again.complaint_id == complaint.id
    with pytest.raises(Conflict):
        await app.contacts.link_contact(LinkContact(contact_id=contact, complaint_id=second.id), ctx)
    drain(app, kafka_broker)
    events = [e for e in read_topic(kafka_broker.bootstrap, TOPIC, complaint.id, 3) if e.type.endswith("ContactLinked")]
    assert [decode(e, contacts_pb2.ContactLinked).contact_id for e in events] == [contact]


async def test_cmp_14_with_the_test_clock_on_the_consumer_judges_steps_by_the_moved_time(
    app: Complaints, branch: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert app.test_clock is not None
    await app.test_clock.advance(timedelta(days=3))
    monkeypatch.setenv("CS_TEST_CLOCK_ENABLED", "true")
    handle = contact_consumer(ComplaintsSettings(database_url=app.database.url))
    # Three days ahead of the wall clock: "in the future" for a consumer on wall time.
    contact = f"{branch}-moved"
    sessions = app.database.sync_sessions()
    for e in chat(contact, branch, "agent-1", app.clock.now() - timedelta(seconds=20), 17):
        with sessions() as session, session.begin():
            handle(session, e)
    assert breaches(app, contact) == [("chat_greeting", "agent-1", 17)]
    monkeypatch.setenv("CS_TEST_CLOCK_ENABLED", "false")
    on_wall_time = contact_consumer(ComplaintsSettings(database_url=app.database.url))
    late = chat(f"{branch}-wall", branch, "agent-1", app.clock.now(), 1)[0]
    with pytest.raises(InvalidInput), sessions() as session, session.begin():
        on_wall_time(session, late)
