"""REST bodies of the complaint workflow (CMP-05, CMP-06, CMP-07): strict, documented."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from cs.complaints.v1 import workflow_pb2 as pb
from gateway.enums import ProtoEnum
from gateway.schemas import LongText, Message, OptionalMessage, ShortText, SingleLineText, Status, _In, _Out

ROUTING_TARGET = ProtoEnum(pb.RoutingTarget)
APPROVAL_STEP = ProtoEnum(pb.ApprovalStep)
REPORT_STATUS = ProtoEnum(pb.ReportStatus)
ANSWER_METHOD = ProtoEnum(pb.AnswerMethod)
ESCALATION_LEVEL = ProtoEnum(pb.EscalationLevel)

RoutingTarget = Annotated[str, ROUTING_TARGET]
ApprovalStep = Annotated[str, APPROVAL_STEP]
ReportStatus = Annotated[str, REPORT_STATUS]
AnswerMethod = Annotated[str, ANSWER_METHOD]
EscalationLevel = Annotated[str, ESCALATION_LEVEL]
Name = Annotated[str, Field(max_length=200), SingleLineText]

# ---- requests ------------------------------------------------------------------------------


class RouteBody(_In):
    """``administration`` (quality, spec, quantity, other valid complaints), ``leadership``
    (pure contract disputes, with an opinion) or ``sales`` (shipping paperwork)."""

    route: RoutingTarget
    opinion: OptionalMessage | None = None


class HandlingDepartmentBody(_In):
    department: ShortText
    instructions: OptionalMessage | None = None


class ResponsiblePersonIn(_In):
    """A person (id or name), else the team or department held responsible."""

    person_id: Name | None = None
    name: Name | None = None
    team: Name | None = None
    department: Name | None = None


class InvestigationReportBody(_In):
    cause: LongText
    course_of_events: LongText
    responsible_people: Annotated[list[ResponsiblePersonIn], Field(min_length=1, max_length=50)]
    conclusion: LongText
    countermeasures: LongText


class ApproveReportBody(_In):
    comment: OptionalMessage | None = None


class ReturnReportBody(_In):
    reason: Message


class CustomerAnswerBody(_In):
    method: AnswerMethod
    summary: Message


class EscalateBody(_In):
    """``to_level`` is always the next level up (CMP-07)."""

    to_level: EscalationLevel
    reason: Message
    handling_opinion: OptionalMessage | None = None


class AcknowledgeBody(_In):
    note: OptionalMessage | None = None


# ---- responses -----------------------------------------------------------------------------


class HandoverOut(_Out):
    kind: str
    route: RoutingTarget | None
    department: str | None
    opinion: str | None
    by: str
    at: datetime | None


class RoutingOut(_Out):
    route: RoutingTarget | None
    opinion: str | None
    handling_department: str | None
    handovers: list[HandoverOut]


class ResponsiblePersonOut(_Out):
    person_id: str | None
    name: str | None
    team: str | None
    department: str | None


class ReportApprovalOut(_Out):
    step: ApprovalStep | None
    approved_by: str
    approved_at: datetime | None
    comment: str | None
    revision: int


class ReportReturnOut(_Out):
    step: ApprovalStep | None
    returned_by: str
    returned_at: datetime | None
    reason: str
    revision: int


class InvestigationReportOut(_Out):
    revision: int
    status: ReportStatus | None
    cause: str
    course_of_events: str
    responsible_people: list[ResponsiblePersonOut]
    conclusion: str
    countermeasures: str
    author: str
    submitted_at: datetime | None
    next_step: ApprovalStep | None
    approvals: list[ReportApprovalOut]
    returns: list[ReportReturnOut]


class CustomerAnswerOut(_Out):
    method: AnswerMethod | None
    summary: str
    answered_by: str
    answered_at: datetime | None


class EscalationStepOut(_Out):
    from_level: EscalationLevel | None
    to_level: EscalationLevel | None
    reason: str
    escalated_by: str
    escalated_at: datetime | None
    acknowledged_by: str | None
    acknowledged_at: datetime | None


class EscalationOut(_Out):
    level: EscalationLevel | None
    # The level that has not acknowledged yet; null when none is pending.
    pending_level: EscalationLevel | None
    steps: list[EscalationStepOut]


class CaseWorkflowOut(_Out):
    complaint_id: str
    number: str
    branch_id: str
    status: Status | None
    version: int
    routing: RoutingOut
    report: InvestigationReportOut | None
    customer_answer: CustomerAnswerOut | None
    escalation: EscalationOut
    resolution_allowed: bool
