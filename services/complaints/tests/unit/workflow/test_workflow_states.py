"""The workflow actions in the ONE transition table, pair by pair on the aggregate
(CMP-05, CMP-06, CMP-07): allowed while the case is worked on, refused otherwise."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from complaints.domain.errors import IllegalTransition
from complaints.domain.states import ACTION_RULES, WORKFLOW_ACTIONS, Action, Status
from complaints.intake.domain.model import Complaint
from complaints.workflow.domain.policy import DEFAULT_WORKFLOW_POLICY
from complaints.workflow.domain.values import AnswerMethod, EscalationLevel, RoutingTarget

if TYPE_CHECKING:
    from conftest import Flow

P = DEFAULT_WORKFLOW_POLICY
LIVE = [s for s in Status if s is not Status.UNSPECIFIED]
PAIRS = list(itertools.product(LIVE, WORKFLOW_ACTIONS))
WORKING = (Status.ACCEPTED, Status.IN_PROGRESS)


def _prepare_and_perform(flow: Flow, c: Complaint, action: Action, ready: bool) -> Callable[[], None]:
    """Bring the workflow to where ``action`` makes sense (only when ``ready``), then the action."""
    t = flow.t(0.6)

    def upto(n: int) -> None:
        steps: list[Callable[[], None]] = [
            lambda: c.route(flow.agent, RoutingTarget.ADMINISTRATION, "", P, flow.t(0.3)),
            lambda: c.assign_handling_department(flow.admin, "maintenance", "", P, flow.t(0.35)),
            lambda: c.submit_investigation_report(flow.engineer, flow.report(), P, flow.t(0.4)),
            lambda: c.approve_investigation_report(flow.supervisor, "", P, flow.t(0.45)),
            lambda: c.approve_investigation_report(flow.admin, "", P, flow.t(0.5)),
            lambda: c.approve_investigation_report(flow.gm, "", P, flow.t(0.55)),
        ]
        if ready:
            for step in steps[:n]:
                step()

    performers: dict[Action, tuple[int, Callable[[], None]]] = {
        Action.ROUTE: (0, lambda: c.route(flow.agent, RoutingTarget.ADMINISTRATION, "", P, t)),
        Action.ASSIGN_HANDLING_DEPARTMENT: (1, lambda: c.assign_handling_department(flow.admin, "quality", "", P, t)),
        Action.SUBMIT_INVESTIGATION_REPORT: (
            2,
            lambda: c.submit_investigation_report(flow.engineer, flow.report(), P, t),
        ),
        Action.APPROVE_INVESTIGATION_REPORT: (3, lambda: c.approve_investigation_report(flow.supervisor, "", P, t)),
        Action.RETURN_INVESTIGATION_REPORT: (3, lambda: c.return_investigation_report(flow.supervisor, "why", P, t)),
        Action.RECORD_CUSTOMER_ANSWER: (
            6,
            lambda: c.record_customer_answer(flow.agent, AnswerMethod.PHONE, "told", P, t),
        ),
        Action.ESCALATE: (0, lambda: c.escalate(flow.agent, EscalationLevel.OPERATIONS_SUPERVISOR, "why", "", P, t)),
        Action.ACKNOWLEDGE_ESCALATION: (0, lambda: c.acknowledge_escalation(flow.ops, "", P, t)),
    }
    setup, perform = performers[action]
    upto(setup)
    if action is Action.ACKNOWLEDGE_ESCALATION and ready:
        c.escalate(flow.agent, EscalationLevel.OPERATIONS_SUPERVISOR, "why", "", P, flow.t(0.3))
    return perform


@pytest.mark.parametrize(("status", "action"), PAIRS, ids=[f"{s.value}-{a.value}" for s, a in PAIRS])
def test_cmp_05_06_07_aggregate_follows_the_table_pair(flow: Flow, status: Status, action: Action) -> None:
    c = flow.desk.in_status(status)
    allowed = status in WORKING
    perform = _prepare_and_perform(flow, c, action, allowed)
    before = c.version
    if allowed:
        perform()
        assert c.status is status and c.version > before
    else:
        with pytest.raises(IllegalTransition) as caught:
            perform()
        assert caught.value.rule_id == ACTION_RULES[action]
        assert c.status is status and c.version == before
