"""The copy requests' part of the composition root (KEY-10)."""

from __future__ import annotations

from cskit.records import registration
from keys.copies.api import servicer as api
from keys.copies.app.handlers import CopyHandlers
from keys.copies.persistence.reader import CopyRequestReader
from keys.copies.persistence.store import COPY_REQUESTS
from keys.copies.persistence.uow import SqlCopiesUnitOfWork
from keys.wiring import Parts, Wiring


def parts(w: Wiring) -> Parts:
    handlers = CopyHandlers(lambda call: SqlCopiesUnitOfWork(w.sessions, call, w.clock), w.clock, w.policy)
    reader = CopyRequestReader(COPY_REQUESTS, w.sessions, tokens=w.tokens)
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, api.Servicer(handlers, reader))])
