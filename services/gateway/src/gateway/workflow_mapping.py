"""protobuf <-> JSON for the complaint workflow; the only gateway module building its messages."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.message import Message

from cs.complaints.v1 import workflow_pb2 as pb
from gateway import workflow_schemas as s
from gateway.schemas import STATUS


def _opt(value: str) -> str | None:
    return value or None


def _time(message: Message, field: str) -> datetime | None:
    return getattr(message, field).ToDatetime(tzinfo=UTC) if message.HasField(field) else None


def report_request(complaint_id: str, body: s.InvestigationReportBody) -> pb.SubmitInvestigationReportRequest:
    return pb.SubmitInvestigationReportRequest(
        id=complaint_id,
        report=pb.InvestigationReportContent(
            cause=body.cause,
            course_of_events=body.course_of_events,
            responsible_people=[
                pb.ReportResponsiblePerson(
                    person_id=p.person_id or "", name=p.name or "", team=p.team or "", department=p.department or ""
                )
                for p in body.responsible_people
            ],
            conclusion=body.conclusion,
            countermeasures=body.countermeasures,
        ),
    )


def workflow(msg: pb.CaseWorkflow) -> s.CaseWorkflowOut:
    r, e = msg.routing, msg.escalation
    return s.CaseWorkflowOut(
        complaint_id=msg.complaint_id,
        number=msg.number,
        branch_id=msg.branch_id,
        status=STATUS.from_proto(msg.status),
        version=msg.version,
        routing=s.RoutingOut(
            route=s.ROUTING_TARGET.from_proto(r.route),
            opinion=_opt(r.opinion),
            handling_department=_opt(r.handling_department),
            handovers=[
                s.HandoverOut(
                    kind=h.kind,
                    route=s.ROUTING_TARGET.from_proto(h.route),
                    department=_opt(h.department),
                    opinion=_opt(h.opinion),
                    by=h.by,
                    at=_time(h, "at"),
                )
                for h in r.handovers
            ],
        ),
        report=_report(msg.report) if msg.HasField("report") else None,
        customer_answer=(
            s.CustomerAnswerOut(
                method=s.ANSWER_METHOD.from_proto(msg.customer_answer.method),
                summary=msg.customer_answer.summary,
                answered_by=msg.customer_answer.answered_by,
                answered_at=_time(msg.customer_answer, "answered_at"),
            )
            if msg.HasField("customer_answer")
            else None
        ),
        escalation=s.EscalationOut(
            level=s.ESCALATION_LEVEL.from_proto(e.level),
            pending_level=s.ESCALATION_LEVEL.from_proto(e.pending_level),
            steps=[
                s.EscalationStepOut(
                    from_level=s.ESCALATION_LEVEL.from_proto(x.from_level),
                    to_level=s.ESCALATION_LEVEL.from_proto(x.to_level),
                    reason=x.reason,
                    escalated_by=x.escalated_by,
                    escalated_at=_time(x, "escalated_at"),
                    acknowledged_by=_opt(x.acknowledged_by),
                    acknowledged_at=_time(x, "acknowledged_at"),
                )
                for x in e.steps
            ],
        ),
        resolution_allowed=msg.resolution_allowed,
    )


def _report(msg: pb.InvestigationReportState) -> s.InvestigationReportOut:
    c = msg.content
    return s.InvestigationReportOut(
        revision=msg.revision,
        status=s.REPORT_STATUS.from_proto(msg.status),
        cause=c.cause,
        course_of_events=c.course_of_events,
        responsible_people=[
            s.ResponsiblePersonOut(
                person_id=_opt(p.person_id), name=_opt(p.name), team=_opt(p.team), department=_opt(p.department)
            )
            for p in c.responsible_people
        ],
        conclusion=c.conclusion,
        countermeasures=c.countermeasures,
        author=msg.author,
        submitted_at=_time(msg, "submitted_at"),
        next_step=s.APPROVAL_STEP.from_proto(msg.next_step),
        approvals=[
            s.ReportApprovalOut(
                step=s.APPROVAL_STEP.from_proto(a.step),
                approved_by=a.approved_by,
                approved_at=_time(a, "approved_at"),
                comment=_opt(a.comment),
                revision=a.revision,
            )
            for a in msg.approvals
        ],
        returns=[
            s.ReportReturnOut(
                step=s.APPROVAL_STEP.from_proto(x.step),
                returned_by=x.returned_by,
                returned_at=_time(x, "returned_at"),
                reason=x.reason,
                revision=x.revision,
            )
            for x in msg.returns
        ],
    )
