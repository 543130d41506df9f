"""Archives loans on real PostgreSQL: the loan and the record it moves commit together with
the overdue timer (ARC-06); at the due time the timer chases the loan again and again until it
is returned (ARC-07); a loss report moves the record in the same transaction (ARC-08); reads
are bounded by branch and clearance (PLT-01, ARC-05); the gauges read the database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from archives.bootstrap import build
from archives.loans.app.handlers import LoanHandlers
from archives.loans.domain.commands import (
    ApproveLoan,
    ConfirmCount,
    LendRecord,
    ReportIncident,
    RequestLoan,
    ReturnRecord,
)
from archives.loans.domain.policy import LoansPolicy
from archives.loans.persistence.gauges import refresh_loan_gauges
from archives.loans.persistence.reader import LoanFilter, LoanReader
from archives.loans.persistence.uow import SqlLoansUnitOfWork
from archives.observability import LOANS_OUT, LOANS_OVERDUE
from archives.records.app.handlers import RecordHandlers
from archives.records.domain.commands import FileRecord
from archives.records.persistence.reader import RecordReader
from archives.records.persistence.uow import SqlRecordsUnitOfWork
from archives.service import MIGRATIONS
from archives.settings import ArchivesSettings
from archives.testing import AGENT, ARCHIVIST, LEAD, MANAGER, OTHER_BRANCH, POLICY, T0
from sqlalchemy import create_engine, select

from cskit.calls import Call
from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.domain import Forbidden, FrozenClock, NotFound, RuleViolation
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens
from cskit.records import ServiceParts

pytestmark = pytest.mark.integration
TOKENS = PageTokens("k" * 32)


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[ServiceParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(ArchivesSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def _table_of(obj: object, name: str | None, kind: str) -> str:
    return str(name) if kind == "table" else str(getattr(getattr(obj, "table", None), "name", ""))


def test_the_migrations_give_the_models_schema(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    engine = create_engine(sync_url(pg_url))
    try:
        with engine.connect() as conn:
            ours = {
                "include_object": lambda obj, name, kind, *_: _table_of(obj, name, kind).startswith("archives_loan")
            }
            diff = compare_metadata(MigrationContext.configure(conn, opts=ours), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def loans(app: ServiceParts) -> LoanHandlers:
    sessions = app.database.async_sessions()
    return LoanHandlers(lambda c: SqlLoansUnitOfWork(sessions, c, app.clock), app.clock, POLICY, LoansPolicy())


def reader(app: ServiceParts) -> LoanReader:
    return LoanReader(app.database.async_sessions(), tokens=TOKENS, policy=POLICY)


def clock(app: ServiceParts) -> FrozenClock:
    assert isinstance(app.clock, FrozenClock)
    return app.clock


async def filed(
    app: ServiceParts, category: str = "contract", confidentiality: str = "internal", by: Call = ARCHIVIST
) -> str:
    sessions = app.database.async_sessions()
    handlers = RecordHandlers(lambda c: SqlRecordsUnitOfWork(sessions, c, app.clock), app.clock, POLICY)
    made = await handlers.file_record(
        FileRecord(title=f"{category} file", category=category, confidentiality=confidentiality, medium="paper",
                   department="customer_service", handed_over_by="clerk-1", document_date="2026-10-08", original=True),
        by,
    )  # fmt: skip
    return made.id


async def lent(app: ServiceParts, record_id: str, by: Call = AGENT) -> str:
    h = loans(app)
    loan = await h.request_loan(
        RequestLoan(record_id=record_id, kind="lend", purpose="audit", due_at=T0 + timedelta(days=2)), by
    )
    await h.approve_loan(ApproveLoan(id=loan.id), MANAGER)
    await h.lend_record(LendRecord(id=loan.id, items=1, pages=10), ARCHIVIST)
    await h.confirm_count(ConfirmCount(id=loan.id, items=1, pages=10), by)
    return loan.id


async def events(app: ServiceParts) -> list[str]:
    async with app.database.async_sessions()() as session:
        types = (await session.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    return [t.rsplit(".", 1)[-1] for t in types]


async def test_arc_05_a_document_archive_is_read_in_place_never_lent(app: ServiceParts) -> None:
    record_id = await filed(app, "company_document")
    with pytest.raises(RuleViolation) as err:
        await loans(app).request_loan(
            RequestLoan(record_id=record_id, kind="lend", purpose="x", due_at=T0 + timedelta(days=1)), AGENT
        )
    assert err.value.rule_id == "ARC-05"
    loan = await loans(app).request_loan(RequestLoan(record_id=record_id, kind="read_in_place", purpose="x"), AGENT)
    assert loan.state.value == "requested"


async def test_arc_05_a_confidential_files_loan_is_listed_within_clearance_or_to_its_borrower(
    app: ServiceParts,
) -> None:
    record_id = await filed(app, confidentiality="confidential")
    loan = await loans(app).request_loan(RequestLoan(record_id=record_id, kind="read_in_place", purpose="x"), AGENT)
    with pytest.raises(Forbidden):
        await loans(app).approve_loan(ApproveLoan(id=loan.id), LEAD)
    assert [x.id for x in (await reader(app).find(AGENT, Page(50, ""), LoanFilter()))[0]] == [loan.id]
    assert (await reader(app).find(LEAD, Page(50, ""), LoanFilter()))[0] == []
    with pytest.raises(NotFound):
        await reader(app).loan(loan.id, LEAD)
    assert (await reader(app).loan(loan.id, MANAGER)).id == loan.id


async def test_arc_06_the_loan_and_the_record_move_together_with_the_overdue_timer(app: ServiceParts) -> None:
    record_id = await filed(app)
    loan_id = await lent(app, record_id)
    records = RecordReader(app.database.async_sessions(), tokens=TOKENS, policy=POLICY)
    rec = await records.record(record_id, ARCHIVIST)
    assert (rec.state.value, rec.borrower, rec.ref) == ("lent", "agent-1", loan_id)
    assert await events(app) == [
        "RecordFiled", "LoanRequested", "LoanApproved", "LoanCounted", "RecordLent", "LoanLent",
    ]  # fmt: skip
    await refresh_loan_gauges(app.database.async_engine, app.clock.now())
    assert LOANS_OUT.labels("b1")._value.get() == 1


async def test_arc_07_an_overdue_loan_is_chased_until_it_is_returned(app: ServiceParts) -> None:
    loan_id = await lent(app, await filed(app))
    assert await app.timers.run_once() == 0  # not due yet
    clock(app).set(T0 + timedelta(days=2, minutes=1))
    assert await app.timers.run_once() == 1
    clock(app).advance(timedelta(hours=23))
    assert await app.timers.run_once() == 0  # chased again a day after
    clock(app).advance(timedelta(hours=1))
    assert await app.timers.run_once() == 1
    now = await reader(app).loan(loan_id, ARCHIVIST)
    assert (now.overdue, now.chases) == (True, 2)
    overdue, _ = await reader(app).find(ARCHIVIST, Page(50, ""), LoanFilter(overdue=True))
    assert [x.id for x in overdue] == [loan_id]
    await refresh_loan_gauges(app.database.async_engine, app.clock.now())
    assert LOANS_OVERDUE.labels("b1")._value.get() == 1
    await loans(app).return_record(ReturnRecord(id=loan_id, items=1, pages=10, condition="good"), ARCHIVIST)
    await loans(app).confirm_count(ConfirmCount(id=loan_id, items=1, pages=10), AGENT)
    clock(app).advance(timedelta(days=2))
    assert await app.timers.run_once() == 0  # returned: the chasing stops
    await refresh_loan_gauges(app.database.async_engine, app.clock.now())
    assert LOANS_OVERDUE.labels("b1")._value.get() == 0
    assert (await events(app))[-5:] == ["LoanOverdue", "LoanOverdue", "LoanCounted", "RecordReturned", "LoanReturned"]


async def test_arc_08_a_loss_report_reports_the_record_missing_in_the_same_transaction(app: ServiceParts) -> None:
    record_id = await filed(app)
    loan_id = await lent(app, record_id)
    lost = await loans(app).report_incident(
        ReportIncident(id=loan_id, incident="lost", description="left in a taxi"), AGENT
    )
    assert lost.state.value == "lost" and lost.open_reports == 1
    records = RecordReader(app.database.async_sessions(), tokens=TOKENS, policy=POLICY)
    rec = await records.record(record_id, ARCHIVIST)
    assert (rec.state.value, rec.borrower) == ("missing", "agent-1")
    assert (await events(app))[-2:] == ["RecordReportedMissing", "IncidentReported"]


async def test_plt_01_another_branchs_loan_is_not_found(app: ServiceParts) -> None:
    loan_id = await lent(app, await filed(app))
    with pytest.raises(NotFound):
        await reader(app).loan(loan_id, OTHER_BRANCH)
    with pytest.raises(NotFound):
        await loans(app).return_record(ReturnRecord(id=loan_id, items=1, pages=10), OTHER_BRANCH)
