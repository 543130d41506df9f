"""The archives' records on real PostgreSQL and the real broker: the migrations give exactly the
models' schema; filing commits the record, its history, its outbox row and the idempotency key
together; reads are bounded by branch (PLT-01) and clearance (ARC-05); and a complaint's
compensation agreement, requested on cs.filing.v1 and delivered twice (a re-send with the same
event id and a re-publication with a new one), is filed exactly once (issue 13 item 2)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from archives.bootstrap import build
from archives.domain.categories import RecordState
from archives.intake.wiring import filing_consumer
from archives.records.app.handlers import RecordHandlers
from archives.records.domain.commands import FileRecord, ReceiveOriginal
from archives.records.persistence.reader import RecordFilter, RecordReader
from archives.records.persistence.rows import RecordEventRow, RecordRow
from archives.records.persistence.uow import SqlRecordsUnitOfWork
from archives.service import MIGRATIONS
from archives.settings import ArchivesSettings
from archives.testing import AGENT, ARCHIVIST, MANAGER, OTHER_BRANCH, POLICY, T0
from archives.wiring import ArchivesParts
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from sqlalchemy import create_engine

from cs.archives.v1 import records_pb2
from cs.filing.v1 import filing_pb2 as pb
from cskit.calls import Call
from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.dev.broker import TansuBroker
from cskit.domain import FrozenClock, NotFound
from cskit.idempotency import IdempotencyGuard
from cskit.messaging.consumer import ConsumerRunner, ProcessedEventRow
from cskit.messaging.envelope import Envelope
from cskit.messaging.outbox import OutboxRow
from cskit.messaging.topics import dlt_topic
from cskit.pagination import Page, PageTokens
from cskit.testing.broker import TopicFactory, wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[ArchivesParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(ArchivesSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def handlers(app: ArchivesParts) -> RecordHandlers:
    sessions = app.database.async_sessions()
    return RecordHandlers(lambda call: SqlRecordsUnitOfWork(sessions, call, app.clock), app.clock, POLICY)


def reader(app: ArchivesParts) -> RecordReader:
    tokens = PageTokens(ArchivesSettings().page_token_key.get_secret_value())
    return RecordReader(app.database.async_sessions(), tokens=tokens, policy=POLICY)


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


def command(title: str, confidentiality: str = "internal") -> FileRecord:
    return FileRecord(
        title=title,
        category="contract",
        confidentiality=confidentiality,
        medium="paper",
        department="engineering",
        handed_over_by="clerk-1",
        document_date="2026-10-08",
        original=True,
        external=True,
        counterparty="Acme Lifts",
    )


async def test_ARC_12_filing_commits_record_history_outbox_and_key_together(app: ArchivesParts) -> None:
    key = f"k-{uuid.uuid4().hex}"
    request = records_pb2.FileRecordRequest(title="Lift maintenance contract 2026")
    guard = IdempotencyGuard.for_caller(ARCHIVIST.actor, "FileRecord", key=key, request=request)
    call = Call(actor=ARCHIVIST.actor, idempotency=guard)
    made = await handlers(app).file_record(command("Lift maintenance contract 2026"), call)
    again = await handlers(app).file_record(command("Lift maintenance contract 2026"), call)
    assert again.id == made.id  # the same key replays the first result
    assert (made.state, made.received_by) == (RecordState.ON_SHELF, ARCHIVIST.actor.subject)
    with app.database.sync_engine.connect() as conn:
        events = (
            conn.execute(sa.select(RecordEventRow.event_type).where(RecordEventRow.record_id == made.id))
            .scalars()
            .all()
        )
        outbox = conn.execute(sa.select(OutboxRow.event_type).where(OutboxRow.key == made.id)).scalars().all()
    assert events == ["RecordFiled"]
    assert outbox == ["cs.archives.v1.RecordFiled"]


async def test_ARC_05_reads_are_bounded_by_branch_and_clearance(app: ArchivesParts) -> None:
    open_file = await handlers(app).file_record(command("Open contract"), ARCHIVIST)
    secret = await handlers(app).file_record(command("Board settlement", "confidential"), ARCHIVIST)
    found = reader(app)
    agent_sees = {r.id for r in (await found.find(AGENT, Page(100, ""), RecordFilter()))[0]}
    manager_sees = {r.id for r in (await found.find(MANAGER, Page(100, ""), RecordFilter()))[0]}
    assert open_file.id in agent_sees and secret.id not in agent_sees
    assert {open_file.id, secret.id} <= manager_sees
    with pytest.raises(NotFound):
        await found.record(secret.id, AGENT)  # the same answer as a missing record
    with pytest.raises(NotFound):
        await found.record_history(secret.id, AGENT, Page(10, ""))
    with pytest.raises(NotFound):
        await found.record(open_file.id, OTHER_BRANCH)  # PLT-01
    assert (await found.record(secret.id, MANAGER)).title == "Board settlement"


def agreement_request(agreement_id: str, filing_id: str) -> pb.FilingRequested:
    """A compensation agreement's filing request, as complaints publishes it (CMP-13)."""
    message = pb.FilingRequested(
        filing_id=filing_id,
        source_service="complaints",
        source_record_type="compensation_agreement",
        source_record_id=agreement_id,
        category=pb.CATEGORY_CONTRACT,
        title="Supplementary agreement for complaint b1-202611-00042: CNY 300.00 to Wang",
        references=[
            pb.Reference(kind="complaint_number", value="b1-202611-00042"),
            pb.Reference(kind="agreement_id", value=agreement_id),
        ],
        medium=pb.MEDIUM_PAPER,
        retention_years=0,
        confidentiality=pb.CONFIDENTIALITY_INTERNAL,
        counterparty="Wang",
        branch_id="b1",
        department="customer_service",
        handed_over_by="agent-3",
    )
    message.document_date.FromDatetime(datetime(2026, 10, 30, 2, tzinfo=UTC))
    message.requested_at.FromDatetime(datetime(2026, 10, 30, 2, 5, tzinfo=UTC))
    return message


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


