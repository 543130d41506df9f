"""Roster days on real PostgreSQL: a set and a clear commit with their history and outbox
rows, the list reads the projection by date (cleared days left out), and the day outcome
counts the rostered night shift against the stored punches (ATT-01, ATT-03)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.app.outcomes import DayOutcomes, ShiftSource
from attendance.punches.domain.commands import RecordPunch
from attendance.punches.domain.engine import DayReason
from attendance.punches.domain.policy import AttendancePolicy
from attendance.punches.persistence.reader import PunchReader
from attendance.punches.persistence.store import PUNCHES
from attendance.punches.persistence.uow import SqlPunchesUnitOfWork
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain.commands import ClearRosterDay, SetRosterDay
from attendance.rosters.persistence.reader import RosterReader
from attendance.rosters.persistence.store import ROSTERS
from attendance.rosters.persistence.uow import SqlRostersUnitOfWork
from attendance.settings import AttendanceSettings
from sqlalchemy import select

from cskit.calls import Call
from cskit.domain import Actor
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens
from cskit.records import ServiceParts

pytestmark = pytest.mark.integration
T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
SH = ZoneInfo("Asia/Shanghai")
LEAD = Call(actor=Actor(subject="lead-b1", branch_id="b1", roles=frozenset({"team_lead"})))


def rosters(app: ServiceParts) -> tuple[RosterHandlers, RosterReader]:
    sessions = app.database.async_sessions()
    return (
        RosterHandlers(lambda call: SqlRostersUnitOfWork(sessions, call, app.clock), app.clock),
        RosterReader(ROSTERS, sessions, tokens=PageTokens("k")),
    )


async def test_a_roster_day_set_and_cleared_commits_its_events_through_the_outbox(app: ServiceParts) -> None:
    from cs.attendance.v1 import events_pb2

    handlers, reader = rosters(app)
    employee = "emp-r1"
    entry = await handlers.set_roster_day(
        SetRosterDay(employee_id=employee, day="2026-11-02", shift_start="22:00", shift_end="06:00"), LEAD
    )
    await handlers.set_roster_day(SetRosterDay(employee_id=employee, day="2026-11-03", rest_day=True), LEAD)
    await handlers.clear_roster_day(ClearRosterDay(employee_id=employee, day="2026-11-03"), LEAD)
    async with app.database.async_sessions()() as session:
        outbox = (
            await session.execute(
                select(OutboxRow.event_type, OutboxRow.payload).where(OutboxRow.key == entry.id).order_by(OutboxRow.id)
            )
        ).all()
    assert [t.rsplit(".", 1)[-1] for t, _ in outbox] == ["RosterDaySet"]
    event = events_pb2.RosterDaySet.FromString(outbox[0].payload)
    assert (event.employee_id, event.day, event.shift_start, event.shift_end, event.actor) == (
        employee,
        "2026-11-02",
        "22:00",
        "06:00",
        "lead-b1",
    )
    listed, token = await reader.employee_page(
        LEAD.scope, employee, date(2026, 11, 1), date(2026, 11, 30), Page(10, "")
    )
    assert ([e.day for e in listed], token) == (["2026-11-02"], "")


async def test_ATT_03_the_day_outcome_counts_the_rostered_night_shift_and_the_stored_punches(app: ServiceParts) -> None:
    handlers, reader = rosters(app)
    employee = "emp-r2"
    await handlers.set_roster_day(
        SetRosterDay(employee_id=employee, day="2026-11-02", shift_start="22:00", shift_end="06:00"), LEAD
    )
    sessions = app.database.async_sessions()
    trusting = AttendancePolicy(max_clock_drift=timedelta(days=1))
    punches = PunchHandlers(lambda call: SqlPunchesUnitOfWork(sessions, call, app.clock), app.clock, trusting)
    for ref, at in (("n1", datetime(2026, 11, 2, 22, 14, tzinfo=SH)), ("n2", datetime(2026, 11, 3, 6, 1, tzinfo=SH))):
        await punches.record_punch(
            RecordPunch(employee_id=employee, source="terminal", device_id="T-9", source_punch_id=ref, device_time=at),
            LEAD,
        )
    punch_reader = PunchReader(PUNCHES, sessions, tokens=PageTokens("k"))
    default = AttendanceSettings().default_shift()
    sourced = await DayOutcomes(punch_reader, reader, AttendancePolicy(), SH, default).of(
        LEAD.scope, employee, date(2026, 11, 2), None
    )
    o = sourced.outcome
    assert (sourced.shift_source, o.reason, o.late_minutes, o.early_minutes, o.worked_minutes) == (
        ShiftSource.ROSTER,
        DayReason.ATTENDED,
        14,
        0,
        466,
    )
