"""The hazardous-key issues' part of the composition root (KEY-15)."""

from __future__ import annotations

from cskit.records import registration
from keys.hazardous.api import servicer as api
from keys.hazardous.app.handlers import HazardousHandlers
from keys.hazardous.persistence.reader import HazardousIssueReader
from keys.hazardous.persistence.store import HAZARDOUS_ISSUES
from keys.hazardous.persistence.uow import SqlHazardousUnitOfWork
from keys.wiring import Parts, Wiring


def parts(w: Wiring) -> Parts:
    handlers = HazardousHandlers(lambda call: SqlHazardousUnitOfWork(w.sessions, call, w.clock), w.clock, w.policy)
    reader = HazardousIssueReader(HAZARDOUS_ISSUES, w.sessions, tokens=w.tokens)
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, api.Servicer(handlers, reader))])
