"""protobuf <-> domain for ComplaintWorkflowService; the only module that knows its messages."""

from __future__ import annotations

from complaints.api.common import page_from
from complaints.intake.app.ports import Page
from complaints.intake.domain.model import Complaint
from complaints.workflow.domain import commands as w
from complaints.workflow.domain.values import (
    AnswerMethod,
    ApprovalStep,
    EscalationLevel,
    ReportContent,
    ResponsiblePerson,
    RoutingTarget,
)
from cs.complaints.v1 import workflow_pb2 as pb
from cskit.protomap import attributes, enum_from_proto, message_of


def route_from(req: pb.RouteComplaintRequest) -> w.RouteComplaint:
    route = enum_from_proto(pb.RoutingTarget, req.route, RoutingTarget, field="route")
    return w.RouteComplaint(complaint_id=req.id, route=route, opinion=req.opinion)


def report_from(req: pb.SubmitInvestigationReportRequest) -> w.SubmitInvestigationReport:
    r = req.report
    people = tuple(
        ResponsiblePerson(person_id=p.person_id, name=p.name, team=p.team, department=p.department)
        for p in r.responsible_people
    )
    content = ReportContent(
        cause=r.cause,
        course_of_events=r.course_of_events,
        responsible_people=people,
        conclusion=r.conclusion,
        countermeasures=r.countermeasures,
    )
    return w.SubmitInvestigationReport(complaint_id=req.id, report=content)


def answer_from(req: pb.RecordCustomerAnswerRequest) -> w.RecordCustomerAnswer:
    method = enum_from_proto(pb.AnswerMethod, req.method, AnswerMethod, field="method")
    return w.RecordCustomerAnswer(complaint_id=req.id, method=method, summary=req.summary)


def escalate_from(req: pb.EscalateComplaintRequest) -> w.EscalateComplaint:
    level = enum_from_proto(pb.EscalationLevel, req.to_level, EscalationLevel, field="to_level")
    return w.EscalateComplaint(
        complaint_id=req.id, to_level=level, reason=req.reason, handling_opinion=req.handling_opinion
    )


def awaiting_from(req: pb.ListInvestigationReportsRequest) -> tuple[ApprovalStep | None, Page]:
    """The step asked for (None: any step due) and the page."""
    step = enum_from_proto(pb.ApprovalStep, req.awaiting_step, ApprovalStep, field="awaiting_step")
    return (None if step is ApprovalStep.UNSPECIFIED else step), page_from(req.page)


def workflow_to(x: Complaint) -> pb.CaseWorkflow:
    """The case's workflow as the contract shows it; the messages' fields are the state's, by name."""
    wf = x.workflow
    report = None
    if wf.report is not None:
        report = message_of(
            pb.InvestigationReportState,
            attributes(
                wf, revision=wf.report_revision, status=wf.report_status, content=wf.report, author=wf.report_author,
                submitted_at=wf.report_submitted_at, next_step=wf.next_step or ApprovalStep.UNSPECIFIED,
            ),
        )  # fmt: skip
    routing = message_of(pb.RoutingState, attributes(wf))
    escalation = message_of(pb.EscalationState, attributes(wf, steps=wf.escalations))
    return message_of(
        pb.CaseWorkflow,
        attributes(
            x, complaint_id=x.id, routing=routing, escalation=escalation, report=report,
            customer_answer=wf.customer_answer, resolution_allowed=wf.resolution_allowed,
        ),
    )  # fmt: skip
