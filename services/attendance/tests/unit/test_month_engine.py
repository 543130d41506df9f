"""The month engine (ATT-02, ATT-03, ATT-05..ATT-09, ATT-11): every figure recomputed by hand
in the test, the way a payroll clerk would, from a roster, punches and approved facts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from attendance.domain.facts import Confirmation, LeaveDay, OutOfOffice, OvertimeDay, ProxyFinding, SwapAbsence
from attendance.domain.people import Assignment
from attendance.month.domain.assignments import department_on
from attendance.month.domain.days import RosteredDay, outcomes_of
from attendance.month.domain.engine import History, MonthFacts, count_month
from attendance.month.domain.figures import AbsenceReason, DayKind, MonthRecord, TerminationReason, hours
from attendance.month.domain.policy import MonthPolicy
from attendance.punches.domain.engine import DayOutcome, Shift

ZONE = ZoneInfo("Asia/Shanghai")
POLICY = MonthPolicy()
DAY = Shift(start=time(9), end=time(18))
NIGHT = Shift(start=time(22), end=time(6))
EMP = "e1"
MARCH = date(2026, 3, 1)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=ZONE)


def days_of(month: date, shift: Shift = DAY, rest_weekends: bool = True) -> list[RosteredDay]:
    first = month.replace(day=1)
    out, d = [], first
    while d.month == first.month:
        rest = rest_weekends and d.weekday() >= 5
        out.append(RosteredDay(employee_id=EMP, day=d, shift=None if rest else shift))
        d += timedelta(days=1)
    return out


def full_punches(roster: list[RosteredDay], *, skip: dict[date, str] | None = None) -> list[datetime]:
    """On time every scheduled day; ``skip`` drops a day's "in", "out" or "both" punches."""
    skip = skip or {}
    out: list[datetime] = []
    for r in roster:
        if r.shift is None:
            continue
        start = datetime.combine(r.day, r.shift.start, tzinfo=ZONE)
        end_day = r.day if r.shift.end > r.shift.start else r.day + timedelta(days=1)
        end = datetime.combine(end_day, r.shift.end, tzinfo=ZONE)
        what = skip.get(r.day, "")
        if what not in ("in", "both"):
            out.append(start)
        if what not in ("out", "both"):
            out.append(end)
    return sorted(out)


def month(
    roster: list[RosteredDay],
    punches: list[datetime],
    facts: MonthFacts | None = None,
    history: History | None = None,
    when: date = MARCH,
) -> MonthRecord:
    outcomes: list[DayOutcome] = outcomes_of(roster, {EMP: sorted(punches)}, ZONE, POLICY.day).get(EMP, [])
    return count_month(EMP, when, outcomes, facts or MonthFacts(), ZONE, POLICY, history)


def weekdays(month_start: date, n: int) -> list[date]:
    d, out = month_start, []
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def test_a_full_month_on_time_is_all_attended() -> None:
    roster = days_of(MARCH)
    rec = month(roster, full_punches(roster))
    # March 2026 has 22 weekdays of 9 hours (540 minutes).
    assert (rec.scheduled_days, rec.worked_minutes, rec.absence_days) == (22, 22 * 540, 0)
    assert rec.deducted_minutes == 0 and rec.termination == ()


def test_att_02_first_three_confirmed_missed_punches_count_as_attended() -> None:
    roster = days_of(MARCH)
    missed = weekdays(MARCH, 3)
    facts = MonthFacts(confirmations=[Confirmation(employee_id=EMP, day=d, confirmed_by="s1") for d in missed])
    rec = month(roster, full_punches(roster, skip=dict.fromkeys(missed, "out")), facts)
    assert (rec.missed_punches, rec.missed_punches_confirmed, rec.absence_days) == (3, 3, 0)
    # The missing clock-out counts at the shift's end: every day is 540 worked minutes.
    assert rec.worked_minutes == 22 * 540


def test_att_02_fourth_missed_punch_is_absence_even_when_confirmed() -> None:
    roster = days_of(MARCH)
    missed = weekdays(MARCH, 4)
    facts = MonthFacts(confirmations=[Confirmation(employee_id=EMP, day=d, confirmed_by="s1") for d in missed])
    rec = month(roster, full_punches(roster, skip=dict.fromkeys(missed, "in")), facts)
    fourth = next(d for d in rec.days if d.day == missed[3])
    assert fourth.kind is DayKind.ABSENT and fourth.reasons == (AbsenceReason.MISSED_PUNCH_BEYOND_LIMIT,)
    assert (rec.missed_punches, rec.missed_punches_confirmed, rec.missed_punches_absent) == (4, 3, 1)
    assert (rec.absence_days, rec.absence_minutes, rec.absence_hours) == (1, 540, Decimal("9.00"))
    assert rec.worked_minutes == 21 * 540


