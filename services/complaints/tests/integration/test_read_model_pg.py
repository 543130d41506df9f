"""Reads from projections (issue 9 §2) on real PostgreSQL: a GET and a list page answer from the
read-model document written with every append, never from a history; the rebuild command
writes exactly what the live writes did; ``migrate`` fills the documents of records made
before the read model existed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from complaints.__main__ import MIGRATIONS
from complaints.bootstrap import Complaints, build
from complaints.compensation.app.handlers import CompensationHandlers
from complaints.compensation.domain import commands as cc
from complaints.compensation.domain.events import Payee
from complaints.compensation.persistence.rows import AgreementRow
from complaints.domain.values import Category
from complaints.intake.app.ports import CallContext, ComplaintFilter, ListOrder, Page
from complaints.intake.domain import commands as c
from complaints.intake.domain.clocks import desk_deadline
from complaints.intake.domain.model import Complaint
from complaints.intake.domain.policy import DEFAULT_POLICY
from complaints.persistence.rebuild import rebuild_projections
from complaints.persistence.rows import ClockRow, ComplaintEventRow, ComplaintRow
from complaints.persistence.streams import COMPLAINTS, END_OF_TIME, complaint_columns
from complaints.settings import ComplaintsSettings
from cskit.db.migrations import kit_head, service_head, upgrade
from cskit.domain import Actor, FrozenClock
from cskit.eventstore.backfill import fill_projection

from .conftest import AGENT_B1, AGENT_B2, HEAD_OFFICE, hours, intake

pytestmark = pytest.mark.integration


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """Every SQL statement the engine sends while the block runs."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    sa.event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine.sync_engine, "before_cursor_execute", record)


async def _mix(service: Complaints, clock: FrozenClock) -> list[str]:
    """Cases in most states, with notes, visits, pauses, reclassification, breaches and an agreement."""
    h, comp = service.handlers, service.compensation
    assert isinstance(comp, CompensationHandlers)
    ids = []
    for i, ctx in enumerate([AGENT_B1, AGENT_B2] * 3):
        x = await h.file_complaint(intake(compensation_involved=i == 0), ctx)
        ids.append(x.id)
        if i == 1:
            await h.reject_complaint(c.RejectComplaint(complaint_id=x.id, reason="not ours"), ctx)
            continue
        await h.accept_complaint(c.AcceptComplaint(complaint_id=x.id), ctx)
        if i >= 2:
            await h.reply_to_complaint(
                c.ReplyToComplaint(complaint_id=x.id, message="on it", next_reply_at=clock.now() + hours(4)), ctx
            )
            await h.add_progress_note(c.AddProgressNote(complaint_id=x.id, message=f"note {i}"), ctx)
        if i == 3:
            await h.pause_resolution_clock(c.PauseResolutionClock(complaint_id=x.id, reason="parts"), ctx)
        if i >= 4:
            await h.resolve_complaint(c.ResolveComplaint(complaint_id=x.id, resolution="fixed"), ctx)
            await h.record_return_visit(
                c.RecordReturnVisit(complaint_id=x.id, satisfied=i == 4, satisfaction=5 if i == 4 else 1), ctx
            )
        if i == 4:
            await h.close_complaint(c.CloseComplaint(complaint_id=x.id, summary="done"), ctx)
    await comp.draft_agreement(
        cc.DraftAgreement(
            complaint_id=ids[0],
            amount=Decimal("88.10"),
            currency="CNY",
            payee=Payee("Wang Li", "6222 0000 1111 2222", "+86 138 0000 0000"),
            reason="ceiling",
            terms="in full",
        ),
        AGENT_B1,
    )
    clock.advance(hours(3))  # the first-reply clock of the accepted, unanswered case breaches
    while await service.timers.run_once():
        pass
    return ids


async def _projections(service: Complaints) -> dict[str, list[tuple[Any, ...]]]:
    async with service.database.async_engine.connect() as conn:
        return {
            table.name: [tuple(r) for r in (await conn.execute(sa.select(table).order_by(*table.primary_key))).all()]
            for table in (ComplaintRow.__table__, AgreementRow.__table__, ClockRow.__table__)
        }


