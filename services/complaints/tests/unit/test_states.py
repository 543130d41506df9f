"""The transition table, pair by pair (CMP-02, CMP-03, CMP-04, CMP-10)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import pytest

from complaints.domain.errors import IllegalTransition
from complaints.domain.states import (
    ACTION_RULES,
    TRANSITIONS,
    WORKFLOW_ACTIONS,
    Action,
    Status,
    allowed_actions,
    transition,
)
from complaints.domain.values import Category, Grade, Nature
from complaints.intake.domain.model import Complaint
from cskit.domain import RuleViolation

if TYPE_CHECKING:
    from conftest import Desk

LIVE = [s for s in Status if s is not Status.UNSPECIFIED]

EXPECTED: dict[tuple[Status, Action], Status] = {
    (Status.RECEIVED, Action.ACCEPT): Status.ACCEPTED,
    (Status.RECEIVED, Action.REJECT): Status.REJECTED,
    (Status.REJECTED, Action.REPLY_TO_REJECTION): Status.CLOSED,
    (Status.ACCEPTED, Action.REPLY): Status.IN_PROGRESS,
    (Status.IN_PROGRESS, Action.REPLY): Status.IN_PROGRESS,
    (Status.ACCEPTED, Action.RESOLVE): Status.RESOLVED,
    (Status.IN_PROGRESS, Action.RESOLVE): Status.RESOLVED,
    (Status.RESOLVED, Action.RETURN_VISIT_SATISFIED): Status.VISITED,
    (Status.RESOLVED, Action.RETURN_VISIT_UNSATISFIED): Status.IN_PROGRESS,
    (Status.VISITED, Action.CLOSE): Status.CLOSED,
    (Status.RESOLVED, Action.CLOSE): Status.CLOSED,
    **{(s, Action.ADD_PROGRESS_NOTE): s for s in LIVE if s is not Status.CLOSED},
    **{(s, Action.RECLASSIFY): s for s in LIVE if s is not Status.CLOSED},
    **{(s, a): s for s in (Status.ACCEPTED, Status.IN_PROGRESS) for a in (Action.PAUSE_RESOLUTION_CLOCK,)},
    **{(s, a): s for s in (Status.ACCEPTED, Status.IN_PROGRESS) for a in (Action.RESUME_RESOLUTION_CLOCK,)},
    # CMP-05..07: the workflow runs while the case is worked on (aggregate pairs: test_workflow_states.py).
    **{
        (s, a): s
        for s in (Status.ACCEPTED, Status.IN_PROGRESS)
        for a in (
            Action.ROUTE,
            Action.ASSIGN_HANDLING_DEPARTMENT,
            Action.SUBMIT_INVESTIGATION_REPORT,
            Action.APPROVE_INVESTIGATION_REPORT,
            Action.RETURN_INVESTIGATION_REPORT,
            Action.RECORD_CUSTOMER_ANSWER,
            Action.ESCALATE,
            Action.ACKNOWLEDGE_ESCALATION,
        )
    },
    # CMP-15: regrading while the case is still to be answered or worked on.
    **{(s, Action.REGRADE): s for s in (Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS)},
    # CMP-17: visits and property dates at any time, after closing too.
    **{(s, a): s for s in LIVE for a in (Action.RECORD_VISIT, Action.RECORD_PROPERTY_DATES)},
}

PAIRS = list(itertools.product(LIVE, Action))
# A visit needs its open task (test_grades_visits.py covers its pairs).
CORE_PAIRS = [(s, a) for s, a in PAIRS if a not in WORKFLOW_ACTIONS and a is not Action.RECORD_VISIT]


def test_cmp_04_the_table_is_exactly_the_agreed_one() -> None:
    assert TRANSITIONS == EXPECTED


@pytest.mark.parametrize(("status", "action"), PAIRS, ids=[f"{s.value}-{a.value}" for s, a in PAIRS])
def test_cmp_04_transition_table_pair(status: Status, action: Action) -> None:
    expected = EXPECTED.get((status, action))
    if expected is None:
        with pytest.raises(IllegalTransition) as caught:
            transition(status, action)
        assert caught.value.code == "illegal_transition"
        assert caught.value.rule_id == ACTION_RULES[action]
        assert isinstance(caught.value, RuleViolation)
    else:
        assert transition(status, action) is expected
        assert action in allowed_actions(status)


def _perform(desk: Desk, action: Action) -> Callable[[Complaint], None]:
    a, lead, t = desk.agent, desk.lead, desk.at(0.6)

    def resume(c: Complaint) -> None:
        if c.status in (Status.ACCEPTED, Status.IN_PROGRESS):
            c.pause_resolution_clock(a, "Waiting for a spare part", desk.at(0.55))
        c.resume_resolution_clock(a, t)

    actions: dict[Action, Callable[[Complaint], None]] = {
        Action.ACCEPT: lambda c: c.accept(a, "ok", t),
        Action.REJECT: lambda c: c.reject(a, "Not ours", t),
        Action.REPLY_TO_REJECTION: lambda c: c.reply_to_rejection(a, "Sorry, this is the landlord's matter", t),
        Action.REPLY: lambda c: c.reply(a, "On it", desk.at(3), t),
        Action.ADD_PROGRESS_NOTE: lambda c: c.add_progress_note(a, "Called the customer", True, t),
        Action.RESOLVE: lambda c: c.resolve(a, "Fixed", t),
        Action.RETURN_VISIT_SATISFIED: lambda c: c.record_return_visit(a, True, 5, "", t),
        Action.RETURN_VISIT_UNSATISFIED: lambda c: c.record_return_visit(a, False, 2, "Still noisy", t),
        Action.CLOSE: lambda c: c.close(a, "Closed", t),
        Action.RECLASSIFY: lambda c: c.reclassify(lead, "Mishandled at the desk", t),
        Action.PAUSE_RESOLUTION_CLOCK: lambda c: c.pause_resolution_clock(a, "Waiting for a spare part", t),
        Action.RESUME_RESOLUTION_CLOCK: resume,
        Action.REGRADE: lambda c: c.regrade(a, Grade.URGENT, "The customer is in hospital", t),
        Action.RECORD_PROPERTY_DATES: lambda c: c.record_property_dates(a, date(2026, 10, 1), None, t),
    }
    return actions[action]


@pytest.mark.parametrize(("status", "action"), CORE_PAIRS, ids=[f"{s.value}-{a.value}" for s, a in CORE_PAIRS])
def test_cmp_04_aggregate_follows_the_table_pair(desk: Desk, status: Status, action: Action) -> None:
    """A communicative complaint, so reclassify and close-after-resolve are legal moves."""
    c = desk.in_status(status, category=Category.CONSULTING)
    before = c.version
    expected = EXPECTED.get((status, action))
    if expected is None:
        with pytest.raises(IllegalTransition) as caught:
            _perform(desk, action)(c)
        assert caught.value.rule_id == ACTION_RULES[action]
        assert c.status is status
        assert c.version == before
    else:
        _perform(desk, action)(c)
        assert c.status is expected
        assert c.version > before
        if action is Action.RECLASSIFY:
            assert c.nature is Nature.VALID