def test_att_02_unconfirmed_missed_punch_is_absence() -> None:
    roster = days_of(MARCH)
    first = weekdays(MARCH, 1)[0]
    rec = month(roster, full_punches(roster, skip={first: "out"}))
    assert rec.absence_days == 1 and rec.days[rec.days.index(next(d for d in rec.days if d.day == first))].reasons == (
        AbsenceReason.MISSED_PUNCH_UNCONFIRMED,
    )


def test_att_02_fourth_missed_punch_that_is_also_a_31_minute_lateness_is_one_day_of_absence() -> None:
    roster = days_of(MARCH)
    missed = weekdays(MARCH, 4)
    facts = MonthFacts(confirmations=[Confirmation(employee_id=EMP, day=d, confirmed_by="s1") for d in missed])
    punches = full_punches(roster, skip=dict.fromkeys(missed, "out"))
    fourth = missed[3]
    punches = sorted(p if p != at(fourth, 9) else at(fourth, 9, 31) for p in punches)
    rec = month(roster, punches, facts)
    day = next(d for d in rec.days if d.day == fourth)
    assert day.reasons == (AbsenceReason.MISSED_PUNCH_BEYOND_LIMIT, AbsenceReason.LONG_LATENESS)
    # One day of absence, not two; its 31 minutes are not also late minutes (ATT-04).
    assert (rec.absence_days, rec.late_minutes, rec.long_lateness, rec.deducted_minutes) == (1, 0, 1, 0)


def test_att_08_a_scheduled_day_with_no_punch_and_no_approval_is_absence() -> None:
    roster = days_of(MARCH)
    day = weekdays(MARCH, 2)[1]
    rec = month(roster, full_punches(roster, skip={day: "both"}))
    counted = next(d for d in rec.days if d.day == day)
    assert counted.reasons == (AbsenceReason.NO_RECORD,) and rec.absence_minutes == 540
    assert rec.missed_punches == 0


def test_att_08_a_day_with_no_punch_but_a_confirmation_is_a_missed_punch() -> None:
    roster = days_of(MARCH)
    day = weekdays(MARCH, 1)[0]
    facts = MonthFacts(confirmations=[Confirmation(employee_id=EMP, day=day, confirmed_by="s1")])
    rec = month(roster, full_punches(roster, skip={day: "both"}), facts)
    assert (rec.absence_days, rec.missed_punches_confirmed, rec.worked_minutes) == (0, 1, 22 * 540)


def test_att_07_an_out_of_office_record_covers_the_missing_clock_out() -> None:
    roster = days_of(MARCH)
    day = weekdays(MARCH, 1)[0]
    ooo = OutOfOffice(employee_id=EMP, start=at(day, 14), end=at(day, 18, 30), record_id="o1")
    rec = month(roster, full_punches(roster, skip={day: "out"}), MonthFacts(out_of_office=[ooo]))
    assert (rec.missed_punches, rec.absence_days, rec.worked_minutes) == (0, 0, 22 * 540)


def test_att_07_out_of_office_not_holding_the_shift_end_leaves_the_missed_punch() -> None:
    roster = days_of(MARCH)
    day = weekdays(MARCH, 1)[0]
    ooo = OutOfOffice(employee_id=EMP, start=at(day, 14), end=at(day, 17), record_id="o1")
    rec = month(roster, full_punches(roster, skip={day: "out"}), MonthFacts(out_of_office=[ooo]))
    assert (rec.missed_punches, rec.absence_days) == (1, 1)


def test_att_03_month_lateness_above_10_minutes_is_all_deducted() -> None:
    roster = days_of(MARCH)
    d1, d2 = weekdays(MARCH, 2)
    punches = [p for p in full_punches(roster) if p not in (at(d1, 9), at(d2, 18))] + [at(d1, 9, 6), at(d2, 17, 55)]
    rec = month(roster, punches)
    # 6 late + 5 early = 11 > 10: all 11 deducted; worked loses the same 11 minutes.
    assert (rec.late_minutes, rec.early_minutes, rec.deducted_minutes) == (6, 5, 11)
    assert (rec.late_arrivals, rec.worked_minutes) == (1, 22 * 540 - 11)


