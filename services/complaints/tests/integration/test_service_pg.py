"""The complaints service end to end below the API: handlers, persistence, outbox, timers,
on real PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from complaints.bootstrap import Complaints
from complaints.domain.states import Status
from complaints.domain.values import ClockKind, ClockState
from complaints.intake.domain import commands as c
from complaints.observability import CLOCK_BREACHES
from complaints.persistence.rows import ComplaintEventRow
from cskit.domain import FrozenClock, NotFound
from cskit.messaging.envelope import Envelope
from cskit.messaging.outbox import OutboxRow

from .conftest import AGENT_B1, AGENT_B2, HEAD_OFFICE, hours, intake

pytestmark = pytest.mark.integration


async def outbox_types(app: Complaints, complaint_id: str) -> list[str]:
    async with app.database.async_sessions()() as session:
        rows = await session.scalars(select_outbox(complaint_id))
        return [r.event_type.rsplit(".", 1)[-1] for r in rows]


def select_outbox(complaint_id: str) -> sa.Select[tuple[OutboxRow]]:
    return sa.select(OutboxRow).where(OutboxRow.key == complaint_id).order_by(OutboxRow.id)


async def test_cmp_10_whole_life_commits_state_history_and_events_together(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    h = service.handlers
    x = await h.file_complaint(intake(), AGENT_B1)
    assert x.number.startswith("b1-") and x.status is Status.RECEIVED
    await h.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    frozen_clock.advance(hours(1))
    await h.reply_to_complaint(
        c.ReplyToComplaint(complaint_id=x.id, message="Engineer booked", next_reply_at=frozen_clock.now() + hours(4)),
        AGENT_B1,
    )
    await h.add_progress_note(
        c.AddProgressNote(complaint_id=x.id, message="Parts ordered", customer_informed=True), AGENT_B1
    )
    await h.resolve_complaint(c.ResolveComplaint(complaint_id=x.id, resolution="Lift repaired"), AGENT_B1)
    await h.record_return_visit(
        c.RecordReturnVisit(complaint_id=x.id, satisfied=True, satisfaction=5, comment="fast"), AGENT_B1
    )
    closed = await h.close_complaint(c.CloseComplaint(complaint_id=x.id, summary="done"), AGENT_B1)
    assert closed.status is Status.CLOSED
    clocks = {v.kind: v.state for v in closed.clocks(frozen_clock.now())}
    assert clocks[ClockKind.FIRST_REPLY] is ClockState.MET and clocks[ClockKind.CLOSURE] is ClockState.MET
    assert await outbox_types(service, x.id) == [
        "ComplaintFiled",
        "ComplaintAccepted",
        "ComplaintReplied",
        "ProgressNoted",
        "ComplaintResolved",
        "VisitTaskOpened",  # CMP-17: the return visit is due
        "ReturnVisitRecorded",
        "ComplaintClosed",
    ]
    reread = await service.servicer.reader.get(x.id, AGENT_B1.scope)
    assert reread.snapshot() == closed.snapshot()


async def test_cmp_04_unanswered_complaint_breaches_first_reply_clock_once_via_timer(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    x = await service.handlers.file_complaint(intake(), AGENT_B1)
    before = CLOCK_BREACHES.labels("CMP-04", "first_reply", "b1")._value.get()
    frozen_clock.advance(hours(2) - timedelta(seconds=1))
    assert await service.timers.run_once() == 0
    frozen_clock.advance(timedelta(seconds=2))
    assert await service.timers.run_once() == 1
    assert await service.timers.run_once() == 0
    assert (await outbox_types(service, x.id)).count("ClockBreached") == 1
    assert CLOCK_BREACHES.labels("CMP-04", "first_reply", "b1")._value.get() == before + 1
    after = await service.servicer.reader.get(x.id, AGENT_B1.scope)
    first_reply = next(v for v in after.clocks(frozen_clock.now()) if v.kind is ClockKind.FIRST_REPLY)
    assert first_reply.state is ClockState.BREACHED
    async with service.database.async_sessions()() as session:
        envelope_row = (await session.scalars(select_outbox(x.id))).all()[-1]
    headers = {k: v.encode() for k, v in envelope_row.headers.items()}
    envelope = Envelope.from_kafka(list(headers.items()), envelope_row.payload)
    assert envelope.type == "cs.complaints.v1.ClockBreached" and envelope.branch_id == "b1"


async def test_cmp_03_rejection_reply_clock_breaches_after_two_hours(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    x = await service.handlers.file_complaint(intake(), AGENT_B1)
    await service.handlers.reject_complaint(c.RejectComplaint(complaint_id=x.id, reason="Not our estate"), AGENT_B1)
    frozen_clock.advance(hours(2) + timedelta(seconds=1))
    assert await service.timers.run_once() == 1
    types = await outbox_types(service, x.id)
    assert types[-1] == "ClockBreached"
    rows = (await service.servicer.reader.get(x.id, AGENT_B1.scope)).clocks(frozen_clock.now())
    assert next(v for v in rows if v.kind is ClockKind.REJECTION_REPLY).state is ClockState.BREACHED


async def test_plt_01_another_branch_gets_not_found_and_head_office_sees_all(service: Complaints) -> None:
    x = await service.handlers.file_complaint(intake(), AGENT_B1)
    with pytest.raises(NotFound):
        await service.servicer.reader.get(x.id, AGENT_B2.scope)
    with pytest.raises(NotFound):
        await service.handlers.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B2)
    assert (await service.servicer.reader.get(x.id, HEAD_OFFICE.scope)).id == x.id
    from complaints.intake.app.ports import ComplaintFilter, Page

    items, _ = await service.servicer.reader.list(AGENT_B2.scope, ComplaintFilter(), Page())
    assert items == []


async def test_cmp_01_numbers_are_unique_under_concurrent_intake(service: Complaints) -> None:
    made = await asyncio.gather(*(service.handlers.file_complaint(intake(), AGENT_B1) for _ in range(20)))
    numbers = sorted(x.number for x in made)
    assert len(set(numbers)) == 20
    assert numbers[0].endswith("-00001") and numbers[-1].endswith("-00020")


async def test_concurrent_changes_to_one_case_both_land_instead_of_overwriting(service: Complaints) -> None:
    """The loser of the write race re-runs on the winner's state: both notes kept, no 409."""
    x = await service.handlers.file_complaint(intake(), AGENT_B1)
    await asyncio.gather(
        service.handlers.add_progress_note(c.AddProgressNote(complaint_id=x.id, message="a"), AGENT_B1),
        service.handlers.add_progress_note(c.AddProgressNote(complaint_id=x.id, message="b"), AGENT_B1),
    )
    after = await service.servicer.reader.get(x.id, AGENT_B1.scope)
    assert sorted(n.message for n in after.notes) == ["a", "b"]


