"""The workflow (CMP-05..07) on real PostgreSQL and the real broker: history, branch scope,
and the workflow events arriving once each, in order per case, in the envelope (PLT-03)."""

from __future__ import annotations

import pytest

from complaints import TOPIC
from complaints.bootstrap import Complaints
from complaints.domain.states import Status
from complaints.domain.values import Category
from complaints.intake.app.ports import CallContext
from complaints.intake.domain import commands as c
from complaints.workflow.domain import commands as w
from complaints.workflow.domain.values import (
    AnswerMethod,
    ApprovalStep,
    EscalationLevel,
    ReportContent,
    ReportStatus,
    ResponsiblePerson,
    RoutingTarget,
)
from cs.complaints.v1 import workflow_pb2
from cskit.dev.broker import TansuBroker
from cskit.domain import Actor, FrozenClock, NotFound
from cskit.messaging.envelope import decode
from cskit.messaging.relay import OutboxRelay
from cskit.messaging.topics import ensure_topics
from cskit.pagination import DEV_KEY, PageTokens

from .conftest import AGENT_B1, AGENT_B2, hours, intake
from .test_events_broker import envelopes_for

pytestmark = pytest.mark.integration


def ctx(subject: str, *roles: str, grade: int = 0, branch: str = "b1", head_office: bool = False) -> CallContext:
    return CallContext(
        actor=Actor(subject=subject, branch_id=branch, roles=frozenset(roles), grade=grade, head_office=head_office)
    )


ADMIN = ctx("admin-hq", "admin", grade=3, branch="hq", head_office=True)
ENGINEER = ctx("eng-b1", "engineer")
LEAD = ctx("lead-b1", "team_lead", grade=2)
GM = ctx("gm-hq", "general_manager", grade=5, branch="hq", head_office=True)
MANAGER = ctx("mgr-b1", "manager", grade=2)
REPORT = ReportContent(
    cause="Sensor failure logged as low priority",
    course_of_events="Reported Monday, fixed Thursday",
    responsible_people=(ResponsiblePerson(person_id="e-17", name="Zhao Gang", team="lifts", department="maintenance"),),
    conclusion="Justified",
    countermeasures="Lift faults urgent by default",
)


async def test_plt_03_workflow_events_arrive_once_in_order_in_the_envelope(
    service: Complaints, kafka_broker: TansuBroker, frozen_clock: FrozenClock
) -> None:
    ensure_topics(kafka_broker.bootstrap, [TOPIC])
    h, wf = service.handlers, service.workflow
    assert wf is not None
    x = await h.file_complaint(intake(category=Category.PRODUCT_QUALITY), AGENT_B1)
    await h.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    await wf.route_complaint(w.RouteComplaint(complaint_id=x.id, route=RoutingTarget.ADMINISTRATION), AGENT_B1)
    await wf.escalate_complaint(
        w.EscalateComplaint(complaint_id=x.id, to_level=EscalationLevel.OPERATIONS_SUPERVISOR, reason="stuck"),
        AGENT_B1,
    )
    await wf.acknowledge_escalation(w.AcknowledgeEscalation(complaint_id=x.id), MANAGER)
    await wf.assign_handling_department(w.AssignHandlingDepartment(complaint_id=x.id, department="quality"), ADMIN)
    await wf.submit_investigation_report(w.SubmitInvestigationReport(complaint_id=x.id, report=REPORT), ENGINEER)
    for who in (LEAD, ADMIN, GM):
        await wf.approve_investigation_report(w.ApproveInvestigationReport(complaint_id=x.id), who)
    frozen_clock.advance(hours(1))
    await wf.record_customer_answer(
        w.RecordCustomerAnswer(complaint_id=x.id, method=AnswerMethod.PHONE, summary="Called"), AGENT_B1
    )
    done = await h.resolve_complaint(c.ResolveComplaint(complaint_id=x.id, resolution="Replaced"), AGENT_B1)
    assert done.status is Status.RESOLVED and done.workflow.report_status is ReportStatus.APPROVED

    # Branch scope (PLT-01): another branch cannot act on or read the case.
    with pytest.raises(NotFound):
        await wf.escalate_complaint(
            w.EscalateComplaint(complaint_id=x.id, to_level=EscalationLevel.HEAD_OFFICE_CUSTOMER_SERVICE, reason="x"),
            AGENT_B2,
        )

    expected = [
        "ComplaintFiled",
        "ComplaintNotified",  # CMP-15: a product-quality complaint
        "ComplaintAccepted",
        "ComplaintRouted",
        "ComplaintEscalated",
        "EscalationAcknowledged",
        "HandlingDepartmentAssigned",
        "InvestigationReportSubmitted",
        *["InvestigationReportApproved"] * 3,
        "CustomerAnswerRecorded",
        "ComplaintResolved",
        "VisitTaskOpened",  # CMP-17
    ]
    relay = OutboxRelay(service.database, bootstrap_servers=kafka_broker.bootstrap, service="complaints")
    try:
        assert relay.relay_once() == len(expected)
        assert relay.relay_once() == 0
    finally:
        relay.close()
    got = envelopes_for(kafka_broker.bootstrap, x.id, expected=len(expected))
    assert [e.type.rsplit(".", 1)[-1] for e in got] == expected
    assert len({e.id for e in got}) == len(expected)
    assert {(e.source, e.branch_id, e.schema_version) for e in got} == {("complaints", "b1", 1)}
    approved = [decode(e, workflow_pb2.InvestigationReportApproved) for e in got[8:11]]
    assert [(a.approved_by, a.final) for a in approved] == [("lead-b1", False), ("admin-hq", False), ("gm-hq", True)]
    escalated = decode(got[4], workflow_pb2.ComplaintEscalated)
    assert (escalated.number, escalated.escalated_by) == (x.number, "agent-b1")
    submitted = decode(got[7], workflow_pb2.InvestigationReportSubmitted)
    assert submitted.responsible_people[0].person_id == "e-17"


