"""CMP-06 Investigation: the report, supervisor -> administration -> general manager by
the right role and grade and never the author (PLT-02), returns with reasons, and the
answer to the customer before resolution."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from complaints.domain.states import Status
from complaints.workflow.domain.events import InvestigationReportApproved, InvestigationReportReturned
from complaints.workflow.domain.policy import DEFAULT_WORKFLOW_POLICY
from complaints.workflow.domain.values import AnswerMethod, ApprovalStep, ReportStatus, ResponsiblePerson
from cskit.domain import Forbidden, InvalidInput, RuleViolation

if TYPE_CHECKING:
    from conftest import Flow

P = DEFAULT_WORKFLOW_POLICY


def test_cmp_06_report_needs_all_five_parts_reported_together(flow: Flow) -> None:
    c = flow.assigned()
    bad = flow.report(cause=" ", countermeasures="", responsible_people=(ResponsiblePerson(),))
    with pytest.raises(InvalidInput) as caught:
        c.submit_investigation_report(flow.engineer, bad, P, flow.t(0.4))
    assert caught.value.rule_id == "CMP-06"
    assert {v.field for v in caught.value.violations} == {"cause", "countermeasures", "responsible_people[0]"}
    with pytest.raises(InvalidInput):
        c.submit_investigation_report(flow.engineer, flow.report(responsible_people=()), P, flow.t(0.4))


def test_cmp_06_responsibility_may_rest_on_a_team_or_department(flow: Flow) -> None:
    c = flow.assigned()
    c.submit_investigation_report(
        flow.engineer, flow.report(responsible_people=(ResponsiblePerson(team="night shift"),)), P, flow.t(0.4)
    )
    assert c.workflow.report is not None and c.workflow.report.responsible_people[0].team == "night shift"


def test_cmp_06_the_handling_department_reports_only_once_named(flow: Flow) -> None:
    with pytest.raises(RuleViolation) as caught:
        flow.routed().submit_investigation_report(flow.engineer, flow.report(), P, flow.t(0.4))
    assert (caught.value.code, caught.value.rule_id) == ("no_handling_department", "CMP-06")


def test_cmp_06_chain_supervisor_administration_general_manager_in_order(flow: Flow) -> None:
    c = flow.submitted()
    w = c.workflow
    assert w.next_step is ApprovalStep.SUPERVISOR
    with pytest.raises(Forbidden) as out_of_order:
        c.approve_investigation_report(flow.gm, "", P, flow.t(0.5))  # the GM signs last
    assert out_of_order.value.rule_id == "PLT-02"
    c.approve_investigation_report(flow.supervisor, "checked the log", P, flow.t(0.5))
    assert w.next_step is ApprovalStep.ADMINISTRATION
    c.approve_investigation_report(flow.admin, "agreed", P, flow.t(0.6))
    c.approve_investigation_report(flow.gm, "approved", P, flow.t(0.7))
    assert (w.report_status, w.next_step) == (ReportStatus.APPROVED, None)
    assert [(a.step, a.approved_by) for a in w.approvals] == [
        (ApprovalStep.SUPERVISOR, "lead-2"),
        (ApprovalStep.ADMINISTRATION, "admin-1"),
        (ApprovalStep.GENERAL_MANAGER, "gm-1"),
    ]
    approved = [e for e in c.history if isinstance(e, InvestigationReportApproved)]
    assert [e.final for e in approved] == [False, False, True]  # PLT-04: every approval in history
    with pytest.raises(RuleViolation) as done:
        c.approve_investigation_report(flow.gm, "", P, flow.t(0.8))
    assert (done.value.code, done.value.rule_id) == ("no_report", "CMP-06")


def test_cmp_06_plt_02_an_approval_attempted_by_the_reports_author_is_refused(flow: Flow) -> None:
    """The clerk's case: the supervisor wrote the report and tries to approve it."""
    c = flow.assigned()
    c.submit_investigation_report(flow.supervisor, flow.report(), P, flow.t(0.4))
    with pytest.raises(Forbidden) as caught:
        c.approve_investigation_report(flow.supervisor, "looks fine", P, flow.t(0.5))
    assert (caught.value.code, caught.value.rule_id) == ("self_approval", "PLT-02")
    with pytest.raises(Forbidden):
        c.return_investigation_report(flow.supervisor, "no", P, flow.t(0.5))
    assert c.workflow.approvals == ()
    other_lead = flow.person("lead-3", "team_lead", grade=2)
    c.approve_investigation_report(other_lead, "ok", P, flow.t(0.5))


