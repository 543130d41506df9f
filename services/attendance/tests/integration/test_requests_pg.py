"""The request sub-domains on real PostgreSQL (ATT-02, ATT-07, OT-01..OT-03): each decision
commits with its history and outbox row; the month's facts (out of office, confirmations,
overtime) read the approved records back; the overtime claim's date facts come from the
stored roster and punches; a duplicate claim is refused against the stored one."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from attendance.confirmations.app.handlers import ConfirmationHandlers
from attendance.confirmations.domain.commands import ConfirmMissedPunch
from attendance.confirmations.persistence.reader import ConfirmationReader
from attendance.confirmations.persistence.store import CONFIRMATIONS
from attendance.confirmations.persistence.uow import SqlConfirmationsUnitOfWork
from attendance.domain.approval import ApprovalLevels
from attendance.domain.people import Employee, Grade
from attendance.outofoffice.app.handlers import OutOfOfficeHandlers
from attendance.outofoffice.domain.commands import ApproveOutOfOffice, FileOutOfOffice
from attendance.outofoffice.persistence.reader import OutOfOfficeReader
from attendance.outofoffice.persistence.store import OUT_OF_OFFICE
from attendance.outofoffice.persistence.uow import SqlOutOfOfficeUnitOfWork
from attendance.overtime.app.dayfacts import CalendarStatutoryHolidays, ClaimDayFacts
from attendance.overtime.app.handlers import OvertimeHandlers
from attendance.overtime.domain.commands import ApproveOvertime, ClaimOvertime
from attendance.overtime.domain.rules import OvertimePolicy
from attendance.overtime.persistence.reader import OvertimeReader
from attendance.overtime.persistence.store import OVERTIME
from attendance.overtime.persistence.uow import SqlOvertimeUnitOfWork
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.app.outcomes import DayOutcomes
from attendance.punches.domain.commands import RecordPunch
from attendance.punches.domain.policy import AttendancePolicy
from attendance.punches.persistence.reader import PunchReader
from attendance.punches.persistence.store import PUNCHES
from attendance.punches.persistence.uow import SqlPunchesUnitOfWork
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain.commands import SetRosterDay
from attendance.rosters.persistence.reader import RosterReader
from attendance.rosters.persistence.store import ROSTERS
from attendance.rosters.persistence.uow import SqlRostersUnitOfWork
from attendance.service import MIGRATIONS
from attendance.settings import AttendanceSettings
from attendance.testing import MemoryDirectory
from sqlalchemy import select, text

from cskit.calls import Call
from cskit.db import Database
from cskit.db.migrations import upgrade
from cskit.domain import Actor, Conflict, FrozenClock
from cskit.domain.calendar import WorkingCalendar
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import PageTokens

pytestmark = pytest.mark.integration
SH = ZoneInfo("Asia/Shanghai")
MON = date(2026, 11, 9)
SAT = MON + timedelta(days=5)
HIRED = date(2025, 1, 1)
PEOPLE = [
    Employee(id="q-mgr", branch_id="b1", department_id="d1", post="lead", grade=Grade.MANAGER, hire_date=HIRED),
    Employee(
        id="q-sup",
        branch_id="b1",
        department_id="d1",
        post="lead",
        grade=Grade.SUPERVISOR,
        hire_date=HIRED,
        manager_id="q-mgr",
    ),
    Employee(
        id="q-e1",
        branch_id="b1",
        department_id="d1",
        post="agent",
        grade=Grade.STAFF,
        hire_date=HIRED,
        manager_id="q-sup",
    ),
]


def call(subject: str) -> Call:
    return Call(actor=Actor(subject=subject, branch_id="b1", roles=frozenset({"team_lead"})))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SH)


class NoHolidays:
    async def calendar(self, branch_id: str, year: int) -> WorkingCalendar:
        return WorkingCalendar()


class World:
    def __init__(self, pg_url: str) -> None:
        upgrade(MIGRATIONS, pg_url)
        self.database = Database(pg_url)
        sessions = self.database.async_sessions()
        self.clock = FrozenClock(at(MON, 8))
        tokens, policy, levels = PageTokens("k"), AttendancePolicy(max_clock_drift=timedelta(days=30)), ApprovalLevels()
        directory = MemoryDirectory(PEOPLE)
        self.punches = PunchHandlers(lambda c: SqlPunchesUnitOfWork(sessions, c, self.clock), self.clock, policy)
        self.rosters = RosterHandlers(lambda c: SqlRostersUnitOfWork(sessions, c, self.clock), self.clock)
        punch_reader, roster_reader = (
            PunchReader(PUNCHES, sessions, tokens=tokens),
            RosterReader(ROSTERS, sessions, tokens=tokens),
        )
        outcomes = DayOutcomes(punch_reader, roster_reader, policy, SH, AttendanceSettings().default_shift())
        self.ooo = OutOfOfficeHandlers(
            lambda c: SqlOutOfOfficeUnitOfWork(sessions, c, self.clock), self.clock, directory, SH, levels
        )
        self.ooo_facts = OutOfOfficeReader(OUT_OF_OFFICE, sessions, tokens=tokens)
        self.confirmations = ConfirmationHandlers(
            lambda c: SqlConfirmationsUnitOfWork(sessions, c, self.clock), self.clock, directory, outcomes, SH, time(17)
        )
        self.confirmation_facts = ConfirmationReader(CONFIRMATIONS, sessions, tokens=tokens)
        self.overtime_facts = OvertimeReader(OVERTIME, sessions, tokens=tokens)
        facts = ClaimDayFacts(
            roster_reader, outcomes, punch_reader, CalendarStatutoryHolidays(NoHolidays()), policy, SH
        )
        self.overtime = OvertimeHandlers(
            lambda c: SqlOvertimeUnitOfWork(sessions, c, self.clock),
            self.clock,
            directory,
            facts,
            self.overtime_facts,
            SH,
            levels,
            OvertimePolicy(),
        )

    async def punch(self, ref: str, moment: datetime) -> None:
        await self.punches.record_punch(
            RecordPunch(
                employee_id="q-e1", source="terminal", device_id="T-1", source_punch_id=ref, device_time=moment
            ),
            call("q-sup"),
        )

    async def outbox(self, key: str) -> list[str]:
        async with self.database.async_sessions()() as session:
            rows = (
                await session.execute(select(OutboxRow.event_type).where(OutboxRow.key == key).order_by(OutboxRow.id))
            ).all()
        return [t.rsplit(".", 1)[-1] for (t,) in rows]


@pytest.fixture
async def world(pg_url: str) -> World:
    made = World(pg_url)
    yield made  # type: ignore[misc]
    await made.database.dispose()


async def test_att_07_an_approved_record_is_a_fact_of_the_month_with_its_history(world: World) -> None:
    record = await world.ooo.file_out_of_office(
        FileOutOfOffice(day=MON.isoformat(), reason="bank", from_time="14:00", to_time="16:00"), call("q-e1")
    )
    await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("q-sup"))
    assert await world.ooo_facts.out_of_office(call("q-mgr").scope, at(MON, 0), at(MON, 23)) == []
    await world.ooo.approve_out_of_office(ApproveOutOfOffice(record_id=record.id), call("q-mgr"))
    facts = await world.ooo_facts.out_of_office(call("q-mgr").scope, at(MON, 15), at(MON, 15, 30))
    assert [(f.employee_id, f.start, f.end) for f in facts] == [("q-e1", at(MON, 14), at(MON, 16))]
    assert await world.outbox(record.id) == ["OutOfOfficeFiled", "OutOfOfficeSigned", "OutOfOfficeApproved"]
    async with world.database.async_sessions()() as session:
        with pytest.raises(Exception, match="append-only"):
            await session.execute(text("DELETE FROM attendance_out_of_office_events"))


async def test_att_02_a_stored_missed_punch_confirmed_by_the_supervisor_is_a_fact(world: World) -> None:
    await world.punch("c1", at(MON, 8, 58))  # no clock-out: a missed punch on the default shift
    world.clock.set(at(MON, 19))
    confirmed = await world.confirmations.confirm_missed_punch(
        ConfirmMissedPunch(employee_id="q-e1", day=MON.isoformat()), call("q-sup")
    )
    facts = await world.confirmation_facts.confirmations(call("q-mgr").scope, MON, MON)
    assert [(f.employee_id, f.day, f.confirmed_by) for f in facts] == [("q-e1", MON, "q-sup")]
    assert await world.outbox(confirmed.id) == ["MissedPunchConfirmed"]


async def test_ot_01_rest_day_hours_in_a_45_hour_week_are_approved_and_published_by_employee(world: World) -> None:
    await world.rosters.set_roster_day(
        SetRosterDay(employee_id="q-e1", day=SAT.isoformat(), rest_day=True), call("q-sup")
    )
    for offset in range(5):  # Monday to Friday 09:00-18:00 on the default shift: 5 x 540 minutes
        day = MON + timedelta(days=offset)
        await world.punch(f"w{offset}a", at(day, 8, 55))
        await world.punch(f"w{offset}b", at(day, 18, 5))
    await world.punch("s1", at(SAT, 9))
    await world.punch("s2", at(SAT, 13))
    world.clock.set(at(SAT, 14))
    claim = await world.overtime.claim_overtime(
        ClaimOvertime(employee_id="q-e1", day=SAT.isoformat(), from_time="09:00", to_time="13:00", reason="stock"),
        call("q-e1"),
    )
    assert (claim.rest_day, claim.week_minutes, claim.ordinary, claim.missed_punch) == (True, 2700, True, False)
    with pytest.raises(Conflict):
        await world.overtime.claim_overtime(
            ClaimOvertime(employee_id="q-e1", day=SAT.isoformat(), from_time="12:00", to_time="13:00", reason="again"),
            call("q-e1"),
        )
    await world.overtime.approve_overtime(ApproveOvertime(claim_id=claim.id), call("q-sup"))
    await world.overtime.approve_overtime(ApproveOvertime(claim_id=claim.id), call("q-mgr"))
    days = await world.overtime_facts.overtime_days(call("q-mgr").scope, MON, SAT)
    assert [(d.employee_id, d.day, d.minutes, d.triple_pay) for d in days] == [("q-e1", SAT, 240, False)]
    # HR's payroll key: the employee's id, not the claim's.
    assert await world.outbox("q-e1") == ["OvertimeClaimed", "OvertimeSigned", "OvertimeApproved"]


async def test_ot_02_two_overlapping_claims_at_once_are_one_claim_and_one_conflict(world: World) -> None:
    await world.rosters.set_roster_day(
        SetRosterDay(employee_id="q-e1", day=SAT.isoformat(), rest_day=True), call("q-sup")
    )
    for offset in range(5):
        day = MON + timedelta(days=offset)
        await world.punch(f"r{offset}a", at(day, 8, 55))
        await world.punch(f"r{offset}b", at(day, 18, 5))
    world.clock.set(at(SAT, 20))

    def claim(start: str, end: str) -> ClaimOvertime:
        return ClaimOvertime(employee_id="q-e1", day=SAT.isoformat(), from_time=start, to_time=end, reason="race")

    results = await asyncio.gather(
        world.overtime.claim_overtime(claim("09:00", "12:00"), call("q-e1")),
        world.overtime.claim_overtime(claim("11:00", "13:00"), call("q-e1")),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "OvertimeClaim"]
