"""The leavers' part of the composition root: the gRPC service, the departure inbox's and the
re-check's timers (in ``serve``), the gauge, and the ``cs.hr.v1`` consumer's handler (in
``consume``)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from archives import SERVICE
from archives.leavers.api import servicer as api
from archives.leavers.app.handlers import RECHECK, LeaverHandlers
from archives.leavers.domain.model import Departure
from archives.leavers.domain.policy import LeaversPolicy
from archives.leavers.events.inbound import departure_from
from archives.leavers.persistence.gauges import refresh_leaver_gauges
from archives.leavers.persistence.inbox import OPEN_CASE, enqueue
from archives.leavers.persistence.reader import ClearanceReader
from archives.leavers.persistence.store import CLEARANCES
from archives.leavers.persistence.uow import SqlLeaversUnitOfWork
from archives.settings import ArchivesSettings
from archives.wiring import Parts, Wiring, system_call
from cskit.domain import SystemClock
from cskit.domain.clock import OffsetClock
from cskit.domain.codec import dataclass_from_json
from cskit.messaging.consumer import Handler
from cskit.messaging.envelope import Envelope
from cskit.records import registration
from cskit.testclock import follow_in, is_enabled
from cskit.timers import Timer

SYSTEM = system_call("leavers (cs.hr.v1)")


def policy_of(settings: ArchivesSettings) -> LeaversPolicy:
    return LeaversPolicy(recheck_every=timedelta(minutes=settings.leavers_recheck_minutes))


def parts(w: Wiring) -> Parts:
    handlers = LeaverHandlers(
        lambda call: SqlLeaversUnitOfWork(w.sessions, call, w.clock), w.clock, policy_of(w.settings)
    )
    reader = ClearanceReader(CLEARANCES, w.sessions, tokens=w.tokens)

    async def fire_open(session: AsyncSession, timer: Timer) -> None:
        departure = dataclass_from_json(Departure, timer.payload, "departure")
        await handlers.open_case(departure, SYSTEM, SqlLeaversUnitOfWork(w.sessions, SYSTEM, w.clock, session))

    async def fire_recheck(session: AsyncSession, timer: Timer) -> None:
        await handlers.recheck(timer.subject, SYSTEM, SqlLeaversUnitOfWork(w.sessions, SYSTEM, w.clock, session))

    return Parts(
        [registration(api.SERVICE_DESCRIPTOR, api.add_to_server, api.LeaverClearanceServicer(handlers, reader))],
        timers={OPEN_CASE: fire_open, RECHECK: fire_recheck},
        gauges=[refresh_leaver_gauges],
    )


def leavers_consumer(settings: ArchivesSettings) -> Handler:
    """The handler of ``consume --group archives-leavers``: an EmployeeLeft is checked (a bad
    one raises, and the runner dead-letters it) and left in the leavers' inbox, in the runner's
    transaction with its processed-events claim; other HR events are skipped."""
    clock = OffsetClock(SystemClock())
    moving = is_enabled(service=SERVICE)

    def handle(session: Session, envelope: Envelope) -> None:
        if moving:
            follow_in(session, clock)
        departure = departure_from(envelope)
        if departure is not None:
            enqueue(session, departure, clock.now())

    return handle
