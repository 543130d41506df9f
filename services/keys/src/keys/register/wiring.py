"""The register's part of the composition root."""

from __future__ import annotations

from cskit.records import registration
from keys.register.api import servicer as api
from keys.register.app.handlers import RegisterHandlers
from keys.register.persistence.reader import KeySetReader
from keys.register.persistence.store import KEY_SETS
from keys.register.persistence.uow import SqlRegisterUnitOfWork
from keys.wiring import Parts, Wiring


def parts(w: Wiring) -> Parts:
    handlers = RegisterHandlers(lambda call: SqlRegisterUnitOfWork(w.sessions, call, w.clock), w.clock)
    reader = KeySetReader(KEY_SETS, w.sessions, tokens=w.tokens)
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, api.RegisterServicer(handlers, reader))])
