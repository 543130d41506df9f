"""The custody handlers in memory: a deposit registers the owner's key set; the seal, its
openings and the emergency move that key set in the same unit of work; the whole life of a
sealed key (KEY-03, KEY-06), and that no handler opens a seal without its ground."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from keys.custody.app.deposits import DepositHandlers
from keys.custody.app.emergencies import EmergencyHandlers
from keys.custody.app.ports import APPROVAL_OVERDUE
from keys.custody.domain import commands as c
from keys.custody.domain.deposit import Deposit, DepositStatus
from keys.custody.domain.emergency import Emergency, EmergencyStatus, ResealTask
from keys.custody.domain.people import Person, StaffRole
from keys.custody.domain.policy import CustodyPolicy
from keys.domain.kinds import KeyState
from keys.register.domain.model import KeySet
from keys.register.persistence.store import key_set_not_found
from keys.testing import AGENT, CUSTODIAN, LEAD, MANAGER, OTHER_BRANCH, T0, key_set
from keys.wiring import system_call

from cskit.calls import Call
from cskit.domain import Forbidden, FrozenClock, InvalidInput, NotFound
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryRepository, InMemoryUnitOfWork

CS = StaffRole.CUSTOMER_SERVICE
TEAM = (Person("Li Lei", CS, "agent-1"), Person("Han Meimei", CS, "agent-2"), Person("Zhang Wei", StaffRole.SECURITY))


def missing(record_id: str) -> NotFound:
    return NotFound(f"{record_id} not found")


class Memory:
    def __init__(self) -> None:
        self.key_sets: InMemoryEventStore[KeySet, object] = InMemoryEventStore.of(KeySet, key_set_not_found)
        self.deposits: InMemoryEventStore[Deposit, object] = InMemoryEventStore.of(Deposit, missing)
        self.emergencies: InMemoryEventStore[Emergency, object] = InMemoryEventStore.of(Emergency, missing)
        self.keys = IdempotencyMemory()
        self.timers: list[tuple[str, str, datetime]] = []


class InMemoryCustody(InMemoryUnitOfWork):
    def __init__(self, memory: Memory, call: Call) -> None:
        super().__init__(call.scope, keys=memory.keys)
        self._memory = memory
        self._key_sets = self.repository(memory.key_sets)
        self._deposits = self.repository(memory.deposits)
        self._emergencies = self.repository(memory.emergencies)
        self._timers: list[tuple[str, str, datetime]] = []

    @property
    def key_sets(self) -> InMemoryRepository[KeySet, object]:
        return self._key_sets

    @property
    def deposits(self) -> InMemoryRepository[Deposit, object]:
        return self._deposits

    @property
    def emergencies(self) -> InMemoryRepository[Emergency, object]:
        return self._emergencies

    def schedule_timer(self, kind: str, subject: str, due_at: datetime) -> None:
        self._timers.append((kind, subject, due_at))

    async def commit(self, *, result_ref: str | None = None) -> None:
        await super().commit(result_ref=result_ref)
        self._memory.timers.extend(self._timers)


@pytest.fixture
def memory() -> Memory:
    return Memory()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


def deposits(memory: Memory, clock: FrozenClock) -> DepositHandlers:
    return DepositHandlers(lambda call: InMemoryCustody(memory, call), clock, CustodyPolicy())


def emergencies(memory: Memory, clock: FrozenClock) -> EmergencyHandlers:
    return EmergencyHandlers(lambda call: InMemoryCustody(memory, call), clock, CustodyPolicy())


FORM = c.RecordDeposit(
    code="E-1201",
    unit="3-1-1201",
    key_count=2,
    cabinet="C9",
    hook="H1",
    custodian="",
    owner_name="Owner Wang",
    owner_phone="13800138000",
    purpose="emergencies while abroad",
    form_ref="scan://forms/1201",
)


async def sealed_deposit(memory: Memory, clock: FrozenClock) -> Deposit:
    made = await deposits(memory, clock).record_deposit(FORM, CUSTODIAN)
    return await deposits(memory, clock).seal_deposit(
        c.SealDeposit(id=made.id, seal_number="S-001", signature_ref="photo://s1", sealed_by_owner=True), CUSTODIAN
    )


async def stored_key_set(memory: Memory, key_set_id: str) -> KeySet:
    return await memory.key_sets.load(key_set_id, CUSTODIAN.scope)


async def test_KEY_03_a_deposit_registers_the_owners_key_set_and_the_seal_moves_it(
    memory: Memory, clock: FrozenClock
) -> None:
    made = await sealed_deposit(memory, clock)
    keys = await stored_key_set(memory, made.key_set_id)
    assert (keys.kind.value, keys.state, keys.ref, keys.seal_number) == (
        "owner_entrusted",
        KeyState.SEALED,
        made.id,
        "S-001",
    )
    assert keys.custodian == CUSTODIAN.actor.subject and keys.owner_phone == "13800138000"
    with pytest.raises(NotFound):  # PLT-01: another branch's deposit
        await deposits(memory, clock).seal_deposit(
            c.SealDeposit(id=made.id, seal_number="S-9", signature_ref="p", sealed_by_owner=True), OTHER_BRANCH
        )


async def test_KEY_03_opening_with_consent_moves_the_key_set_back_to_the_cabinet(
    memory: Memory, clock: FrozenClock
) -> None:
    made = await sealed_deposit(memory, clock)
    clock.advance(timedelta(hours=1))
    opened = await deposits(memory, clock).open_seal_with_consent(
        c.OpenSealWithConsent(
            id=made.id, consent_channel="phone", consented_at=T0 + timedelta(minutes=50), reason="owner collects"
        ),
        CUSTODIAN,
    )
    keys = await stored_key_set(memory, made.key_set_id)
    assert (opened.status, keys.state) == (DepositStatus.OPENED, KeyState.IN_CABINET)
    assert "owner's consent (phone, 2026-11-02T01:50:00+00:00)" in keys.history[-1].reason  # type: ignore[union-attr]


async def test_KEY_03_nobody_opens_a_seal_through_an_emergency_without_its_approvals(
    memory: Memory, clock: FrozenClock
) -> None:
    made = await sealed_deposit(memory, clock)
    e = await emergencies(memory, clock).declare_emergency(
        c.DeclareEmergency(key_set_id=made.key_set_id, hazard="fire", description="smoke from 1201"), AGENT
    )
    with pytest.raises(Forbidden):
        await emergencies(memory, clock).use_emergency_keys(c.UseEmergencyKeys(id=e.id, staff=TEAM), AGENT)
    assert (await stored_key_set(memory, made.key_set_id)).state is KeyState.SEALED
    assert (await memory.deposits.load(made.id, CUSTODIAN.scope)).status is DepositStatus.SEALED


async def test_KEY_06_the_whole_life_of_a_sealed_key(memory: Memory, clock: FrozenClock) -> None:
    made = await sealed_deposit(memory, clock)
    handlers = emergencies(memory, clock)
    e = await handlers.declare_emergency(
        c.DeclareEmergency(key_set_id=made.key_set_id, hazard="flood", description="water through the ceiling"), AGENT
    )
    assert (e.sealed, e.deposit_id, e.approver_roles) == (True, made.id, ("team_lead", "manager"))
    assert memory.timers == [(APPROVAL_OVERDUE, e.id, T0 + timedelta(hours=24))]
    await handlers.approve_emergency(c.ApproveEmergency(id=e.id), LEAD)
    await handlers.approve_emergency(c.ApproveEmergency(id=e.id), MANAGER)
    clock.advance(timedelta(minutes=5))
    await handlers.record_owner_contact(
        c.RecordOwnerContact(id=e.id, contacted_at=T0 + timedelta(minutes=4), channel="phone"), AGENT
    )
    used = await handlers.use_emergency_keys(c.UseEmergencyKeys(id=e.id, staff=TEAM), AGENT)
    keys = await stored_key_set(memory, made.key_set_id)
    assert (used.status, keys.state, keys.ref) == (EmergencyStatus.KEYS_IN_USE, KeyState.LENT, e.id)
    assert (await memory.deposits.load(made.id, CUSTODIAN.scope)).opened_by_emergency == e.id
    await handlers.log_emergency_duty(c.LogEmergencyDuty(id=e.id, entry="valve closed, floor dried"), AGENT)
    closed = await handlers.close_emergency(c.CloseEmergency(id=e.id), AGENT)
    assert (closed.reseal_task, (await stored_key_set(memory, made.key_set_id)).state) == (
        ResealTask.OPEN,
        KeyState.IN_CABINET,
    )
    with pytest.raises(InvalidInput):  # the old seal number does not close the task
        await deposits(memory, clock).seal_deposit(
            c.SealDeposit(id=made.id, seal_number="S-001", signature_ref="photo://s2", sealed_by_owner=True), CUSTODIAN
        )
    await deposits(memory, clock).seal_deposit(
        c.SealDeposit(id=made.id, seal_number="S-002", signature_ref="photo://s2", sealed_by_owner=True), CUSTODIAN
    )
    done = await memory.emergencies.load(e.id, CUSTODIAN.scope)
    assert (done.reseal_task, done.resealed_with) == (ResealTask.DONE, "S-002")
    assert (await stored_key_set(memory, made.key_set_id)).state is KeyState.SEALED


async def test_KEY_06_an_emergency_on_a_register_key_that_is_not_an_owners_is_refused(
    memory: Memory, clock: FrozenClock
) -> None:
    vacant = key_set()
    memory.key_sets.append(vacant)
    with pytest.raises(InvalidInput):
        await emergencies(memory, clock).declare_emergency(
            c.DeclareEmergency(key_set_id=vacant.id, hazard="gas", description="smell of gas"), AGENT
        )
    with pytest.raises(NotFound):
        await emergencies(memory, clock).declare_emergency(
            c.DeclareEmergency(key_set_id=vacant.id, hazard="gas", description="smell of gas"), OTHER_BRANCH
        )


async def test_KEY_06_the_approval_deadline_marks_a_still_unapproved_emergency(
    memory: Memory, clock: FrozenClock
) -> None:
    made = await sealed_deposit(memory, clock)
    handlers = emergencies(memory, clock)
    e = await handlers.declare_emergency(
        c.DeclareEmergency(key_set_id=made.key_set_id, hazard="gas", description="gas"), AGENT
    )
    await handlers.approve_emergency(c.ApproveEmergency(id=e.id), LEAD)
    clock.advance(timedelta(hours=24))
    await handlers.mark_approval_overdue(e.id, system_call("test: the approval deadline"))
    overdue = await memory.emergencies.load(e.id, CUSTODIAN.scope)
    assert overdue.approval_overdue and overdue.missing_roles == ("manager",)
