"""The hand-offs' part of the composition root."""

from __future__ import annotations

from cskit.records import registration
from keys.handoffs.api import servicer as api
from keys.handoffs.app.handlers import HandOffHandlers
from keys.handoffs.persistence.reader import HandOffReader
from keys.handoffs.persistence.store import HAND_OFFS
from keys.handoffs.persistence.uow import SqlHandOffsUnitOfWork
from keys.wiring import Parts, Wiring


def parts(w: Wiring) -> Parts:
    handlers = HandOffHandlers(lambda call: SqlHandOffsUnitOfWork(w.sessions, call, w.clock), w.clock, w.policy)
    reader = HandOffReader(HAND_OFFS, w.sessions, tokens=w.tokens)
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, api.HandOffServicer(handlers, reader))])
