"""Sealed custody and emergency use on real PostgreSQL (KEY-03, KEY-06): the deposit, the
key set it registers, every movement, outbox row and timer commit together; the approval
deadline's timer publishes EmergencyApprovalOverdue and the gauge counts the emergency; the
histories are readable with the owner's phone masked (PLT-04, PLT-06) and no event carries
the owner's name or phone."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from keys.bootstrap import build
from keys.custody.api.servicer import CustodyServicer, Handlers
from keys.custody.app.deposits import DepositHandlers
from keys.custody.app.emergencies import EmergencyHandlers
from keys.custody.domain import commands as c
from keys.custody.domain.deposit import Deposit
from keys.custody.domain.people import Person, StaffRole
from keys.custody.domain.policy import CustodyPolicy
from keys.custody.persistence.gauges import refresh_custody_gauges
from keys.custody.persistence.reader import DepositReader, EmergencyReader
from keys.custody.persistence.store import DEPOSITS, EMERGENCIES
from keys.custody.persistence.uow import SqlCustodyUnitOfWork
from keys.observability import EMERGENCIES_UNAPPROVED
from keys.register.persistence.store import KEY_SETS
from keys.service import MIGRATIONS
from keys.settings import KeysSettings
from keys.testing import AGENT, CUSTODIAN, LEAD, MANAGER, OTHER_BRANCH, T0
from sqlalchemy import select

from cs.keys.v1 import custody_pb2 as pb
from cskit.calls import Call, reset_current_call, set_current_call
from cskit.db.migrations import upgrade
from cskit.domain import Forbidden, FrozenClock, InvalidInput, NotFound
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens
from cskit.records import ServiceParts

pytestmark = pytest.mark.integration

CS = StaffRole.CUSTOMER_SERVICE
TEAM = (Person("Li Lei", CS, "agent-1"), Person("Han Meimei", CS, "agent-2"), Person("Zhang Wei", StaffRole.SECURITY))
TOKENS = PageTokens(KeysSettings().page_token_key.get_secret_value())


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[ServiceParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(KeysSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def deposits(app: ServiceParts) -> DepositHandlers:
    sessions = app.database.async_sessions()
    return DepositHandlers(lambda call: SqlCustodyUnitOfWork(sessions, call, app.clock), app.clock, CustodyPolicy())


def emergencies(app: ServiceParts) -> EmergencyHandlers:
    sessions = app.database.async_sessions()
    return EmergencyHandlers(lambda call: SqlCustodyUnitOfWork(sessions, call, app.clock), app.clock, CustodyPolicy())


def servicer(app: ServiceParts) -> CustodyServicer:
    sessions = app.database.async_sessions()
    return CustodyServicer(
        Handlers(deposits(app), emergencies(app)),
        DepositReader(DEPOSITS, sessions, tokens=TOKENS),
        EmergencyReader(EMERGENCIES, sessions, tokens=TOKENS),
    )


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


async def sealed(app: ServiceParts) -> Deposit:
    made = await deposits(app).record_deposit(FORM, CUSTODIAN)
    return await deposits(app).seal_deposit(
        c.SealDeposit(id=made.id, seal_number="S-001", signature_ref="photo://s1", sealed_by_owner=True), CUSTODIAN
    )


async def as_caller(caller: Call, coro_factory):  # type: ignore[no-untyped-def]
    token = set_current_call(caller)
    try:
        return await coro_factory()
    finally:
        reset_current_call(token)


def unapproved() -> dict[str, float]:
    (metric,) = EMERGENCIES_UNAPPROVED.collect()
    return {sample.labels["branch"]: sample.value for sample in metric.samples}


async def outbox(app: ServiceParts) -> list[tuple[str, bytes]]:
    async with app.database.async_sessions()() as session:
        rows = (await session.execute(select(OutboxRow.event_type, OutboxRow.payload).order_by(OutboxRow.id))).all()
    return [(t.rsplit(".", 1)[-1], p) for t, p in rows]


async def test_KEY_06_the_whole_life_of_a_sealed_key_commits_with_its_key_set_and_events(app: ServiceParts) -> None:
    made = await sealed(app)
    handlers = emergencies(app)
    e = await handlers.declare_emergency(
        c.DeclareEmergency(key_set_id=made.key_set_id, hazard="flood", description="water through the ceiling"), AGENT
    )
    with pytest.raises(Forbidden):  # PLT-02: not the requester; KEY-03: no seal opens unapproved
        await handlers.approve_emergency(c.ApproveEmergency(id=e.id), AGENT)
    with pytest.raises(Forbidden):
        await handlers.use_emergency_keys(c.UseEmergencyKeys(id=e.id, staff=TEAM), AGENT)
    await handlers.approve_emergency(c.ApproveEmergency(id=e.id), LEAD)
    await handlers.approve_emergency(c.ApproveEmergency(id=e.id), MANAGER)
    await handlers.record_owner_contact(c.RecordOwnerContact(id=e.id, contacted_at=T0, channel="phone"), AGENT)
    await handlers.use_emergency_keys(c.UseEmergencyKeys(id=e.id, staff=TEAM), AGENT)
    await handlers.log_emergency_duty(c.LogEmergencyDuty(id=e.id, entry="valve closed"), AGENT)
    await handlers.close_emergency(c.CloseEmergency(id=e.id), AGENT)
    await deposits(app).seal_deposit(
        c.SealDeposit(id=made.id, seal_number="S-002", signature_ref="photo://s2", sealed_by_owner=True), CUSTODIAN
    )
    events = await outbox(app)
    assert [t for t, _ in events] == [
        "KeySetRegistered",
        "DepositRecorded",
        "KeySetSealed",
        "DepositSealed",
        "EmergencyDeclared",
        "EmergencyApproved",
        "EmergencyApproved",
        "EmergencyOwnerContacted",
        "KeySetSealOpened",
        "KeySetLent",
        "DepositSealOpened",
        "EmergencyKeysUsed",
        "EmergencyDutyLogged",
        "KeySetReturned",
        "EmergencyClosed",
        "ResealTaskOpened",
        "KeySetSealed",
        "DepositSealed",
        "ResealTaskClosed",
    ]
    # PLT-06: the owner's name and phone stay in the service.
    assert not [t for t, payload in events if b"13800138000" in payload or b"Owner Wang" in payload]
    async with app.database.async_sessions()() as session:
        keys = await KEY_SETS.read(session, made.key_set_id, CUSTODIAN.scope)
    assert (keys.state.value, keys.seal_number) == ("sealed", "S-002")


async def test_KEY_06_the_approval_deadline_publishes_overdue_and_the_gauge_counts_it(app: ServiceParts) -> None:
    made = await sealed(app)
    e = await emergencies(app).declare_emergency(
        c.DeclareEmergency(key_set_id=made.key_set_id, hazard="gas", description="smell of gas"), AGENT
    )
    await emergencies(app).approve_emergency(c.ApproveEmergency(id=e.id), LEAD)
    clock = app.clock
    assert isinstance(clock, FrozenClock)
    clock.advance(timedelta(hours=23, minutes=59))
    assert await app.timers.run_once() == 0
    await refresh_custody_gauges(app.database.async_engine, clock.now())
    assert unapproved() == {}
    clock.advance(timedelta(minutes=1))
    assert await app.timers.run_once() == 1
    assert [t for t, _ in await outbox(app)][-1] == "EmergencyApprovalOverdue"
    await refresh_custody_gauges(app.database.async_engine, clock.now())
    assert unapproved() == {"b1": 1.0}
    await emergencies(app).approve_emergency(c.ApproveEmergency(id=e.id), MANAGER)
    await refresh_custody_gauges(app.database.async_engine, clock.now())
    assert unapproved() == {}


async def test_KEY_03_the_deposits_history_masks_the_owners_phone_and_another_branch_sees_nothing(
    app: ServiceParts,
) -> None:
    made = await sealed(app)
    api = servicer(app)
    history = await as_caller(AGENT, lambda: api.ListDepositHistory(pb.ListDepositHistoryRequest(id=made.id), None))
    recorded, sealed_entry = history.entries
    details = json.loads(recorded.details_json)
    assert (recorded.event_type, recorded.actor) == ("DepositRecorded", "custodian-1")
    assert details["owner_phone"] != "13800138000" and details["owner_phone"].endswith("8000")
    assert json.loads(sealed_entry.details_json)["signature_ref"] == "photo://s1"
    with pytest.raises(NotFound):
        await as_caller(OTHER_BRANCH, lambda: api.GetDeposit(pb.GetDepositRequest(id=made.id), None))
    listed = await as_caller(CUSTODIAN, lambda: api.ListDeposits(pb.ListDepositsRequest(status="sealed"), None))
    assert [d.id for d in listed.deposits] == [made.id]
    found, _ = await DepositReader(DEPOSITS, app.database.async_sessions(), tokens=TOKENS).find(
        CUSTODIAN.scope, Page(10, ""), key_set_id=made.key_set_id
    )
    assert [d.id for d in found] == [made.id]


async def test_KEY_06_the_use_decoder_refuses_one_person_listed_twice(app: ServiceParts) -> None:
    made = await sealed(app)
    api = servicer(app)
    e = await as_caller(
        AGENT,
        lambda: api.DeclareEmergency(
            pb.DeclareEmergencyRequest(key_set_id=made.key_set_id, hazard="fire", description="smoke"), None
        ),
    )
    await emergencies(app).approve_emergency(c.ApproveEmergency(id=e.emergency.id), LEAD)
    await emergencies(app).approve_emergency(c.ApproveEmergency(id=e.emergency.id), MANAGER)
    twice = [
        pb.StaffPresent(name="Li Lei", role="customer_service", subject="agent-1"),
        pb.StaffPresent(name="Li Lei", role="customer_service", subject="agent-1"),
        pb.StaffPresent(name="Zhang Wei", role="security"),
    ]
    with pytest.raises(InvalidInput):
        await as_caller(
            AGENT, lambda: api.UseEmergencyKeys(pb.UseEmergencyKeysRequest(id=e.emergency.id, staff=twice), None)
        )
    good = [*twice[:1], pb.StaffPresent(name="Han Meimei", role="customer_service"), twice[2]]
    used = await as_caller(
        AGENT, lambda: api.UseEmergencyKeys(pb.UseEmergencyKeysRequest(id=e.emergency.id, staff=good), None)
    )
    assert used.emergency.status == "keys_in_use" and [s.role for s in used.emergency.staff] == [
        "customer_service",
        "customer_service",
        "security",
    ]
