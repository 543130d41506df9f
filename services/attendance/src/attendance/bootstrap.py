"""Composition root: the only module that names concrete adapters."""

from __future__ import annotations

from dataclasses import dataclass

from attendance import SERVICE
from attendance.month.api import servicer as month_api
from attendance.month.app.close import MonthCloser
from attendance.month.app.counting import MonthCounter
from attendance.month.app.ports import MonthInputs
from attendance.month.app.queries import MonthCounts, MonthQueries
from attendance.month.app.review import WeeklyReviews
from attendance.month.persistence.interim import NoFacts, RosterDirectory
from attendance.month.persistence.store import SqlMonthStore
from attendance.month.timers import month_timer_handlers
from attendance.punches.api.servicer import SERVICE_DESCRIPTOR, PunchServicer, add_to_server
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.app.outcomes import DayOutcomes
from attendance.punches.persistence.bulk import BulkPunchReader
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
from cskit.db import Database
from cskit.domain import Clock, SystemClock
from cskit.pagination import PageTokens
from cskit.records import ServiceParts, registration, with_test_clock
from cskit.timers import TimerRunner


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
    settings: AttendanceSettings | None = None, *, clock: Clock | None = None, test_clock: bool | None = None
) -> AttendanceParts:
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
    month_store = SqlMonthStore(sessions)
    roster_handlers = RosterHandlers(lambda call: SqlRostersUnitOfWork(sessions, call, clock), clock, month_store)
    registrations.append(
        registration(roster_api.SERVICE_DESCRIPTOR, roster_api.add_to_server, RosterServicer(roster_handlers, rosters))
    )
    # The month (ATT-02, ATT-05, ATT-08, ATT-10, ATT-11). INTERIM: the facts and the directory
    # of sub-domains still being built come from month.persistence.interim; the integrator
    # swaps in the real ones here.
    interim = NoFacts()
    inputs = MonthInputs(
        directory=RosterDirectory(sessions),
        assignments=interim,
        leave=interim,
        out_of_office=interim,
        confirmations=interim,
        overtime=interim,
        findings=interim,
    )
    counter = MonthCounter(BulkRosterReader(sessions), BulkPunchReader(sessions), inputs, settings.month_policy(), zone)
    closer = MonthCloser(month_store, counter, clock, chunk=settings.month_close_chunk)
    reviews = WeeklyReviews(month_store, counter, clock)
    month_queries = MonthQueries(month_store, counter, clock)
    registrations.append(
        registration(
            month_api.SERVICE_DESCRIPTOR, month_api.add_to_server, month_api.MonthServicer(closer, month_queries)
        )
    )
    runner = TimerRunner(
        database,
        month_timer_handlers(closer, reviews, month_store),
        clock,
        max_idle=settings.timers_max_idle_seconds,
        before_pass=None if moving is None else moving.refresh,
    )
    if moving is not None:
        moving.on_advance(runner.wake)  # a Monday or a close that became due runs now
    return AttendanceParts(
        database,
        clock,
        registrations,
        timers=runner,
        test_clock=moving,
        reviews=reviews,
        closer=closer,
        month_queries=month_queries,
        month_counts=MonthCounts(month_queries),
    )
