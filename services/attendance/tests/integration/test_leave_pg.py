"""Leave on real PostgreSQL: a request and its approval commit with their history and outbox
rows (keyed by the leave's id), the month's leave facts read the approved dates (a leave across
the month's end gives each month its dates), a rostered rest day is not an annual-leave day,
the approvals queue is the awaited approver's, and a cancel during the leave gives the rest back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from attendance.domain.people import Employee, Grade
from attendance.leave.app.handlers import LeaveHandlers
from attendance.leave.app.schedule import Schedules
from attendance.leave.domain.commands import ApproveLeave, CancelLeave, RequestLeave
from attendance.leave.domain.policy import LeavePolicy
from attendance.leave.persistence.reader import LeaveReader
from attendance.leave.persistence.rostered import RosteredFromRosters
from attendance.leave.persistence.rows import LeaveEventRow
from attendance.leave.persistence.store import LEAVES
from attendance.leave.persistence.uow import SqlLeavesUnitOfWork
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain.commands import SetRosterDay
from attendance.rosters.persistence.reader import RosterReader
from attendance.rosters.persistence.store import ROSTERS
from attendance.rosters.persistence.uow import SqlRostersUnitOfWork
from attendance.testing import MemoryDirectory
from sqlalchemy import func, select

from cskit.calls import Call
from cskit.domain import Actor, FrozenClock
from cskit.domain.actor import system_scope
from cskit.domain.calendar import WorkingCalendar
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens
from cskit.records import ServiceParts

pytestmark = pytest.mark.integration
SH = ZoneInfo("Asia/Shanghai")


def employee(id: str, grade: Grade, manager: str | None) -> Employee:
    return Employee(
        id=id,
        branch_id="b1",
        department_id="d1",
        post="agent",
        grade=grade,
        hire_date=date(2023, 1, 1),
        manager_id=manager,
    )


DIRECTORY = MemoryDirectory(
    [
        employee("pg-dir", Grade.DIRECTOR, None),
        employee("pg-mgr", Grade.MANAGER, "pg-dir"),
        employee("pg-sup", Grade.SUPERVISOR, "pg-mgr"),
        employee("pg-emp", Grade.STAFF, "pg-sup"),
    ]
)


class WeekendsOnly:
    """The branch calendar with no holidays: these tests are about leave, not the calendar."""

    async def calendar(self, branch_id: str, year: int) -> WorkingCalendar:
        return WorkingCalendar()


def as_(subject: str, *roles: str) -> Call:
    return Call(actor=Actor(subject=subject, branch_id="b1", roles=frozenset(roles or {"agent"})))


def leave_side(app: ServiceParts) -> tuple[LeaveHandlers, LeaveReader, RosterHandlers]:
    sessions = app.database.async_sessions()
    tokens = PageTokens("k")
    reader = LeaveReader(LEAVES, sessions, tokens=tokens)
    schedules = Schedules(RosteredFromRosters(RosterReader(ROSTERS, sessions, tokens=tokens)), WeekendsOnly())
    handlers = LeaveHandlers(
        lambda call: SqlLeavesUnitOfWork(sessions, call, app.clock),
        app.clock,
        LeavePolicy(),
        SH,
        DIRECTORY,
        schedules,
        reader,
    )
    rosters = RosterHandlers(lambda call: SqlRostersUnitOfWork(sessions, call, app.clock), app.clock)
    return handlers, reader, rosters


async def test_lv_03_an_approved_leave_across_the_month_end_is_leave_in_both_months(app: ServiceParts) -> None:
    from cs.attendance.v1 import leave_events_pb2

    handlers, reader, rosters = leave_side(app)
    # Tuesday 1 December is a rostered rest day: annual leave counts scheduled working days only.
    await rosters.set_roster_day(
        SetRosterDay(employee_id="pg-emp", day="2026-12-01", rest_day=True), as_("pg-sup", "team_lead")
    )
    leave = await handlers.request_leave(
        RequestLeave(kind="annual", start_day="2026-11-30", end_day="2026-12-03"), as_("pg-emp")
    )
    assert ([d.day for d in leave.dates], leave.days) == (["2026-11-30", "2026-12-02", "2026-12-03"], 3)
    queue, _ = await reader.awaiting(as_("pg-sup").scope, "pg-sup", Page(10, ""))
    assert [x.id for x in queue] == [leave.id]
    await handlers.approve_leave(ApproveLeave(id=leave.id), as_("pg-sup", "team_lead"))
    await handlers.approve_leave(ApproveLeave(id=leave.id), as_("pg-mgr", "manager"))

    scope = system_scope("month close")
    november = await reader.leave_days(scope, date(2026, 11, 1), date(2026, 11, 30))
    december = await reader.leave_days(scope, date(2026, 12, 1), date(2026, 12, 31))
    assert [(d.employee_id, d.day, d.minutes, d.pay_rate) for d in november] == [
        ("pg-emp", date(2026, 11, 30), 480, Decimal(1))
    ]
    assert [d.day for d in december] == [date(2026, 12, 2), date(2026, 12, 3)]
    assert (await reader.awaiting(as_("pg-mgr").scope, "pg-mgr", Page(10, "")))[0] == []

    async with app.database.async_sessions()() as session:
        outbox = (
            await session.execute(
                select(OutboxRow.event_type, OutboxRow.payload).where(OutboxRow.key == leave.id).order_by(OutboxRow.id)
            )
        ).all()
        history = await session.scalar(
            select(func.count()).select_from(LeaveEventRow).where(LeaveEventRow.leave_id == leave.id)
        )
    assert [t.rsplit(".", 1)[-1] for t, _ in outbox] == ["LeaveRequested", "LeaveEndorsed", "LeaveApproved"]
    approved = leave_events_pb2.LeaveApproved.FromString(outbox[-1].payload)
    assert (approved.employee_id, approved.kind, approved.days, approved.pay_rate, approved.hr_filing) == (
        "pg-emp",
        "annual",
        "3",
        "1",
        True,
    )
    assert history == 3


async def test_a_leave_cancelled_during_it_keeps_the_days_taken_and_gives_the_rest_back(app: ServiceParts) -> None:
    handlers, reader, _ = leave_side(app)
    sick = RequestLeave(
        kind="sick",
        start_day="2026-11-05",
        end_day="2026-11-09",
        certificates=("hospital_certificate", "case_record"),
        document_ref="evidence/pg-sick.pdf",
    )
    leave = await handlers.request_leave(sick, as_("pg-emp"))
    assert ([s.approver_id for s in leave.steps], leave.working_days) == (["pg-sup", "pg-mgr"], 3)
    await handlers.approve_leave(ApproveLeave(id=leave.id), as_("pg-sup", "team_lead"))
    await handlers.approve_leave(ApproveLeave(id=leave.id), as_("pg-mgr", "manager"))
    assert isinstance(app.clock, FrozenClock)
    app.clock.set(datetime(2026, 11, 7, 2, 0, tzinfo=UTC))  # Saturday 7th, 10:00 in Shanghai
    cancelled = await handlers.cancel_leave(CancelLeave(id=leave.id, reason="recovered"), as_("pg-emp"))
    assert (cancelled.returned_from, cancelled.days) == ("2026-11-07", 2)
    days = await reader.leave_days(system_scope("month close"), date(2026, 11, 1), date(2026, 11, 30))
    assert [(d.day.day, d.pay_rate, d.kind) for d in days if d.leave_id == leave.id] == [
        (5, Decimal("0.4"), "sick"),
        (6, Decimal("0.4"), "sick"),
    ]