async def test_plt_04_every_approval_and_escalation_is_in_the_case_history(service: Complaints) -> None:
    h, wf = service.handlers, service.workflow
    assert wf is not None
    x = await h.file_complaint(intake(), AGENT_B1)
    await h.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    await wf.escalate_complaint(
        w.EscalateComplaint(complaint_id=x.id, to_level=EscalationLevel.OPERATIONS_SUPERVISOR, reason="stuck"),
        AGENT_B1,
    )
    from complaints.intake.app.ports import Page
    from complaints.intake.persistence.queries import SqlComplaintReader

    reader = SqlComplaintReader(service.database.async_sessions(), tokens=PageTokens(DEV_KEY))
    items, _ = await reader.history(x.id, AGENT_B1.scope, Page(50))
    last = items[-1]
    assert (last.event_type, last.actor) == ("ComplaintEscalated", "agent-b1")
    assert last.details["to_level"] == "operations_supervisor" and last.details["reason"] == "stuck"
    assert (await reader.get(x.id, AGENT_B1.scope)).workflow.pending_level is EscalationLevel.OPERATIONS_SUPERVISOR


async def reported(service: Complaints, agent: CallContext = AGENT_B1) -> str:
    """A case whose investigation report was just submitted: the supervisor's step is due."""
    h, wf = service.handlers, service.workflow
    assert wf is not None
    x = await h.file_complaint(intake(category=Category.PRODUCT_QUALITY), agent)
    await h.accept_complaint(c.AcceptComplaint(complaint_id=x.id), agent)
    await wf.route_complaint(w.RouteComplaint(complaint_id=x.id, route=RoutingTarget.ADMINISTRATION), agent)
    await wf.assign_handling_department(w.AssignHandlingDepartment(complaint_id=x.id, department="quality"), ADMIN)
    engineer = ctx(f"eng-{agent.actor.branch_id}", "engineer", branch=agent.actor.branch_id)
    await wf.submit_investigation_report(w.SubmitInvestigationReport(complaint_id=x.id, report=REPORT), engineer)
    return x.id


async def test_cmp_06_plt_01_reports_awaiting_approval_by_step_newest_case_first_in_the_branch(
    service: Complaints, frozen_clock: FrozenClock
) -> None:
    from complaints.intake.app.ports import Page
    from complaints.intake.persistence.queries import SqlComplaintReader

    wf = service.workflow
    assert wf is not None
    reader = SqlComplaintReader(service.database.async_sessions(), tokens=PageTokens(DEV_KEY))

    async def ids(who: CallContext, step: ApprovalStep | None, page: Page | None = None) -> list[str]:
        items, _ = await reader.awaiting_report_approval(who.scope, step, page or Page())
        return [x.id for x in items]

    first = await reported(service)
    frozen_clock.advance(hours(1))
    second = await reported(service)
    frozen_clock.advance(hours(1))
    other_branch = await reported(service, AGENT_B2)
    await wf.approve_investigation_report(w.ApproveInvestigationReport(complaint_id=first), LEAD)

    assert await ids(LEAD, ApprovalStep.SUPERVISOR) == [second]
    assert await ids(LEAD, ApprovalStep.ADMINISTRATION) == [first]
    assert await ids(LEAD, None) == [second, first]  # newest case first
    # PLT-01: the other branch sees its own only; head office sees every branch, page by page.
    assert await ids(AGENT_B2, None) == [other_branch]
    items, token = await reader.awaiting_report_approval(ADMIN.scope, None, Page(2))
    assert [x.id for x in items] == [other_branch, second] and token
    assert await ids(ADMIN, None, Page(2, token)) == [first]

    # Approved through the chain: nothing waits any more.
    for who in (ADMIN, GM):
        await wf.approve_investigation_report(w.ApproveInvestigationReport(complaint_id=first), who)
    assert first not in await ids(ADMIN, None)
    assert await ids(GM, ApprovalStep.GENERAL_MANAGER) == []
