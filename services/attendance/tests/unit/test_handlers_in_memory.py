"""The punch handlers on the kit's in-memory event store and unit of work (cskit.testing): the
application layer without a database, with the store's contract intact (branch scope,
expected version, idempotency replay)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.domain.commands import RecordPunch
from attendance.punches.domain.events import PunchEvent, PunchRecorded
from attendance.punches.domain.model import Punch
from attendance.punches.domain.policy import AttendancePolicy
from attendance.punches.persistence.store import punch_not_found

from cskit.calls import Call
from cskit.domain import Actor, FrozenClock, NotFound
from cskit.domain.errors import Conflict
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryRepository, InMemoryUnitOfWork

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)

B1 = Call(actor=Actor(subject="agent-b1", branch_id="b1", roles=frozenset({"agent"})))
B2 = Call(actor=Actor(subject="agent-b2", branch_id="b2", roles=frozenset({"agent"})))
LEAD_B1 = Call(actor=Actor(subject="lead-b1", branch_id="b1", roles=frozenset({"team_lead"})))


class Memory:
    def __init__(self) -> None:
        self.store: InMemoryEventStore[Punch, PunchEvent] = InMemoryEventStore.of(Punch, punch_not_found)
        self.keys = IdempotencyMemory()

    def uow(self, call: Call) -> InMemoryPunches:
        key = call.idempotency if isinstance(call.idempotency, tuple) else None
        return InMemoryPunches(self, call, key)


class InMemoryPunches(InMemoryUnitOfWork):
    def __init__(self, memory: Memory, call: Call, key: tuple[str, str] | None) -> None:
        super().__init__(call.scope, keys=memory.keys, key=key)
        self._punches = self.repository(memory.store)

    @property
    def punches(self) -> InMemoryRepository[Punch, PunchEvent]:
        return self._punches


@pytest.fixture
def memory() -> Memory:
    return Memory()


@pytest.fixture
def handlers(memory: Memory) -> PunchHandlers:
    return PunchHandlers(memory.uow, FrozenClock(T0), AttendancePolicy())


def terminal(ref: str = "991", employee: str = "emp-7") -> RecordPunch:
    return RecordPunch(employee_id=employee, source="terminal", device_id="T-01", source_punch_id=ref, device_time=T0)


async def test_ATT_01_a_terminal_punch_sent_again_answers_with_the_stored_one(
    memory: Memory, handlers: PunchHandlers
) -> None:
    first = await handlers.record_punch(terminal(), B1)
    again = await handlers.record_punch(terminal(), B1)
    other = await handlers.record_punch(terminal("992"), B1)
    assert again.id == first.id != other.id
    assert [type(e) for e in memory.store.published] == [PunchRecorded, PunchRecorded]


async def test_a_punch_is_read_in_its_branch_only(memory: Memory, handlers: PunchHandlers) -> None:
    punch = await handlers.record_punch(terminal(), B1)
    assert (await memory.store.read(punch.id, B1.scope)).employee_id == "emp-7"
    with pytest.raises(NotFound):
        await memory.store.read(punch.id, B2.scope)
    # The same device and punch id in another branch is another punch.
    assert (await handlers.record_punch(terminal(), B2)).id != punch.id


async def test_manual_punches_are_each_new_and_replayed_by_their_idempotency_key(
    memory: Memory, handlers: PunchHandlers
) -> None:
    manual = RecordPunch(employee_id="emp-7", source="manual", device_id="", source_punch_id="", device_time=T0)
    keyed = Call(actor=LEAD_B1.actor, idempotency=("key-1", "request-a"))
    first = await handlers.record_punch(manual, keyed)
    assert (await handlers.record_punch(manual, keyed)).id == first.id
    assert (await handlers.record_punch(manual, LEAD_B1)).id != first.id
    assert len(memory.store.published) == 2
    with pytest.raises(Conflict):
        await handlers.record_punch(manual, Call(actor=LEAD_B1.actor, idempotency=("key-1", "request-b")))
