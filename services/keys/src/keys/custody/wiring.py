"""Custody's part of the composition root: the KeyCustodyService and the approval deadline's
timer (which joins the timer runner's transaction)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from cskit.records import registration
from cskit.timers import Timer
from keys.custody.api import servicer as api
from keys.custody.app.deposits import DepositHandlers
from keys.custody.app.emergencies import EmergencyHandlers
from keys.custody.app.ports import APPROVAL_OVERDUE
from keys.custody.domain.policy import CustodyPolicy
from keys.custody.persistence.reader import DepositReader, EmergencyReader
from keys.custody.persistence.store import DEPOSITS, EMERGENCIES
from keys.custody.persistence.uow import SqlCustodyUnitOfWork
from keys.wiring import Parts, Wiring, system_call

TIMERS = system_call("custody: the emergency approval deadline")


def custody_policy(w: Wiring) -> CustodyPolicy:
    return CustodyPolicy(
        approver_roles=w.policy.emergency_approver_roles,
        sealed_approver_roles=w.policy.sealed_emergency_approver_roles,
        approval_within=w.policy.emergency_approval_within,
        keys_back_within=w.policy.emergency_keys_back_within,
        clock_skew=timedelta(seconds=w.policy.reported_time_skew_seconds),
    )


def parts(w: Wiring) -> Parts:
    policy = custody_policy(w)

    def emergencies(session: AsyncSession | None = None) -> EmergencyHandlers:
        return EmergencyHandlers(lambda call: SqlCustodyUnitOfWork(w.sessions, call, w.clock, session), w.clock, policy)

    deposits = DepositHandlers(lambda call: SqlCustodyUnitOfWork(w.sessions, call, w.clock), w.clock, policy)

    async def fire_approval_overdue(session: AsyncSession, timer: Timer) -> None:
        await emergencies(session).mark_approval_overdue(timer.subject, TIMERS)

    servicer = api.CustodyServicer(
        api.Handlers(deposits, emergencies()),
        DepositReader(DEPOSITS, w.sessions, tokens=w.tokens),
        EmergencyReader(EMERGENCIES, w.sessions, tokens=w.tokens),
    )
    return Parts(
        [registration(api.SERVICE_DESCRIPTOR, api.add_to_server, servicer)],
        timers={APPROVAL_OVERDUE: fire_approval_overdue},
    )
