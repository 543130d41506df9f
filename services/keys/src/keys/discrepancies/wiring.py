"""The discrepancy cases' part of the composition root."""

from __future__ import annotations

from cskit.records import registration
from keys.discrepancies.api import servicer as api
from keys.discrepancies.app.handlers import DiscrepancyHandlers
from keys.discrepancies.persistence.reader import DiscrepancyReader
from keys.discrepancies.persistence.store import DISCREPANCIES
from keys.discrepancies.persistence.uow import SqlDiscrepanciesUnitOfWork
from keys.wiring import Parts, Wiring


def parts(w: Wiring) -> Parts:
    handlers = DiscrepancyHandlers(lambda call: SqlDiscrepanciesUnitOfWork(w.sessions, call, w.clock), w.clock)
    reader = DiscrepancyReader(DISCREPANCIES, w.sessions, tokens=w.tokens)
    servicer = api.DiscrepancyServicer(handlers, reader)
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, servicer)])
