"""CMP-05 Routing: the card to administration, contract disputes to leadership with an
opinion, shipping paperwork to sales; each hand-over with who and when."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from complaints.domain.values import Category
from complaints.workflow.domain.events import ComplaintRouted, HandlingDepartmentAssigned
from complaints.workflow.domain.policy import DEFAULT_WORKFLOW_POLICY, workflow_policy_from
from complaints.workflow.domain.values import EscalationLevel, Handover, ReportStatus, RoutingTarget
from cskit.domain import Forbidden, InvalidInput, RuleViolation

if TYPE_CHECKING:
    from conftest import Flow

P = DEFAULT_WORKFLOW_POLICY


def test_cmp_05_quality_complaint_goes_to_administration_which_names_the_department(flow: Flow) -> None:
    c = flow.accepted(category=Category.PRODUCT_QUALITY)
    c.route(flow.agent, RoutingTarget.ADMINISTRATION, "Card: cracked tiles", P, flow.t(0.2))
    c.assign_handling_department(flow.admin, "quality", "Inspect the batch", P, flow.t(0.3))
    w = c.workflow
    assert (w.route, w.handling_department) == (RoutingTarget.ADMINISTRATION, "quality")
    assert w.handovers == (
        Handover("routed", RoutingTarget.ADMINISTRATION, "", "Card: cracked tiles", "agent-1", flow.t(0.2)),
        Handover(
            "department_assigned", RoutingTarget.ADMINISTRATION, "quality", "Inspect the batch", "admin-1", flow.t(0.3)
        ),
    )
    assert [type(e) for e in c.pending[-2:]] == [ComplaintRouted, HandlingDepartmentAssigned]


def test_cmp_05_contract_dispute_goes_to_leadership_with_an_opinion(flow: Flow) -> None:
    c = flow.accepted(category=Category.CONTRACT_BREACH)
    with pytest.raises(RuleViolation) as wrong:
        c.route(flow.agent, RoutingTarget.ADMINISTRATION, "", P, flow.t(0.2))
    assert (wrong.value.code, wrong.value.rule_id) == ("wrong_route", "CMP-05")
    with pytest.raises(InvalidInput) as no_opinion:
        c.route(flow.agent, RoutingTarget.LEADERSHIP, "  ", P, flow.t(0.2))
    assert no_opinion.value.rule_id == "CMP-05"
    c.route(flow.agent, RoutingTarget.LEADERSHIP, "Clause 7 covers the delay; offer a discount", P, flow.t(0.2))
    assert c.workflow.opinion.startswith("Clause 7")
    with pytest.raises(Forbidden):
        c.assign_handling_department(flow.admin, "legal", "", P, flow.t(0.3))  # leadership rules here
    c.assign_handling_department(flow.director, "sales", "Negotiate", P, flow.t(0.3))
    assert c.workflow.handling_department == "sales"


def test_cmp_05_only_contract_disputes_go_to_leadership(flow: Flow) -> None:
    c = flow.accepted(category=Category.QUANTITY_SPEC)
    with pytest.raises(RuleViolation) as caught:
        c.route(flow.agent, RoutingTarget.LEADERSHIP, "opinion", P, flow.t(0.2))
    assert caught.value.rule_id == "CMP-05"


def test_cmp_05_shipping_paperwork_follows_the_sales_rules(flow: Flow) -> None:
    c = flow.accepted(category=Category.DELIVERY)
    c.route(flow.agent, RoutingTarget.SALES, "Delivery note lacks the customer's signature", P, flow.t(0.2))
    assert c.workflow.route is RoutingTarget.SALES
    with pytest.raises(RuleViolation) as caught:
        c.assign_handling_department(flow.admin, "logistics", "", P, flow.t(0.3))
    assert (caught.value.code, caught.value.rule_id) == ("sales_process", "CMP-05")
    # Not investigated here, so it resolves as before.
    c.resolve(flow.agent, "Sales re-issued the paperwork", flow.t(1))


def test_cmp_05_a_quality_complaint_is_not_paperwork(flow: Flow) -> None:
    c = flow.accepted(category=Category.MAINTENANCE)
    with pytest.raises(RuleViolation) as caught:
        c.route(flow.agent, RoutingTarget.SALES, "", P, flow.t(0.2))
    assert (caught.value.code, caught.value.rule_id) == ("wrong_route", "CMP-05")


def test_cmp_05_communicative_complaints_are_not_routed(flow: Flow) -> None:
    c = flow.accepted(category=Category.CONSULTING)
    with pytest.raises(RuleViolation) as caught:
        c.route(flow.agent, RoutingTarget.ADMINISTRATION, "", P, flow.t(0.2))
    assert (caught.value.code, caught.value.rule_id) == ("not_routable", "CMP-05")


def test_cmp_05_unrouted_case_has_no_department_to_name(flow: Flow) -> None:
    with pytest.raises(RuleViolation) as caught:
        flow.accepted().assign_handling_department(flow.admin, "maintenance", "", P, flow.t(0.3))
    assert (caught.value.code, caught.value.rule_id) == ("not_routed", "CMP-05")


def test_cmp_05_plt_02_roles_route_and_assign(flow: Flow) -> None:
    c = flow.accepted()
    with pytest.raises(Forbidden) as caught:
        c.route(flow.admin, RoutingTarget.ADMINISTRATION, "", P, flow.t(0.2))  # customer service routes
    assert caught.value.rule_id == "PLT-02"
    c.route(flow.agent, RoutingTarget.ADMINISTRATION, "", P, flow.t(0.2))
    with pytest.raises(Forbidden) as agent:
        c.assign_handling_department(flow.agent, "maintenance", "", P, flow.t(0.3))
    assert agent.value.rule_id == "PLT-02"
    with pytest.raises(InvalidInput):
        c.assign_handling_department(flow.admin, " ", "", P, flow.t(0.3))


def test_cmp_05_the_route_is_settled_once_a_report_exists(flow: Flow) -> None:
    c = flow.assigned()
    c.route(flow.agent, RoutingTarget.ADMINISTRATION, "re-sent", P, flow.t(0.35))  # still open: a new hand-over
    assert c.workflow.handling_department == "" and len(c.workflow.handovers) == 3
    c.assign_handling_department(flow.admin, "maintenance", "", P, flow.t(0.36))
    c.submit_investigation_report(flow.engineer, flow.report(), P, flow.t(0.4))
    assert c.workflow.report_status is ReportStatus.IN_APPROVAL
    with pytest.raises(RuleViolation) as caught:
        c.route(flow.agent, RoutingTarget.ADMINISTRATION, "", P, flow.t(0.5))
    assert (caught.value.code, caught.value.rule_id) == ("routing_settled", "CMP-05")


def test_cmp_05_policy_overrides_change_roles_and_refuse_bad_keys() -> None:
    policy = workflow_policy_from(
        {
            "administration": {"roles": ["admin", "hr"]},
            "approval_chain": {"general_manager": {"min_grade": 7}},
            "ladder": {"operations_supervisor": {"roles": ["manager", "director"]}},
            "sales_categories": ["delivery"],
        }
    )
    assert policy.administration.roles == {"admin", "hr"}
    assert policy.approval_chain[next(iter(policy.approval_chain))].min_grade == 2
    assert max(g.min_grade for g in policy.approval_chain.values()) == 7
    assert policy.level_gate(EscalationLevel.OPERATIONS_SUPERVISOR).roles == {"manager", "director"}
    assert policy.sales_categories == {Category.DELIVERY}
    with pytest.raises(InvalidInput) as caught:
        workflow_policy_from({"routing": {"roles": []}, "ladder": {"ceo": {}}, "surprise": 1})
    assert {v.field for v in caught.value.violations} == {"routing.roles", "ladder.ceo", "surprise"}
    assert caught.value.rule_id == "CMP-05"
