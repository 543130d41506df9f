"""The complaint handlers on the kit's in-memory event store and unit of work (cskit.testing):
the application layer tested without a database, with the store's contract intact."""

from __future__ import annotations

import pytest

from complaints.domain.states import Status
from complaints.intake.app.handlers import ComplaintHandlers
from complaints.intake.app.ports import CallContext
from complaints.intake.domain import commands as c
from complaints.intake.domain.events import ComplaintAccepted, ComplaintEvent, ComplaintFiled
from complaints.intake.domain.model import Complaint
from cskit.domain import Actor, FrozenClock, NotFound
from cskit.domain.errors import Conflict, WriteConflict
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryRepository, InMemoryUnitOfWork

from .conftest import T0, Desk

AGENT_B1 = CallContext(actor=Actor(subject="agent-b1", branch_id="B1", roles=frozenset({"agent"})))
AGENT_B2 = CallContext(actor=Actor(subject="agent-b2", branch_id="B2", roles=frozenset({"agent"})))


def _missing(complaint_id: str) -> NotFound:
    return NotFound(f"complaint {complaint_id} not found", code="complaint_not_found")


class Complaints(InMemoryRepository[Complaint, ComplaintEvent]):
    """What complaints adds to the kit's repository: case numbers per branch and month (CMP-01)."""

    def __init__(self, repo: InMemoryRepository[Complaint, ComplaintEvent], counters: dict[tuple[str, str], int]):
        super().__init__(repo.store, repo.scope)
        self.seen = repo.seen
        self._counters = counters

    async def next_sequence(self, branch_id: str, period: str) -> int:
        self._counters[(branch_id, period)] = self._counters.get((branch_id, period), 0) + 1
        return self._counters[(branch_id, period)]


class Memory:
    def __init__(self) -> None:
        self.store: InMemoryEventStore[Complaint, ComplaintEvent] = InMemoryEventStore.of(Complaint, _missing)
        self.keys = IdempotencyMemory()
        self.counters: dict[tuple[str, str], int] = {}

    def uow(self, ctx: CallContext) -> UnitOfWork:
        key = None
        if isinstance(ctx.idempotency, tuple):
            key = ctx.idempotency
        return UnitOfWork(self, ctx, key)


class UnitOfWork(InMemoryUnitOfWork):
    def __init__(self, memory: Memory, ctx: CallContext, key: tuple[str, str] | None) -> None:
        super().__init__(ctx.scope, keys=memory.keys, key=key)
        self.complaints = Complaints(self.repository(memory.store), memory.counters)


@pytest.fixture
def memory() -> Memory:
    return Memory()


@pytest.fixture
def handlers(memory: Memory) -> ComplaintHandlers:
    return ComplaintHandlers(memory.uow, FrozenClock(T0), {})


async def test_cmp_01_filing_numbers_and_stores_the_case(memory: Memory, handlers: ComplaintHandlers) -> None:
    desk = Desk()
    first = await handlers.file_complaint(c.FileComplaint(intake=desk.intake()), AGENT_B1)
    second = await handlers.file_complaint(c.FileComplaint(intake=desk.intake()), AGENT_B1)
    assert [first.number[-5:], second.number[-5:]] == ["00001", "00002"]
    stored = await memory.store.read(first.id, AGENT_B1.scope)
    assert stored.snapshot() == first.snapshot() and stored.version == 1
    assert [type(e) for e in memory.store.published] == [ComplaintFiled, ComplaintFiled]


async def test_a_command_appends_to_the_stored_history(memory: Memory, handlers: ComplaintHandlers) -> None:
    x = await handlers.file_complaint(c.FileComplaint(intake=Desk().intake()), AGENT_B1)
    accepted = await handlers.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    assert accepted.status is Status.ACCEPTED and accepted.version == 2
    assert [type(e) for e in await memory.store.history(x.id, AGENT_B1.scope)] == [ComplaintFiled, ComplaintAccepted]
    assert (await memory.store.read(x.id, AGENT_B1.scope)).snapshot() == accepted.snapshot()


async def test_plt_01_another_branch_case_is_not_found(memory: Memory, handlers: ComplaintHandlers) -> None:
    x = await handlers.file_complaint(c.FileComplaint(intake=Desk().intake()), AGENT_B1)
    with pytest.raises(NotFound):
        await handlers.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B2)
    assert len(await memory.store.history(x.id, AGENT_B1.scope)) == 1  # nothing changed


async def test_an_idempotency_key_replays_its_first_result(memory: Memory, handlers: ComplaintHandlers) -> None:
    keyed = CallContext(actor=AGENT_B1.actor, idempotency=("key-1", "request-a"))
    first = await handlers.file_complaint(c.FileComplaint(intake=Desk().intake()), keyed)
    again = await handlers.file_complaint(c.FileComplaint(intake=Desk().intake()), keyed)
    assert again.id == first.id and len(memory.store.published) == 1
    other = CallContext(actor=AGENT_B1.actor, idempotency=("key-1", "request-b"))
    with pytest.raises(Conflict):
        await handlers.file_complaint(c.FileComplaint(intake=Desk().intake()), other)


async def test_a_lost_race_is_a_write_conflict_and_changes_nothing(memory: Memory, handlers: ComplaintHandlers) -> None:
    x = await handlers.file_complaint(c.FileComplaint(intake=Desk().intake()), AGENT_B1)
    one, two = memory.uow(AGENT_B1), memory.uow(AGENT_B1)
    a, b = await one.complaints.get(x.id), await two.complaints.get(x.id)
    a.accept(AGENT_B1.actor, "", T0)
    b.reject(AGENT_B1.actor, "not ours", T0)
    await one.commit()
    with pytest.raises(WriteConflict):
        await two.commit()
    assert (await memory.store.read(x.id, AGENT_B1.scope)).status is Status.ACCEPTED
