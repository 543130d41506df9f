"""The workflow vocabulary (CMP-05, CMP-06, CMP-07): enums mirroring ``workflow.proto``
and the value objects the case's workflow is made of.

Enum values are the proto names in lower case without their prefix, as in ``values.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class RoutingTarget(StrEnum):
    """Where the complaint card goes (CMP-05)."""

    UNSPECIFIED = "unspecified"
    ADMINISTRATION = "administration"
    LEADERSHIP = "leadership"
    SALES = "sales"


class ApprovalStep(StrEnum):
    """The investigation report's approval chain (CMP-06), in order."""

    UNSPECIFIED = "unspecified"
    SUPERVISOR = "supervisor"
    ADMINISTRATION = "administration"
    GENERAL_MANAGER = "general_manager"


class ReportStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    IN_APPROVAL = "in_approval"
    RETURNED = "returned"
    APPROVED = "approved"


class AnswerMethod(StrEnum):
    """How customer service answered the customer (CMP-06): in writing or by phone."""

    UNSPECIFIED = "unspecified"
    WRITTEN = "written"
    PHONE = "phone"


class EscalationLevel(StrEnum):
    """The escalation ladder (CMP-07), lowest first; ``LADDER`` gives the order."""

    UNSPECIFIED = "unspecified"
    STORE = "store"
    OPERATIONS_SUPERVISOR = "operations_supervisor"
    HEAD_OFFICE_CUSTOMER_SERVICE = "head_office_customer_service"
    ADMINISTRATION = "administration"
    GENERAL_MANAGER = "general_manager"


LADDER: tuple[EscalationLevel, ...] = (
    EscalationLevel.STORE,
    EscalationLevel.OPERATIONS_SUPERVISOR,
    EscalationLevel.HEAD_OFFICE_CUSTOMER_SERVICE,
    EscalationLevel.ADMINISTRATION,
    EscalationLevel.GENERAL_MANAGER,
)

CHAIN: tuple[ApprovalStep, ...] = (ApprovalStep.SUPERVISOR, ApprovalStep.ADMINISTRATION, ApprovalStep.GENERAL_MANAGER)


@dataclass(frozen=True, slots=True)
class ResponsiblePerson:
    """Someone the investigation holds responsible: an id or a name, with team and department."""

    person_id: str = ""
    name: str = ""
    team: str = ""
    department: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportContent:
    """The investigation report (CMP-06; seed 000 §13 第十七条)."""

    cause: str
    course_of_events: str
    responsible_people: tuple[ResponsiblePerson, ...]
    conclusion: str
    countermeasures: str


@dataclass(frozen=True, slots=True)
class Handover:
    """One hand-over of the case (CMP-05): who, when, to where."""

    kind: str  # "routed" | "department_assigned"
    route: RoutingTarget
    department: str
    opinion: str
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ReportApproval:
    step: ApprovalStep
    approved_by: str
    approved_at: datetime
    comment: str
    revision: int


@dataclass(frozen=True, slots=True)
class ReportReturn:
    step: ApprovalStep
    returned_by: str
    returned_at: datetime
    reason: str
    revision: int


@dataclass(frozen=True, slots=True)
class CustomerAnswer:
    method: AnswerMethod
    summary: str
    answered_by: str
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class EscalationStep:
    from_level: EscalationLevel
    to_level: EscalationLevel
    reason: str
    escalated_by: str
    escalated_at: datetime
    acknowledged_by: str = ""
    acknowledged_at: datetime | None = None
