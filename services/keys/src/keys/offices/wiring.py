"""The office openings' part of the composition root (KEY-16)."""

from __future__ import annotations

from cskit.records import registration
from keys.offices.api import servicer as api
from keys.offices.app.handlers import OfficeHandlers
from keys.offices.persistence.reader import OfficeOpeningReader
from keys.offices.persistence.store import OFFICE_OPENINGS
from keys.offices.persistence.uow import SqlOfficesUnitOfWork
from keys.wiring import Parts, Wiring


def parts(w: Wiring) -> Parts:
    handlers = OfficeHandlers(lambda call: SqlOfficesUnitOfWork(w.sessions, call, w.clock), w.clock, w.policy)
    reader = OfficeOpeningReader(OFFICE_OPENINGS, w.sessions, tokens=w.tokens)
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, api.Servicer(handlers, reader))])
