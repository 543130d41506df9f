"""``cskit.calls.once`` on real PostgreSQL (and SQLite): one idempotency key, one change, one answer.

The key is claimed first in the change's transaction, so concurrent duplicates wait for the
first and replay its result: no duplicate work and no 409, even with retries turned off.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

import pytest
from google.protobuf.wrappers_pb2 import StringValue
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cskit.calls import act, once
from cskit.db import Base, Database
from cskit.db.uow import UnitOfWork, conflicts_translated
from cskit.domain import Actor, Conflict, RuleViolation
from cskit.idempotency import IdempotencyGuard, IdempotencyKeyRow

from .conftest import AppliedRow, ScratchBase

pytestmark = pytest.mark.integration

USER = Actor(subject="u1", branch_id="b1", roles=frozenset({"agent"}))


class ScratchUow(UnitOfWork):
    """The smallest unit of work ``once`` drives: the change (one row) and the key, one commit."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], guard: IdempotencyGuard | None) -> None:
        super().__init__(sessions)
        self._guard = guard

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await super().__aexit__(exc_type, exc, tb)

    async def claim(self) -> str | None:
        return None if self._guard is None else await self._guard.claim(self.session)

    async def commit(self, *, result_ref: str | None = None) -> None:
        async with conflicts_translated(self.session):
            if self._guard is not None and result_ref is not None:
                self._guard.remember(self.session, result_ref, datetime.now(UTC))
            await self.session.commit()


