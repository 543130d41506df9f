"""Workflow commands (CMP-05, CMP-06, CMP-07), fields mirroring ``workflow.proto``'s requests.

As in ``commands.py``, who acts and when are not part of a command.
"""

from __future__ import annotations

from dataclasses import dataclass

from complaints.workflow.domain.values import AnswerMethod, EscalationLevel, ReportContent, RoutingTarget


@dataclass(frozen=True, slots=True, kw_only=True)
class RouteComplaint:
    complaint_id: str
    route: RoutingTarget
    # Required for leadership (a contract dispute goes with an opinion).
    opinion: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignHandlingDepartment:
    complaint_id: str
    department: str
    instructions: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmitInvestigationReport:
    complaint_id: str
    report: ReportContent


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveInvestigationReport:
    complaint_id: str
    comment: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnInvestigationReport:
    complaint_id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordCustomerAnswer:
    complaint_id: str
    method: AnswerMethod
    summary: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalateComplaint:
    complaint_id: str
    to_level: EscalationLevel
    reason: str
    handling_opinion: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AcknowledgeEscalation:
    complaint_id: str
    note: str = ""


WorkflowCommand = (
    RouteComplaint
    | AssignHandlingDepartment
    | SubmitInvestigationReport
    | ApproveInvestigationReport
    | ReturnInvestigationReport
    | RecordCustomerAnswer
    | EscalateComplaint
    | AcknowledgeEscalation
)
