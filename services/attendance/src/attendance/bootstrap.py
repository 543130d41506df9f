"""Composition root: the only module that names concrete adapters."""

from __future__ import annotations

from attendance import SERVICE
from attendance.handover.api import servicer as handover_api
from attendance.handover.app.handlers import HandoverHandlers
from attendance.handover.persistence.interim_directory import InterimCalendars, InterimDirectory
from attendance.handover.persistence.reader import HandoverReads
from attendance.handover.persistence.uow import SqlHandoverUnitOfWork
from attendance.punches.api.servicer import SERVICE_DESCRIPTOR, PunchServicer, add_to_server
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.app.outcomes import DayOutcomes
from attendance.punches.persistence.reader import PunchReader
from attendance.punches.persistence.store import PUNCHES
from attendance.punches.persistence.uow import SqlPunchesUnitOfWork
from attendance.rosters.api import servicer as roster_api
from attendance.rosters.api.servicer import RosterServicer
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.persistence.reader import RosterReader
from attendance.rosters.persistence.store import ROSTERS
from attendance.rosters.persistence.uow import SqlRostersUnitOfWork
from attendance.settings import AttendanceSettings
from cskit.db import Database
from cskit.domain import Clock, SystemClock
from cskit.pagination import PageTokens
from cskit.records import ServiceParts, registration, with_test_clock


def build(
    settings: AttendanceSettings | None = None, *, clock: Clock | None = None, test_clock: bool | None = None
) -> ServiceParts:
    settings = settings or AttendanceSettings()
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    clock, moving, registrations = with_test_clock(database, SERVICE, clock or SystemClock(), test_clock)
    sessions = database.async_sessions()
    policy, zone = settings.policy(), settings.zone()
    handlers = PunchHandlers(lambda call: SqlPunchesUnitOfWork(sessions, call, clock), clock, policy)
    tokens = PageTokens(settings.page_token_key.get_secret_value())
    reader = PunchReader(PUNCHES, sessions, tokens=tokens)
    rosters = RosterReader(ROSTERS, sessions, tokens=tokens)
    outcomes = DayOutcomes(reader, rosters, policy, zone, settings.default_shift())
    servicer = PunchServicer(handlers, reader, outcomes, zone)
    registrations.append(registration(SERVICE_DESCRIPTOR, add_to_server, servicer))
    roster_handlers = RosterHandlers(lambda call: SqlRostersUnitOfWork(sessions, call, clock), clock)
    registrations.append(
        registration(roster_api.SERVICE_DESCRIPTOR, roster_api.add_to_server, RosterServicer(roster_handlers, rosters))
    )
    handover_handlers = HandoverHandlers(
        lambda call: SqlHandoverUnitOfWork(sessions, call, clock),
        clock,
        settings.handover_policy(),
        zone,
        # INTERIM until the people and calendars sub-domains land (the integrator swaps them).
        InterimDirectory(settings.interim_employees),
        InterimCalendars(),
    )
    registrations.append(
        registration(
            handover_api.SERVICE_DESCRIPTOR,
            handover_api.add_to_server,
            handover_api.HandoverServicer(handover_handlers, HandoverReads.of(sessions, tokens)),
        )
    )
    return ServiceParts(database, clock, registrations, test_clock=moving)
