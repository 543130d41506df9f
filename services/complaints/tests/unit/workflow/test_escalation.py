"""CMP-07 Escalation: store -> operations supervisor -> head-office customer service ->
administration -> general manager, one level at a time with the card and a reason,
acknowledged by the receiving level, while the case's clocks keep running."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from complaints.domain.values import ClockKind, ClockState
from complaints.intake.domain.events import ClockBreached
from complaints.workflow.domain.events import ComplaintEscalated, EscalationAcknowledged
from complaints.workflow.domain.policy import DEFAULT_WORKFLOW_POLICY
from complaints.workflow.domain.values import LADDER, EscalationLevel
from cskit.domain import Forbidden, InvalidInput, RuleViolation

if TYPE_CHECKING:
    from conftest import Flow

P = DEFAULT_WORKFLOW_POLICY
L = EscalationLevel


def test_cmp_07_store_passes_the_card_up_and_the_supervisor_acknowledges(flow: Flow) -> None:
    c = flow.accepted()
    assert (c.workflow.level, c.workflow.pending_level) == (L.STORE, L.UNSPECIFIED)
    c.escalate(
        flow.agent, L.OPERATIONS_SUPERVISOR, "Customer refuses the repair date", "Offered Friday", P, flow.t(0.5)
    )
    escalated = c.history[-1]
    assert isinstance(escalated, ComplaintEscalated)
    assert (escalated.from_level, escalated.to_level, escalated.actor) == (L.STORE, L.OPERATIONS_SUPERVISOR, "agent-1")
    assert (escalated.number, escalated.complainant_name) == (c.number, "Wang Li")  # the card travels
    assert (c.workflow.level, c.workflow.pending_level) == (L.OPERATIONS_SUPERVISOR, L.OPERATIONS_SUPERVISOR)
    c.acknowledge_escalation(flow.ops, "Calling the customer", P, flow.t(0.6))
    assert isinstance(c.history[-1], EscalationAcknowledged)
    step = c.workflow.escalations[-1]
    assert (step.acknowledged_by, step.acknowledged_at) == ("mgr-1", flow.t(0.6))
    assert c.workflow.pending_level is L.UNSPECIFIED


def test_cmp_07_an_escalation_skipping_a_level_is_refused(flow: Flow) -> None:
    """The clerk's case: the store sends the card straight to head office."""
    c = flow.accepted()
    with pytest.raises(RuleViolation) as caught:
        c.escalate(flow.agent, L.HEAD_OFFICE_CUSTOMER_SERVICE, "Supervisor is on leave", "", P, flow.t(0.5))
    assert (caught.value.code, caught.value.rule_id) == ("escalation_skips_level", "CMP-07")
    assert "operations_supervisor" in caught.value.message
    with pytest.raises(RuleViolation):
        c.escalate(flow.agent, L.STORE, "sideways", "", P, flow.t(0.5))
    assert c.workflow.escalations == ()


def test_cmp_07_acknowledgement_by_the_wrong_level_is_refused(flow: Flow) -> None:
    """The clerk's case: the store acknowledges its own escalation, the GM jumps in."""
    c = flow.accepted()
    c.escalate(flow.agent, L.OPERATIONS_SUPERVISOR, "Cannot agree on compensation", "", P, flow.t(0.5))
    for wrong in (flow.person("agent-2", "agent"), flow.gm):
        with pytest.raises(Forbidden) as caught:
            c.acknowledge_escalation(wrong, "", P, flow.t(0.6))
        assert (caught.value.code, caught.value.rule_id) == ("wrong_escalation_level", "CMP-07")
    assert c.workflow.pending_level is L.OPERATIONS_SUPERVISOR


