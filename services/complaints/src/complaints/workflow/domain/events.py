"""Workflow events (CMP-05, CMP-06, CMP-07), past tense, mirroring the payloads in
``cs/complaints/v1/workflow.proto``. They join ``ComplaintEvent`` in ``events.py``.

Same shape as every complaint event: ``complaint_id``, ``occurred_at``, ``actor`` (the
proto's ``*_by``). No field but the actor ends in ``_by`` or is called ``author``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from complaints.domain.values import Demand
from complaints.workflow.domain.values import (
    AnswerMethod,
    ApprovalStep,
    EscalationLevel,
    ResponsiblePerson,
    RoutingTarget,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class _WorkflowEvent:
    complaint_id: str
    occurred_at: datetime
    actor: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintRouted(_WorkflowEvent):
    """CMP-05: the complaint card handed to administration, leadership or sales."""

    route: RoutingTarget
    opinion: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HandlingDepartmentAssigned(_WorkflowEvent):
    """CMP-05: administration (or leadership) names the department that investigates."""

    department: str
    instructions: str


@dataclass(frozen=True, slots=True, kw_only=True)
class InvestigationReportSubmitted(_WorkflowEvent):
    """CMP-06: the handling department's report; revision 1, or the next after a return."""

    revision: int
    cause: str
    course_of_events: str
    responsible_people: tuple[ResponsiblePerson, ...]
    conclusion: str
    countermeasures: str


@dataclass(frozen=True, slots=True, kw_only=True)
class InvestigationReportApproved(_WorkflowEvent):
    """CMP-06 / PLT-04: one step of the approval chain; ``final`` at the general manager."""

    revision: int
    step: ApprovalStep
    comment: str
    final: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class InvestigationReportReturned(_WorkflowEvent):
    """CMP-06: refused at ``step``; back to ``report_author`` with the reasons."""

    revision: int
    step: ApprovalStep
    reason: str
    report_author: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerAnswerRecorded(_WorkflowEvent):
    """CMP-06: customer service answered the customer in writing or by phone."""

    method: AnswerMethod
    summary: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintEscalated(_WorkflowEvent):
    """CMP-07 / PLT-04: passed one level up, with the card and a reason."""

    from_level: EscalationLevel
    to_level: EscalationLevel
    reason: str
    handling_opinion: str
    # The complaint card (seed 000 §13 第十五条): number, complainant, demands, received time.
    number: str
    complainant_name: str
    demands: tuple[Demand, ...]
    received_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalationAcknowledged(_WorkflowEvent):
    """CMP-07 / PLT-04: the receiving level took the case on."""

    level: EscalationLevel
    note: str


WorkflowEvent = (
    ComplaintRouted
    | HandlingDepartmentAssigned
    | InvestigationReportSubmitted
    | InvestigationReportApproved
    | InvestigationReportReturned
    | CustomerAnswerRecorded
    | ComplaintEscalated
    | EscalationAcknowledged
)

# For ``isinstance``: the aggregate hands these to ``CaseWorkflow.apply``.
WORKFLOW_EVENTS = (
    ComplaintRouted,
    HandlingDepartmentAssigned,
    InvestigationReportSubmitted,
    InvestigationReportApproved,
    InvestigationReportReturned,
    CustomerAnswerRecorded,
    ComplaintEscalated,
    EscalationAcknowledged,
)