@pytest.fixture(params=["postgresql", "sqlite"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    # SQLite takes one writer at a time (the kit queues a process's units of work), so there
    # the duplicates line up; PostgreSQL runs them at once and the key row's lock decides.
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else f"sqlite:///{tmp_path}/once.db"
    database = Database(url)
    Base.metadata.create_all(database.sync_engine)
    ScratchBase.metadata.create_all(database.sync_engine)
    yield database
    await database.dispose()


def guard(request: str, key: str = "k-1") -> IdempotencyGuard:
    return IdempotencyGuard.for_caller(USER, "Scratch/Apply", key=key, request=StringValue(value=request))


async def apply(db: Database, request: str, *, hold: float = 0.0, fail: bool = False, key: str = "k-1") -> str:
    """One call: insert a row (holding the transaction open ``hold`` seconds), answer its id."""

    async def work(uow: ScratchUow) -> str:
        event_id = str(uuid.uuid4())
        uow.session.add(AppliedRow(event_id=event_id, key=request, seq=1))
        await uow.session.flush()
        await asyncio.sleep(hold)
        if fail:
            raise RuleViolation("refused after the work started", rule_id="PLT-03")
        return event_id

    async def replay(uow: ScratchUow, ref: str) -> str:
        found = await uow.session.scalar(select(AppliedRow.event_id).where(AppliedRow.event_id == ref))
        assert found is not None
        return found

    # No retries: a duplicate must get the first result by waiting, never by losing and re-running.
    return await once(
        ScratchUow(db.async_sessions(), guard(request, key)), work, ref=lambda r: r, replay=replay, retry=None
    )


async def count(db: Database, entity: object) -> int:
    async with db.async_sessions()() as session:
        return int(await session.scalar(select(func.count()).select_from(entity)) or 0)  # type: ignore[arg-type]


async def test_ten_concurrent_duplicates_make_one_record_and_ten_identical_answers(db: Database) -> None:
    answers = await asyncio.gather(*(apply(db, "same", hold=0.2) for _ in range(10)))
    assert len(set(answers)) == 1
    assert await count(db, AppliedRow) == 1
    assert await count(db, IdempotencyKeyRow) == 1
    assert await apply(db, "same") == answers[0]  # and later repeats replay it too


async def test_the_same_key_with_a_different_request_is_a_409(db: Database) -> None:
    first = await apply(db, "first")
    with pytest.raises(Conflict) as caught:
        await apply(db, "second")
    assert caught.value.code == "idempotency_key_reused"
    assert await count(db, AppliedRow) == 1
    assert await apply(db, "first") == first


async def test_a_different_request_racing_the_first_is_a_409_once_the_first_commits(db: Database) -> None:
    first = asyncio.create_task(apply(db, "first", hold=0.3))
    await asyncio.sleep(0.1)  # the first holds the key, uncommitted
    with pytest.raises(Conflict) as caught:
        await apply(db, "second")
    assert caught.value.code == "idempotency_key_reused"
    assert isinstance(await first, str)
    assert await count(db, AppliedRow) == 1


async def test_when_the_first_call_fails_a_waiting_duplicate_does_the_work(db: Database) -> None:
    first = asyncio.create_task(apply(db, "same", hold=0.3, fail=True))
    await asyncio.sleep(0.1)  # the first holds the key, uncommitted
    second = await apply(db, "same")
    with pytest.raises(RuleViolation):
        await first
    assert await count(db, AppliedRow) == 1
    assert await apply(db, "same") == second


async def test_keys_are_per_scope_and_a_call_without_a_key_always_acts(db: Database) -> None:
    a = await apply(db, "same", key="k-a")
    b = await apply(db, "same", key="k-b")
    assert a != b

    async def work(uow: ScratchUow) -> str:
        uow.session.add(AppliedRow(event_id=str(uuid.uuid4()), key="no-key", seq=1))
        return "done"

    async def never(uow: ScratchUow, ref: str) -> str:
        raise AssertionError("a call without a key never replays")

    for _ in range(2):
        await once(ScratchUow(db.async_sessions(), None), work, ref=lambda r: r, replay=never)
    assert await count(db, AppliedRow) == 4


class BatchingUow(ScratchUow):
    """A unit of work that sends its writes as plain statements (as a batching one does): the
    key's row is one more INSERT with the change."""

    async def commit(self, *, result_ref: str | None = None) -> None:
        async with conflicts_translated(self.session):
            if self._guard is not None and result_ref is not None:
                g = self._guard
                row = {"scope": g.scope, "key": g.key, "request_hash": g.hash, "result_ref": result_ref}
                await self.session.execute(insert(IdempotencyKeyRow).values(**row, created_at=datetime.now(UTC)))
            await self.session.commit()


async def test_a_batching_unit_of_work_writes_the_key_with_the_change_and_still_replays(db: Database) -> None:
    async def work(uow: BatchingUow) -> str:
        uow.session.add(AppliedRow(event_id=str(uuid.uuid4()), key="batched", seq=1))
        await asyncio.sleep(0.1)
        return "ref-batched"

    async def replay(uow: BatchingUow, ref: str) -> str:
        return ref

    def call() -> BatchingUow:
        return BatchingUow(db.async_sessions(), guard("batched"))

    answers = await asyncio.gather(*(once(call(), work, ref=lambda r: r, replay=replay, retry=None) for _ in range(5)))
    assert answers == ["ref-batched"] * 5
    assert await count(db, AppliedRow) == 1
    async with db.async_sessions()() as session:
        assert await guard("batched").recall(session) == "ref-batched"


async def test_act_changes_one_record_once_per_key_and_answers_it_as_it_now_stands(db: Database) -> None:
    async with db.async_sessions().begin() as session:
        session.add(AppliedRow(event_id="rec-1", key="counter", seq=0))

    @dataclass
    class Counter:
        """What a repository hands the domain: a value, not the row (rows expire with the session)."""

        row: AppliedRow
        seq: int

    async def load(uow: ScratchUow, record_id: str) -> Counter:
        found = await uow.session.scalar(select(AppliedRow).where(AppliedRow.event_id == record_id))
        assert found is not None
        return Counter(found, found.seq)

    def bump(counter: Counter) -> None:
        counter.row.seq = counter.seq = counter.seq + 1

    async def call(key: str) -> int:
        uow = ScratchUow(db.async_sessions(), guard("bump", key))
        counter = await act(uow, "rec-1", load=load, change=bump, ref=lambda c: c.row.event_id, retry=None)
        return counter.seq

    assert await asyncio.gather(*(call("k-bump") for _ in range(5))) == [1] * 5
    assert await call("k-bump-2") == 2
    assert await call("k-bump") == 2  # a late repeat answers with the record as it now stands
