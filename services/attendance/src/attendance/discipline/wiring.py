"""The discipline sub-domain's part of the composition root (``attendance.bootstrap``): its
gRPC service, its payday timer and the consumer of complaints' events. Kept here so the
root adds one call per sub-domain."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from attendance.discipline.api import servicer as discipline_api
from attendance.discipline.app.handlers import DRAFT_SHEET, OPEN_SHEET, DisciplineHandlers
from attendance.discipline.domain.policy import DisciplinePolicy
from attendance.discipline.events.inbound import fact_from
from attendance.discipline.persistence.complaint_counts import record_fact
from attendance.discipline.persistence.reader import SqlDisciplineReader
from attendance.discipline.persistence.uow import SqlDisciplineUnitOfWork
from attendance.domain.facts import LeaveFacts, MonthCountFacts
from cskit.calls import Call
from cskit.domain import Actor, Clock
from cskit.domain.actor import system_scope
from cskit.messaging.envelope import Envelope
from cskit.records import registration
from cskit.service import Registration
from cskit.timers import Timer, TimerHandler

SYSTEM = Call(
    actor=Actor(subject="system", branch_id="system", roles=frozenset({"system"})),
    system=system_scope("attendance discipline: the month-end and payday timers"),
)


def discipline_parts(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    policy: DisciplinePolicy,
    zone: ZoneInfo,
    *,
    counts: MonthCountFacts,
    leave: LeaveFacts,
) -> tuple[Registration, dict[str, TimerHandler], SqlDisciplineReader]:
    """The DisciplineService registration, the timer handlers, and the reader (``ScoreFacts``)."""
    month_counts, leave_days = counts, leave

    def handlers(session: AsyncSession | None = None) -> DisciplineHandlers:
        return DisciplineHandlers(
            lambda call: SqlDisciplineUnitOfWork(sessions, call, clock, session),
            clock,
            policy,
            zone,
            month_counts,
            leave_days,
        )

    async def fire_open_sheet(session: AsyncSession, timer: Timer) -> None:
        # Joins the runner's transaction: the opening, its event and the timer commit together.
        await handlers(session).open_score_sheet(timer.subject, SYSTEM)

    async def fire_draft_sheet(session: AsyncSession, timer: Timer) -> None:
        payload = timer.payload
        await handlers(session).draft_at_month_end(str(payload["branch_id"]), str(payload["month"]), SYSTEM)

    reader = SqlDisciplineReader(sessions)
    servicer = discipline_api.DisciplineServicer(handlers(), reader)
    return (
        registration(discipline_api.SERVICE_DESCRIPTOR, discipline_api.add_to_server, servicer),
        {OPEN_SHEET: fire_open_sheet, DRAFT_SHEET: fire_draft_sheet},
        reader,
    )


def complaints_consumer(zone: ZoneInfo) -> Callable[[Session, Envelope], None]:
    """ATT-12: the handler of ``consume --group attendance-discipline``: each cs.complaints.v1
    event in the runner's transaction with its processed-events claim (idempotent per event
    id); a malformed one raises InvalidInput and the runner dead-letters it."""

    def handle(session: Session, envelope: Envelope) -> None:
        fact = fact_from(envelope, zone)
        if fact is not None:
            record_fact(session, fact)

    return handle
