"""Composition root: the only module that names concrete adapters."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from attendance import SERVICE
from attendance.confirmations.api import servicer as confirmation_api
from attendance.confirmations.api.servicer import ConfirmationServicer
from attendance.confirmations.app.handlers import ConfirmationHandlers
from attendance.confirmations.app.report import MissedPunchReports
from attendance.confirmations.persistence.reader import ConfirmationReader
from attendance.confirmations.persistence.store import CONFIRMATIONS
from attendance.confirmations.persistence.uow import SqlConfirmationsUnitOfWork
from attendance.outofoffice.api import servicer as ooo_api
from attendance.outofoffice.api.servicer import OutOfOfficeServicer
from attendance.outofoffice.app.handlers import OutOfOfficeHandlers
from attendance.outofoffice.persistence.reader import OutOfOfficeReader
from attendance.outofoffice.persistence.store import OUT_OF_OFFICE
from attendance.outofoffice.persistence.uow import SqlOutOfOfficeUnitOfWork
from attendance.overtime.api import servicer as overtime_api
from attendance.overtime.api.servicer import OvertimeServicer
from attendance.overtime.app.dayfacts import CalendarStatutoryHolidays, ClaimDayFacts
from attendance.overtime.app.handlers import OvertimeHandlers
from attendance.overtime.persistence.interim_calendars import InterimCalendars
from attendance.overtime.persistence.interim_directory import InterimDirectory
from attendance.overtime.persistence.reader import OvertimeReader
from attendance.overtime.persistence.store import OVERTIME
from attendance.overtime.persistence.uow import SqlOvertimeUnitOfWork
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
from cskit.service import Registration


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
    registrations += requests(settings, sessions, clock, tokens, reader, rosters, outcomes)
    return ServiceParts(database, clock, registrations, test_clock=moving)


def requests(
    settings: AttendanceSettings,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    tokens: PageTokens,
    punches: PunchReader,
    rosters: RosterReader,
    outcomes: DayOutcomes,
) -> list[Registration]:
    """Out of office (ATT-07), confirmations (ATT-02), overtime (OT-01..03). The Directory and
    the statutory holidays are INTERIM adapters until the people and calendars sub-domains land."""
    zone, levels = settings.zone(), settings.approval_levels()
    directory = InterimDirectory.from_json(settings.interim_employees)
    ooo = OutOfOfficeHandlers(
        lambda call: SqlOutOfOfficeUnitOfWork(sessions, call, clock), clock, directory, zone, levels
    )
    ooo_reader = OutOfOfficeReader(OUT_OF_OFFICE, sessions, tokens=tokens)
    confirmations = ConfirmationHandlers(
        lambda call: SqlConfirmationsUnitOfWork(sessions, call, clock),
        clock,
        directory,
        outcomes,
        zone,
        settings.report_due(),
    )
    confirmation_reader = ConfirmationReader(CONFIRMATIONS, sessions, tokens=tokens)
    reports = MissedPunchReports(directory, outcomes, confirmation_reader, clock, zone, settings.report_due())
    overtime_reader = OvertimeReader(OVERTIME, sessions, tokens=tokens)
    holidays = CalendarStatutoryHolidays(InterimCalendars.from_json(settings.interim_statutory_holidays))
    facts = ClaimDayFacts(rosters, outcomes, punches, holidays, settings.policy(), zone)
    overtime = OvertimeHandlers(
        lambda call: SqlOvertimeUnitOfWork(sessions, call, clock),
        clock,
        directory,
        facts,
        overtime_reader,
        zone,
        levels,
        settings.overtime_policy(),
    )
    return [
        registration(ooo_api.SERVICE_DESCRIPTOR, ooo_api.add_to_server, OutOfOfficeServicer(ooo, ooo_reader)),
        registration(
            confirmation_api.SERVICE_DESCRIPTOR,
            confirmation_api.add_to_server,
            ConfirmationServicer(confirmations, confirmation_reader, reports, directory),
        ),
        registration(
            overtime_api.SERVICE_DESCRIPTOR, overtime_api.add_to_server, OvertimeServicer(overtime, overtime_reader)
        ),
    ]