def test_cmp_07_plt_02_the_escalator_does_not_acknowledge(flow: Flow) -> None:
    c = flow.accepted()
    both = flow.person("store-boss", "team_lead", "manager")
    c.escalate(both, L.OPERATIONS_SUPERVISOR, "Needs the supervisor", "", P, flow.t(0.5))
    with pytest.raises(Forbidden) as caught:
        c.acknowledge_escalation(both, "", P, flow.t(0.6))
    assert (caught.value.code, caught.value.rule_id) == ("self_approval", "PLT-02")


def test_cmp_07_one_step_at_a_time_and_only_by_the_level_holding_the_case(flow: Flow) -> None:
    c = flow.accepted()
    with pytest.raises(Forbidden) as not_store:
        c.escalate(flow.ops, L.OPERATIONS_SUPERVISOR, "reason", "", P, flow.t(0.5))
    assert not_store.value.rule_id == "CMP-07"
    with pytest.raises(InvalidInput):
        c.escalate(flow.agent, L.OPERATIONS_SUPERVISOR, " ", "", P, flow.t(0.5))
    c.escalate(flow.agent, L.OPERATIONS_SUPERVISOR, "reason", "", P, flow.t(0.5))
    with pytest.raises(RuleViolation) as pending:
        c.escalate(flow.ops, L.HEAD_OFFICE_CUSTOMER_SERVICE, "again", "", P, flow.t(0.55))
    assert (pending.value.code, pending.value.rule_id) == ("escalation_pending", "CMP-07")
    with pytest.raises(RuleViolation) as nothing:
        flow.accepted().acknowledge_escalation(flow.ops, "", P, flow.t(0.6))
    assert nothing.value.code == "no_escalation_pending"


def test_cmp_07_the_whole_ladder_up_to_the_general_manager(flow: Flow) -> None:
    c = flow.accepted()
    branch_agent = flow.person("agent-7", "agent")
    passers = [flow.agent, flow.ops, flow.hq_agent, flow.admin]
    receivers = [flow.ops, flow.hq_agent, flow.admin, flow.gm]
    for i, (up, (by, ack)) in enumerate(zip(LADDER[1:], zip(passers, receivers, strict=True), strict=True)):
        c.escalate(by, up, f"step {i}", "", P, flow.t(0.5 + i / 10))
        if up is L.HEAD_OFFICE_CUSTOMER_SERVICE:
            with pytest.raises(Forbidden):  # a branch agent is not head-office customer service
                c.acknowledge_escalation(branch_agent, "", P, flow.t(0.55 + i / 10))
        c.acknowledge_escalation(ack, "", P, flow.t(0.55 + i / 10))
    assert c.workflow.level is L.GENERAL_MANAGER
    assert [s.to_level for s in c.workflow.escalations] == list(LADDER[1:])
    with pytest.raises(RuleViolation) as top:
        c.escalate(flow.gm, L.GENERAL_MANAGER, "higher", "", P, flow.t(1))
    assert (top.value.code, top.value.rule_id) == ("top_of_ladder", "CMP-07")


def test_cmp_07_cmp_04_clocks_keep_running_while_escalation_is_pending(flow: Flow) -> None:
    """The clerk's case: nobody replies while the card waits upstairs; the breach still fires."""
    c = flow.accepted()
    c.escalate(flow.agent, L.OPERATIONS_SUPERVISOR, "Store cannot handle it", "", P, flow.t(0.5))
    first_reply = next(k for k in c.clocks(flow.t(1)) if k.kind is ClockKind.FIRST_REPLY)
    assert first_reply.state is ClockState.RUNNING
    assert [b.kind for b in c.check_clocks(flow.t(2.5))] == [ClockKind.FIRST_REPLY]
    assert c.workflow.pending_level is L.OPERATIONS_SUPERVISOR
    c.acknowledge_escalation(flow.ops, "", P, flow.t(80))  # the resolution clock (3 days) is due too
    breaches = [e.kind for e in c.history if isinstance(e, ClockBreached)]
    assert breaches == [ClockKind.FIRST_REPLY, ClockKind.RESOLUTION]
    assert c.next_deadline(flow.t(80)) is not None  # closure still ahead: a timer stays armed