def test_att_03_ten_minutes_in_a_month_are_not_deducted() -> None:
    roster = days_of(MARCH)
    d1 = weekdays(MARCH, 1)[0]
    punches = [p for p in full_punches(roster) if p != at(d1, 9)] + [at(d1, 9, 10)]
    assert month(roster, punches).deducted_minutes == 0


def test_att_05_three_consecutive_absence_days_across_a_weekend_raise_a_termination_case() -> None:
    roster = days_of(MARCH)
    # Thursday 5, Friday 6, (weekend), Monday 9 March 2026.
    absent = [date(2026, 3, 5), date(2026, 3, 6), date(2026, 3, 9)]
    rec = month(roster, full_punches(roster, skip=dict.fromkeys(absent, "both")))
    assert rec.absence_days == 3 and rec.termination == (TerminationReason.CONSECUTIVE_ABSENCE,)


def test_att_05_two_absence_days_broken_by_attendance_raise_nothing() -> None:
    roster = days_of(MARCH)
    absent = [date(2026, 3, 5), date(2026, 3, 10)]
    rec = month(roster, full_punches(roster, skip=dict.fromkeys(absent, "both")))
    assert rec.termination == ()


def test_att_05_a_run_continues_from_the_previous_closed_month() -> None:
    roster = days_of(MARCH)
    rec = month(roster, full_punches(roster, skip={date(2026, 3, 2): "both"}), history=History(trailing_run=2))
    assert rec.termination == (TerminationReason.CONSECUTIVE_ABSENCE,) and rec.trailing_run == 0


def test_att_05_six_absence_days_within_three_months_raise_a_termination_case() -> None:
    roster = days_of(MARCH)
    absent = [date(2026, 3, 3), date(2026, 3, 12)]
    rec = month(
        roster, full_punches(roster, skip=dict.fromkeys(absent, "both")), history=History(earlier_absence_days=4)
    )
    assert rec.termination == (TerminationReason.ABSENCE_IN_WINDOW,)
    quiet = month(roster, full_punches(roster), history=History(earlier_absence_days=9))
    assert quiet.termination == ()


def test_att_06_a_proxy_punch_finding_adds_a_day_of_absence() -> None:
    roster = days_of(MARCH)
    day = weekdays(MARCH, 1)[0]
    finding = ProxyFinding(employee_id=EMP, day=day, finding_id="f1")
    rec = month(roster, full_punches(roster), MonthFacts(findings=[finding]))
    assert (rec.absence_days, rec.absence_minutes, rec.worked_minutes) == (1, 540, 21 * 540)


def test_ho_03_a_swap_the_one_who_left_did_not_record_is_their_day_of_absence() -> None:
    roster = days_of(MARCH)
    worked_day, rest_day = weekdays(MARCH, 2)
    # One date still rostered to them (a shift, punched), one the swap left without a shift:
    # each is a day of absence, the second of a standard day's minutes.
    roster = [r for r in roster if r.day != rest_day] + [RosteredDay(employee_id=EMP, day=rest_day, shift=None)]
    gaps = [
        SwapAbsence(employee_id=EMP, day=worked_day, swap_id="s1"),
        SwapAbsence(employee_id=EMP, day=rest_day, swap_id="s2"),
        SwapAbsence(employee_id="someone-else", day=worked_day, swap_id="s3"),
    ]
    rec = month(roster, full_punches(roster), MonthFacts(swap_absences=gaps))
    assert (rec.absence_days, rec.absence_minutes) == (2, 540 + POLICY.standard_day_minutes)


def test_approved_leave_is_leave_not_absence() -> None:
    roster = days_of(MARCH)
    day = weekdays(MARCH, 1)[0]
    leave = LeaveDay(employee_id=EMP, day=day, kind="personal", minutes=540, pay_rate=Decimal(0), leave_id="l1")
    rec = month(roster, full_punches(roster, skip={day: "both"}), MonthFacts(leave=[leave]))
    assert (rec.absence_days, rec.missed_punches, rec.worked_minutes) == (0, 0, 21 * 540)
    assert [(x.kind, x.pay_rate, x.days, x.minutes) for x in rec.leave] == [("personal", Decimal(0), 1, 540)]


def test_a_half_day_of_annual_leave_excuses_the_afternoon() -> None:
    roster = days_of(MARCH)
    day = weekdays(MARCH, 1)[0]
    leave = LeaveDay(employee_id=EMP, day=day, kind="annual", minutes=240, pay_rate=Decimal(1), leave_id="l1")
    punches = [p for p in full_punches(roster) if p != at(day, 18)] + [at(day, 13, 0)]
    rec = month(roster, punches, MonthFacts(leave=[leave]))
    assert (rec.absence_days, rec.early_minutes, rec.deducted_minutes) == (0, 0, 0)
    assert rec.worked_minutes == 21 * 540 + 240


