"""History: JSON round trip of every event and rebuild == live (CMP-01..CMP-10, PLT-05)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from complaints.domain.states import Status
from complaints.domain.values import Category
from complaints.intake.domain.care_events import CARE_EVENTS
from complaints.intake.domain.events import EVENT_TYPES, ComplaintFiled, event_from_dict, event_to_dict, event_type
from complaints.intake.domain.model import Complaint
from complaints.intake.domain.policy import ComplaintPolicy
from complaints.workflow.domain.events import WORKFLOW_EVENTS
from cskit.domain import InvalidInput

if TYPE_CHECKING:
    from conftest import Desk

    from complaints.intake.domain.events import ComplaintEvent


def _whole_life(desk: Desk) -> Complaint:
    """Every event type at least once: a communicative case mishandled, reopened, closed late."""
    policy = ComplaintPolicy(first_reply_within=timedelta(minutes=90))
    c = desk.file(policy, category=Category.HELP_SEEKING)
    a, t = desk.agent, desk.at
    c.accept(a, "Taking it", t(0.2))
    c.check_clocks(t(1.6))  # first reply breached
    c.reply(a, "We are on it", t(5), t(2))
    c.add_progress_note(a, "Called the owner", True, t(3))
    c.pause_resolution_clock(a, "Owner travelling", t(4))
    c.resume_resolution_clock(a, t(9))
    c.resolve(a, "Explained the procedure", t(10))
    c.record_return_visit(a, False, 2, "Nobody came", t(20))
    c.resolve(a, "Came and fixed it", t(30))
    c.record_return_visit(a, True, 5, "Thanks", t(40))
    c.close(a, "Closed after visit", t(24 * 8))  # closure clock breached on the way
    return c


def _rejected_life(desk: Desk) -> Complaint:
    c = desk.in_status(Status.REJECTED)
    c.reply_to_rejection(desk.agent, "Sorry: this is the landlord's matter.", desk.at(3))
    return c


def test_cmp_04_whole_life_uses_every_event_type(desk: Desk) -> None:
    lives = [*_whole_life(desk).history, *_rejected_life(desk).history]
    names = {event_type(e) for e in lives if not isinstance(e, CARE_EVENTS)}
    # The workflow events (CMP-05..07) have their own whole life in test_workflow_history.py,
    # the grade and visit events (CMP-15, CMP-17) theirs in test_grades_visits.py.
    assert names == set(EVENT_TYPES) - {cls.__name__ for cls in (*WORKFLOW_EVENTS, *CARE_EVENTS)}


@pytest.mark.parametrize("life", [_whole_life, _rejected_life])
def test_cmp_04_rebuild_from_history_equals_the_live_aggregate(desk: Desk, life: Callable[[Desk], Complaint]) -> None:
    live = life(desk)
    rebuilt = Complaint.rebuild(live.history)
    assert rebuilt.snapshot() == live.snapshot()
    assert rebuilt.history == live.history
    assert rebuilt.pending == []
    assert rebuilt.version == live.version == len(live.history)
    for now in (desk.at(1), desk.at(50), desk.at(24 * 9)):
        assert rebuilt.clocks(now) == live.clocks(now)


@pytest.mark.parametrize("life", [_whole_life, _rejected_life])
def test_plt_05_history_survives_a_json_round_trip_exactly(desk: Desk, life: Callable[[Desk], Complaint]) -> None:
    live = life(desk)
    rows = [(event_type(e), json.dumps(event_to_dict(e))) for e in live.history]
    loaded: list[ComplaintEvent] = [event_from_dict(name, json.loads(body)) for name, body in rows]
    assert loaded == live.history
    assert Complaint.rebuild(loaded).snapshot() == live.snapshot()


def test_plt_05_json_form_uses_iso_times_and_enum_values(desk: Desk) -> None:
    filed = desk.file().history[0]
    assert isinstance(filed, ComplaintFiled)
    data = event_to_dict(filed)
    assert data["received_at"] == "2026-11-02T01:00:00+00:00"
    assert data["channel"] == "phone"
    assert data["demands"] == ["criticism_or_suggestion"]
    assert data["policy"] == ComplaintPolicy().to_dict()
    assert isinstance(data["complainant"], dict)


def test_plt_05_bad_history_rows_are_refused(desk: Desk) -> None:
    filed = event_to_dict(desk.file().history[0])
    with pytest.raises(InvalidInput):
        event_from_dict("ComplaintExploded", filed)
    with pytest.raises(InvalidInput):
        event_from_dict("ComplaintFiled", {**filed, "surprise": 1})
    with pytest.raises(InvalidInput):
        event_from_dict("ComplaintFiled", {k: v for k, v in filed.items() if k != "number"})
    with pytest.raises(InvalidInput):
        event_from_dict("ComplaintFiled", {**filed, "received_at": "2026-11-02T01:00:00"})


def test_cmp_01_rebuild_needs_a_filing_first(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED)
    with pytest.raises(InvalidInput):
        Complaint.rebuild(c.history[1:])
    with pytest.raises(InvalidInput):
        Complaint.rebuild([])


def test_cmp_01_pending_holds_only_new_events(desk: Desk) -> None:
    loaded = Complaint.rebuild(desk.in_status(Status.ACCEPTED).history)
    assert (loaded.loaded_version, loaded.pending) == (2, [])
    loaded.reply(desk.agent, "On it", desk.at(3), desk.at(1))
    assert [event_type(e) for e in loaded.pending] == ["ComplaintReplied"]
    assert (loaded.loaded_version, loaded.version) == (2, 3)
    assert len(loaded.pull_pending()) == 1
    assert loaded.pending == []


def test_cmp_04_deadlines_stay_as_filed_when_the_branch_policy_changes(desk: Desk) -> None:
    c = desk.file(ComplaintPolicy(closure_within=timedelta(days=5)))
    rebuilt = Complaint.rebuild(c.history)
    assert rebuilt.policy.closure_within.days == 5
    assert rebuilt.clocks(desk.t0)[-1].deadline_at == desk.at(24 * 5)