async def test_plt_04_case_history_is_append_only_in_the_database(service: Complaints) -> None:
    x = await service.handlers.file_complaint(intake(), AGENT_B1)
    async with service.database.async_engine.connect() as conn:
        with pytest.raises(DBAPIError, match="PLT-04"):
            await conn.execute(
                sa.update(ComplaintEventRow).where(ComplaintEventRow.complaint_id == x.id).values(actor="x")
            )
    async with service.database.async_engine.connect() as conn:
        with pytest.raises(DBAPIError, match="PLT-04"):
            await conn.execute(sa.delete(ComplaintEventRow).where(ComplaintEventRow.complaint_id == x.id))


async def test_bad_input_changes_nothing_and_publishes_nothing(service: Complaints) -> None:
    from cskit.domain import InvalidInput

    with pytest.raises(InvalidInput):
        await service.handlers.file_complaint(intake(description=""), AGENT_B1)
    async with service.database.async_sessions()() as session:
        assert (await session.scalar(sa.select(sa.func.count()).select_from(OutboxRow))) == 0
        assert (await session.scalar(sa.select(sa.func.count()).select_from(ComplaintEventRow))) == 0


async def test_plt_04_history_pages_in_order_without_gaps_or_repeats(service: Complaints) -> None:
    from complaints.intake.app.ports import Page

    x = await service.handlers.file_complaint(intake(), AGENT_B1)
    for i in range(4):
        await service.handlers.add_progress_note(c.AddProgressNote(complaint_id=x.id, message=f"n{i}"), AGENT_B1)
    reader, seen, token = service.servicer.reader, [], ""
    while True:
        items, token = await reader.history(x.id, AGENT_B1.scope, Page(size=2, token=token))
        seen += [(i.sequence, i.event_type, i.details.get("message")) for i in items]
        if not token:
            break
    assert [s for s, _, _ in seen] == [1, 2, 3, 4, 5]
    assert seen[1:] == [(n + 2, "ProgressNoted", f"n{n}") for n in range(4)]
    assert all("complaint_id" not in i.details for i in items)
