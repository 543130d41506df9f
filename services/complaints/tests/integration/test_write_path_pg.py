"""The write path on real PostgreSQL (issue 9, speed): a FileComplaint sends few statements,
and case numbers (CMP-01) never keep a hot row lock for the length of a case's write."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from complaints.bootstrap import Complaints
from complaints.intake.app.ports import CallContext
from complaints.intake.persistence.repository import NumberAllocator
from complaints.intake.persistence.uow import SqlUnitOfWork
from cs.complaints.v1 import complaints_pb2 as pb
from cskit.domain import FrozenClock
from cskit.idempotency import IdempotencyGuard
from cskit.messaging.outbox import NOTIFY_CHANNEL

from .conftest import AGENT_B1, intake

pytestmark = pytest.mark.integration

# The key's claim (the advisory lock, then its read: a second statement, so the read's
# snapshot is taken after the lock and sees a concurrent duplicate's commit), the number, one
# batched write (case, history, clocks, outbox, timer, idempotency key, the relays' notice).
# The ORM unit of work sent 9.
MAX_STATEMENTS_PER_FILE = 4


def keyed(n: int) -> CallContext:
    request = pb.FileComplaintRequest(description=f"request {n}")
    guard = IdempotencyGuard.for_caller(AGENT_B1.actor, "FileComplaint", key=f"key-{n}", request=request)
    return CallContext(actor=AGENT_B1.actor, idempotency=guard)


async def test_a_file_complaint_sends_at_most_four_statements(service: Complaints) -> None:
    await service.handlers.file_complaint(intake(), keyed(0))  # warm: the month's counter row exists
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    engines = [service.database.async_engine.sync_engine]
    if service.database.side_engine is not None:
        engines.append(service.database.side_engine.sync_engine)
    for engine in engines:
        sa.event.listen(engine, "before_cursor_execute", record)
    try:
        filed = await service.handlers.file_complaint(intake(), keyed(1))
    finally:
        for engine in engines:
            sa.event.remove(engine, "before_cursor_execute", record)
    assert len(sent) <= MAX_STATEMENTS_PER_FILE, sent
    # Everything landed: the case, its history, clocks, outbox row, timer and key.
    async with service.database.async_engine.connect() as conn:
        counts = {
            table: await conn.scalar(sa.text(f"SELECT count(*) FROM {table} WHERE {column} = :id"), {"id": filed.id})
            for table, column in (
                ("complaints", "id"),
                ("complaint_events", "complaint_id"),
                ("complaint_clocks", "complaint_id"),
                ("outbox", "key"),
                ("timers", "subject"),
                ("idempotency_keys", "result_ref"),
            )
        }
    assert counts == {
        "complaints": 1,
        "complaint_events": 1,
        "complaint_clocks": 3,
        "outbox": 1,
        "timers": 1,
        "idempotency_keys": 1,
    }


async def test_cmp_01_a_number_does_not_wait_for_another_case_still_being_written(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    """The (branch, month) counter is released as soon as a number is handed out: a second
    intake gets the next number while the first case's transaction is still open."""
    sessions = service.database.async_sessions()
    numbers = NumberAllocator(service.database.side_engine)
    async with SqlUnitOfWork(sessions, AGENT_B1, frozen_clock, numbers=numbers) as first:
        one = await first.complaints.next_sequence("b1", "202612")
        async with SqlUnitOfWork(sessions, AGENT_B1, frozen_clock, numbers=numbers) as second:
            two = await asyncio.wait_for(second.complaints.next_sequence("b1", "202612"), timeout=5)
    assert (one, two) == (1, 2)


async def test_plt_03_the_batched_write_still_wakes_the_relays_at_commit(service: Complaints, pg_url: str) -> None:
    """The relays' NOTIFY rides inside the batch's statement: delivered once the case commits."""
    with psycopg.connect(pg_url.replace("postgresql+psycopg:", "postgresql:", 1), autocommit=True) as listener:
        listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
        await service.handlers.file_complaint(intake(), AGENT_B1)
        heard = list(listener.notifies(timeout=5, stop_after=1))
    assert [n.channel for n in heard] == [NOTIFY_CHANNEL]
