"""Overtime claims (OT-01..OT-03): rest-day hours in a week over 40 hours, both department
levels sign; cycles run 21st-20th and are due on the 21st, no duplicate, late or
back-dated hours, the employee's own and valid number; triple pay on a statutory holiday
only when a missed punch is registered and approved that same day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from attendance.outofoffice.domain.fields import span_on
from attendance.overtime.domain.commands import ApproveOvertime, ClaimOvertime, RejectOvertime
from attendance.overtime.domain.events import OvertimeApproved
from attendance.overtime.domain.model import ClaimState, DayFacts
from attendance.overtime.domain.rules import (
    OvertimePolicy,
    check_submission,
    cycle_of,
    earns_triple_pay,
    ordinary_overtime,
)

from cskit.domain import Conflict, Forbidden, InvalidInput

from .conftest import PEOPLE, ZONE, World, call, local

SAT = date(2026, 11, 14)
POLICY = OvertimePolicy()


def claim(day: date = SAT, who: str = "e1", start: str = "09:00", end: str = "13:00") -> ClaimOvertime:
    return ClaimOvertime(employee_id=who, day=day.isoformat(), from_time=start, to_time=end, reason="stock count")


def test_ot_02_the_cycle_runs_from_the_21st_to_the_20th_due_on_the_21st() -> None:
    on_20th, on_21st = cycle_of(date(2026, 11, 20), POLICY), cycle_of(date(2026, 11, 21), POLICY)
    assert (on_20th.start, on_20th.end, on_20th.due) == (date(2026, 10, 21), date(2026, 11, 20), date(2026, 11, 21))
    assert (on_21st.start, on_21st.end, on_21st.due) == (date(2026, 11, 21), date(2026, 12, 20), date(2026, 12, 21))
    january = cycle_of(date(2027, 1, 5), POLICY)
    assert (january.start, january.due) == (date(2026, 12, 21), date(2027, 1, 21))


def test_ot_01_a_week_of_exactly_40_hours_earns_none_and_only_a_rest_day_counts() -> None:
    assert not ordinary_overtime(rest_day=True, week_minutes=2400, policy=POLICY)
    assert ordinary_overtime(rest_day=True, week_minutes=2401, policy=POLICY)
    assert not ordinary_overtime(rest_day=False, week_minutes=3000, policy=POLICY)


async def test_ot_01_rest_day_hours_signed_by_both_department_levels_are_approved(world: World) -> None:
    world.clock.set(local(SAT, 14))
    filed = await world.overtime.claim_overtime(claim(), call("e1"))
    assert filed.state is ClaimState.FILED and filed.minutes == 240 and filed.ordinary
    assert (filed.cycle_start, filed.cycle_due) == ("2026-10-21", "2026-11-21")
    signed = await world.overtime.approve_overtime(ApproveOvertime(claim_id=filed.id), call("sup"))
    assert signed.state is ClaimState.FILED and signed.first_approver == "sup"
    done = await world.overtime.approve_overtime(ApproveOvertime(claim_id=filed.id), call("mgr"))
    assert done.state is ClaimState.APPROVED and done.approved_minutes == 240 and not done.triple_pay
    approved = [e for e in world.memory.claims.published if isinstance(e, OvertimeApproved)]
    assert [(e.employee_id, e.minutes, e.second_approver) for e in approved] == [("e1", 240, "mgr")]


async def test_ot_01_a_working_day_or_a_week_of_exactly_40_hours_is_refused(world: World) -> None:
    world.clock.set(local(SAT, 14))
    world.dayfacts.facts = DayFacts(rest_day=True, week_minutes=2400, statutory_holiday=False, missed_punch=False)
    with pytest.raises(InvalidInput) as forty:
        await world.overtime.claim_overtime(claim(), call("e1"))
    assert forty.value.rule_id == "OT-01"
    world.dayfacts.facts = DayFacts(rest_day=False, week_minutes=3000, statutory_holiday=False, missed_punch=False)
    with pytest.raises(InvalidInput):
        await world.overtime.claim_overtime(claim(), call("e1"))


async def test_ot_01_one_level_is_not_enough_and_the_requester_never_signs(world: World) -> None:
    world.clock.set(local(SAT, 14))
    mine = await world.overtime.claim_overtime(claim(who="sup"), call("sup"))
    with pytest.raises(Forbidden):
        await world.overtime.approve_overtime(ApproveOvertime(claim_id=mine.id), call("sup"))
    filed = await world.overtime.claim_overtime(claim(), call("e1"))
    with pytest.raises(Forbidden):  # a colleague is not in the line
        await world.overtime.approve_overtime(ApproveOvertime(claim_id=filed.id), call("e2"))
    await world.overtime.approve_overtime(ApproveOvertime(claim_id=filed.id), call("sup"))
    assert (await world.memory.claims.read(filed.id, call("sup").scope)).state is ClaimState.FILED


async def test_ot_02_nobody_signs_for_the_employee(world: World) -> None:
    world.clock.set(local(SAT, 14))
    with pytest.raises(Forbidden) as refused:
        await world.overtime.claim_overtime(claim(who="e1"), call("sup"))
    assert refused.value.rule_id == "OT-02"


async def test_ot_02_the_employee_number_must_be_valid_and_employed(world: World) -> None:
    world.clock.set(local(SAT, 14))
    with pytest.raises(InvalidInput):
        await world.overtime.claim_overtime(claim(who="nobody"), call("nobody"))
    with pytest.raises(InvalidInput):  # left on 2026-10-31
        await world.overtime.claim_overtime(claim(who="gone"), call("gone"))
    with pytest.raises(InvalidInput):  # another branch's number is not valid here
        await world.overtime.claim_overtime(claim(who="other"), call("other"))


async def test_ot_02_duplicate_hours_are_refused_and_adjacent_ones_are_not(world: World) -> None:
    world.clock.set(local(SAT, 20))
    await world.overtime.claim_overtime(claim(start="09:00", end="13:00"), call("e1"))
    with pytest.raises(Conflict) as dup:
        await world.overtime.claim_overtime(claim(start="12:59", end="15:00"), call("e1"))
    assert dup.value.code == "overtime_duplicate_hours"
    after = await world.overtime.claim_overtime(claim(start="13:00", end="15:00"), call("e1"))
    assert after.minutes == 120
    rejected = await world.overtime.reject_overtime(RejectOvertime(claim_id=after.id, reason="no"), call("sup"))
    assert rejected.state is ClaimState.REJECTED
    again = await world.overtime.claim_overtime(
        claim(start="13:00", end="14:00"), call("e1")
    )  # rejected hours are free
    assert again.minutes == 60


async def test_ot_02_a_claim_on_the_20th_filed_on_the_21st_is_in_time_and_on_the_22nd_late(world: World) -> None:
    day = date(2026, 11, 20)
    world.clock.set(local(date(2026, 11, 21), 23, 59))
    filed = await world.overtime.claim_overtime(claim(day=day), call("e1"))
    assert filed.cycle_due == "2026-11-21"
    world.clock.set(local(date(2026, 11, 22), 0, 0))
    with pytest.raises(InvalidInput) as late:
        await world.overtime.claim_overtime(claim(day=day, start="14:00", end="15:00"), call("e1"))
    assert late.value.code == "overtime_claim_late"
    # The 21st is the next cycle's first day: its claim is due on 21 December.
    nxt = await world.overtime.claim_overtime(claim(day=date(2026, 11, 21), start="08:00", end="09:00"), call("e1"))
    assert nxt.cycle_start == "2026-11-21" and nxt.cycle_due == "2026-12-21"


async def test_ot_02_hours_not_yet_worked_cannot_be_claimed(world: World) -> None:
    world.clock.set(local(SAT, 12, 59))
    with pytest.raises(InvalidInput) as early:
        await world.overtime.claim_overtime(claim(), call("e1"))
    assert early.value.rule_id == "OT-02"


def test_ot_02_check_submission_in_utc_and_branch_time() -> None:
    # 2026-11-21 23:30 in Shanghai is 15:30 UTC: still the due date locally.
    day = date(2026, 11, 20)
    start, end = span_on(day, "09:00", "10:00", ZONE)
    employee = next(p for p in PEOPLE if p.id == "e1")
    cycle = check_submission(
        submitter="e1",
        employee_id="e1",
        employee=employee,
        day=day,
        start=start,
        end=end,
        now=local(date(2026, 11, 21), 23, 30),
        zone=ZONE,
        taken=[],
        policy=POLICY,
    )
    assert cycle.due == date(2026, 11, 21)


def test_ot_03_triple_pay_needs_a_same_day_registration_only_with_a_missed_punch() -> None:
    holiday = date(2026, 10, 1)
    same, next_day = local(holiday, 20), local(holiday + timedelta(days=1), 9)
    kw = {"day": holiday, "zone": ZONE}
    assert earns_triple_pay(
        statutory_holiday=True, missed_punch=False, filed_at=next_day, signed_at=[next_day, next_day], **kw
    )  # type: ignore[arg-type]
    assert earns_triple_pay(statutory_holiday=True, missed_punch=True, filed_at=same, signed_at=[same, same], **kw)  # type: ignore[arg-type]
    assert not earns_triple_pay(
        statutory_holiday=True, missed_punch=True, filed_at=same, signed_at=[same, next_day], **kw
    )  # type: ignore[arg-type]
    assert not earns_triple_pay(
        statutory_holiday=False, missed_punch=False, filed_at=same, signed_at=[same, same], **kw
    )  # type: ignore[arg-type]


async def test_ot_03_a_holiday_missed_punch_approved_the_next_day_earns_no_triple_pay(world: World) -> None:
    holiday = date(2026, 10, 1)
    world.dayfacts.facts = DayFacts(rest_day=False, week_minutes=2000, statutory_holiday=True, missed_punch=True)
    world.clock.set(local(holiday, 18))
    filed = await world.overtime.claim_overtime(claim(day=holiday, start="09:00", end="17:00"), call("e1"))
    await world.overtime.approve_overtime(ApproveOvertime(claim_id=filed.id), call("sup"))
    world.clock.set(local(holiday + timedelta(days=1), 9))
    late = await world.overtime.approve_overtime(ApproveOvertime(claim_id=filed.id), call("mgr"))
    # Not triple pay, and not ordinary overtime either (a working day in a short week): no hours.
    assert late.state is ClaimState.APPROVED and not late.triple_pay and late.approved_minutes == 0


async def test_ot_03_a_holiday_missed_punch_registered_and_approved_that_day_earns_triple_pay(world: World) -> None:
    holiday = date(2026, 10, 1)
    world.dayfacts.facts = DayFacts(rest_day=False, week_minutes=2000, statutory_holiday=True, missed_punch=True)
    world.clock.set(local(holiday, 18))
    filed = await world.overtime.claim_overtime(claim(day=holiday, start="09:00", end="17:00"), call("e1"))
    await world.overtime.approve_overtime(ApproveOvertime(claim_id=filed.id), call("sup"))
    world.clock.set(local(holiday, 23, 59))
    done = await world.overtime.approve_overtime(ApproveOvertime(claim_id=filed.id), call("mgr"))
    assert done.triple_pay and done.approved_minutes == 480


async def test_ot_02_a_date_outside_the_supported_years_is_invalid_input_not_an_overflow(world: World) -> None:
    for day in ("0001-01-01", "9999-12-31"):
        with pytest.raises(InvalidInput):
            await world.overtime.claim_overtime(
                ClaimOvertime(employee_id="e1", day=day, from_time="09:00", to_time="10:00", reason="x"), call("e1")
            )