def test_cmp_06_plt_02_each_step_needs_its_role_and_grade(flow: Flow) -> None:
    c = flow.submitted()
    junior = flow.person("lead-9", "team_lead", grade=1)
    with pytest.raises(Forbidden) as grade:
        c.approve_investigation_report(junior, "", P, flow.t(0.5))
    assert (grade.value.code, grade.value.rule_id) == ("grade_required", "PLT-02")
    with pytest.raises(Forbidden) as role:
        c.approve_investigation_report(flow.admin, "", P, flow.t(0.5))
    assert (role.value.code, role.value.rule_id) == ("role_required", "PLT-02")


def test_cmp_06_plt_02_one_person_signs_one_step(flow: Flow) -> None:
    c = flow.submitted()
    both = flow.person("boss", "team_lead", "admin", grade=3)
    c.approve_investigation_report(both, "", P, flow.t(0.5))
    with pytest.raises(Forbidden) as caught:
        c.approve_investigation_report(both, "", P, flow.t(0.6))
    assert (caught.value.code, caught.value.rule_id) == ("same_approver", "PLT-02")


def test_cmp_06_a_refused_report_goes_back_with_reasons_and_is_resubmitted(flow: Flow) -> None:
    """The clerk's case: administration refuses, the author revises, the chain starts again."""
    c = flow.submitted()
    w = c.workflow
    c.approve_investigation_report(flow.supervisor, "", P, flow.t(0.5))
    with pytest.raises(InvalidInput):
        c.return_investigation_report(flow.admin, " ", P, flow.t(0.6))
    c.return_investigation_report(flow.admin, "Name the dispatcher who set the priority", P, flow.t(0.6))
    returned = c.history[-1]
    assert isinstance(returned, InvestigationReportReturned)
    assert (returned.step, returned.report_author, returned.revision) == (ApprovalStep.ADMINISTRATION, "eng-1", 1)
    assert (w.report_status, w.next_step) == (ReportStatus.RETURNED, None)
    with pytest.raises(RuleViolation):
        c.approve_investigation_report(flow.gm, "", P, flow.t(0.65))
    with pytest.raises(RuleViolation) as early:
        c.record_customer_answer(flow.agent, AnswerMethod.PHONE, "Told them", P, flow.t(0.65))
    assert (early.value.code, early.value.rule_id) == ("report_not_approved", "CMP-06")

    dispatcher = ResponsiblePerson(person_id="d-4", name="Sun Mei", team="dispatch", department="service")
    revised = flow.report(responsible_people=(*flow.report().responsible_people, dispatcher))
    c.submit_investigation_report(flow.engineer, revised, P, flow.t(0.7))
    assert (w.report_revision, w.report_status, w.next_step) == (2, ReportStatus.IN_APPROVAL, ApprovalStep.SUPERVISOR)
    with pytest.raises(RuleViolation) as twice:
        c.submit_investigation_report(flow.engineer, revised, P, flow.t(0.7))
    assert twice.value.code == "report_in_approval"
    for who, h in ((flow.supervisor, 0.8), (flow.admin, 0.9), (flow.gm, 1.0)):
        c.approve_investigation_report(who, "", P, flow.t(h))
    assert w.report_status is ReportStatus.APPROVED
    assert [(a.revision, a.step) for a in w.approvals][-3:] == [
        (2, ApprovalStep.SUPERVISOR),
        (2, ApprovalStep.ADMINISTRATION),
        (2, ApprovalStep.GENERAL_MANAGER),
    ]
    assert [r.reason for r in w.returns] == ["Name the dispatcher who set the priority"]


def test_cmp_06_customer_service_answers_then_the_case_resolves(flow: Flow) -> None:
    c = flow.approved()
    assert not c.workflow.resolution_allowed
    with pytest.raises(RuleViolation) as unanswered:
        c.resolve(flow.agent, "Fixed", flow.t(0.8))
    assert (unanswered.value.code, unanswered.value.rule_id) == ("customer_answer_required", "CMP-06")
    with pytest.raises(InvalidInput):
        c.record_customer_answer(flow.agent, AnswerMethod.UNSPECIFIED, "Told them", P, flow.t(0.8))
    with pytest.raises(Forbidden):
        c.record_customer_answer(flow.engineer, AnswerMethod.WRITTEN, "Letter sent", P, flow.t(0.8))
    c.record_customer_answer(flow.agent, AnswerMethod.WRITTEN, "Letter with the findings sent", P, flow.t(0.8))
    answer = c.workflow.customer_answer
    assert answer is not None and (answer.method, answer.answered_by) == (AnswerMethod.WRITTEN, "agent-1")
    c.resolve(flow.agent, "Lift repaired; priority rules changed", flow.t(0.9))
    assert c.status is Status.RESOLVED


def test_cmp_06_an_investigated_case_waits_for_its_report(flow: Flow) -> None:
    c = flow.assigned()
    with pytest.raises(RuleViolation) as caught:
        c.resolve(flow.agent, "Fixed", flow.t(0.8))
    assert caught.value.rule_id == "CMP-06"
