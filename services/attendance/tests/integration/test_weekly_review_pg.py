"""ATT-10 on real PostgreSQL: the Monday review timer, armed at start-up, fires when the
clock passes Monday 00:00 (branch-local), stores last week's review per department and
publishes WeeklyReviewIssued; the next Monday's timer is set in the same transaction."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from attendance.bootstrap import AttendanceParts, build
from attendance.month.app.review import REVIEW_SUBJECT, WEEKLY_REVIEW
from attendance.month.timers import arm_weekly_review
from attendance.people.app.handlers import PeopleHandlers
from attendance.people.domain.imports import ImportFormat
from attendance.people.domain.policy import ImportPolicy
from attendance.people.persistence.store import SqlPeopleTransactions
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.domain.commands import RecordPunch
from attendance.punches.domain.policy import AttendancePolicy
from attendance.punches.persistence.uow import SqlPunchesUnitOfWork
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain.commands import SetRosterDay
from attendance.rosters.persistence.uow import SqlRostersUnitOfWork
from attendance.service import MIGRATIONS
from attendance.settings import AttendanceSettings
from sqlalchemy import select

from cskit.calls import Call
from cskit.db.migrations import upgrade
from cskit.domain import Actor, FrozenClock
from cskit.messaging.outbox import OutboxRow
from cskit.timers import pending

pytestmark = pytest.mark.integration
SH = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 11, 2)


async def test_att_10_the_monday_timer_issues_last_weeks_review(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    # Sunday 8 November 2026, 12:00 in Shanghai: the week of 2-8 November is almost over.
    clock = FrozenClock(datetime(2026, 11, 8, 4, 0, tzinfo=UTC))
    app: AttendanceParts = build(AttendanceSettings(database_url=pg_url), clock=clock, test_clock=False)
    try:
        sessions = app.database.async_sessions()
        branch = f"b-{uuid.uuid4().hex[:6]}"
        lead = Call(actor=Actor(subject="lead", branch_id=branch, roles=frozenset({"team_lead"})))
        rosters = RosterHandlers(lambda call: SqlRostersUnitOfWork(sessions, call, clock), clock)
        # The review counts the people directory's employees: HR records e-1 first.
        hr = Call(actor=Actor(subject="hr", branch_id=branch, roles=frozenset({"hr"})))
        people = PeopleHandlers(SqlPeopleTransactions(sessions), clock, ImportPolicy(), rosters)
        await people.upsert_department(hr, id="d-cs", name="Customer service", head_employee_id="")
        hired = "id,name,department_id,post,grade,hire_date\ne-1,Employee 1,d-cs,agent,staff,2020-01-01\n"
        assert await people.import_employees(hr, ImportFormat.CSV, hired.encode()) == 1
        punches = PunchHandlers(lambda call: SqlPunchesUnitOfWork(sessions, call, clock), clock, AttendancePolicy())
        week = [MONDAY + timedelta(days=i) for i in range(5)]
        for d in week:
            await rosters.set_roster_day(
                SetRosterDay(employee_id="e-1", day=d.isoformat(), shift_start="09:00", shift_end="17:00"), lead
            )
        for d in week[:4]:
            for hh in (9, 17):
                moment = datetime.combine(d, time(hh), tzinfo=SH)
                await punches.record_punch(
                    RecordPunch(
                        employee_id="e-1", source="manual", device_id="", source_punch_id="", device_time=moment
                    ),
                    lead,
                )
        assert app.reviews is not None and app.timers is not None
        await arm_weekly_review(sessions, app.reviews)
        assert await app.timers.run_once() == 0  # not Monday yet
        clock.advance(timedelta(hours=12, minutes=1))  # Monday 9 November 00:01 in Shanghai
        assert await app.timers.run_once() == 1
        found = await app.month_queries.reviews(  # type: ignore[union-attr]
            Actor(subject="lead", branch_id=branch, roles=frozenset({"team_lead"})), MONDAY
        )
        [(department, review_week, lines, _)] = found
        assert (department, review_week.due_on) == ("d-cs", date(2026, 11, 12))
        [line] = lines
        # 4 days of 8 hours: 1,920 minutes, under 40 hours, no form, no leave: flagged.
        assert (line.worked_minutes, line.absence_days, line.flagged) == (4 * 480, 1, True)
        async with sessions() as session:
            events = (
                (
                    await session.execute(
                        select(OutboxRow.event_type).where(OutboxRow.key == f"{branch}:d-cs:2026-11-02")
                    )
                )
                .scalars()
                .all()
            )
            nxt = await pending(session, WEEKLY_REVIEW, REVIEW_SUBJECT)
        assert [e.rsplit(".", 1)[-1] for e in events] == ["WeeklyReviewIssued"]
        assert nxt is not None and nxt.due_at == datetime(2026, 11, 16, tzinfo=SH)
    finally:
        await app.database.dispose()
