"""The intake's part of the composition root: the filing inbox's timer (in ``serve``) and the
``cs.filing.v1`` consumer's handler (in ``consume``)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from archives import SERVICE
from archives.intake.app.handlers import IntakeHandlers
from archives.intake.domain.request import FilingRequest
from archives.intake.events.inbound import request_from
from archives.intake.persistence.inbox import FILE, enqueue
from archives.observability import FILING_REQUESTS
from archives.records.persistence.uow import SqlRecordsUnitOfWork
from archives.settings import ArchivesSettings
from archives.wiring import Parts, Wiring, system_call
from cskit.domain import Clock, SystemClock
from cskit.domain.clock import OffsetClock
from cskit.domain.codec import dataclass_from_json
from cskit.messaging.consumer import Handler
from cskit.messaging.envelope import Envelope
from cskit.testclock import follow_in, is_enabled
from cskit.timers import Timer

SYSTEM = system_call("filing requests (cs.filing.v1)")


def parts(w: Wiring) -> Parts:
    handlers = IntakeHandlers(w.clock, w.policy)

    async def fire_file(session: AsyncSession, timer: Timer) -> None:
        request = dataclass_from_json(FilingRequest, timer.payload, "filing request")
        filed = await handlers.file(request, SYSTEM, SqlRecordsUnitOfWork(w.sessions, SYSTEM, w.clock, session))
        FILING_REQUESTS.labels(request.source_service, "filed" if filed else "duplicate").inc()

    return Parts([], {FILE: fire_file})


def filing_consumer(settings: ArchivesSettings, *, clock: Clock | None = None) -> Handler:
    """The handler of ``consume --group archives-filing``: each request is checked (a bad one
    raises, and the runner dead-letters it) and left in the filing inbox, in the runner's
    transaction with its processed-events claim."""
    offset = OffsetClock(clock or SystemClock())
    moving = clock is None and is_enabled(service=SERVICE)
    handlers = IntakeHandlers(offset, settings.policy())

    def handle(session: Session, envelope: Envelope) -> None:
        if moving:
            follow_in(session, offset)
        request = request_from(envelope)
        handlers.check(request, SYSTEM)
        enqueue(session, request, offset.now())

    return handle