async def test_rebuild_projections_equals_the_live_projection(service: Complaints, frozen_clock: FrozenClock) -> None:
    await _mix(service, frozen_clock)
    live = await _projections(service)
    assert len(live["complaints"]) == 6 and len(live["compensation_agreements"]) == 1
    assert any(row.breached for row in (await _rows(service))), "the mix has a breached case"
    now = frozen_clock.now()
    async with service.database.async_engine.begin() as conn:  # a read model gone wrong
        await conn.execute(
            sa.update(ComplaintRow).values(status="received", breached=False, next_deadline_at=now, document={})
        )
        await conn.execute(sa.update(AgreementRow).values(status="x", document={}))
        await conn.execute(sa.delete(ClockRow))
    rebuilt = await rebuild_projections(service.database.async_sessions(), batch=4)  # two batches
    assert (rebuilt.complaints, rebuilt.agreements) == (6, 1)
    assert await _projections(service) == live


async def test_fill_projection_writes_a_new_list_column_from_the_documents_in_batches(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    """What migration 0014 runs (cskit.eventstore.backfill.fill_projection): the queue's column,
    gone wrong, is written again from each case's document, a batch at a time, only for the
    cases selected (the closed one keeps what it had)."""
    await _mix(service, frozen_clock)
    live = await _projections(service)
    wrong = frozen_clock.now()
    async with service.database.async_engine.begin() as conn:
        await conn.execute(sa.update(ComplaintRow).values(next_deadline_at=wrong))
    due = "next_deadline_at"

    def fill(sync: sa.Connection) -> int:
        open_ = COMPLAINTS.stream.projection.c.status != "closed"
        return fill_projection(sync, COMPLAINTS.stream, lambda x: {due: complaint_columns(x)[due]}, open_, batch=2)

    async with service.database.async_engine.begin() as conn:
        assert await conn.run_sync(fill) == 5  # six cases, one closed
    rows = {row.id: row for row in await _rows(service)}
    assert [r.next_deadline_at for r in rows.values() if r.status == "closed"] == [wrong]
    async with service.database.async_engine.begin() as conn:
        await conn.execute(
            sa.update(ComplaintRow).where(ComplaintRow.status == "closed").values(next_deadline_at=END_OF_TIME)
        )
    assert await _projections(service) == live


async def _rows(service: Complaints) -> list[Any]:
    async with service.database.async_engine.connect() as conn:
        return list((await conn.execute(sa.select(ComplaintRow))).all())


async def test_get_and_list_pages_read_no_history(service: Complaints, frozen_clock: FrozenClock) -> None:
    ids = await _mix(service, frozen_clock)
    reader = service.servicer.reader
    with statements(service.database.async_engine) as sent:
        got = await reader.get(ids[2], AGENT_B1.scope)
        page, _ = await reader.list(HEAD_OFFICE.scope, ComplaintFilter(), Page(50))
    # One primary-key SELECT for the GET, one for the page: neither touches an event table.
    assert [s for s in sent if "SELECT" in s.upper()] and not [s for s in sent if "_events" in s]
    assert len([s for s in sent if s.lstrip().upper().startswith("SELECT")]) == 2
    async with service.database.async_sessions()() as session:
        truth = await COMPLAINTS.load_many(session, ids, HEAD_OFFICE.scope)
    assert got.snapshot() == truth[ids[2]].snapshot()
    assert {x.id: x.snapshot() for x in page} == {i: t.snapshot() for i, t in truth.items()}
    assert {x.id: x.version for x in page} == {i: t.version for i, t in truth.items()}


async def test_the_desks_queue_pages_nearest_deadline_first_within_the_callers_branch(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    """order=next_deadline: breached clocks first, then running clocks by deadline, then the
    cases with no live clock at the end; paged on the column, so the pages join up in order;
    a branch sees only its own."""
    ids = await _mix(service, frozen_clock)
    reader = service.servicer.reader
    by_deadline = ComplaintFilter(order=ListOrder.NEXT_DEADLINE)

    async def walk(ctx: CallContext) -> list[Complaint]:
        seen, token = [], ""
        while True:
            page, token = await reader.list(ctx.scope, by_deadline, Page(2, token))
            seen += page
            if not token:
                return seen

    everyone = await walk(HEAD_OFFICE)
    assert {x.id for x in everyone} == set(ids)
    due = [desk_deadline(x.clocks(x.updated_at)) or END_OF_TIME for x in everyone]
    # The two breached cases (the unanswered accepted one, the unanswered rejection) lead,
    # then the running clocks by deadline; the closed case has no live clock and comes last.
    assert due == sorted(due) and due[1] < frozen_clock.now() < due[2] < END_OF_TIME == due[-1]
    assert {x.status.value for x in everyone[:2]} == {"rejected", "accepted"}
    assert [x.id for x, d in zip(everyone, due, strict=True) if d == END_OF_TIME] == [ids[4]]
    mine = await walk(AGENT_B1)
    assert [x.id for x in mine] == [x.id for x in everyone if x.branch_id == "b1"]
    newest, _ = await reader.list(HEAD_OFFICE.scope, ComplaintFilter(), Page(50))
    assert [x.id for x in newest] == sorted(ids, reverse=True)  # unchanged: received (all at once), then id


async def test_migrate_fills_the_documents_of_records_made_before_the_read_model(
    pg_url: str, frozen_clock: FrozenClock
) -> None:
    """A database created by the old migrations (up to 0007, whose 0001 made the kit's tables
    before the kit had its own branch) upgrades cleanly; its cases answer."""
    upgrade(MIGRATIONS, pg_url, "0007_statistics")
    upgrade(MIGRATIONS, pg_url, "cskit@head")
    engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:  # as the old history left it: kit tables present, branch unknown
        conn.execute(sa.text("DELETE FROM alembic_version WHERE version_num = 'cskit_0001'"))
    now = datetime(2026, 11, 20, 9, tzinfo=UTC)
    actor = Actor(subject="agent-b1", branch_id="b1", roles=frozenset({"agent"}), grade=1)
    old = Complaint.file(
        complaint_id="00000000-0000-0000-0000-000000000001",
        branch_id="b1",
        sequence=7,
        actor=actor,
        intake=intake(category=Category.MAINTENANCE).intake,
        policy=DEFAULT_POLICY,
        now=now,
    )
    old.accept(actor, "taken", now + hours(1))
    events = old.pull_pending()
    types = COMPLAINTS.stream.types
    with engine.begin() as conn:  # the rows the old code wrote: projection without a document
        conn.execute(
            sa.text(
                "INSERT INTO complaints (id, number, branch_id, status, nature, category, channel, severity,"
                " target_department, compensation_involved, received_at, updated_at, closed_at, breached,"
                " filed_by, version) VALUES (:id, :number, :branch_id, :status, :nature, :category, :channel,"
                " :severity, :target_department, :compensation_involved, :received_at, :updated_at, :closed_at,"
                " :breached, :filed_by, :version)"
            ),
            {"id": old.id, "branch_id": "b1", "version": old.version, **complaint_columns(old)},
        )
        conn.execute(
            sa.insert(ComplaintEventRow.__table__),
            [
                {
                    "complaint_id": old.id,
                    "sequence": n,
                    "event_type": types.name(e),
                    "data": types.encode(e),
                    "actor": e.actor,
                    "occurred_at": e.occurred_at,
                }
                for n, e in enumerate(events, start=1)
            ],
        )
    upgrade(MIGRATIONS, pg_url)
    with engine.connect() as conn:
        heads = set(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars())
    engine.dispose()
    # Upgraded to the service's one head (0008 or any later revision), not stopped before it.
    assert heads == {service_head(MIGRATIONS, pg_url), kit_head(MIGRATIONS, pg_url)}
    app = build(ComplaintsSettings(database_url=pg_url), clock=frozen_clock)
    try:
        got = await app.servicer.reader.get(old.id, AGENT_B1.scope)
        assert got.snapshot() == old.snapshot() and got.version == 2
        async with app.database.async_engine.connect() as conn:  # 0014 filled the queue's column
            due = (
                await conn.execute(sa.select(ComplaintRow.next_deadline_at).where(ComplaintRow.id == old.id))
            ).scalar()
        assert due == complaint_columns(old)["next_deadline_at"] < END_OF_TIME
        # And it lives on: the next command appends after the old history.
        moved = await app.handlers.reply_to_complaint(
            c.ReplyToComplaint(complaint_id=old.id, message="booked", next_reply_at=frozen_clock.now() + hours(4)),
            AGENT_B1,
        )
        assert moved.version == 3
    finally:
        await app.database.dispose()
