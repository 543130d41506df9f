"""A complaint's events reach the real broker in order, in the envelope (PLT-03)."""

from __future__ import annotations

import time

import pytest
from kafka import KafkaConsumer, TopicPartition

from complaints import TOPIC
from complaints.bootstrap import Complaints
from complaints.intake.domain import commands as c
from cs.complaints.v1 import events_pb2
from cskit.dev.broker import TansuBroker
from cskit.domain import FrozenClock
from cskit.messaging.envelope import Envelope, decode
from cskit.messaging.relay import OutboxRelay
from cskit.messaging.topics import ensure_topics

from .conftest import AGENT_B1, hours, intake

pytestmark = pytest.mark.integration


def envelopes_for(bootstrap: str, subject: str, expected: int, timeout: float = 20.0) -> list[Envelope]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10)
    try:
        partitions = consumer.partitions_for_topic(TOPIC) or set()
        tps = [TopicPartition(TOPIC, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        found: list[Envelope] = []
        deadline = time.monotonic() + timeout
        while len(found) < expected and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=100).values():
                for record in batch:
                    envelope = Envelope.from_kafka(record.headers, record.value)
                    if envelope.subject == subject:
                        found.append(envelope)
        return found
    finally:
        consumer.close()


async def test_plt_03_one_complaints_events_arrive_in_order_in_the_envelope(
    service: Complaints, kafka_broker: TansuBroker, frozen_clock: FrozenClock
) -> None:
    ensure_topics(kafka_broker.bootstrap, [TOPIC])
    h = service.handlers
    x = await h.file_complaint(intake(), AGENT_B1)
    await h.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    for i in range(10):
        await h.add_progress_note(c.AddProgressNote(complaint_id=x.id, message=f"note {i}"), AGENT_B1)
    frozen_clock.advance(hours(1))
    await h.resolve_complaint(c.ResolveComplaint(complaint_id=x.id, resolution="fixed"), AGENT_B1)

    relay = OutboxRelay(service.database, bootstrap_servers=kafka_broker.bootstrap, service="complaints")
    try:
        assert relay.relay_once() == 14
        assert relay.relay_once() == 0
    finally:
        relay.close()

    got = envelopes_for(kafka_broker.bootstrap, x.id, expected=14)
    assert [e.type.rsplit(".", 1)[-1] for e in got] == [
        "ComplaintFiled",
        "ComplaintAccepted",
        *["ProgressNoted"] * 10,
        "ComplaintResolved",
        "VisitTaskOpened",  # CMP-17: the return visit is due
    ]
    assert [decode(e, events_pb2.ProgressNoted).author for e in got[2:12]] == ["agent-b1"] * 10
    first = got[0]
    assert (first.source, first.branch_id, first.schema_version) == ("complaints", "b1", 1)
    filed = decode(first, events_pb2.ComplaintFiled)
    assert filed.number == x.number and filed.complaint_id == x.id
    assert len({e.id for e in got}) == 14
