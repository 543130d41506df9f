"""The loans' part of the composition root: the LoanService and the overdue timer."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from cskit.records import registration
from cskit.timers import Timer
from keys.loans.api import servicer as api
from keys.loans.app.handlers import OVERDUE, LoanHandlers
from keys.loans.domain.policy import LoansPolicy
from keys.loans.persistence.reader import LoanReader
from keys.loans.persistence.store import LOANS
from keys.loans.persistence.uow import SqlLoansUnitOfWork
from keys.observability import OVERDUE_ESCALATIONS
from keys.wiring import Parts, Wiring, system_call

SYSTEM = system_call("the overdue loans' escalation (KEY-04)")


def parts(w: Wiring) -> Parts:
    s = w.settings
    policy = LoansPolicy(
        max_loan=timedelta(days=s.loan_max_days), consent_valid_for=timedelta(minutes=s.consent_valid_minutes)
    )
    handlers = LoanHandlers(
        lambda call: SqlLoansUnitOfWork(w.sessions, call, w.clock),
        w.clock,
        w.policy,
        policy,
        w.settings.work_order_callers,
    )

    async def fire_overdue(session: AsyncSession, timer: Timer) -> None:
        # Joins the runner's transaction: the escalation, its events and the next timer commit together.
        loan = await handlers.escalate_overdue(
            timer.subject, SYSTEM, SqlLoansUnitOfWork(w.sessions, SYSTEM, w.clock, session)
        )
        if loan is not None:
            OVERDUE_ESCALATIONS.labels(loan.branch_id).inc()

    reader = LoanReader(LOANS, w.sessions, tokens=w.tokens)
    servicer = api.LoanServicer(handlers, reader)
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, servicer)], {OVERDUE: fire_overdue})
