"""Composition root: the only module that names concrete adapters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import grpc
from sqlalchemy.ext.asyncio import AsyncSession

from complaints.api.servicer import ComplaintsServicer
from complaints.app.handlers import ComplaintHandlers
from complaints.app.ports import SYSTEM, CallContext
from complaints.domain.commands import CheckClocks
from complaints.domain.events import ComplaintClosed, ComplaintEvent
from complaints.domain.model import Complaint
from complaints.domain.policies import policy_for
from complaints.observability import CLOCK_BREACHES, TIME_TO_CLOSE
from complaints.persistence.gauges import refresh_case_gauges
from complaints.persistence.queries import SqlComplaintReader
from complaints.persistence.uow import SqlUnitOfWork, breaches_in
from complaints.settings import ComplaintsSettings
from complaints.timers import CHECK_CLOCKS
from cs.complaints.v1 import complaints_pb2, complaints_pb2_grpc
from cskit.db import Database
from cskit.domain import Clock, SystemClock
from cskit.timers import Timer, TimerHandler, TimerRunner


@dataclass(frozen=True)
class Registration:
    """One gRPC service this process serves: how to add it, and its full name for health/reflection."""

    add: Callable[[Any, grpc.aio.Server], None]
    servicer: object
    full_name: str

    def register(self, server: grpc.aio.Server) -> None:
        self.add(self.servicer, server)


@dataclass
class Complaints:
    settings: ComplaintsSettings
    database: Database
    clock: Clock
    handlers: ComplaintHandlers
    servicer: ComplaintsServicer
    timers: TimerRunner
    registrations: list[Registration]

    def register(self, server: grpc.aio.Server) -> None:
        for registration in self.registrations:
            registration.register(server)

    async def refresh_gauges(self) -> None:
        await refresh_case_gauges(self.database.async_engine, self.clock.now())

    @property
    def service_names(self) -> list[str]:
        return [r.full_name for r in self.registrations]


def build(settings: ComplaintsSettings | None = None, *, clock: Clock | None = None) -> Complaints:
    settings = settings or ComplaintsSettings()
    clock = clock or SystemClock()
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    sessions = database.async_sessions()
    overrides: Mapping[str, Mapping[str, object]] = settings.policy_overrides
    for branch_id in overrides:
        policy_for(branch_id, overrides)  # fail at start-up, not on a branch's first request
    runner_box: list[TimerRunner] = []

    def committed(changed: list[tuple[Complaint, list[ComplaintEvent]]]) -> None:
        for complaint, breach in breaches_in(changed):
            CLOCK_BREACHES.labels(breach.rule_id, breach.kind.value, complaint.branch_id).inc()
        for _, events in changed:
            for event in events:
                if isinstance(event, ComplaintClosed):
                    TIME_TO_CLOSE.labels(event.nature.value).observe(
                        (event.closed_at - event.received_at).total_seconds()
                    )
        if changed and runner_box:
            # A new deadline may be sooner than the runner's next look.
            runner_box[0].wake()

    handlers = ComplaintHandlers(lambda ctx: SqlUnitOfWork(sessions, ctx, clock, on_commit=committed), clock, overrides)

    async def fire_check_clocks(session: AsyncSession, timer: Timer) -> None:
        # Joins the runner's transaction: the breach and the timer's firing commit together.
        def in_session(context: CallContext) -> SqlUnitOfWork:
            return SqlUnitOfWork(sessions, context, clock, session=session, on_commit=committed)

        await ComplaintHandlers(in_session, clock, overrides).check_clocks(
            CheckClocks(complaint_id=timer.subject), SYSTEM
        )

    timer_handlers: dict[str, TimerHandler] = {CHECK_CLOCKS: fire_check_clocks}
    runner = TimerRunner(database, timer_handlers, clock, max_idle=settings.timers_max_idle_seconds)
    runner_box.append(runner)
    servicer = ComplaintsServicer(handlers, SqlComplaintReader(sessions, database.async_engine), clock)
    registrations = [
        Registration(
            complaints_pb2_grpc.add_ComplaintsServiceServicer_to_server,
            servicer,
            complaints_pb2.DESCRIPTOR.services_by_name["ComplaintsService"].full_name,
        ),
    ]
    return Complaints(settings, database, clock, handlers, servicer, runner, registrations)
