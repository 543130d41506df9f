"""CMP-15 grades and notices, CMP-17 visit deadlines on real PostgreSQL: events in the outbox
with the write, clocks breached once by the durable timer on the branch calendar, the
metric, and the month's visit summary read from the stored documents."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from complaints.__main__ import MIGRATIONS
from complaints.bootstrap import Complaints, build
from complaints.domain.values import Category, Channel, ClockKind, ClockState, Grade, VisitKind
from complaints.intake.domain import commands as c
from complaints.observability import CLOCK_BREACHES
from complaints.settings import ComplaintsSettings
from cs.complaints.v1 import complaints_pb2, events_pb2
from cskit.db.migrations import upgrade
from cskit.domain import FrozenClock, InvalidInput
from cskit.messaging.envelope import Envelope, decode
from cskit.messaging.outbox import OutboxRow

from .conftest import AGENT_B1, hours, intake

pytestmark = pytest.mark.integration

# Tuesday 3 November is a holiday of branch b1, Saturday 7 November a make-up working day.
B1_CALENDAR = {"b1": {"holidays": ["2026-11-03"], "makeup_days": ["2026-11-07"]}}


@pytest.fixture
async def app(pg_url: str, frozen_clock: FrozenClock) -> AsyncIterator[Complaints]:
    upgrade(MIGRATIONS, pg_url)
    service = build(ComplaintsSettings(database_url=pg_url, policy_overrides=B1_CALENDAR), clock=frozen_clock)
    try:
        yield service
    finally:
        await service.database.dispose()


async def outbox(app: Complaints, complaint_id: str) -> list[Envelope]:
    async with app.database.async_sessions()() as session:
        rows = await session.scalars(sa.select(OutboxRow).where(OutboxRow.key == complaint_id).order_by(OutboxRow.id))
        return [Envelope.from_kafka([(k, v.encode()) for k, v in r.headers.items()], r.payload) for r in rows.all()]


def kinds(envelopes: list[Envelope]) -> list[str]:
    return [e.type.rsplit(".", 1)[-1] for e in envelopes]


async def test_cmp_15_urgent_quality_complaint_notifies_the_roles_and_breaches_its_grade_reply_time(
    app: Complaints, frozen_clock: FrozenClock
) -> None:
    h = app.handlers
    x = await h.file_complaint(intake(category=Category.PRODUCT_QUALITY, grade=Grade.URGENT), AGENT_B1)
    sent = await outbox(app, x.id)
    assert kinds(sent) == ["ComplaintFiled", "ComplaintNotified"]
    notice = decode(sent[1], events_pb2.ComplaintNotified)
    assert list(notice.recipient_roles) == ["quality_manager", "customer_service_manager", "gm_office"]
    assert (notice.rule_id, notice.grade) == ("CMP-15", complaints_pb2.GRADE_URGENT)
    before = CLOCK_BREACHES.labels("CMP-04", "first_reply", "b1")._value.get()
    frozen_clock.advance(timedelta(minutes=30) - timedelta(seconds=1))
    assert await app.timers.run_once() == 0
    frozen_clock.advance(timedelta(seconds=2))
    assert await app.timers.run_once() == 1
    breach = decode((await outbox(app, x.id))[-1], events_pb2.ClockBreached)
    assert breach.kind == complaints_pb2.CLOCK_KIND_FIRST_REPLY
    assert breach.deadline_at.ToDatetime(UTC) == x.received_at + timedelta(minutes=30)
    assert CLOCK_BREACHES.labels("CMP-04", "first_reply", "b1")._value.get() == before + 1


async def test_cmp_15_regrade_and_reply_channel_through_the_handlers(
    app: Complaints, frozen_clock: FrozenClock
) -> None:
    h = app.handlers
    x = await h.file_complaint(intake(bodily_harm=True), AGENT_B1)
    assert [t.kind for t in x.care.visit_tasks] == [VisitKind.HARM]
    await h.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    regraded = await h.regrade_complaint(
        c.RegradeComplaint(complaint_id=x.id, grade=Grade.URGENT, reason="Hospitalised"), AGENT_B1
    )
    reply = next(v for v in regraded.clocks(frozen_clock.now()) if v.kind is ClockKind.FIRST_REPLY)
    assert reply.deadline_at == frozen_clock.now() + timedelta(minutes=30)
    with pytest.raises(InvalidInput) as caught:
        await h.reply_to_complaint(
            c.ReplyToComplaint(
                complaint_id=x.id, message="Sent", next_reply_at=frozen_clock.now() + hours(2), channel=Channel.EMAIL
            ),
            AGENT_B1,
        )
    assert caught.value.rule_id == "CMP-15"
    visited = await h.record_visit(c.RecordVisit(complaint_id=x.id, kind=VisitKind.HARM, note="At the ward"), AGENT_B1)
    assert visited.care.visit_tasks[0].done_at == frozen_clock.now()
    reread = await app.servicer.reader.get(x.id, AGENT_B1.scope)
    assert reread.snapshot() == visited.snapshot()
    assert kinds(await outbox(app, x.id))[-3:] == ["ComplaintAccepted", "ComplaintRegraded", "VisitRecorded"]


async def test_cmp_17_return_visit_due_skips_the_branch_holiday_and_breaches_once_via_timer(
    app: Complaints, frozen_clock: FrozenClock
) -> None:
    h = app.handlers
    x = await h.file_complaint(intake(), AGENT_B1)  # Monday 2 November 09:00 in Shanghai
    await h.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    resolved = await h.resolve_complaint(c.ResolveComplaint(complaint_id=x.id, resolution="Repaired"), AGENT_B1)
    # Tuesday is a holiday: Wednesday and Thursday, so due at the end of Thursday 5 November (local).
    due = datetime(2026, 11, 5, 16, tzinfo=UTC)
    assert resolved.care.visit_tasks[0].due_at == due
    before = CLOCK_BREACHES.labels("CMP-17", "return_visit", "b1")._value.get()
    frozen_clock.advance(due - frozen_clock.now() - timedelta(seconds=1))
    assert await app.timers.run_once() == 0  # the reply and resolution clocks are met; the visit is not due
    frozen_clock.advance(timedelta(seconds=2))
    assert await app.timers.run_once() == 1
    sent = await outbox(app, x.id)
    breach = decode(sent[-1], events_pb2.ClockBreached)
    assert (breach.rule_id, breach.kind) == ("CMP-17", complaints_pb2.CLOCK_KIND_RETURN_VISIT)
    assert CLOCK_BREACHES.labels("CMP-17", "return_visit", "b1")._value.get() == before + 1
    assert await app.timers.run_once() == 0
    late = await app.servicer.reader.get(x.id, AGENT_B1.scope)
    clock = next(v for v in late.clocks(frozen_clock.now()) if v.kind is ClockKind.RETURN_VISIT)
    assert clock.state is ClockState.BREACHED
    # The month's visit summary: one visit due in November, made late.
    await h.record_return_visit(c.RecordReturnVisit(complaint_id=x.id, satisfied=True, satisfaction=4), AGENT_B1)
    assert app.statistics is not None
    [month] = await app.statistics.monthly("b1", "2026-11", AGENT_B1)
    summary = month.statistics.visit_summary
    assert (summary.due, summary.done, summary.on_time, summary.late) == (1, 1, 0, 1)


async def test_cmp_17_property_dates_open_two_visit_clocks(app: Complaints, frozen_clock: FrozenClock) -> None:
    h = app.handlers
    x = await h.file_complaint(intake(), AGENT_B1)
    done = await h.record_property_dates(
        c.RecordPropertyDates(
            complaint_id=x.id, contract_verified_on=date(2026, 10, 20), handed_over_on=date(2026, 10, 30)
        ),
        AGENT_B1,
    )
    clocks = {v.kind: v for v in done.clocks(frozen_clock.now())}
    assert clocks[ClockKind.PROPERTY_FIRST_VISIT].deadline_at == datetime(2026, 11, 20, 16, tzinfo=UTC)
    assert clocks[ClockKind.PROPERTY_SECOND_VISIT].deadline_at == datetime(2027, 1, 30, 16, tzinfo=UTC)
    assert kinds(await outbox(app, x.id))[-3:] == ["PropertyDatesRecorded", "VisitTaskOpened", "VisitTaskOpened"]
