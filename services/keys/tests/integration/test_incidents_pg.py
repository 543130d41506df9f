"""Key incidents on real PostgreSQL: each record and its key set's movement commit together
with their outbox rows (PLT-03); the end-of-day timer (KEY-09) and the spare-key chase
(KEY-11) fire on a moved FrozenClock through the service's own timer runner; another
branch's records are NotFound (PLT-01); histories are readable (PLT-04)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import pytest
from keys.bootstrap import build
from keys.copies.app.handlers import CopyHandlers
from keys.copies.domain.commands import ApproveKeyCopy, RecordKeyCopiesMade, RequestKeyCopy
from keys.copies.persistence.uow import SqlCopiesUnitOfWork
from keys.domain.kinds import KeyState
from keys.hazardous.app.handlers import HazardousHandlers
from keys.hazardous.domain.commands import IssueHazardousKey, ReturnHazardousKey
from keys.hazardous.domain.events import StockItem
from keys.hazardous.persistence.uow import SqlHazardousUnitOfWork
from keys.losses.app.handlers import LossHandlers
from keys.losses.app.lock_changes import LockChangeHandlers
from keys.losses.domain import commands as loss
from keys.losses.persistence.uow import SqlLossesUnitOfWork
from keys.offices.api.servicer import Servicer as OfficeServicer
from keys.offices.app.handlers import OfficeHandlers
from keys.offices.domain import commands as office
from keys.offices.persistence.reader import OfficeOpeningReader
from keys.offices.persistence.store import OFFICE_OPENINGS
from keys.offices.persistence.uow import SqlOfficesUnitOfWork
from keys.register.app.handlers import RegisterHandlers
from keys.register.domain.commands import RegisterKeySet
from keys.register.domain.model import KeySet
from keys.register.persistence.store import KEY_SETS
from keys.register.persistence.uow import SqlRegisterUnitOfWork
from keys.service import MIGRATIONS
from keys.settings import KeysSettings
from keys.testing import AGENT, CUSTODIAN, LEAD, MANAGER, OTHER_BRANCH, T0
from sqlalchemy import select

from cs.keys.v1 import incidents_events_pb2 as events_pb
from cs.keys.v1 import incidents_pb2 as pb
from cskit.calls import Call, reset_current_call, set_current_call
from cskit.db.migrations import upgrade
from cskit.domain import FrozenClock, NotFound, system_scope
from cskit.domain.errors import Forbidden
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import PageTokens
from cskit.protomap import money_of
from cskit.records import ServiceParts
from cskit.timers import TimerRunner

pytestmark = pytest.mark.integration
POLICY = KeysSettings().policy()


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[ServiceParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(KeysSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def clock(app: ServiceParts) -> FrozenClock:
    assert isinstance(app.clock, FrozenClock)
    return app.clock


async def fire_due(app: ServiceParts) -> int:
    assert isinstance(app.timers, TimerRunner)
    return await app.timers.run_once()


async def registered(app: ServiceParts, kind: str = "repair", by: Call = CUSTODIAN, code: str = "R-1") -> KeySet:
    sessions = app.database.async_sessions()
    handlers = RegisterHandlers(lambda call: SqlRegisterUnitOfWork(sessions, call, app.clock), app.clock)
    owner = "Owner Wang" if kind == "owner_entrusted" else ""
    cmd = RegisterKeySet(
        code=code,
        unit="3-1-1201",
        kind=kind,
        key_count=2,
        cabinet="C1",
        hook=f"H-{code}",
        custodian="custodian-1",
        owner_name=owner,
    )
    return await handlers.register_key_set(cmd, by)


async def key_set_now(app: ServiceParts, key_set_id: str) -> KeySet:
    async with app.database.async_sessions()() as session:
        return await KEY_SETS.read(session, key_set_id, system_scope("test"))


async def outbox(app: ServiceParts) -> list[OutboxRow]:
    async with app.database.async_sessions()() as session:
        return list((await session.scalars(select(OutboxRow).order_by(OutboxRow.id))).all())


def types(rows: list[OutboxRow]) -> list[str]:
    return [r.event_type.rsplit(".", 1)[-1] for r in rows]


def losses(app: ServiceParts) -> LossHandlers:
    sessions = app.database.async_sessions()
    return LossHandlers(lambda call: SqlLossesUnitOfWork(sessions, call, app.clock), app.clock, POLICY)


def lock_changes(app: ServiceParts) -> LockChangeHandlers:
    sessions = app.database.async_sessions()
    return LockChangeHandlers(lambda call: SqlLossesUnitOfWork(sessions, call, app.clock), app.clock, POLICY)


async def test_KEY_09_a_lost_key_is_reported_approved_agreed_protected_and_the_lock_changed(
    app: ServiceParts,
) -> None:
    keys = await registered(app)
    h = losses(app)
    report = await h.report_loss(
        loss.ReportLoss(key_set_id=keys.id, damage="lost", circumstances="lost on site"), AGENT
    )
    assert (await key_set_now(app, keys.id)).state is KeyState.LOST
    await h.request_loss_approval(loss.RequestLossApproval(id=report.id), LEAD)
    with pytest.raises(Forbidden):
        await h.approve_loss(loss.ApproveLoss(id=report.id), LEAD)
    await h.approve_loss(loss.ApproveLoss(id=report.id), MANAGER)
    clock(app).advance(timedelta(minutes=30))
    await h.record_owner_agreement(
        loss.RecordOwnerAgreement(id=report.id, contacted_at=T0 + timedelta(minutes=25)), CUSTODIAN
    )
    await h.record_loss_protection(loss.RecordLossProtection(id=report.id, measure="guard at the door"), CUSTODIAN)
    done = await h.resolve_loss(
        loss.ResolveLoss(
            id=report.id,
            resolution="lock_changed",
            key_count=3,
            duty_log_entry="lock changed, 3 keys",
            cost=Decimal("350.00"),
            borne_by="company",
        ),
        LEAD,
    )
    assert done.status.value == "resolved"
    after = await key_set_now(app, keys.id)
    assert (after.state, after.key_count) == (KeyState.IN_CABINET, 3)
    rows = await outbox(app)
    assert types(rows)[-3:] == ["KeySetReplaced", "LossResolved", "LockChangeCostIncurred"]
    cost = events_pb.LockChangeCostIncurred.FromString(rows[-1].payload)
    assert money_of(cost.amount) == (Decimal("350"), "CNY") and cost.borne_by == "company"
    # Resolved the same day: the end-of-day timer finds nothing to raise.
    clock(app).set(POLICY.at_local(POLICY.local_day(T0), POLICY.lost_resolved_by) + timedelta(seconds=1))
    assert await fire_due(app) == 1
    assert "LossResolutionOverdue" not in types(await outbox(app))


async def test_KEY_09_an_unresolved_loss_is_overdue_at_the_end_of_its_local_day(app: ServiceParts) -> None:
    keys = await registered(app)
    report = await losses(app).report_loss(
        loss.ReportLoss(key_set_id=keys.id, damage="damaged", circumstances="bent in the lock"), AGENT
    )
    due = POLICY.at_local(POLICY.local_day(T0), POLICY.lost_resolved_by)
    clock(app).set(due - timedelta(minutes=1))
    assert await fire_due(app) == 0
    clock(app).set(due)
    assert await fire_due(app) == 1
    rows = await outbox(app)
    assert types(rows)[-1] == "LossResolutionOverdue" and rows[-1].key == report.id
    with pytest.raises(NotFound):
        await losses(app).request_loss_approval(loss.RequestLossApproval(id=report.id), OTHER_BRANCH)


async def test_KEY_11_the_spare_key_is_chased_every_three_days_until_handed_in(app: ServiceParts) -> None:
    keys = await registered(app, kind="owner_entrusted", code="O-1")
    h = lock_changes(app)
    change = await h.report_lock_change(loss.ReportLockChange(key_set_id=keys.id, changed_on="2026-11-01"), AGENT)
    clock(app).advance(timedelta(days=3) - timedelta(minutes=1))
    assert await fire_due(app) == 0
    clock(app).advance(timedelta(minutes=1))
    assert await fire_due(app) == 1
    clock(app).advance(timedelta(days=3))
    assert await fire_due(app) == 1
    assert types(await outbox(app)).count("SpareKeyChase") == 2
    closed = await h.hand_in_spare_key(loss.HandInSpareKey(id=change.id, key_count=1), CUSTODIAN)
    assert (closed.status.value, closed.chases) == ("closed", 2)
    assert (await key_set_now(app, keys.id)).key_count == 1
    clock(app).advance(timedelta(days=3))
    await fire_due(app)
    assert types(await outbox(app)).count("SpareKeyChase") == 2


async def test_KEY_10_approved_copies_grow_the_register_count(app: ServiceParts) -> None:
    keys = await registered(app, kind="vacant_unit", code="V-1")
    sessions = app.database.async_sessions()
    h = CopyHandlers(lambda call: SqlCopiesUnitOfWork(sessions, call, app.clock), app.clock, POLICY)
    request = await h.request_key_copy(RequestKeyCopy(key_set_id=keys.id, copies=2, reason="viewings"), AGENT)
    with pytest.raises(Forbidden):
        await h.approve_key_copy(ApproveKeyCopy(id=request.id), AGENT)
    await h.approve_key_copy(ApproveKeyCopy(id=request.id), LEAD)
    await h.record_key_copies_made(RecordKeyCopiesMade(id=request.id), AGENT)
    assert (await key_set_now(app, keys.id)).key_count == 4
    assert types(await outbox(app))[-2:] == ["KeyCountChanged", "KeyCopiesMade"]


async def test_KEY_15_the_hazardous_key_goes_out_under_its_issue_and_comes_back_with_the_stock(
    app: ServiceParts,
) -> None:
    keys = await registered(app, kind="hazardous", code="HZ-1")
    sessions = app.database.async_sessions()
    h = HazardousHandlers(lambda call: SqlHazardousUnitOfWork(sessions, call, app.clock), app.clock, POLICY)
    taken = (StockItem(item="bleach", quantity=Decimal("2"), unit="L"),)
    issue = await h.issue_hazardous_key(
        IssueHazardousKey(key_set_id=keys.id, recipient="cleaner-1", purpose="lobby", in_person=True, taken=taken),
        LEAD,
    )
    out = await key_set_now(app, keys.id)
    assert (out.state, out.ref, out.borrower, out.due_at) == (
        KeyState.LENT,
        issue.id,
        "cleaner-1",
        POLICY.shift_end_of(T0),
    )
    back = (StockItem(item="bleach", quantity=Decimal("0.5"), unit="L"),)
    await h.return_hazardous_key(ReturnHazardousKey(id=issue.id, returned=back), CUSTODIAN)
    assert (await key_set_now(app, keys.id)).state is KeyState.IN_CABINET
    rows = await outbox(app)
    returned = events_pb.HazardousKeyReturned.FromString(rows[-1].payload)
    assert [(x.item, x.quantity, x.unit) for x in returned.returned] == [("bleach", "0.5", "L")]


async def test_KEY_16_an_office_opening_is_confirmed_consented_opened_and_filed_with_its_history(
    app: ServiceParts,
) -> None:
    sessions = app.database.async_sessions()
    h = OfficeHandlers(lambda call: SqlOfficesUnitOfWork(sessions, call, app.clock), app.clock, POLICY)
    made = await h.request_office_opening(
        office.RequestOfficeOpening(
            requester_name="Zhang San", office="12F-1203", reason="forgot", request_document_ref="scan/o-1.pdf"
        ),
        AGENT,
    )
    await h.confirm_office_opening(office.ConfirmOfficeOpening(id=made.id, head_name="Head Li", confirmed_at=T0), AGENT)
    await h.consent_office_opening(office.ConsentOfficeOpening(id=made.id), MANAGER)
    await h.perform_office_opening(office.PerformOfficeOpening(id=made.id), AGENT)
    await h.file_office_opening(office.FileOfficeOpening(id=made.id, filing_ref="ARCH-118"), AGENT)
    reader = OfficeOpeningReader(
        OFFICE_OPENINGS, sessions, tokens=PageTokens(KeysSettings().page_token_key.get_secret_value())
    )
    servicer = OfficeServicer(h, reader)
    token = set_current_call(AGENT)
    try:
        history = await servicer.ListOfficeOpeningHistory(pb.ListOfficeOpeningHistoryRequest(id=made.id), None)
        got = await servicer.GetOfficeOpening(pb.GetOfficeOpeningRequest(id=made.id), None)
    finally:
        reset_current_call(token)
    assert [e.event_type for e in history.entries][-1] == "OfficeOpeningFiled"
    assert json.loads(history.entries[0].details_json)["office"] == "12F-1203"
    assert (got.office_opening.status, got.office_opening.filing_ref) == ("filed", "ARCH-118")
    # PLT-06: the requester's name stays out of the published event.
    first = events_pb.OfficeOpeningRequested.FromString((await outbox(app))[0].payload)
    assert "Zhang" not in str(first)
    with pytest.raises(NotFound):
        await h.consent_office_opening(office.ConsentOfficeOpening(id=made.id), OTHER_BRANCH)
