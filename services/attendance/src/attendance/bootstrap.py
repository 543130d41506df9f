"""Composition root: the only module that names concrete adapters."""

from __future__ import annotations

from sqlalchemy.orm import Session

from attendance import SERVICE
from attendance.people.api import servicer as people_api
from attendance.people.app.handlers import PeopleHandlers, apply_change
from attendance.people.events.inbound import change_from
from attendance.people.persistence.directory import SqlDirectory
from attendance.people.persistence.store import SqlPeople, SqlPeopleTransactions
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
from cskit.domain.actor import system_scope
from cskit.domain.clock import OffsetClock
from cskit.messaging.consumer import Handler as ConsumerHandler
from cskit.messaging.envelope import Envelope
from cskit.pagination import PageTokens
from cskit.records import ServiceParts, registration, with_test_clock
from cskit.testclock import follow_in, is_enabled


def build(
    settings: AttendanceSettings | None = None, *, clock: Clock | None = None, test_clock: bool | None = None
) -> ServiceParts:
    settings = settings or AttendanceSettings()
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    clock, moving, registrations = with_test_clock(database, SERVICE, clock or SystemClock(), test_clock)
    sessions = database.async_sessions()
    policy, zone = settings.policy(), settings.zone()
    # The people directory: what every sub-domain knows of an employee (attendance.domain.people).
    directory = SqlDirectory(sessions, clock, zone)
    handlers = PunchHandlers(lambda call: SqlPunchesUnitOfWork(sessions, call, clock), clock, policy)
    tokens = PageTokens(settings.page_token_key.get_secret_value())
    reader = PunchReader(PUNCHES, sessions, tokens=tokens)
    rosters = RosterReader(ROSTERS, sessions, tokens=tokens)
    outcomes = DayOutcomes(
        reader, rosters, policy, zone, settings.default_shift(), directory=directory, roster_departments=rosters
    )
    servicer = PunchServicer(handlers, reader, outcomes, zone)
    registrations.append(registration(SERVICE_DESCRIPTOR, add_to_server, servicer))
    roster_handlers = RosterHandlers(lambda call: SqlRostersUnitOfWork(sessions, call, clock), clock, directory)
    registrations.append(
        registration(roster_api.SERVICE_DESCRIPTOR, roster_api.add_to_server, RosterServicer(roster_handlers, rosters))
    )
    people = PeopleHandlers(SqlPeopleTransactions(sessions), clock, settings.import_policy(), roster_handlers)
    registrations.append(
        registration(
            people_api.SERVICE_DESCRIPTOR,
            people_api.add_to_server,
            people_api.PeopleServicer(people, directory, tokens),
        )
    )
    return ServiceParts(database, clock, registrations, test_clock=moving)


def hr_consumer(settings: AttendanceSettings, *, clock: Clock | None = None) -> ConsumerHandler:
    """The handler of ``consume --group attendance-hr``: each cs.hr.v1 event in the runner's
    transaction (with its processed_events claim); bad input raises, and the runner
    dead-letters it after its retries."""
    offset = OffsetClock(clock or SystemClock())
    moving = clock is None and is_enabled(service=SERVICE)
    scope = system_scope("HR master data")

    def handle(session: Session, envelope: Envelope) -> None:
        if moving:
            follow_in(session, offset)
        apply_change(SqlPeople(session, scope), change_from(envelope), offset)

    return handle