async def test_a_compensation_agreement_delivered_twice_is_filed_exactly_once(
    app: ArchivesParts, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    group = f"archives-filing-{uuid.uuid4().hex[:6]}"
    agreement = str(uuid.uuid4())
    filing_id = str(uuid.uuid5(uuid.NAMESPACE_URL, agreement))
    at = datetime(2026, 10, 30, 2, 5, tzinfo=UTC)
    first = Envelope.new(
        agreement_request(agreement, filing_id), source="complaints", subject=agreement, branch_id="b1", time=at
    )
    # The relay's re-send carries the same event id; a re-publication (complaints' republish) a new one.
    republished = Envelope.new(
        agreement_request(agreement, filing_id), source="complaints", subject=agreement, branch_id="b1", time=at
    )
    # A hostile request: filed under another record's key.
    hostile = Envelope.new(
        agreement_request("other", "f-hostile"), source="complaints", subject=agreement, branch_id="b1", time=at
    )
    producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap, acks="all")
    for e in (first, first, republished, hostile):
        producer.send(topic, key=e.key, value=e.payload, headers=e.to_headers()).get(timeout=10)
    producer.close()
    runner = ConsumerRunner(
        app.database,
        bootstrap_servers=kafka_broker.bootstrap,
        group_id=group,
        topics=[topic],
        handler=filing_consumer(ArchivesSettings(database_url=app.database.url), clock=app.clock),
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
                runner.poll_once(200) >= 0
                and claimed() >= 2
                and bool(dead_letters(kafka_broker, topic, group, hostile.id))
            ),
            timeout=60,
        )
    finally:
        runner.close()
    # The filing inbox's timers fire in serve's runner; twice, as a second replica would try.
    assert app.timers is not None
    while await app.timers.run_once():
        pass
    while await app.timers.run_once():
        pass
    with app.database.sync_engine.connect() as conn:
        rows = conn.execute(
            sa.select(RecordRow.id, RecordRow.state).where(RecordRow.source_record_id == agreement)
        ).all()
        outbox = (
            conn.execute(sa.select(OutboxRow.event_type).where(OutboxRow.key.in_([r.id for r in rows]))).scalars().all()
        )
    assert [r.state for r in rows] == ["awaiting_original"]  # a paper original: the archivist receives it
    assert outbox == ["cs.archives.v1.RecordFiled"]
    filed = await reader(app).record(rows[0].id, ARCHIVIST)
    assert (filed.category.value, filed.custodian, filed.external, filed.filing_id) == (
        "contract",
        "gm_secretary",
        True,
        filing_id,
    )
    assert {(r.kind, r.value) for r in filed.references} >= {("agreement_id", agreement)}
    received = await handlers(app).receive_original(
        ReceiveOriginal(id=filed.id, handed_over_by="agent-3", location="HT-A-1"), ARCHIVIST
    )
    assert (received.state, received.handed_over_by, received.location) == (RecordState.ON_SHELF, "agent-3", "HT-A-1")
    listed, _ = await reader(app).find(
        ARCHIVIST, Page(10, ""), RecordFilter(source_service="complaints", source_record_id=agreement)
    )
    assert [r.id for r in listed] == [filed.id]
