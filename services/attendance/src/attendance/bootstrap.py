"""Composition root: the only module that names concrete adapters."""

from __future__ import annotations

from attendance import SERVICE
from attendance.items.api.servicer import SERVICE_DESCRIPTOR, ItemServicer, add_to_server
from attendance.items.app.handlers import ItemHandlers
from attendance.items.persistence.store import ITEMS
from attendance.items.persistence.uow import SqlItemsUnitOfWork
from attendance.settings import AttendanceSettings
from cskit.db import Database
from cskit.domain import Clock, SystemClock
from cskit.eventstore import StreamReader
from cskit.pagination import PageTokens
from cskit.records import ServiceParts, registration, with_test_clock


def build(
    settings: AttendanceSettings | None = None, *, clock: Clock | None = None, test_clock: bool | None = None
) -> ServiceParts:
    settings = settings or AttendanceSettings()
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    clock, moving, registrations = with_test_clock(database, SERVICE, clock or SystemClock(), test_clock)
    sessions = database.async_sessions()
    handlers = ItemHandlers(lambda call: SqlItemsUnitOfWork(sessions, call, clock), clock)
    reader = StreamReader(ITEMS, sessions, tokens=PageTokens(settings.page_token_key.get_secret_value()))
    registrations.append(registration(SERVICE_DESCRIPTOR, add_to_server, ItemServicer(handlers, reader)))
    return ServiceParts(database, clock, registrations, test_clock=moving)