def test_a_leave_across_a_month_boundary_counts_only_this_months_days() -> None:
    roster = days_of(MARCH)
    span = [date(2026, 3, 30), date(2026, 3, 31), date(2026, 4, 1), date(2026, 4, 2)]
    leave = [
        LeaveDay(employee_id=EMP, day=d, kind="annual", minutes=540, pay_rate=Decimal(1), leave_id="l1") for d in span
    ]
    rec = month(roster, full_punches(roster, skip=dict.fromkeys(span[:2], "both")), MonthFacts(leave=leave))
    assert [(x.kind, x.days, x.minutes) for x in rec.leave] == [("annual", 2, 1080)]
    assert rec.absence_days == 0


def test_a_holiday_inside_a_sick_leave_is_sick_leave_not_absence() -> None:
    # Sick leave 1-7 May 2026 counts calendar days (LV-03): 1-5 May is the Labour Day holiday
    # (rest days in the roster), 6-7 May are working days. The leave facts carry all 7 dates.
    may = date(2026, 5, 1)
    roster = [RosteredDay(employee_id=EMP, day=may + timedelta(days=i), shift=None if i < 5 else DAY) for i in range(7)]
    leave = [
        LeaveDay(employee_id=EMP, day=r.day, kind="sick", minutes=540, pay_rate=Decimal("0.4"), leave_id="s1")
        for r in roster
    ]
    rec = month(roster, [], MonthFacts(leave=leave), when=may)
    assert (rec.absence_days, rec.scheduled_days) == (0, 2)
    assert [(x.kind, x.pay_rate, x.days, x.minutes) for x in rec.leave] == [("sick", Decimal("0.4"), 7, 7 * 540)]


def test_a_night_shift_across_midnight_counts_on_its_start_date() -> None:
    roster = [RosteredDay(employee_id=EMP, day=date(2026, 3, 10), shift=NIGHT)]
    punches = [at(date(2026, 3, 10), 22, 5), at(date(2026, 3, 11), 6, 0)]
    rec = month(roster, punches)
    assert (rec.worked_minutes, rec.late_minutes, rec.absence_days) == (475, 5, 0)


def test_a_night_shift_across_the_months_last_day_belongs_to_that_month() -> None:
    last = date(2026, 3, 31)
    roster = [RosteredDay(employee_id=EMP, day=last, shift=NIGHT)]
    punches = [at(last, 21, 58), at(date(2026, 4, 1), 6, 1)]
    march = month(roster, punches)
    assert (march.scheduled_days, march.worked_minutes, march.absence_days) == (1, 480, 0)
    april = month(roster, punches, when=date(2026, 4, 1))
    assert april.scheduled_days == 0


def test_overtime_hours_split_normal_and_triple_pay() -> None:
    roster = days_of(MARCH)
    facts = MonthFacts(
        overtime=[
            OvertimeDay(employee_id=EMP, day=date(2026, 3, 7), minutes=300, triple_pay=False, claim_id="c1"),
            OvertimeDay(employee_id=EMP, day=date(2026, 3, 8), minutes=90, triple_pay=True, claim_id="c2"),
            OvertimeDay(employee_id=EMP, day=date(2026, 4, 4), minutes=60, triple_pay=False, claim_id="c3"),
        ]
    )
    rec = month(roster, full_punches(roster), facts)
    assert (rec.overtime_minutes, rec.triple_pay_minutes) == (300, 90)
    assert (hours(rec.overtime_minutes), hours(rec.triple_pay_minutes), hours(1)) == (
        Decimal("5.00"),
        Decimal("1.50"),
        Decimal("0.02"),
    )


def test_att_09_a_transfer_mid_month_counts_both_departments_days_under_the_new_one() -> None:
    roster = days_of(MARCH)
    moves = [
        Assignment(employee_id=EMP, department_id="d-old", post="agent", effective=date(2025, 1, 1)),
        Assignment(employee_id=EMP, department_id="d-new", post="agent", effective=date(2026, 3, 16)),
    ]
    # The new department's roster from the 16th: the 16th missed is absence (ATT-09).
    rec = month(roster, full_punches(roster, skip={date(2026, 3, 16): "both"}))
    assert (rec.scheduled_days, rec.absence_days) == (22, 1)
    assert department_on(moves, date(2026, 3, 31)) == "d-new"
    assert department_on(moves, date(2026, 3, 15)) == "d-old"
