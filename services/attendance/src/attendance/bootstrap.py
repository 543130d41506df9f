"""Composition root: the only module that names concrete adapters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from attendance import SERVICE
from attendance.calendars.api import servicer as calendar_api
from attendance.calendars.app.facts import BranchCalendars
from attendance.calendars.app.handlers import CalendarHandlers
from attendance.calendars.persistence.reader import OverrideReader
from attendance.calendars.persistence.store import OVERRIDES
from attendance.calendars.persistence.uow import SqlCalendarsUnitOfWork
from attendance.cards.api import servicer as card_api
from attendance.cards.app.handlers import CardHandlers
from attendance.cards.persistence.store import CARDS
from attendance.cards.persistence.uow import SqlCardsUnitOfWork
from attendance.confirmations.api import servicer as confirmation_api
from attendance.confirmations.api.servicer import ConfirmationServicer
from attendance.confirmations.app.handlers import ConfirmationHandlers
from attendance.confirmations.app.report import MissedPunchReports
from attendance.confirmations.persistence.reader import ConfirmationReader
from attendance.confirmations.persistence.store import CONFIRMATIONS
from attendance.confirmations.persistence.uow import SqlConfirmationsUnitOfWork
from attendance.discipline.wiring import discipline_parts
from attendance.domain.facts import Calendars
from attendance.domain.people import Directory
from attendance.handover.api import servicer as handover_api
from attendance.handover.app.handlers import HandoverHandlers
from attendance.handover.persistence.reader import HandoverFacts, HandoverReads
from attendance.handover.persistence.uow import SqlHandoverUnitOfWork
from attendance.leave.api import servicer as leave_api
from attendance.leave.app.handlers import LeaveHandlers
from attendance.leave.app.schedule import Schedules
from attendance.leave.persistence.reader import LeaveReader
from attendance.leave.persistence.rostered import RosteredFromRosters
from attendance.leave.persistence.store import LEAVES
from attendance.leave.persistence.uow import SqlLeavesUnitOfWork
from attendance.month.api import servicer as month_api
from attendance.month.app.close import MonthCloser
from attendance.month.app.counting import MonthCounter
from attendance.month.app.ports import MonthInputs
from attendance.month.app.queries import MonthCounts, MonthQueries
from attendance.month.app.review import WeeklyReviews
from attendance.month.persistence.store import SqlMonthStore
from attendance.month.timers import month_timer_handlers
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
from attendance.overtime.persistence.reader import OvertimeReader
from attendance.overtime.persistence.store import OVERTIME
from attendance.overtime.persistence.uow import SqlOvertimeUnitOfWork
from attendance.people.api import servicer as people_api
from attendance.people.app.handlers import PeopleHandlers, apply_change
from attendance.people.events.inbound import change_from
from attendance.people.persistence.directory import SqlDirectory
from attendance.people.persistence.store import SqlPeople, SqlPeopleTransactions
from attendance.punches.api import ingestion
from attendance.punches.api.servicer import SERVICE_DESCRIPTOR, PunchServicer, add_to_server
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.app.outcomes import DayOutcomes
from attendance.punches.app.proxy import ProxyHandlers, ProxySampler
from attendance.punches.persistence.batch import SqlPunchBatchUnitOfWork
from attendance.punches.persistence.bulk import BulkPunchReader
from attendance.punches.persistence.findings import FINDINGS, ProxyFindingReader, SqlProxyFindingsUnitOfWork
from attendance.punches.persistence.reader import PunchReader
from attendance.punches.persistence.store import PUNCHES
from attendance.punches.persistence.uow import SqlPunchesUnitOfWork
from attendance.rosters.api import servicer as roster_api
from attendance.rosters.api.servicer import RosterServicer
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.persistence.bulk import BulkRosterReader
from attendance.rosters.persistence.reader import RosterReader
from attendance.rosters.persistence.store import ROSTERS
from attendance.rosters.persistence.uow import SqlRostersUnitOfWork
from attendance.settings import AttendanceSettings
from attendance.shifts.api import servicer as shift_api
from attendance.shifts.app.handlers import ShiftHandlers
from attendance.shifts.persistence.reader import ShiftReader
from attendance.shifts.persistence.store import SHIFTS
from attendance.shifts.persistence.uow import SqlShiftsUnitOfWork
from cskit.db import Database
from cskit.domain import Clock, SystemClock
from cskit.domain.actor import system_scope
from cskit.domain.clock import OffsetClock
from cskit.eventstore import StreamReader
from cskit.messaging.consumer import Handler as ConsumerHandler
from cskit.messaging.envelope import Envelope
from cskit.officialcalendar import official_calendar
from cskit.pagination import PageTokens
from cskit.records import ServiceParts, registration, with_test_clock
from cskit.service import Registration
from cskit.testclock import follow_in, is_enabled
from cskit.timers import TimerHandler, TimerRunner


@dataclass
class AttendanceParts(ServiceParts):
    # The Monday review, armed at start-up (``service.arm_weekly_review``), and the month's
    # close and reads (tests and the benchmark drive them directly).
    reviews: WeeklyReviews | None = None
    closer: MonthCloser | None = None
    month_queries: MonthQueries | None = None
    # attendance.domain.facts.MonthCountFacts, for the discipline score (ATT-12).
    month_counts: MonthCounts | None = None


def build(
    settings: AttendanceSettings | None = None,
    *,
    clock: Clock | None = None,
    test_clock: bool | None = None,
) -> AttendanceParts:
    settings = settings or AttendanceSettings()
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    clock, moving, registrations = with_test_clock(database, SERVICE, clock or SystemClock(), test_clock)
    sessions = database.async_sessions()
    branches = settings.branches()
    # The default zone: sub-domains not yet per-branch (leave, requests, handover, month) use it.
    zone = settings.zone()
    # The people directory: what every sub-domain knows of an employee (attendance.domain.people).
    directory = SqlDirectory(sessions, clock, zone)
    handlers = PunchHandlers(
        lambda call: SqlPunchesUnitOfWork(sessions, call, clock),
        clock,
        branches.default,
        batches=lambda call: SqlPunchBatchUnitOfWork(sessions, call, clock),
        policy_of=branches.policy_of,
    )
    tokens = PageTokens(settings.page_token_key.get_secret_value())
    reader = PunchReader(PUNCHES, sessions, tokens=tokens)
    rosters = RosterReader(ROSTERS, sessions, tokens=tokens)
    outcomes = DayOutcomes(
        reader,
        rosters,
        branches.default,
        branches.zone,
        settings.default_shift(),
        branches=branches,
        directory=directory,
        roster_departments=rosters,
    )
    servicer = PunchServicer(handlers, reader, outcomes, branches.zone, branches.zone_of)
    registrations.append(registration(SERVICE_DESCRIPTOR, add_to_server, servicer))
    shifts = ShiftReader(SHIFTS, sessions, tokens=tokens)
    month_store = SqlMonthStore(sessions)
    roster_handlers = RosterHandlers(
        lambda call: SqlRostersUnitOfWork(sessions, call, clock),
        clock,
        shifts,
        closed=month_store,
        departments=directory,
    )
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
    proxies = ProxyHandlers(lambda call: SqlProxyFindingsUnitOfWork(sessions, call, clock), clock, branches.zone_of)
    sampler = ProxySampler(reader, rosters, branches.zone_of, lambda b: branches.policy_of(b).proxy_sample_share)
    findings = ProxyFindingReader(FINDINGS, sessions, tokens=tokens)
    registrations.append(
        registration(
            ingestion.SERVICE_DESCRIPTOR,
            ingestion.add_to_server,
            ingestion.IngestionServicer(handlers, proxies, sampler, findings, branches.zone_of),
        )
    )
    shift_handlers = ShiftHandlers(lambda call: SqlShiftsUnitOfWork(sessions, call, clock), clock)
    registrations.append(
        registration(
            shift_api.SERVICE_DESCRIPTOR, shift_api.add_to_server, shift_api.ShiftServicer(shift_handlers, shifts)
        )
    )
    overrides = OverrideReader(OVERRIDES, sessions, tokens=tokens)
    calendars = BranchCalendars(overrides, official_calendar, clock, timedelta(seconds=settings.calendar_cache_seconds))
    calendar_handlers = CalendarHandlers(
        lambda call: SqlCalendarsUnitOfWork(sessions, call, clock), clock, calendars.forget
    )
    calendar_servicer = calendar_api.CalendarServicer(calendar_handlers, overrides, calendars)
    registrations.append(registration(calendar_api.SERVICE_DESCRIPTOR, calendar_api.add_to_server, calendar_servicer))
    card_handlers = CardHandlers(lambda call: SqlCardsUnitOfWork(sessions, call, clock), clock, settings.card_policy())
    card_servicer = card_api.CardServicer(card_handlers, StreamReader(CARDS, sessions, tokens=tokens))
    registrations.append(registration(card_api.SERVICE_DESCRIPTOR, card_api.add_to_server, card_servicer))
    leaves = LeaveReader(LEAVES, sessions, tokens=tokens)
    leave_handlers = LeaveHandlers(
        lambda call: SqlLeavesUnitOfWork(sessions, call, clock),
        clock,
        settings.leave_policy(),
        zone,
        directory,
        Schedules(RosteredFromRosters(rosters), calendars),
        leaves,
    )
    registrations.append(
        registration(
            leave_api.SERVICE_DESCRIPTOR, leave_api.add_to_server, leave_api.LeaveServicer(leave_handlers, leaves)
        )
    )
    request_registrations, (out_of_office, confirmed, overtime) = requests(
        settings, sessions, clock, tokens, reader, rosters, outcomes, directory, calendars
    )
    registrations += request_registrations
    handover_handlers = HandoverHandlers(
        lambda call: SqlHandoverUnitOfWork(sessions, call, clock),
        clock,
        settings.handover_policy(),
        zone,
        directory,
        calendars,
    )
    registrations.append(
        registration(
            handover_api.SERVICE_DESCRIPTOR,
            handover_api.add_to_server,
            handover_api.HandoverServicer(handover_handlers, HandoverReads.of(sessions, tokens)),
        )
    )
    # The month (ATT-02, ATT-05, ATT-08, ATT-10, ATT-11).
    inputs = MonthInputs(
        directory=directory,
        assignments=directory,
        leave=leaves,
        out_of_office=out_of_office,
        confirmations=confirmed,
        overtime=overtime,
        findings=findings,
        swaps=HandoverFacts(sessions, zone),
    )
    counter = MonthCounter(BulkRosterReader(sessions), BulkPunchReader(sessions), inputs, settings.month_policy(), zone)
    closer = MonthCloser(month_store, counter, clock, chunk=settings.month_close_chunk)
    reviews = WeeklyReviews(month_store, counter, clock)
    month_queries = MonthQueries(month_store, counter, clock)
    month_counts = MonthCounts(month_queries)
    registrations.append(
        registration(
            month_api.SERVICE_DESCRIPTOR, month_api.add_to_server, month_api.MonthServicer(closer, month_queries)
        )
    )
    # ATT-12: the month close reads the approved scores through ``discipline_reader`` (ScoreFacts).
    discipline, discipline_timers, _discipline_reader = discipline_parts(
        sessions, clock, settings.discipline_policy(), zone, counts=month_counts, leave=leaves
    )
    registrations.append(discipline)
    timer_handlers: dict[str, TimerHandler] = {
        **month_timer_handlers(closer, reviews, month_store),
        **discipline_timers,
    }
    runner = TimerRunner(
        database,
        timer_handlers,
        clock,
        max_idle=settings.timers_max_idle_seconds,
        before_pass=None if moving is None else moving.refresh,
    )
    if moving is not None:
        moving.on_advance(runner.wake)  # timers that became due fire now, not at the next idle look
    return AttendanceParts(
        database,
        clock,
        registrations,
        timers=runner,
        test_clock=moving,
        reviews=reviews,
        closer=closer,
        month_queries=month_queries,
        month_counts=month_counts,
    )


def requests(
    settings: AttendanceSettings,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    tokens: PageTokens,
    punches: PunchReader,
    rosters: RosterReader,
    outcomes: DayOutcomes,
    directory: Directory,
    calendars: Calendars,
) -> tuple[list[Registration], tuple[OutOfOfficeReader, ConfirmationReader, OvertimeReader]]:
    """Out of office (ATT-07), confirmations (ATT-02), overtime (OT-01..03): their services,
    and their readers, the month's facts (OutOfOfficeFacts, ConfirmationFacts, OvertimeFacts)."""
    zone, levels = settings.zone(), settings.approval_levels()
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
    holidays = CalendarStatutoryHolidays(calendars)
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
    served = [
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
    return served, (ooo_reader, confirmation_reader, overtime_reader)


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
