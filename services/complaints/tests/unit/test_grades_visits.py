"""CMP-15 grades, routing, notices, harm visits and the reply channel; CMP-17 return-visit
deadlines on the branch calendar and a property case's visits."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from complaints.domain.errors import IllegalTransition
from complaints.domain.states import Status
from complaints.domain.values import Category, Channel, ClockKind, ClockState, Grade, VisitKind
from complaints.intake.domain.care_events import ComplaintNotified, ComplaintRegraded, VisitTaskOpened
from complaints.intake.domain.events import ClockBreached, event_from_dict, event_to_dict, event_type
from complaints.intake.domain.model import Complaint
from complaints.intake.domain.policy import DEFAULT_POLICY, ComplaintPolicy, policy_for
from complaints.workflow.domain import visits
from complaints.workflow.domain.policy import DEFAULT_WORKFLOW_POLICY
from complaints.workflow.domain.values import RoutingTarget
from cskit.domain import Actor, InvalidInput, RuleViolation

if TYPE_CHECKING:
    from conftest import Desk

ADMIN = Actor(subject="admin-1", branch_id="B1", roles=frozenset({"admin"}), grade=3, head_office=True)
# 2026: National Day holidays 1-7 October; Sunday 27 September and Saturday 10 October are worked (调休).
GOLDEN_WEEK = replace(
    DEFAULT_POLICY,
    holidays=tuple(f"2026-10-0{d}" for d in range(1, 8)),
    makeup_days=("2026-09-27", "2026-10-10"),
)


def _shanghai(day: date, hour: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=8)


def _clock(c: Complaint, kind: ClockKind, now: datetime) -> object:
    return next(x for x in c.clocks(now) if x.kind is kind)


# -- CMP-15 grades ------------------------------------------------------------------------------


def test_cmp_15_a_grade_not_given_is_general_and_keeps_cmp_04_times(desk: Desk) -> None:
    c = desk.file(grade=Grade.UNSPECIFIED)
    assert c.care.grade is Grade.GENERAL
    reply = _clock(c, ClockKind.FIRST_REPLY, desk.at(0))
    resolution = _clock(c, ClockKind.RESOLUTION, desk.at(0))
    assert reply.deadline_at == desk.at(2)  # type: ignore[attr-defined]
    assert resolution.deadline_at == desk.at(72)  # type: ignore[attr-defined]


def test_cmp_15_an_urgent_complaint_breaches_its_own_grade_reply_time(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED, grade=Grade.URGENT)
    assert _clock(c, ClockKind.RESOLUTION, desk.at(0)).deadline_at == desk.at(24)  # type: ignore[attr-defined]
    assert c.check_clocks(desk.at(0.5)) == []
    [breach] = c.check_clocks(desk.at(0.5, seconds=1))
    assert (breach.kind, breach.rule_id, breach.deadline_at) == (ClockKind.FIRST_REPLY, "CMP-04", desk.at(0.5))


def test_cmp_15_important_grade_and_branch_overrides_of_grade_times(desk: Desk) -> None:
    policy = policy_for(
        "B2", {"B2": {"important_first_reply_within_minutes": 45, "urgent_resolution_within_hours": 12}}
    )
    c = desk.file(policy, grade=Grade.IMPORTANT)
    assert _clock(c, ClockKind.FIRST_REPLY, desk.at(0)).deadline_at == desk.at(0.75)  # type: ignore[attr-defined]
    assert _clock(c, ClockKind.RESOLUTION, desk.at(0)).deadline_at == desk.at(48)  # type: ignore[attr-defined]
    assert policy.urgent_resolution_within == timedelta(hours=12)


def test_cmp_15_regrade_needs_a_reason_and_re_arms_the_open_clocks(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED)
    with pytest.raises(InvalidInput) as caught:
        c.regrade(desk.agent, Grade.URGENT, "  ", desk.at(1))
    assert caught.value.rule_id == "CMP-15"
    with pytest.raises(RuleViolation) as same:
        c.regrade(desk.agent, Grade.GENERAL, "no change", desk.at(1))
    assert (same.value.code, same.value.rule_id) == ("same_grade", "CMP-15")
    c.pull_pending()
    c.regrade(desk.agent, Grade.URGENT, "The customer is elderly and alone", desk.at(1))
    [event] = c.pull_pending()
    assert isinstance(event, ComplaintRegraded)
    assert (event.from_grade, event.to_grade, event.first_reply_within) == (
        Grade.GENERAL,
        Grade.URGENT,
        timedelta(minutes=30),
    )
    reply = _clock(c, ClockKind.FIRST_REPLY, desk.at(1))
    assert (reply.started_at, reply.deadline_at) == (desk.at(1), desk.at(1.5))  # type: ignore[attr-defined]
    assert _clock(c, ClockKind.RESOLUTION, desk.at(1)).deadline_at == desk.at(25)  # type: ignore[attr-defined]
    assert c.care.grade is Grade.URGENT


def test_cmp_15_a_met_clock_stays_met_and_a_closed_case_is_not_regraded(desk: Desk) -> None:
    c = desk.in_status(Status.IN_PROGRESS)
    c.regrade(desk.agent, Grade.IMPORTANT, "Second call from the customer", desk.at(1))
    assert _clock(c, ClockKind.FIRST_REPLY, desk.at(1)).state is ClockState.MET  # type: ignore[attr-defined]
    closed = desk.in_status(Status.CLOSED)
    with pytest.raises(IllegalTransition) as caught:
        closed.regrade(desk.agent, Grade.URGENT, "too late", desk.at(1))
    assert caught.value.rule_id == "CMP-15"


def test_cmp_15_product_quality_complaint_notifies_the_three_roles_at_once(desk: Desk) -> None:
    c = desk.file(category=Category.PRODUCT_QUALITY, grade=Grade.URGENT)
    notice = next(e for e in c.history if isinstance(e, ComplaintNotified))
    assert notice.recipient_roles == ("quality_manager", "customer_service_manager", "gm_office")
    assert (notice.reason, notice.grade, notice.rule_id, notice.occurred_at) == (
        "product_quality",
        Grade.URGENT,
        "CMP-15",
        desk.at(0),
    )
    assert c.care.notified_roles == notice.recipient_roles
    assert not any(isinstance(e, ComplaintNotified) for e in desk.file().history)  # maintenance: no one


def test_cmp_15_notice_roles_are_branch_policy(desk: Desk) -> None:
    policy = policy_for("B2", {"B2": {"quality_notice_roles": ["qa_lead", "gm_office"]}})
    c = desk.file(policy, category=Category.PRODUCT_QUALITY)
    assert c.care.notified_roles == ("qa_lead", "gm_office")
    with pytest.raises(InvalidInput) as caught:
        policy_for("B2", {"B2": {"quality_notice_roles": []}})
    assert caught.value.rule_id == "CMP-15"


def test_cmp_15_bodily_harm_opens_an_immediate_visit_task_with_a_clock(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED, bodily_harm=True)
    [task] = c.care.visit_tasks
    assert (task.kind, task.due_at, task.rule_id, task.done_at) == (VisitKind.HARM, desk.at(24), "CMP-15", None)
    assert any(isinstance(e, VisitTaskOpened) and e.kind is VisitKind.HARM for e in c.history)
    c.record_visit(desk.agent, VisitKind.HARM, "Visited at the hospital with flowers", desk.at(3))
    assert c.care.visit_tasks[0].done_at == desk.at(3)
    assert _clock(c, ClockKind.HARM_VISIT, desk.at(3)).state is ClockState.MET  # type: ignore[attr-defined]
    with pytest.raises(RuleViolation) as caught:
        c.record_visit(desk.agent, VisitKind.HARM, "again", desk.at(4))
    assert (caught.value.code, caught.value.rule_id) == ("no_visit_task", "CMP-15")


def test_cmp_15_an_unvisited_harm_case_breaches(desk: Desk) -> None:
    c = desk.in_status(Status.IN_PROGRESS, bodily_harm=True)
    kinds = [b.kind for b in c.check_clocks(desk.at(24, seconds=1))]
    assert ClockKind.HARM_VISIT in kinds


def test_cmp_15_the_reply_goes_out_on_the_intake_channel_unless_a_reason_is_given(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED)
    with pytest.raises(InvalidInput) as caught:
        c.reply(desk.agent, "We are on it", desk.at(5), desk.at(1), Channel.EMAIL, "")
    assert caught.value.rule_id == "CMP-15"
    assert caught.value.violations[0].field == "channel_reason"
    assert "CMP-15" in caught.value.violations[0].description
    assert "intake channel (phone)" in caught.value.violations[0].description
    c.reply(desk.agent, "We are on it", desk.at(5), desk.at(1))
    c.reply(desk.agent, "Photos attached", desk.at(6), desk.at(2), Channel.EMAIL, "the customer asked for photos")
    replies = [e for e in c.history if event_type(e) == "ComplaintReplied"]
    assert [(r.channel, r.channel_reason) for r in replies] == [  # type: ignore[union-attr]
        (Channel.PHONE, ""),
        (Channel.EMAIL, "the customer asked for photos"),
    ]


def test_cmp_15_routing_reaches_the_department_within_one_working_day(desk: Desk) -> None:
    # Filed Tuesday 29 September 09:00; the next working day is Wednesday 30 September.
    received = _shanghai(date(2026, 9, 29), 9)
    c = desk.file(GOLDEN_WEEK, now=received, received_at=received, category=Category.PRODUCT_QUALITY)
    c.accept(desk.agent, "", received + timedelta(minutes=5))
    c.route(desk.agent, RoutingTarget.ADMINISTRATION, "Card: cracked tiles", DEFAULT_WORKFLOW_POLICY, received)
    routing = _clock(c, ClockKind.ROUTING, received)
    assert (routing.rule_id, routing.deadline_at) == ("CMP-15", _shanghai(date(2026, 10, 1)))  # type: ignore[attr-defined]
    c.assign_handling_department(ADMIN, "quality", "", DEFAULT_WORKFLOW_POLICY, received + timedelta(hours=3))
    assert _clock(c, ClockKind.ROUTING, received).state is ClockState.MET  # type: ignore[attr-defined]


def test_cmp_15_routing_skips_holidays_and_breaches(desk: Desk) -> None:
    # Filed Wednesday 30 September: 1-7 October are holidays, so the next working day is the 8th.
    received = _shanghai(date(2026, 9, 30), 10)
    c = desk.file(GOLDEN_WEEK, now=received, received_at=received)
    c.accept(desk.agent, "", received)
    c.route(desk.agent, RoutingTarget.ADMINISTRATION, "Card", DEFAULT_WORKFLOW_POLICY, received)
    assert _clock(c, ClockKind.ROUTING, received).deadline_at == _shanghai(date(2026, 10, 9))  # type: ignore[attr-defined]
    breaches = c.check_clocks(_shanghai(date(2026, 10, 9)) + timedelta(seconds=1))
    assert next(b for b in breaches if b.kind is ClockKind.ROUTING).rule_id == "CMP-15"


# -- CMP-17 return visits -----------------------------------------------------------------------


def _resolved_on(desk: Desk, day: date, policy: ComplaintPolicy = GOLDEN_WEEK, **changes: object) -> Complaint:
    at = _shanghai(day, 10)
    c = desk.file(policy, now=at, received_at=at, **changes)
    c.accept(desk.agent, "", at)
    c.resolve(desk.agent, "Fixed", at + timedelta(hours=1))
    return c


def test_cmp_17_return_visit_due_two_working_days_after_resolution_skipping_holidays(desk: Desk) -> None:
    c = _resolved_on(desk, date(2026, 9, 29))  # Tuesday: Wednesday 30th, then Thursday 8 October
    [task] = c.care.visit_tasks
    assert (task.kind, task.rule_id, task.due_at) == (VisitKind.RETURN, "CMP-17", _shanghai(date(2026, 10, 9)))
    clock = _clock(c, ClockKind.RETURN_VISIT, task.opened_at)
    assert (clock.rule_id, clock.deadline_at) == ("CMP-17", task.due_at)  # type: ignore[attr-defined]


def test_cmp_17_a_make_up_working_day_is_counted(desk: Desk) -> None:
    c = _resolved_on(desk, date(2026, 10, 9))  # Friday: Saturday 10th (worked), then Monday 12th
    assert c.care.visit_tasks[0].due_at == _shanghai(date(2026, 10, 13))
    plain = _resolved_on(desk, date(2026, 10, 9), DEFAULT_POLICY)  # no make-up day: Monday, Tuesday
    assert plain.care.visit_tasks[0].due_at == _shanghai(date(2026, 10, 14))


def test_cmp_17_a_members_case_is_visited_within_three_days(desk: Desk) -> None:
    c = _resolved_on(desk, date(2026, 9, 30), member=True)
    resolved = _shanghai(date(2026, 9, 30), 11)
    assert c.care.visit_tasks[0].due_at == resolved + timedelta(days=3)


def test_cmp_17_the_return_visit_meets_its_clock_and_a_late_one_breaches(desk: Desk) -> None:
    on_time = desk.in_status(Status.RESOLVED)
    on_time.record_return_visit(desk.agent, True, 5, "", desk.at(5))
    assert on_time.care.visit_tasks[0].on_time
    assert _clock(on_time, ClockKind.RETURN_VISIT, desk.at(5)).state is ClockState.MET  # type: ignore[attr-defined]
    late = desk.in_status(Status.RESOLVED)  # Monday 09:18: due end of Wednesday (Shanghai)
    due = late.care.visit_tasks[0].due_at
    assert due == _shanghai(date(2026, 11, 5))
    [breach] = [b for b in late.check_clocks(due + timedelta(seconds=1)) if b.kind is ClockKind.RETURN_VISIT]
    assert isinstance(breach, ClockBreached) and breach.rule_id == "CMP-17"
    late.record_return_visit(desk.agent, True, 4, "", due + timedelta(hours=1))
    assert late.care.visit_tasks[0].done_at is not None and not late.care.visit_tasks[0].on_time


def test_cmp_17_a_communicative_case_owes_no_visit_unless_policy_says_so(desk: Desk) -> None:
    assert desk.in_status(Status.RESOLVED, category=Category.CONSULTING).care.visit_tasks == ()
    policy = replace(DEFAULT_POLICY, visit_communicative=True)
    assert len(desk.in_status(Status.RESOLVED, policy, category=Category.CONSULTING).care.visit_tasks) == 1


def test_cmp_17_property_visits_a_month_after_verification_and_three_months_after_handover(desk: Desk) -> None:
    c = desk.in_status(Status.CLOSED)
    with pytest.raises(InvalidInput) as caught:
        c.record_property_dates(desk.agent, None, None, desk.at(1))
    assert caught.value.rule_id == "CMP-17"
    with pytest.raises(InvalidInput):
        c.record_property_dates(desk.agent, date(2026, 11, 3), None, desk.at(1))  # tomorrow
    with pytest.raises(InvalidInput):
        c.record_property_dates(desk.agent, date(2026, 10, 1), date(2026, 9, 1), desk.at(1))
    with pytest.raises(InvalidInput):
        c.record_property_dates(desk.agent, date(1, 1, 1), None, desk.at(1))  # a clear error, no overflow
    c.record_property_dates(desk.agent, date(2026, 8, 31), date(2026, 10, 30), desk.at(1))
    first, second = (t for t in c.care.visit_tasks if t.kind is not VisitKind.RETURN)
    assert (first.kind, first.due_at) == (VisitKind.PROPERTY_FIRST, _shanghai(date(2026, 10, 1)))  # 30 Sep, end
    assert (second.kind, second.due_at) == (VisitKind.PROPERTY_SECOND, _shanghai(date(2027, 1, 31)))
    assert c.care.contract_verified_at == _shanghai(date(2026, 8, 31))
    # The first visit is already overdue: the clock counts from verification.
    assert ClockKind.PROPERTY_FIRST_VISIT in [b.kind for b in c.check_clocks(desk.at(2))]
    c.record_visit(desk.agent, VisitKind.PROPERTY_SECOND, "Checked the windows", desk.at(3))
    assert _clock(c, ClockKind.PROPERTY_SECOND_VISIT, desk.at(3)).state is ClockState.MET  # type: ignore[attr-defined]


def test_cmp_17_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert visits.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert visits.add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_cmp_17_branch_calendar_and_counts_are_validated_policy() -> None:
    policy = policy_for("B2", {"B2": {"holidays": ["2026-10-01"], "return_visit_within_working_days": 3}})
    assert policy.return_visit_within_working_days == 3
    assert not policy.calendar.is_working_day(date(2026, 10, 1))
    for bad in ({"holidays": ["2026-13-01"]}, {"return_visit_within_working_days": 0}, {"makeup_days": "x"}):
        with pytest.raises(InvalidInput):
            policy_for("B2", {"B2": bad})
    assert ComplaintPolicy.from_dict(GOLDEN_WEEK.to_dict()) == GOLDEN_WEEK


# -- history --------------------------------------------------------------------------------------


def test_cmp_15_cmp_17_care_events_round_trip_and_rebuild_equals_live(desk: Desk) -> None:
    c = desk.file(GOLDEN_WEEK, category=Category.PRODUCT_QUALITY, bodily_harm=True, member=True)
    c.accept(desk.agent, "", desk.at(0.1))
    c.regrade(desk.agent, Grade.URGENT, "Hospitalised", desk.at(0.2))
    c.record_visit(desk.agent, VisitKind.HARM, "Visited", desk.at(2))
    c.resolve(desk.agent, "Refunded", desk.at(3))
    c.record_property_dates(desk.agent, date(2026, 10, 20), None, desk.at(4))
    c.record_return_visit(desk.agent, True, 5, "", desk.at(5))
    names = {event_type(e) for e in c.history}
    assert {
        "ComplaintRegraded",
        "ComplaintNotified",
        "VisitTaskOpened",
        "VisitRecorded",
        "PropertyDatesRecorded",
    } <= names
    for event in c.history:
        raw = json.loads(json.dumps(event_to_dict(event)))
        assert event_from_dict(event_type(event), raw) == event
    rebuilt = Complaint.rebuild(c.history)
    assert rebuilt.snapshot() == c.snapshot()
    assert Complaint.from_document(json.loads(json.dumps(c.to_document())), c.version).snapshot() == c.snapshot()
