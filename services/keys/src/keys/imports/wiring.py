"""The register import's part of the composition root (KEY-02)."""

from __future__ import annotations

from cskit.records import registration
from keys.imports.api import servicer as api
from keys.imports.app.handlers import ImportHandlers
from keys.imports.domain.csv import ImportPolicy
from keys.imports.persistence.uow import SqlImportUnitOfWork
from keys.wiring import Parts, Wiring


def parts(w: Wiring) -> Parts:
    handlers = ImportHandlers(
        lambda call: SqlImportUnitOfWork(w.sessions, call, w.clock),
        w.clock,
        ImportPolicy(max_rows=w.settings.import_max_rows, max_bytes=w.settings.import_max_bytes),
    )
    return Parts([registration(api.SERVICE_DESCRIPTOR, api.add_to_server, api.ImportServicer(handlers, None))])
