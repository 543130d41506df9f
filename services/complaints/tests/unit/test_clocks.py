"""Service-level clocks: CMP-03 rejection reply, CMP-04 first reply, resolution, closure."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from complaints.domain.states import Status
from complaints.domain.values import Category, ClockKind, ClockState, Nature, Severity
from complaints.intake.domain.clocks import ClockView, clock_of, compute_clocks
from complaints.intake.domain.events import (
    ClockBreached,
    ClockPaused,
    ClockResumed,
    ComplaintReclassified,
    ComplaintReplied,
)
from complaints.intake.domain.model import Complaint
from complaints.intake.domain.policy import DEFAULT_POLICY, POLICY_RULES, ComplaintPolicy, policy_for
from cskit.domain import InvalidInput, RuleViolation

if TYPE_CHECKING:
    from datetime import datetime

    from conftest import Desk

H = timedelta(hours=1)


def _clock(c: Complaint, kind: ClockKind, now: datetime) -> ClockView:
    clock = clock_of(c.clocks(now), kind)
    assert clock is not None, kind
    return clock


def test_cmp_04_filing_starts_first_reply_resolution_and_closure_clocks(desk: Desk) -> None:
    c = desk.file()
    clocks = c.clocks(desk.t0)
    assert [(v.kind, v.rule_id, v.deadline_at - desk.t0) for v in clocks] == [
        (ClockKind.FIRST_REPLY, "CMP-04", 2 * H),
        (ClockKind.RESOLUTION, "CMP-04", timedelta(days=3)),
        (ClockKind.CLOSURE, "CMP-04", timedelta(days=7)),
    ]
    assert all(v.state is ClockState.RUNNING and not v.overdue for v in clocks)
    assert c.next_deadline(desk.t0) == desk.at(2)


def test_cmp_03_rejection_reply_clock_breaches_after_two_hours(desk: Desk) -> None:
    c = desk.in_status(Status.REJECTED)  # rejected at t0 + 0.1h
    rejected_at = desk.at(0.1)
    clock = _clock(c, ClockKind.REJECTION_REPLY, rejected_at)
    assert (clock.rule_id, clock.started_at, clock.deadline_at) == ("CMP-03", rejected_at, rejected_at + 2 * H)

    assert c.check_clocks(rejected_at + 2 * H - timedelta(seconds=1)) == []
    assert c.check_clocks(rejected_at + 2 * H) == []
    [breach] = c.check_clocks(rejected_at + 2 * H + timedelta(seconds=1))
    deadline = rejected_at + 2 * H
    assert (breach.kind, breach.rule_id, breach.deadline_at) == (ClockKind.REJECTION_REPLY, "CMP-03", deadline)
    assert _clock(c, ClockKind.REJECTION_REPLY, desk.at(3)).state is ClockState.BREACHED


def test_cmp_03_rejection_cancels_first_reply_and_resolution_clocks(desk: Desk) -> None:
    c = desk.in_status(Status.REJECTED)
    now = desk.at(1)
    assert _clock(c, ClockKind.FIRST_REPLY, now).state is ClockState.CANCELLED
    assert _clock(c, ClockKind.RESOLUTION, now).state is ClockState.CANCELLED
    assert _clock(c, ClockKind.CLOSURE, now).state is ClockState.RUNNING


def test_cmp_03_reply_to_rejection_meets_its_clock_and_closes_the_case(desk: Desk) -> None:
    c = desk.in_status(Status.REJECTED)
    c.reply_to_rejection(desk.agent, "This is the landlord's matter; here is their number.", desk.at(1))
    assert c.status is Status.CLOSED
    assert _clock(c, ClockKind.REJECTION_REPLY, desk.at(5)).state is ClockState.MET
    assert _clock(c, ClockKind.CLOSURE, desk.at(5)).state is ClockState.MET
    assert c.next_deadline(desk.at(5)) is None


def test_cmp_04_first_reply_clock_is_met_by_a_reply(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED)
    c.reply(desk.agent, "An engineer comes at 14:00", desk.at(5), desk.at(1.5))
    clock = _clock(c, ClockKind.FIRST_REPLY, desk.at(3))
    assert (clock.state, clock.settled_at, clock.overdue) == (ClockState.MET, desk.at(1.5), False)
    assert c.next_reply_at == desk.at(5)
    assert c.check_clocks(desk.at(3)) == []


def test_cmp_04_first_reply_clock_is_met_by_resolving_on_the_spot(desk: Desk) -> None:
    c = desk.in_status(Status.RESOLVED)
    assert _clock(c, ClockKind.FIRST_REPLY, desk.at(3)).state is ClockState.MET
    assert _clock(c, ClockKind.RESOLUTION, desk.at(3)).state is ClockState.MET


def test_cmp_04_reply_needs_a_later_next_reply_time(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED)
    with pytest.raises(InvalidInput) as caught:
        c.reply(desk.agent, "Soon", desk.at(1), desk.at(1))
    assert caught.value.rule_id == "CMP-04"
    with pytest.raises(InvalidInput):
        c.reply(desk.agent, " ", desk.at(2), desk.at(1))


def test_cmp_04_a_late_reply_records_the_breach_before_the_reply(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED)
    c.pull_pending()
    c.reply(desk.agent, "Sorry for the wait", desk.at(6), desk.at(3))
    breach, reply = c.pull_pending()
    assert isinstance(breach, ClockBreached)
    assert breach.kind is ClockKind.FIRST_REPLY
    assert isinstance(reply, ComplaintReplied)
    clock = _clock(c, ClockKind.FIRST_REPLY, desk.at(4))
    assert (clock.state, clock.overdue) == (ClockState.BREACHED, False)


def test_cmp_04_overdue_until_the_breach_is_recorded_then_breached_not_overdue(desk: Desk) -> None:
    """State and flag agree: overdue means "breach due, not recorded yet", never BREACHED."""
    c = desk.in_status(Status.ACCEPTED)
    before = _clock(c, ClockKind.FIRST_REPLY, desk.at(2.5))
    assert (before.state, before.overdue) == (ClockState.RUNNING, True)
    c.check_clocks(desk.at(2.5))
    for later in (2.5, 3, 48, 24 * 30):
        clock = _clock(c, ClockKind.FIRST_REPLY, desk.at(later))
        assert (clock.state, clock.settled_at, clock.overdue) == (ClockState.BREACHED, desk.at(2.5), False)
    c.reply(desk.agent, "Sorry for the wait", desk.at(60), desk.at(50))
    clock = _clock(c, ClockKind.FIRST_REPLY, desk.at(51))
    assert (clock.state, clock.settled_at, clock.overdue) == (ClockState.BREACHED, desk.at(2.5), False)


def test_cmp_04_check_clocks_records_a_breach_once_only(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED)
    first = c.check_clocks(desk.at(3))
    assert [b.kind for b in first] == [ClockKind.FIRST_REPLY]
    assert c.check_clocks(desk.at(3)) == []
    assert c.check_clocks(desk.at(4)) == []
    assert sum(isinstance(e, ClockBreached) for e in c.history) == 1


def test_cmp_04_next_deadline_skips_breached_and_settled_clocks(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED)
    c.check_clocks(desk.at(3))
    assert c.next_deadline(desk.at(3)) == desk.at(72)


def test_cmp_04_resolution_clock_paused_five_hours_moves_its_deadline_five_hours(desk: Desk) -> None:
    c = desk.in_status(Status.IN_PROGRESS)
    original = _clock(c, ClockKind.RESOLUTION, desk.at(1)).deadline_at
    c.pause_resolution_clock(desk.agent, "Customer away until evening", desk.at(1))
    paused = _clock(c, ClockKind.RESOLUTION, desk.at(3))
    assert (paused.state, paused.paused_at) == (ClockState.PAUSED, desk.at(1))
    assert c.next_deadline(desk.at(3)) == _clock(c, ClockKind.CLOSURE, desk.at(3)).deadline_at
    c.resume_resolution_clock(desk.agent, desk.at(6))
    resumed = _clock(c, ClockKind.RESOLUTION, desk.at(7))
    assert resumed.state is ClockState.RUNNING
    assert resumed.paused_total == 5 * H
    assert resumed.deadline_at == original + 5 * H
    resumed_event = c.history[-1]
    assert isinstance(resumed_event, ClockResumed)
    assert resumed_event.deadline_at == original + 5 * H


def test_cmp_04_closure_clock_never_pauses(desk: Desk) -> None:
    c = desk.in_status(Status.IN_PROGRESS)
    original = _clock(c, ClockKind.CLOSURE, desk.at(1)).deadline_at
    c.pause_resolution_clock(desk.agent, "Customer away", desk.at(1))
    c.resume_resolution_clock(desk.agent, desk.at(6))
    closure = _clock(c, ClockKind.CLOSURE, desk.at(7))
    assert (closure.deadline_at, closure.paused_total, closure.state) == (original, timedelta(0), ClockState.RUNNING)
    first = _clock(c, ClockKind.FIRST_REPLY, desk.at(7))
    assert first.paused_total == timedelta(0)


def test_cmp_04_a_foreign_pause_event_does_not_stop_the_closure_clock(desk: Desk) -> None:
    c = desk.in_status(Status.IN_PROGRESS)
    history = [
        *c.history,
        ClockPaused(complaint_id=c.id, occurred_at=desk.at(1), actor="x", kind=ClockKind.CLOSURE, reason="no"),
    ]
    clock = clock_of(compute_clocks(history, c.policy, desk.at(200)), ClockKind.CLOSURE)
    assert clock is not None
    assert (clock.state, clock.overdue) == (ClockState.RUNNING, True)


@pytest.mark.parametrize(
    ("severity", "compensation"),
    [(Severity.MAJOR, False), (Severity.ORDINARY, True), (Severity.URGENT, True)],
)
def test_cmp_04_major_and_compensation_clocks_still_run(desk: Desk, severity: Severity, compensation: bool) -> None:
    c = desk.in_status(Status.ACCEPTED, severity=severity, compensation_involved=compensation)
    with pytest.raises(RuleViolation) as caught:
        c.pause_resolution_clock(desk.agent, "Waiting for legal", desk.at(1))
    assert (caught.value.code, caught.value.rule_id) == ("clock_not_pausable", "CMP-04")


def test_cmp_04_pause_twice_and_resume_unpaused_are_refused(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED)
    with pytest.raises(RuleViolation) as not_paused:
        c.resume_resolution_clock(desk.agent, desk.at(1))
    assert not_paused.value.code == "clock_not_paused"
    c.pause_resolution_clock(desk.agent, "Waiting", desk.at(1))
    with pytest.raises(RuleViolation) as twice:
        c.pause_resolution_clock(desk.agent, "Waiting", desk.at(2))
    assert twice.value.code == "clock_not_running"


def test_cmp_04_an_overdue_resolution_clock_cannot_pause(desk: Desk) -> None:
    c = desk.in_status(Status.IN_PROGRESS)
    with pytest.raises(RuleViolation):
        c.pause_resolution_clock(desk.agent, "Too late", desk.at(73))


def test_cmp_04_resolving_while_paused_meets_the_clock(desk: Desk) -> None:
    c = desk.in_status(Status.IN_PROGRESS)
    c.pause_resolution_clock(desk.agent, "Waiting", desk.at(1))
    c.resolve(desk.agent, "Done", desk.at(3))
    clock = _clock(c, ClockKind.RESOLUTION, desk.at(4))
    assert (clock.state, clock.paused_at, clock.paused_total) == (ClockState.MET, None, 2 * H)


def test_cmp_04_resolution_time_is_set_per_severity_by_policy(desk: Desk) -> None:
    policy = ComplaintPolicy(resolution_within_urgent=timedelta(hours=4))
    urgent = desk.file(policy, severity=Severity.URGENT)
    ordinary = desk.file(policy)
    assert _clock(urgent, ClockKind.RESOLUTION, desk.t0).deadline_at == desk.at(4)
    assert _clock(ordinary, ClockKind.RESOLUTION, desk.t0).deadline_at == desk.at(72)


def test_cmp_10_unsatisfied_visit_reopens_and_rearms_the_resolution_clock(desk: Desk) -> None:
    c = desk.in_status(Status.RESOLVED)
    c.record_return_visit(desk.agent, False, 2, "Lift stops again", desk.at(30))
    assert (c.status, c.reopen_count) == (Status.IN_PROGRESS, 1)
    clock = _clock(c, ClockKind.RESOLUTION, desk.at(31))
    assert (clock.state, clock.started_at, clock.deadline_at) == (ClockState.RUNNING, desk.at(30), desk.at(30 + 72))
    assert _clock(c, ClockKind.CLOSURE, desk.at(31)).deadline_at == desk.at(7 * 24)
    c.resolve(desk.agent, "Motor replaced", desk.at(40))
    c.record_return_visit(desk.agent, False, 1, "", desk.at(41))
    assert c.reopen_count == 2
    assert _clock(c, ClockKind.RESOLUTION, desk.at(41)).started_at == desk.at(41)


def test_cmp_04_closure_clock_breaches_after_seven_days(desk: Desk) -> None:
    c = desk.in_status(Status.RESOLVED)
    # The unvisited case's return-visit clock (CMP-17) breached days before; only closure counts here.
    assert [b.kind for b in c.check_clocks(desk.at(7 * 24))] == [ClockKind.RETURN_VISIT]
    [breach] = c.check_clocks(desk.at(7 * 24, seconds=1))
    assert (breach.kind, breach.rule_id) == (ClockKind.CLOSURE, "CMP-04")


# -- CMP-02: a breached reply or resolution clock is mishandling ------------------------------


def test_cmp_02_breached_first_reply_clock_makes_a_communicative_complaint_valid(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED, category=Category.CONSULTING)
    assert c.nature is Nature.COMMUNICATIVE
    c.pull_pending()
    c.check_clocks(desk.at(2.5))
    breach, reclassified = c.pull_pending()
    assert isinstance(breach, ClockBreached) and breach.kind is ClockKind.FIRST_REPLY
    assert isinstance(reclassified, ComplaintReclassified)
    assert (reclassified.from_nature, reclassified.to_nature, reclassified.rule_id) == (
        Nature.COMMUNICATIVE,
        Nature.VALID,
        "CMP-02",
    )
    assert "first_reply" in reclassified.reason and reclassified.actor == breach.actor
    assert (c.nature, c.reclassified) == (Nature.VALID, True)
    # A later breach (resolution) finds it valid already: no second reclassification.
    c.reply(desk.agent, "Looking into it", desk.at(80), desk.at(3))
    c.pull_pending()
    c.check_clocks(desk.at(73))
    assert [type(e) for e in c.pull_pending()] == [ClockBreached]


def test_cmp_02_breached_resolution_clock_on_a_late_command_reclassifies_too(desk: Desk) -> None:
    c = desk.in_status(Status.IN_PROGRESS, category=Category.VENTING)
    c.pull_pending()
    c.resolve(desk.agent, "Explained the charges", desk.at(73))
    kinds = [type(e).__name__ for e in c.pull_pending()]
    # Now valid, it owes a return visit (CMP-17).
    assert kinds == ["ClockBreached", "ComplaintReclassified", "ComplaintResolved", "VisitTaskOpened"]
    assert Complaint.rebuild(c.history).snapshot() == c.snapshot()


def test_cmp_02_breach_reclassification_is_a_branch_policy(desk: Desk) -> None:
    off = replace(DEFAULT_POLICY, reclassify_communicative_on_breach=False)
    c = desk.in_status(Status.ACCEPTED, policy=off, category=Category.CONSULTING)
    c.check_clocks(desk.at(2.5))
    assert c.nature is Nature.COMMUNICATIVE
    assert policy_for("b9", {"b9": {"reclassify_communicative_on_breach": False}}) == off
    assert POLICY_RULES["reclassify_communicative_on_breach"] == "CMP-02"


def test_cmp_02_a_valid_complaint_or_a_closure_breach_changes_no_nature(desk: Desk) -> None:
    valid = desk.in_status(Status.ACCEPTED)
    valid.pull_pending()
    valid.check_clocks(desk.at(2.5))
    assert [type(e) for e in valid.pull_pending()] == [ClockBreached]
    communicative = desk.in_status(Status.RESOLVED, category=Category.CONSULTING)
    communicative.pull_pending()
    communicative.check_clocks(desk.at(24 * 7 + 1))  # only the closure clock is still running
    [breach] = communicative.pull_pending()
    assert isinstance(breach, ClockBreached) and breach.kind is ClockKind.CLOSURE
    assert communicative.nature is Nature.COMMUNICATIVE
