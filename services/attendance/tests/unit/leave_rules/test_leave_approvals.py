"""Who approves a leave and when it may be asked (LV-01, LV-02), and its life: approved level
by level, rejected, cancelled with the untaken dates given back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from attendance.domain.people import Employee, Grade
from attendance.leave.domain.approval import ApprovalStep, approval_steps, filed_with_hr
from attendance.leave.domain.counting import count, span_of
from attendance.leave.domain.entitlements import Occasion
from attendance.leave.domain.events import LeaveApproved, LeaveCancelled, LeaveEndorsed
from attendance.leave.domain.kinds import LeaveKind
from attendance.leave.domain.model import Filing, LeaveRequest, LeaveStatus, check_timing

from cskit.domain import Actor, Conflict, Forbidden, RuleViolation

from .conftest import DIRECTOR, MANAGER, POLICY, STAFF, SUPERVISOR, person, weekdays

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
CHAIN = [SUPERVISOR, MANAGER, DIRECTOR]


def actor(employee: Employee) -> Actor:
    return Actor(subject=employee.id, branch_id="b1", roles=frozenset({"agent"}))


def steps_for(days: str, chain: list[Employee] = CHAIN) -> list[tuple[str, int]]:
    return [(s.approver_id, s.min_grade) for s in approval_steps(Decimal(days), STAFF, chain, POLICY)]


def test_lv_01_tier_boundaries_1_1_5_3_3_5_working_days() -> None:
    assert steps_for("1") == [("sup-1", Grade.SUPERVISOR)]
    assert steps_for("1.5") == [("sup-1", Grade.SUPERVISOR), ("mgr-1", Grade.MANAGER)]
    assert steps_for("3") == [("sup-1", Grade.SUPERVISOR), ("mgr-1", Grade.MANAGER)]
    assert steps_for("3.5") == [("dir-1", Grade.DIRECTOR)]


def test_lv_01_the_higher_of_two_levels_is_at_least_a_manager_and_a_long_leave_needs_a_director() -> None:
    weak_second = [SUPERVISOR, replace(MANAGER, grade=Grade.SUPERVISOR)]
    with pytest.raises(RuleViolation) as refused:
        steps_for("2", weak_second)
    assert refused.value.code == "no_approver"
    with pytest.raises(RuleViolation):  # the second level is another department's manager
        steps_for("2", [SUPERVISOR, replace(MANAGER, department_id="d2")])
    with pytest.raises(RuleViolation):
        steps_for("4", [SUPERVISOR, MANAGER])
    with pytest.raises(RuleViolation):
        steps_for("1", [])


def test_lv_01_hr_files_annual_marriage_maternity_bereavement_public_and_any_leave_over_10_days() -> None:
    def hr(kind: LeaveKind, days: int) -> bool:
        return filed_with_hr(kind, span_of(date(2026, 11, 2), date(2026, 11, 1 + days), False, False), POLICY)

    assert [hr(k, 1) for k in (LeaveKind.ANNUAL, LeaveKind.MARRIAGE, LeaveKind.BEREAVEMENT, LeaveKind.PUBLIC)] == [
        True
    ] * 4
    assert (hr(LeaveKind.SICK, 10), hr(LeaveKind.SICK, 11), hr(LeaveKind.PERSONAL, 1)) == (False, True, False)


def test_lv_02_customer_service_staff_ask_at_least_the_day_before_others_by_the_day_itself() -> None:
    nov3 = span_of(date(2026, 11, 3), date(2026, 11, 3), False, False)
    today = span_of(date(2026, 11, 2), date(2026, 11, 2), False, False)
    filing = Filing(today=date(2026, 11, 2), first_day_back=date(2026, 11, 3))
    check_timing(STAFF, nov3, False, filing, POLICY)
    with pytest.raises(RuleViolation) as late:
        check_timing(STAFF, today, False, filing, POLICY)
    assert (late.value.rule_id, late.value.code) == ("LV-02", "leave_too_late")
    check_timing(replace(STAFF, customer_service=False), today, False, filing, POLICY)


def test_lv_02_an_emergency_leave_is_filed_on_the_first_day_back() -> None:
    friday = span_of(date(2026, 10, 30), date(2026, 10, 30), False, False)
    check_timing(STAFF, friday, True, Filing(today=date(2026, 11, 2), first_day_back=date(2026, 11, 2)), POLICY)
    with pytest.raises(RuleViolation) as early:  # still away: not yet back
        check_timing(STAFF, friday, True, Filing(today=date(2026, 10, 30), first_day_back=date(2026, 11, 2)), POLICY)
    assert early.value.code == "emergency_filing_day"
    with pytest.raises(RuleViolation):  # back since Monday: filed too late
        check_timing(STAFF, friday, True, Filing(today=date(2026, 11, 3), first_day_back=date(2026, 11, 2)), POLICY)


def filed(start: date, end: date, kind: LeaveKind = LeaveKind.ANNUAL, emergency: bool = False) -> LeaveRequest:
    span = span_of(start, end, False, False)
    counted = count(kind, span, weekdays, POLICY)
    leave = LeaveRequest.file(
        actor=actor(STAFF),
        employee=STAFF,
        kind=kind,
        span=span,
        counted=counted,
        pay_rate=Decimal(1),
        steps=approval_steps(counted.working_days, STAFF, CHAIN, POLICY),
        hr_filing=True,
        emergency=emergency,
        filing=Filing(today=date(2026, 11, 2), first_day_back=end),
        certificates=(),
        document_ref="",
        occasion=Occasion(),
        reason="family",
        policy=POLICY,
        now=NOW,
    )
    leave.pull_pending()
    return leave


def test_lv_01_two_levels_sign_in_order_and_the_last_signature_approves() -> None:
    leave = filed(date(2026, 11, 3), date(2026, 11, 4))
    assert (leave.status, leave.next_approver) == (LeaveStatus.PENDING, "sup-1")
    with pytest.raises(Forbidden):  # the manager's turn has not come
        leave.approve(actor=actor(MANAGER), approver=MANAGER, comment="", now=NOW)
    leave.approve(actor=actor(SUPERVISOR), approver=SUPERVISOR, comment="ok", now=NOW)
    assert leave.next_approver == "mgr-1"
    leave.approve(actor=actor(MANAGER), approver=MANAGER, comment="", now=NOW)
    assert [type(e) for e in leave.pull_pending()] == [LeaveEndorsed, LeaveApproved]
    assert (leave.status, leave.next_approver, leave.decided_by) == (LeaveStatus.APPROVED, "", "mgr-1")
    with pytest.raises(Conflict):
        leave.reject(actor=actor(MANAGER), approver=MANAGER, reason="", now=NOW)


def test_lv_01_the_requester_approving_their_own_leave_is_refused() -> None:
    leave = filed(date(2026, 11, 3), date(2026, 11, 3))
    leave.steps = (ApprovalStep(approver_id=STAFF.id, min_grade=Grade.STAFF),)
    with pytest.raises(Forbidden) as refused:
        leave.approve(actor=actor(STAFF), approver=STAFF, comment="", now=NOW)
    assert refused.value.code == "self_approval"


def test_lv_01_the_approvers_record_must_hold_the_grade_when_they_decide() -> None:
    leave = filed(date(2026, 11, 3), date(2026, 11, 3))
    demoted = replace(SUPERVISOR, grade=Grade.STAFF)
    with pytest.raises(Forbidden) as refused:
        leave.approve(actor=actor(SUPERVISOR), approver=demoted, comment="", now=NOW)
    assert refused.value.code == "grade_required"
    with pytest.raises(Forbidden):
        leave.approve(actor=actor(SUPERVISOR), approver=None, comment="", now=NOW)


def test_a_leave_cancelled_before_it_starts_gives_every_date_back_during_it_the_rest() -> None:
    before = filed(date(2026, 11, 3), date(2026, 11, 4))
    before.cancel(actor=actor(STAFF), today=date(2026, 11, 2), reason="", now=NOW)
    assert (before.status, before.dates, before.counts) == (LeaveStatus.CANCELLED, (), False)
    during = filed(date(2026, 11, 9), date(2026, 11, 13), kind=LeaveKind.ANNUAL)
    for approver in (DIRECTOR,):
        during.approve(actor=actor(approver), approver=approver, comment="", now=NOW)
    during.pull_pending()
    during.cancel(actor=actor(STAFF), today=date(2026, 11, 11), reason="back early", now=NOW)
    cancelled = during.pull_pending()[0]
    assert isinstance(cancelled, LeaveCancelled)
    assert (cancelled.returned_from, cancelled.days_returned, cancelled.minutes_returned) == ("2026-11-11", 3, 1440)
    assert ([d.day for d in during.dates], during.days, during.counts) == (["2026-11-09", "2026-11-10"], 2, True)
    with pytest.raises(Conflict):
        during.cancel(actor=actor(STAFF), today=date(2026, 11, 12), reason="", now=NOW)


def test_only_the_employee_or_hr_cancels_and_a_finished_leave_cannot_be_cancelled() -> None:
    leave = filed(date(2026, 11, 3), date(2026, 11, 3))
    with pytest.raises(Forbidden):
        leave.cancel(actor=actor(person("emp-2")), today=date(2026, 11, 2), reason="", now=NOW)
    with pytest.raises(Conflict):
        leave.cancel(actor=actor(STAFF), today=date(2026, 11, 4), reason="", now=NOW)
    hr = Actor(subject="hr-1", branch_id="b1", roles=frozenset({"hr"}))
    leave.cancel(actor=hr, today=date(2026, 11, 2), reason="", now=NOW)
    assert leave.status is LeaveStatus.CANCELLED
