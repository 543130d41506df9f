"""The discipline sub-domain's part of the composition root (``attendance.bootstrap``): its
gRPC service, its payday timer and the consumer of complaints' events. Kept here so the
root adds one call per sub-domain.

``NoMonthCountsYet`` and ``NoLeaveYet`` are INTERIM adapters: the ``month`` and ``leave``
sub-domains implement ``MonthCountFacts`` and ``LeaveFacts`` and replace them in bootstrap;
until then a sheet carries the supervisors' entries and the complaint counts only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
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
from attendance.domain.facts import LeaveDay, LeaveFacts, MonthCount, MonthCountFacts
from cskit.calls import Call
from cskit.domain import Actor, Clock
from cskit.domain.actor import BranchScope, system_scope
from cskit.messaging.envelope import Envelope
from cskit.records import registration
from cskit.service import Registration
from cskit.timers import Timer, TimerHandler

SYSTEM = Call(
    actor=Actor(subject="system", branch_id="system", roles=frozenset({"system"})),
    system=system_scope("attendance discipline: the month-end and payday timers"),
)


class NoMonthCountsYet:
    """INTERIM MonthCountFacts until the month sub-domain lands: no counts."""

    async def month_counts(self, scope: BranchScope, month: date) -> list[MonthCount]:
        return []


class NoLeaveYet:
    """INTERIM LeaveFacts until the leave sub-domain lands: no leave."""

    async def leave_days(self, scope: BranchScope, start: date, end: date) -> list[LeaveDay]:
        return []


def discipline_parts(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    policy: DisciplinePolicy,
    zone: ZoneInfo,
    *,
    counts: MonthCountFacts | None = None,
    leave: LeaveFacts | None = None,
) -> tuple[Registration, dict[str, TimerHandler], SqlDisciplineReader]:
    """The DisciplineService registration, the timer handlers, and the reader (``ScoreFacts``)."""
    month_counts, leave_days = counts or NoMonthCountsYet(), leave or NoLeaveYet()

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
