"""The loans' part of the composition root: the LoanService, the overdue timer and the gauges."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from archives.loans.api import servicer as api
from archives.loans.app.handlers import OVERDUE, LoanHandlers
from archives.loans.domain.policy import LoansPolicy
from archives.loans.persistence.gauges import refresh_loan_gauges
from archives.loans.persistence.reader import LoanReader
from archives.loans.persistence.uow import SqlLoansUnitOfWork
from archives.observability import LOAN_CHASES
from archives.wiring import Parts, Wiring, system_call
from cskit.records import registration
from cskit.timers import Timer

SYSTEM = system_call("chasing overdue loans (ARC-07)")


def policy_of(w: Wiring) -> LoansPolicy:
    s = w.settings
    return LoansPolicy(
        max_loan=timedelta(days=s.loan_max_days),
        chase_every=timedelta(hours=s.loan_chase_every_hours),
        approver_roles=frozenset(s.loan_approver_roles),
        leader_roles=frozenset(s.loan_leader_roles),
        responsibility_roles=frozenset(s.loan_responsibility_roles),
    )


def parts(w: Wiring) -> Parts:
    handlers = LoanHandlers(lambda call: SqlLoansUnitOfWork(w.sessions, call, w.clock), w.clock, w.policy, policy_of(w))

    async def fire_overdue(session: AsyncSession, timer: Timer) -> None:
        # Joins the runner's transaction: the chase, its event and the next timer commit together.
        loan = await handlers.chase_overdue(
            timer.subject, SYSTEM, SqlLoansUnitOfWork(w.sessions, SYSTEM, w.clock, session)
        )
        if loan is not None:
            LOAN_CHASES.labels(loan.branch_id).inc()

    servicer = api.LoanServicer(handlers, LoanReader(w.sessions, tokens=w.tokens, policy=w.policy))
    return Parts(
        [registration(api.SERVICE_DESCRIPTOR, api.add_to_server, servicer)],
        {OVERDUE: fire_overdue},
        gauges=[refresh_loan_gauges],
    )
