"""The handover rules (HO-01..HO-05) on the pure domain: logs, security handovers, swaps,
cover and leaving the post, the month's duty-log review."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from attendance.handover.domain.events import (
    AfterHoursItem,
    CheckItem,
    HandoverRefused,
    ShiftSwapApproved,
    SwapPenaltyCharged,
    SwapShift,
    UrgentHandoverItem,
)
from attendance.handover.domain.logs import HandoverLog, LogKind, LogState, security_slot
from attendance.handover.domain.policy import HandoverPolicy
from attendance.handover.domain.posts import AbsenceKind, PostAbsence
from attendance.handover.domain.reviews import DutyReview, draw, sample_size
from attendance.handover.domain.swaps import ShiftSwap, SwapState

from cskit.domain import Actor, Conflict, Forbidden, InvalidInput, RuleViolation

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
POLICY = HandoverPolicy()


def person(subject: str, *roles: str) -> Actor:
    return Actor(subject=subject, branch_id="b1", roles=frozenset(roles or {"agent"}))


OUT, IN, LEAD, MGR = person("e-out"), person("e-in"), person("e-lead", "team_lead"), person("e-mgr", "manager")


def opened(**overrides: object) -> HandoverLog:
    args: dict[str, object] = {
        "actor": OUT,
        "kind": LogKind.SHIFT,
        "day": date(2026, 11, 2),
        "slot": None,
        "incoming_id": "e-in",
        "work_state": "two callbacks pending",
        "items": [CheckItem(name="phones", passed=True), CheckItem(name="ticket queue", passed=False, note="3 open")],
        "after_hours": [],
        "managers": [],
        "now": T0,
    }
    args.update(overrides)
    return HandoverLog.open(**args)  # type: ignore[arg-type]


def test_ho_01_the_outgoing_shift_may_not_sign_off_before_the_incoming_accepted() -> None:
    log = opened()
    with pytest.raises(RuleViolation) as refused:
        log.sign_off(actor=OUT, now=T0)
    assert refused.value.rule_id == "HO-01"
    log.accept(actor=IN, now=T0 + timedelta(minutes=5))
    log.sign_off(actor=OUT, now=T0 + timedelta(minutes=6))
    assert log.state == LogState.SIGNED_OFF
    log.review(actor=LEAD, note="read", now=T0 + timedelta(hours=8))
    assert (log.state, log.reviewed_by) == (LogState.REVIEWED, "e-lead")


def test_ho_01_check_items_are_passed_or_failed_and_a_failed_one_says_why() -> None:
    with pytest.raises(InvalidInput):
        opened(items=[CheckItem(name="phones", passed=False)])
    assert [i.passed for i in opened().items] == [True, False]


def test_ho_01_both_sign_and_they_are_two_different_employees() -> None:
    with pytest.raises(InvalidInput):
        opened(incoming_id="e-out")
    log = opened()
    with pytest.raises(Forbidden):
        log.accept(actor=person("e-other"), now=T0)
    with pytest.raises(Forbidden):
        log.accept(actor=OUT, now=T0)


def test_ho_01_accepting_waits_for_answers_and_a_refusal_escalates_to_the_manager() -> None:
    log = opened()
    log.ask(actor=IN, question="who calls customer 42 back?", now=T0)
    with pytest.raises(RuleViolation):
        log.accept(actor=IN, now=T0)
    log.refuse(actor=IN, reason="no answer about customer 42", manager_id="e-mgr", now=T0)
    refused = [e for e in log.pending if isinstance(e, HandoverRefused)]
    assert refused[0].manager_id == "e-mgr" and refused[0].open_questions == (1,)
    assert log.state == LogState.ESCALATED
    with pytest.raises(RuleViolation):
        log.sign_off(actor=OUT, now=T0)
    with pytest.raises(Forbidden):
        log.resolve(actor=person("e-mgr2", "manager"), resolution="x", now=T0)
    log.resolve(actor=MGR, resolution="the day shift calls back", now=T0)
    log.accept(actor=IN, now=T0)
    assert log.state == LogState.ACCEPTED


def test_ho_01_no_refusal_without_an_unanswered_question() -> None:
    log = opened()
    log.ask(actor=IN, question="q", now=T0)
    log.answer(actor=OUT, question_no=1, answer="a", now=T0)
    with pytest.raises(RuleViolation):
        log.refuse(actor=IN, reason="r", manager_id="e-mgr", now=T0)


def test_ho_01_the_lead_reviews_only_signed_logs_of_others() -> None:
    log = opened()
    with pytest.raises(Conflict):
        log.review(actor=LEAD, note="", now=T0)
    log.accept(actor=IN, now=T0)
    log.sign_off(actor=OUT, now=T0)
    with pytest.raises(Forbidden):
        log.review(actor=person("e-in", "team_lead"), note="", now=T0)


def test_ho_02_security_handovers_at_the_policy_times_on_working_days_only() -> None:
    assert security_slot("08:00", date(2026, 11, 2), working_day=True, policy=POLICY) == time(8, 0)
    assert security_slot("18:00", date(2026, 11, 2), working_day=True, policy=POLICY) == time(18, 0)
    with pytest.raises(RuleViolation):
        security_slot("09:00", date(2026, 11, 2), working_day=True, policy=POLICY)
    with pytest.raises(RuleViolation):
        security_slot("08:00", date(2026, 11, 1), working_day=False, policy=POLICY)
    later = HandoverPolicy(security_times=(time(7, 30),))
    assert security_slot("07:30", date(2026, 11, 2), working_day=True, policy=later) == time(7, 30)


def test_ho_02_an_urgent_after_hours_item_notifies_both_managers_at_once() -> None:
    items = [
        AfterHoursItem(kind="complaint", ref="C-1", urgent=True, note="water leak"),
        AfterHoursItem(kind="service_request", ref="S-9"),
    ]
    log = opened(kind=LogKind.SECURITY, slot=time(8, 0), after_hours=items, managers=["m-cs", "m-sec"])
    urgent = [e for e in log.pending if isinstance(e, UrgentHandoverItem)]
    assert [(e.ref, e.manager_ids) for e in urgent] == [("C-1", ("m-cs", "m-sec"))]
    assert len(log.after_hours) == 2
    with pytest.raises(RuleViolation):
        opened(kind=LogKind.SECURITY, slot=time(8, 0), after_hours=items, managers=[])
    with pytest.raises(InvalidInput):
        opened(after_hours=items, managers=["m-cs", "m-sec"])
    with pytest.raises(InvalidInput):
        opened(kind=LogKind.SECURITY, slot=time(8, 0), after_hours=[AfterHoursItem(kind="x", ref="1")])


A_START = datetime(2026, 11, 10, 1, 0, tzinfo=UTC)
B_START = datetime(2026, 11, 12, 1, 0, tzinfo=UTC)


def shifts(a_day: str = "2026-11-10", b_day: str = "2026-11-12") -> tuple[SwapShift, SwapShift]:
    return (
        SwapShift(employee_id="e-a", day=a_day, shift_start="09:00", shift_end="18:00", starts_at=A_START),
        SwapShift(employee_id="e-b", day=b_day, shift_start="09:00", shift_end="18:00", starts_at=B_START),
    )


def requested(taken: dict[tuple[str, str], int] | None = None, now: datetime = T0) -> ShiftSwap:
    mine, theirs = shifts()
    return ShiftSwap.request(
        actor=person("e-a"),
        requester_shift=mine,
        counterpart_shift=theirs,
        reason="exam",
        taken=taken or {},
        policy=POLICY,
        now=now,
    )


def test_ho_03_the_third_swap_of_a_month_is_refused_for_either_side() -> None:
    assert requested({("e-a", "2026-11"): 1}).state == SwapState.REQUESTED
    with pytest.raises(RuleViolation) as refused:
        requested({("e-a", "2026-11"): 2})
    assert refused.value.code == "swap_cap_reached"
    with pytest.raises(RuleViolation):
        requested({("e-b", "2026-11"): 2})
    # Another month's swaps do not count.
    assert requested({("e-a", "2026-10"): 2}).state == SwapState.REQUESTED


def test_ho_03_a_swap_is_reported_and_approved_before_the_earlier_shift() -> None:
    with pytest.raises(RuleViolation):
        requested(now=A_START)
    swap = requested()
    with pytest.raises(RuleViolation):
        swap.approve(actor=MGR, taken={}, policy=POLICY, now=A_START + timedelta(minutes=1))
    swap.approve(actor=MGR, taken={}, policy=POLICY, now=A_START - timedelta(minutes=1))
    assert isinstance(swap.pending[-1], ShiftSwapApproved)


def test_ho_03_the_store_manager_approves_never_a_side_of_the_swap() -> None:
    swap = requested()
    with pytest.raises(Forbidden):
        swap.approve(actor=LEAD, taken={}, policy=POLICY, now=T0)
    with pytest.raises(Forbidden):
        swap.approve(actor=person("e-b", "manager"), taken={}, policy=POLICY, now=T0)
    # The cap is checked again at approval: a swap approved meanwhile counts.
    with pytest.raises(RuleViolation):
        swap.approve(actor=MGR, taken={("e-b", "2026-11"): 2}, policy=POLICY, now=T0)


def test_ho_03_a_swap_not_recorded_by_both_sides_is_absence_for_the_one_who_left() -> None:
    swap = requested()
    assert swap.absences() == ()
    swap.approve(actor=MGR, taken={}, policy=POLICY, now=T0)
    assert swap.absences() == (("e-a", "2026-11-10"), ("e-b", "2026-11-12"))
    swap.record_handover(actor=person("e-a"), note="queue handed over", now=T0)
    assert swap.absences() == (("e-b", "2026-11-12"),)
    swap.record_handover(actor=person("e-b"), note="ok", now=T0)
    assert swap.absences() == () and swap.recorded_by_both
    with pytest.raises(Conflict):
        swap.record_handover(actor=person("e-b"), note="again", now=T0)


def test_ho_03_a_missed_shift_caused_by_a_swap_costs_the_one_responsible_20_yuan() -> None:
    swap = requested()
    swap.approve(actor=MGR, taken={}, policy=POLICY, now=T0)
    swap.charge_penalty(
        actor=LEAD, employee_id="e-b", day=date(2026, 11, 10), reason="empty shift", policy=POLICY, now=T0
    )
    charged = swap.pending[-1]
    assert isinstance(charged, SwapPenaltyCharged) and charged.amount_yuan == Decimal(20)
    with pytest.raises(Conflict):
        swap.charge_penalty(actor=LEAD, employee_id="e-b", day=date(2026, 11, 10), reason="x", policy=POLICY, now=T0)
    with pytest.raises(InvalidInput):
        swap.charge_penalty(actor=LEAD, employee_id="e-c", day=date(2026, 11, 10), reason="x", policy=POLICY, now=T0)
    with pytest.raises(InvalidInput):
        swap.charge_penalty(actor=LEAD, employee_id="e-a", day=date(2026, 11, 11), reason="x", policy=POLICY, now=T0)


def cover(minutes: int, reason: str = "family emergency") -> PostAbsence:
    return PostAbsence.request(
        actor=person("e-a"),
        kind=AbsenceKind.COVER,
        cover_by="e-b",
        reason=reason,
        planned_minutes=minutes,
        policy=POLICY,
        now=T0,
    )


def test_ho_04_cover_of_4h01_is_refused_and_4h_allowed() -> None:
    assert cover(240).planned_minutes == 240
    with pytest.raises(RuleViolation) as refused:
        cover(241)
    assert refused.value.rule_id == "HO-04"


def test_ho_04_cover_needs_a_special_reason_and_a_colleague() -> None:
    with pytest.raises(RuleViolation):
        cover(60, reason="  ")
    with pytest.raises(InvalidInput):
        PostAbsence.request(
            actor=person("e-a"),
            kind=AbsenceKind.COVER,
            cover_by="e-a",
            reason="r",
            planned_minutes=5,
            policy=POLICY,
            now=T0,
        )


def test_ho_04_leaving_the_post_needs_consent_and_an_overrun_is_a_finding() -> None:
    with pytest.raises(RuleViolation):
        PostAbsence.request(
            actor=person("e-a"),
            kind=AbsenceKind.LEAVE_POST,
            cover_by="",
            reason="",
            planned_minutes=21,
            policy=POLICY,
            now=T0,
        )
    away = PostAbsence.request(
        actor=person("e-a"),
        kind=AbsenceKind.LEAVE_POST,
        cover_by="",
        reason="",
        planned_minutes=15,
        policy=POLICY,
        now=T0,
    )
    with pytest.raises(Conflict):
        away.end(actor=person("e-a"), policy=POLICY, now=T0)
    with pytest.raises(Forbidden):
        away.consent(actor=person("e-a", "team_lead"), now=T0)
    away.consent(actor=LEAD, now=T0)
    away.end(actor=person("e-a"), policy=POLICY, now=T0 + timedelta(minutes=27))
    assert (away.minutes, away.overrun_minutes) == (27, 7)
    on_time = cover(240)
    on_time.end(actor=person("e-a"), policy=POLICY, now=T0 + timedelta(hours=4))
    assert on_time.overrun_minutes == 0


def test_ho_05_twenty_percent_of_7_logs_rounds_up_to_2() -> None:
    assert sample_size(7, Decimal("0.20")) == 2
    assert sample_size(10, Decimal("0.20")) == 2
    assert sample_size(11, Decimal("0.20")) == 3
    assert sample_size(0, Decimal("0.20")) == 0


def test_ho_05_the_draw_is_reproducible_from_its_seed() -> None:
    logs = [f"log-{n}" for n in range(30)]
    first = draw(logs, 1234, Decimal("0.20"))
    assert first == draw(list(reversed(logs)), 1234, Decimal("0.20"))
    assert len(first) == 6 and set(first) <= set(logs)
    assert any(draw(logs, seed, Decimal("0.20")) != first for seed in range(1, 5))


def test_ho_05_supervisor_signs_manager_draws_and_records_each_check() -> None:
    logs = [f"log-{n}" for n in range(7)]
    review = DutyReview.sign(actor=LEAD, month=date(2026, 11, 1), log_ids=logs, now=T0)
    with pytest.raises(Forbidden):
        review.draw_checks(actor=person("e-lead", "manager"), seed=7, policy=POLICY, now=T0)
    review.draw_checks(actor=MGR, seed=7, policy=POLICY, now=T0)
    assert len(review.drawn) == 2 and review.seed == 7
    with pytest.raises(Conflict):
        review.draw_checks(actor=MGR, seed=8, policy=POLICY, now=T0)
    undrawn = next(x for x in logs if x not in review.drawn)
    with pytest.raises(InvalidInput):
        review.check(actor=MGR, log_id=undrawn, passed=True, note="", now=T0)
    review.check(actor=MGR, log_id=review.drawn[0], passed=True, note="", now=T0)
    with pytest.raises(InvalidInput):
        review.check(actor=MGR, log_id=review.drawn[1], passed=False, note="", now=T0)
    review.check(actor=MGR, log_id=review.drawn[1], passed=False, note="unsigned item", now=T0)
    assert (len(review.checked), review.failed) == (2, (review.drawn[1],))
    with pytest.raises(RuleViolation):
        DutyReview.sign(actor=LEAD, month=date(2026, 11, 1), log_ids=[], now=T0)
