"""Composition root: the only module that names concrete adapters."""

from __future__ import annotations

from attendance import SERVICE
from attendance.punches.api import ingestion
from attendance.punches.api.servicer import SERVICE_DESCRIPTOR, PunchServicer, add_to_server
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.app.outcomes import DayOutcomes
from attendance.punches.app.proxy import ProxyHandlers, ProxySampler
from attendance.punches.persistence.batch import SqlPunchBatchUnitOfWork
from attendance.punches.persistence.findings import FINDINGS, ProxyFindingReader, SqlProxyFindingsUnitOfWork
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
    branches = settings.branches()
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
        reader, rosters, branches.default, branches.zone, settings.default_shift(), branches=branches
    )
    servicer = PunchServicer(handlers, reader, outcomes, branches.zone, branches.zone_of)
    registrations.append(registration(SERVICE_DESCRIPTOR, add_to_server, servicer))
    roster_handlers = RosterHandlers(lambda call: SqlRostersUnitOfWork(sessions, call, clock), clock)
    registrations.append(
        registration(roster_api.SERVICE_DESCRIPTOR, roster_api.add_to_server, RosterServicer(roster_handlers, rosters))
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
    return ServiceParts(database, clock, registrations, test_clock=moving)
