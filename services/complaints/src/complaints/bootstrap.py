"""Composition root: the only module that names concrete adapters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import grpc
from sqlalchemy import event as orm_event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from complaints import SERVICE
from complaints.compensation.api import servicer as compensation_servicer
from complaints.compensation.app.handlers import CompensationHandlers
from complaints.compensation.persistence.repository import SqlAgreementReader
from complaints.compensation.persistence.uow import SqlCompensationUnitOfWork
from complaints.contacts.api.servicer import CONTACTS_SERVICE, ContactsServicer, add_contacts_service
from complaints.contacts.app.handlers import ContactHandlers, Recorded
from complaints.contacts.events.inbound import step_from
from complaints.contacts.persistence.store import SqlContactSteps
from complaints.contacts.persistence.uow import SqlContactUnitOfWork
from complaints.evidence.api.servicer import EvidenceServicer
from complaints.evidence.app.handlers import EvidenceHandlers
from complaints.evidence.persistence.queries import SqlEvidenceReader
from complaints.evidence.persistence.uow import SqlEvidenceUnitOfWork
from complaints.intake.api.servicer import ComplaintsServicer
from complaints.intake.app.handlers import ComplaintHandlers
from complaints.intake.app.ports import SYSTEM, CallContext
from complaints.intake.domain.commands import CheckClocks
from complaints.intake.domain.events import ComplaintClosed, ComplaintEvent
from complaints.intake.domain.model import Complaint
from complaints.intake.domain.policy import policy_for
from complaints.intake.persistence.gauges import refresh_case_gauges
from complaints.intake.persistence.queries import SqlComplaintReader
from complaints.intake.persistence.repository import NumberAllocator
from complaints.intake.persistence.uow import SqlUnitOfWork, breaches_in
from complaints.observability import CLOCK_BREACHES, CONTACT_BREACHES, CONTACTS, TIME_TO_CLOSE
from complaints.penalties.api.servicer import PENALTY_SERVICE, PenaltyServicer, add_penalty_service
from complaints.penalties.app.handlers import PenaltyHandlers
from complaints.penalties.domain.rules import penalty_policy
from complaints.penalties.persistence.queries import SqlAccountabilityReader
from complaints.penalties.persistence.uow import SqlAccountabilityUnitOfWork
from complaints.persistence.audit_queries import SqlCaseAuditReader
from complaints.settings import ComplaintsSettings
from complaints.statistics.api.servicer import STATISTICS_SERVICE, StatisticsServicer, add_statistics_service
from complaints.statistics.app.handlers import StatisticsHandlers
from complaints.statistics.domain.commands import RunMonthlyFreeze
from complaints.statistics.persistence.uow import SqlFrozenMonths, SqlStatisticsUnitOfWork
from complaints.timers import CHECK_CLOCKS, CLOSE_CONTACT_MONTH, FREEZE_STATISTICS
from complaints.workflow.api.servicer import ComplaintWorkflowServicer
from complaints.workflow.app.handlers import WorkflowHandlers
from complaints.workflow.domain.policy import workflow_policy_from
from cs.complaints.v1 import (
    complaints_pb2,
    complaints_pb2_grpc,
    evidence_pb2,
    evidence_pb2_grpc,
    workflow_pb2,
    workflow_pb2_grpc,
)
from cskit.db import Database
from cskit.domain import Clock, SystemClock
from cskit.domain.clock import OffsetClock
from cskit.messaging.envelope import Envelope
from cskit.objectstore import AsyncObjectStore, open_store
from cskit.pagination import PageTokens
from cskit.privacy.service import FULL_NAME as CUSTOMER_DATA_SERVICE
from cskit.privacy.service import CustomerData, CustomerDataServicer, add_customer_data_service
from cskit.service import Registration
from cskit.testclock import FULL_NAME as TEST_CLOCK_SERVICE
from cskit.testclock import TestClock, TestClockServicer, add_test_clock_service, follow_in, is_enabled
from cskit.timers import Timer, TimerHandler, TimerRunner


@dataclass
class Complaints:
    settings: ComplaintsSettings
    database: Database
    clock: Clock
    handlers: ComplaintHandlers
    servicer: ComplaintsServicer
    timers: TimerRunner
    registrations: list[Registration]
    # CMP-05..07: routing, investigation, escalation (ComplaintWorkflowService).
    workflow: WorkflowHandlers | None = None
    # CMP-09, CMP-13: supplementary agreements, payment, filing (CompensationService).
    compensation: CompensationHandlers | None = None
    # CMP-11: responsibility, penalties, the deduction ledger, sanctions (PenaltyService).
    penalties: PenaltyHandlers | None = None
    # CMP-08: photos and documents kept with a case (EvidenceService).
    evidence: EvidenceHandlers | None = None
    # CMP-12, CMP-13: monthly statistics, frozen by the 10th, and the register's filing.
    statistics: StatisticsHandlers | None = None
    # CMP-14: contact-centre answering standards (ContactsService; the consumer of cs.contacts.v1).
    contacts: ContactHandlers | None = None
    # The platform's test clock (cskit.testclock): only with CS_TEST_CLOCK_ENABLED=true, never in production.
    test_clock: TestClock | None = None

    def register(self, server: grpc.aio.Server) -> None:
        for registration in self.registrations:
            registration.register(server)

    async def refresh_gauges(self) -> None:
        await refresh_case_gauges(self.database.async_engine, self.clock.now())

    @property
    def service_names(self) -> list[str]:
        return [r.full_name for r in self.registrations]


def build(
    settings: ComplaintsSettings | None = None, *, clock: Clock | None = None, test_clock: bool | None = None
) -> Complaints:
    """``test_clock`` None: as ``CS_TEST_CLOCK_ENABLED`` says (refused in production)."""
    settings = settings or ComplaintsSettings()
    clock = clock or SystemClock()
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    moving: TestClock | None = None
    if is_enabled(service=SERVICE) if test_clock is None else test_clock:
        # Every handler, timer and read below sees the moved time through this one clock.
        clock = OffsetClock(clock)
        moving = TestClock(database, SERVICE, clock)
    sessions = database.async_sessions()
    # A case's read is one statement (its read-model document, a page): autocommit saves the
    # BEGIN and ROLLBACK round trips around it.
    reads = database.read_sessions()
    numbers = NumberAllocator(database.side_engine)
    overrides: Mapping[str, Mapping[str, object]] = settings.policy_overrides
    for branch_id in overrides:
        policy_for(branch_id, overrides)  # fail at start-up, not on a branch's first request
    runner_box: list[TimerRunner] = []

    def committed(changed: list[tuple[Complaint, list[ComplaintEvent]]]) -> None:
        for complaint, breach in breaches_in(changed):
            CLOCK_BREACHES.labels(breach.rule_id, breach.kind.value, complaint.branch_id).inc()
        for _, events in changed:
            for event in events:
                if isinstance(event, ComplaintClosed):
                    TIME_TO_CLOSE.labels(event.nature.value).observe(
                        (event.closed_at - event.received_at).total_seconds()
                    )
        if changed and runner_box:
            # A new deadline may be sooner than the runner's next look.
            runner_box[0].wake()

    # Page tokens are signed with the service's key, so clients cannot forge cursors.
    tokens = PageTokens(settings.page_token_key.get_secret_value())
    evidence_reader = SqlEvidenceReader(sessions, tokens=tokens)
    handlers = ComplaintHandlers(
        lambda ctx: SqlUnitOfWork(sessions, ctx, clock, on_commit=committed, numbers=numbers),
        clock,
        overrides,
        site_photos=evidence_reader,  # CMP-08: engineering/design cases resolve with site photos
        evidence_overrides=settings.evidence_policy,
        frozen_months=SqlFrozenMonths(sessions),  # CMP-12: no backdated intake into a frozen month
    )

    async def fire_check_clocks(session: AsyncSession, timer: Timer) -> None:
        # Joins the runner's transaction: the breach and the timer's firing commit together.
        def in_session(context: CallContext) -> SqlUnitOfWork:
            return SqlUnitOfWork(sessions, context, clock, session=session, on_commit=committed, numbers=numbers)

        await ComplaintHandlers(in_session, clock, overrides).check_clocks(
            CheckClocks(complaint_id=timer.subject), SYSTEM
        )

    store = open_register_store(settings)

    def statistics_handlers(session: AsyncSession | None = None) -> StatisticsHandlers:
        return StatisticsHandlers(
            lambda ctx: SqlStatisticsUnitOfWork(sessions, ctx, session=session),
            clock,
            store,
            overrides,
            settings.statistics_policy,
        )

    async def fire_freeze_statistics(session: AsyncSession, timer: Timer) -> None:
        # CMP-12: joins the runner's transaction; the snapshot, its events and the next timer commit together.
        cmd = RunMonthlyFreeze(branch_id=timer.subject, month=str(timer.payload["month"]))
        await statistics_handlers(session).run_monthly_freeze(cmd)

    def contact_handlers(session: AsyncSession | None = None) -> ContactHandlers:
        def uow(ctx: CallContext) -> SqlContactUnitOfWork:
            return SqlContactUnitOfWork(sessions, ctx, clock, contacts.policy, session=session)

        contacts = ContactHandlers(uow, clock, overrides, settings.contact_policy)
        return contacts

    async def fire_close_contact_month(session: AsyncSession, timer: Timer) -> None:
        # CMP-14: joins the runner's transaction; the close, its events and the next timer commit together.
        await contact_handlers(session).close_month(timer.subject, str(timer.payload["month"]))

    timer_handlers: dict[str, TimerHandler] = {
        CHECK_CLOCKS: fire_check_clocks,
        FREEZE_STATISTICS: fire_freeze_statistics,
        CLOSE_CONTACT_MONTH: fire_close_contact_month,
    }
    runner = TimerRunner(
        database,
        timer_handlers,
        clock,
        max_idle=settings.timers_max_idle_seconds,
        before_pass=None if moving is None else moving.refresh,
    )
    runner_box.append(runner)
    if moving is not None:
        moving.on_advance(runner.wake)  # timers that became due fire now, not at the next idle look
    # PLT-06: the kit's customer-data trail and export grants in this service's database.
    customer_data = CustomerData(sessions, settings.personal_data_policy, clock, tokens)
    servicer = ComplaintsServicer(
        handlers,
        SqlComplaintReader(reads, tokens=tokens),
        SqlCaseAuditReader(database.async_engine, tokens=tokens),
        clock,
        customer_data,
    )
    registrations = [
        Registration(
            complaints_pb2_grpc.add_ComplaintsServiceServicer_to_server,
            servicer,
            complaints_pb2.DESCRIPTOR.services_by_name["ComplaintsService"].full_name,
        ),
        Registration(add_customer_data_service, CustomerDataServicer(customer_data), CUSTOMER_DATA_SERVICE),
    ]
    workflow = WorkflowHandlers(
        lambda ctx: SqlUnitOfWork(sessions, ctx, clock, on_commit=committed, numbers=numbers),
        clock,
        workflow_policy_from(settings.workflow_policy),  # fails at start-up on a bad override
    )
    registrations.append(
        Registration(
            workflow_pb2_grpc.add_ComplaintWorkflowServiceServicer_to_server,
            ComplaintWorkflowServicer(workflow, SqlComplaintReader(reads, tokens=tokens)),
            workflow_pb2.DESCRIPTOR.services_by_name["ComplaintWorkflowService"].full_name,
        )
    )
    compensation = CompensationHandlers(
        lambda ctx: SqlCompensationUnitOfWork(sessions, ctx, clock), clock, settings.compensation_policy
    )
    for branch_id in settings.compensation_policy:
        compensation.policy(branch_id)  # fail at start-up on a bad override
    registrations.append(
        Registration(
            compensation_servicer.add_to_server,
            compensation_servicer.CompensationServicer(compensation, SqlAgreementReader(sessions, tokens=tokens)),
            compensation_servicer.FULL_NAME,
        )
    )
    penalty_rules = penalty_policy(settings.penalty_policy)  # fails at start-up on a bad override
    penalties = PenaltyHandlers(
        lambda ctx: SqlAccountabilityUnitOfWork(sessions, ctx, clock, penalty_rules.currency),
        clock,
        penalty_rules,
        overrides,
    )
    registrations.append(
        Registration(
            add_penalty_service,
            PenaltyServicer(penalties, SqlAccountabilityReader(sessions, tokens=tokens)),
            PENALTY_SERVICE,
        )
    )
    evidence = build_evidence(settings, sessions, evidence_reader, clock)
    registrations.append(
        Registration(
            evidence_pb2_grpc.add_EvidenceServiceServicer_to_server,
            EvidenceServicer(evidence),
            evidence_pb2.DESCRIPTOR.services_by_name["EvidenceService"].full_name,
        )
    )
    statistics = statistics_handlers()
    for branch_id in settings.statistics_policy:
        statistics.policy(branch_id)  # fail at start-up on a bad override
    registrations.append(Registration(add_statistics_service, StatisticsServicer(statistics), STATISTICS_SERVICE))
    contacts = contact_handlers()
    for branch_id in settings.contact_policy:
        contacts.policy(branch_id)  # fail at start-up on a bad override
    registrations.append(Registration(add_contacts_service, ContactsServicer(contacts), CONTACTS_SERVICE))
    if moving is not None:
        registrations.append(Registration(add_test_clock_service, TestClockServicer(moving), TEST_CLOCK_SERVICE))
    return Complaints(
        settings,
        database,
        clock,
        handlers,
        servicer,
        runner,
        registrations,
        workflow=workflow,
        compensation=compensation,
        penalties=penalties,
        evidence=evidence,
        statistics=statistics,
        contacts=contacts,
        test_clock=moving,
    )


def open_register_store(settings: ComplaintsSettings) -> AsyncObjectStore:
    """The object store the monthly registers go to (CMP-13): the same one the evidence uses."""
    secret = settings.object_store_secret_key
    return AsyncObjectStore(
        open_store(
            settings.object_store_url,
            access_key=settings.object_store_access_key,
            secret_key=secret.get_secret_value() if secret is not None else None,
            region=settings.object_store_region,
        )
    )


def build_evidence(
    settings: ComplaintsSettings,
    sessions: async_sessionmaker[AsyncSession],
    reader: SqlEvidenceReader,
    clock: Clock,
) -> EvidenceHandlers:
    """Evidence (CMP-08): the object store the URL names, the evidence unit of work and reader."""
    secret = settings.object_store_secret_key
    store = open_store(
        settings.object_store_url,
        access_key=settings.object_store_access_key,
        secret_key=secret.get_secret_value() if secret is not None else None,
        region=settings.object_store_region,
    )
    evidence = EvidenceHandlers(
        lambda ctx: SqlEvidenceUnitOfWork(sessions, ctx, clock),
        AsyncObjectStore(store),
        reader,
        clock,
        settings.evidence_policy,
    )
    for branch_id in settings.evidence_policy:
        evidence.policy(branch_id)  # fail at start-up on a bad override
    return evidence


def contact_consumer(settings: ComplaintsSettings) -> Callable[[Session, Envelope], None]:
    """CMP-14: the handler of ``consume --group complaints-contacts``: each cs.contacts.v1 event
    in the runner's transaction (with its processed_events claim); bad input raises, and the
    runner dead-letters it after its retries."""
    clock = OffsetClock(SystemClock())
    moving = is_enabled(service=SERVICE)
    handlers = ContactHandlers(_no_calls, clock, settings.policy_overrides, settings.contact_policy)
    for branch_id in settings.contact_policy:
        handlers.policy(branch_id)

    def handle(session: Session, envelope: Envelope) -> None:
        if moving:
            follow_in(session, clock)
        recorded = handlers.record_step(SqlContactSteps(session, clock), step_from(envelope))
        # Counted once the step commits (a rolled-back attempt counts nothing).
        orm_event.listen(session, "after_commit", lambda _: _count(recorded), once=True)

    return handle


def _count(recorded: Recorded) -> None:
    contact = recorded.contact
    if recorded.new:
        CONTACTS.labels(contact.branch_id, contact.channel.value).inc()
    for breach in recorded.breaches:
        CONTACT_BREACHES.labels(contact.branch_id, contact.channel.value, breach.standard.value).inc()


def _no_calls(_ctx: CallContext) -> SqlContactUnitOfWork:
    raise RuntimeError("the contact consumer records steps only; it serves no calls")
