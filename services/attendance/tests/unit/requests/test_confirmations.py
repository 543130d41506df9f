"""Missed-punch confirmations (ATT-02): the direct supervisor, or a deputy that supervisor
designated, confirms the employee attended on a day with a missed punch; the department's
week runs Saturday to Friday and is due Friday 17:00."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from attendance.confirmations.app.report import MissedPunchReports
from attendance.confirmations.domain.commands import (
    ConfirmMissedPunch,
    DesignateDeputy,
    RevokeDeputy,
    SubmitMissedPunchReport,
)
from attendance.confirmations.domain.events import MissedPunchConfirmed
from attendance.confirmations.domain.model import ReportWeek

from cskit.domain import BranchScope, Forbidden, InvalidInput

from .conftest import ZONE, World, call, local

DAY = date(2026, 11, 4)  # a Wednesday


class Lookup:
    def __init__(self, world: World) -> None:
        self.world = world

    async def confirmed_days(self, scope: BranchScope, start: date, end: date) -> dict[tuple[str, str], str]:
        found = {}
        for record_id in list(self.world.memory.confirmations._records):
            c = await self.world.memory.confirmations.read(record_id, scope)
            if start.isoformat() <= c.day <= end.isoformat():
                found[(c.employee_id, c.day)] = c.confirmed_by
        return found

    async def submission(self, scope: BranchScope, report_id: str):  # type: ignore[no-untyped-def]
        try:
            return await self.world.memory.reports.read(report_id, scope)
        except Exception:
            return None


async def test_att_02_the_direct_supervisor_confirms_a_missed_punch(world: World) -> None:
    world.outcomes.missed.add(("e1", DAY))
    confirmed = await world.confirmations.confirm_missed_punch(
        ConfirmMissedPunch(employee_id="e1", day=DAY.isoformat()), call("sup")
    )
    assert (confirmed.confirmed_by, confirmed.deputy_for, confirmed.day) == ("sup", "", DAY.isoformat())
    again = await world.confirmations.confirm_missed_punch(
        ConfirmMissedPunch(employee_id="e1", day=DAY.isoformat()), call("sup")
    )
    assert again.id == confirmed.id
    assert [type(e) for e in world.memory.confirmations.published] == [MissedPunchConfirmed]


async def test_att_02_a_designated_deputy_confirms_and_a_revoked_one_no_longer_does(world: World) -> None:
    world.outcomes.missed |= {("e1", DAY), ("e2", DAY)}
    with pytest.raises(Forbidden):
        await world.confirmations.confirm_missed_punch(
            ConfirmMissedPunch(employee_id="e1", day=DAY.isoformat()), call("e2")
        )
    await world.confirmations.designate_deputy(DesignateDeputy(deputy_id="e2"), call("sup"))
    by_deputy = await world.confirmations.confirm_missed_punch(
        ConfirmMissedPunch(employee_id="e1", day=DAY.isoformat()), call("e2")
    )
    assert (by_deputy.confirmed_by, by_deputy.deputy_for) == ("e2", "sup")
    with pytest.raises(Forbidden):  # a deputy never confirms their own missed punch
        await world.confirmations.confirm_missed_punch(
            ConfirmMissedPunch(employee_id="e2", day=DAY.isoformat()), call("e2")
        )
    await world.confirmations.revoke_deputy(RevokeDeputy(deputy_id="e2"), call("sup"))
    other = date(2026, 11, 5)
    world.outcomes.missed.add(("e1", other))
    with pytest.raises(Forbidden):
        await world.confirmations.confirm_missed_punch(
            ConfirmMissedPunch(employee_id="e1", day=other.isoformat()), call("e2")
        )


async def test_att_02_a_higher_manager_or_another_supervisor_is_not_the_direct_supervisor(world: World) -> None:
    world.outcomes.missed.add(("e1", DAY))
    for who in ("mgr", "sup2"):
        with pytest.raises(Forbidden):
            await world.confirmations.confirm_missed_punch(
                ConfirmMissedPunch(employee_id="e1", day=DAY.isoformat()), call(who)
            )


async def test_att_02_a_day_without_a_missed_punch_has_nothing_to_confirm(world: World) -> None:
    with pytest.raises(InvalidInput):
        await world.confirmations.confirm_missed_punch(
            ConfirmMissedPunch(employee_id="e1", day=DAY.isoformat()), call("sup")
        )


async def test_att_02_only_a_supervisor_designates_their_own_deputies(world: World) -> None:
    with pytest.raises(Forbidden):
        await world.confirmations.designate_deputy(DesignateDeputy(deputy_id="e2"), call("e1"))
    with pytest.raises(InvalidInput):
        await world.confirmations.designate_deputy(DesignateDeputy(deputy_id="sup"), call("sup"))


def test_att_02_the_report_week_runs_saturday_to_friday_due_friday_17_00() -> None:
    for day in (date(2026, 10, 31), date(2026, 11, 4), date(2026, 11, 6)):
        week = ReportWeek.of(day, time(17), ZONE)
        assert (week.start, week.end) == (date(2026, 10, 31), date(2026, 11, 6))
        assert week.due_at == datetime(2026, 11, 6, 17, 0, tzinfo=ZONE)
    assert ReportWeek.of(date(2026, 11, 7), time(17), ZONE).start == date(2026, 11, 7)
    week = ReportWeek.of(DAY, time(17), ZONE)
    assert not week.overdue(None, datetime(2026, 11, 6, 9, 0, tzinfo=UTC))  # 17:00 local
    assert week.overdue(None, datetime(2026, 11, 6, 9, 0, 1, tzinfo=UTC))
    assert not week.overdue(datetime(2026, 11, 6, 8, 0, tzinfo=UTC), datetime(2026, 11, 9, tzinfo=UTC))


async def test_att_02_the_weekly_department_report_lists_missed_punches_and_flags_it_overdue(world: World) -> None:
    world.outcomes.missed |= {("e1", DAY), ("e2", date(2026, 10, 31)), ("e1", date(2026, 11, 7))}
    world.outcomes.no_record.add(("e2", DAY))  # no punch at all: ATT-08's, not the missed-punch report's
    await world.confirmations.confirm_missed_punch(
        ConfirmMissedPunch(employee_id="e1", day=DAY.isoformat()), call("sup")
    )
    reports = MissedPunchReports(world.directory, world.outcomes, Lookup(world), world.clock, ZONE, time(17))
    world.clock.set(local(date(2026, 11, 6), 16, 59))
    week = await reports.week(call("hr").scope, "b1", "d1", DAY)
    assert [(x.employee_id, x.day, x.confirmed_by) for x in week.lines] == [
        ("e1", DAY, "sup"),
        ("e2", date(2026, 10, 31), ""),
    ]
    assert not week.overdue and week.submitted_at is None
    world.clock.set(local(date(2026, 11, 6), 17, 1))
    assert (await reports.week(call("hr").scope, "b1", "d1", DAY)).overdue
    late = await world.confirmations.submit_missed_punch_report(
        SubmitMissedPunchReport(department_id="d1", week_start="2026-10-31"), call("sup")
    )
    assert late.overdue
    week = await reports.week(call("hr").scope, "b1", "d1", DAY)
    assert week.submitted_at == local(date(2026, 11, 6), 17, 1) and week.overdue


async def test_att_02_a_report_submitted_in_time_is_not_overdue_and_only_for_ones_own_department(world: World) -> None:
    world.clock.set(local(date(2026, 11, 6), 16))
    report = await world.confirmations.submit_missed_punch_report(
        SubmitMissedPunchReport(department_id="d1", week_start="2026-11-02"), call("sup")
    )
    assert not report.overdue and report.week_start == "2026-10-31"
    with pytest.raises(Forbidden):
        await world.confirmations.submit_missed_punch_report(
            SubmitMissedPunchReport(department_id="d9", week_start="2026-11-02"), call("sup")
        )
    with pytest.raises(Forbidden):
        await world.confirmations.submit_missed_punch_report(
            SubmitMissedPunchReport(department_id="d1", week_start="2026-11-02"), call("e1")
        )
