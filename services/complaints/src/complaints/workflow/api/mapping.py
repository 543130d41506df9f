"""protobuf <-> domain for ComplaintWorkflowService; the only module that knows its messages."""

from __future__ import annotations

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
from cs.complaints.v1 import complaints_pb2
from cs.complaints.v1 import workflow_pb2 as pb
from cskit.protomap import enum_from_proto, enum_to_proto, timestamp


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


def workflow_to(x: Complaint) -> pb.CaseWorkflow:
    wf = x.workflow
    msg = pb.CaseWorkflow(
        complaint_id=x.id,
        number=x.number,
        branch_id=x.branch_id,
        status=enum_to_proto(complaints_pb2.Status, x.status),
        version=x.version,
        routing=pb.RoutingState(
            route=enum_to_proto(pb.RoutingTarget, wf.route),
            opinion=wf.opinion,
            handling_department=wf.handling_department,
            handovers=[
                pb.Handover(
                    kind=h.kind,
                    route=enum_to_proto(pb.RoutingTarget, h.route),
                    department=h.department,
                    opinion=h.opinion,
                    by=h.by,
                    at=timestamp(h.at),
                )
                for h in wf.handovers
            ],
        ),
        escalation=pb.EscalationState(
            level=enum_to_proto(pb.EscalationLevel, wf.level),
            pending_level=enum_to_proto(pb.EscalationLevel, wf.pending_level),
            steps=[
                pb.EscalationStep(
                    from_level=enum_to_proto(pb.EscalationLevel, s.from_level),
                    to_level=enum_to_proto(pb.EscalationLevel, s.to_level),
                    reason=s.reason,
                    escalated_by=s.escalated_by,
                    escalated_at=timestamp(s.escalated_at),
                    acknowledged_by=s.acknowledged_by,
                    acknowledged_at=timestamp(s.acknowledged_at),
                )
                for s in wf.escalations
            ],
        ),
        resolution_allowed=wf.resolution_allowed,
    )
    if wf.report is not None:
        r = wf.report
        step = wf.next_step
        msg.report.CopyFrom(
            pb.InvestigationReportState(
                revision=wf.report_revision,
                status=enum_to_proto(pb.ReportStatus, wf.report_status),
                content=pb.InvestigationReportContent(
                    cause=r.cause,
                    course_of_events=r.course_of_events,
                    responsible_people=[
                        pb.ReportResponsiblePerson(
                            person_id=p.person_id, name=p.name, team=p.team, department=p.department
                        )
                        for p in r.responsible_people
                    ],
                    conclusion=r.conclusion,
                    countermeasures=r.countermeasures,
                ),
                author=wf.report_author,
                submitted_at=timestamp(wf.report_submitted_at),
                next_step=enum_to_proto(pb.ApprovalStep, step or ApprovalStep.UNSPECIFIED),
                approvals=[
                    pb.ReportApproval(
                        step=enum_to_proto(pb.ApprovalStep, a.step),
                        approved_by=a.approved_by,
                        approved_at=timestamp(a.approved_at),
                        comment=a.comment,
                        revision=a.revision,
                    )
                    for a in wf.approvals
                ],
                returns=[
                    pb.ReportReturn(
                        step=enum_to_proto(pb.ApprovalStep, r.step),
                        returned_by=r.returned_by,
                        returned_at=timestamp(r.returned_at),
                        reason=r.reason,
                        revision=r.revision,
                    )
                    for r in wf.returns
                ],
            )
        )
    if (answer := wf.customer_answer) is not None:
        msg.customer_answer.CopyFrom(
            pb.CustomerAnswer(
                method=enum_to_proto(pb.AnswerMethod, answer.method),
                summary=answer.summary,
                answered_by=answer.answered_by,
                answered_at=timestamp(answer.answered_at),
            )
        )
    return msg
