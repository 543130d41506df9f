"""A case's whole workflow life: every workflow event, history rebuilt and round-tripped
through JSON exactly (PLT-04, PLT-05), and each event's payload in the envelope (PLT-03)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from complaints.intake.domain.events import event_from_dict, event_to_dict, event_type
from complaints.intake.domain.model import Complaint
from complaints.intake.events.outbound import payload_of
from complaints.workflow.domain.events import WORKFLOW_EVENTS
from complaints.workflow.domain.policy import DEFAULT_WORKFLOW_POLICY
from complaints.workflow.domain.values import AnswerMethod, EscalationLevel
from cs.complaints.v1 import workflow_pb2

if TYPE_CHECKING:
    from conftest import Flow

P = DEFAULT_WORKFLOW_POLICY


def _workflow_life(flow: Flow) -> Complaint:
    c = flow.submitted()
    c.escalate(
        flow.agent, EscalationLevel.OPERATIONS_SUPERVISOR, "Customer insists", "Offered a visit", P, flow.t(0.45)
    )
    c.acknowledge_escalation(flow.ops, "Taking it", P, flow.t(0.5))
    c.approve_investigation_report(flow.supervisor, "", P, flow.t(0.55))
    c.return_investigation_report(flow.admin, "Add the dispatcher", P, flow.t(0.6))
    c.submit_investigation_report(flow.engineer, flow.report(conclusion="Revised"), P, flow.t(0.7))
    for who, h in ((flow.supervisor, 0.8), (flow.admin, 0.9), (flow.gm, 1.0)):
        c.approve_investigation_report(who, "ok", P, flow.t(h))
    c.record_customer_answer(flow.agent, AnswerMethod.PHONE, "Called with the findings", P, flow.t(3))
    c.resolve(flow.agent, "Repaired", flow.t(4))
    return c


def test_plt_04_workflow_life_uses_every_workflow_event(flow: Flow) -> None:
    names = {event_type(e) for e in _workflow_life(flow).history}
    assert {cls.__name__ for cls in WORKFLOW_EVENTS} <= names


def test_plt_04_rebuild_and_json_round_trip_equal_the_live_case(flow: Flow) -> None:
    live = _workflow_life(flow)
    loaded = [event_from_dict(event_type(e), json.loads(json.dumps(event_to_dict(e)))) for e in live.history]
    assert loaded == live.history
    assert Complaint.rebuild(loaded).snapshot() == live.snapshot()
    assert Complaint.rebuild(loaded).workflow == live.workflow


def test_plt_03_workflow_payloads_carry_actor_card_and_people(flow: Flow) -> None:
    live = _workflow_life(flow)
    payloads = {
        type(p).__name__: p
        for p in (payload_of(e) for e in live.history)
        if type(p).__name__ in {c.__name__ for c in WORKFLOW_EVENTS}
    }
    assert set(payloads) == {c.__name__ for c in WORKFLOW_EVENTS}
    submitted = payloads["InvestigationReportSubmitted"]
    assert isinstance(submitted, workflow_pb2.InvestigationReportSubmitted)
    assert submitted.submitted_by == "eng-1" and submitted.responsible_people[0].name == "Zhao Gang"
    escalated = payloads["ComplaintEscalated"]
    assert isinstance(escalated, workflow_pb2.ComplaintEscalated)
    assert (escalated.number, escalated.complainant_name, escalated.escalated_by) == (live.number, "Wang Li", "agent-1")
    assert escalated.to_level == workflow_pb2.ESCALATION_LEVEL_OPERATIONS_SUPERVISOR
    returned = payloads["InvestigationReportReturned"]
    assert isinstance(returned, workflow_pb2.InvestigationReportReturned)
    assert (returned.report_author, returned.returned_by) == ("eng-1", "admin-1")
