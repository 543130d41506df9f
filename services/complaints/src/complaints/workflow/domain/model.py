"""The case workflow (CMP-05, CMP-06, CMP-07): its state, folded from the workflow events,
and the ``Complaint`` commands that record them (a mixin, so ``model.py`` stays small).

Each command goes through the aggregate's ``_begin`` (the ONE transition table, then the
rule checks, then any clock breach due now: the clocks keep running through routing,
investigation and escalation) and records its event; ``CaseWorkflow.apply`` is the only
code that changes the workflow state, so a rebuilt case equals the live one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, assert_never

from complaints.domain.states import Action
from complaints.domain.values import Category, Complainant, Demand, Nature
from complaints.intake.domain import rules
from complaints.workflow.domain import escalation, investigation, routing
from complaints.workflow.domain.events import (
    ComplaintEscalated,
    ComplaintRouted,
    CustomerAnswerRecorded,
    EscalationAcknowledged,
    HandlingDepartmentAssigned,
    InvestigationReportApproved,
    InvestigationReportReturned,
    InvestigationReportSubmitted,
    WorkflowEvent,
)
from complaints.workflow.domain.policy import WorkflowPolicy
from complaints.workflow.domain.values import (
    CHAIN,
    AnswerMethod,
    ApprovalStep,
    CustomerAnswer,
    EscalationLevel,
    EscalationStep,
    Handover,
    ReportApproval,
    ReportContent,
    ReportReturn,
    ReportStatus,
    RoutingTarget,
)
from cskit.domain import Actor


@dataclass(slots=True)
class CaseWorkflow:
    """Where the case stands in routing, investigation and escalation."""

    route: RoutingTarget = RoutingTarget.UNSPECIFIED
    opinion: str = ""
    handling_department: str = ""
    handovers: tuple[Handover, ...] = ()
    report: ReportContent | None = None
    report_revision: int = 0
    report_status: ReportStatus = ReportStatus.UNSPECIFIED
    report_author: str = ""
    report_submitted_at: datetime | None = None
    approvals: tuple[ReportApproval, ...] = ()
    returns: tuple[ReportReturn, ...] = ()
    customer_answer: CustomerAnswer | None = None
    level: EscalationLevel = EscalationLevel.STORE
    pending_level: EscalationLevel = EscalationLevel.UNSPECIFIED
    escalations: tuple[EscalationStep, ...] = ()

    @property
    def next_step(self) -> ApprovalStep | None:
        return investigation.next_step(self.report_status, self.approvals, self.report_revision)

    @property
    def investigated(self) -> bool:
        return bool(self.handling_department) or self.report is not None

    @property
    def resolution_allowed(self) -> bool:
        return investigation.resolution_allowed(self.investigated, self.customer_answer is not None)

    def apply(self, event: WorkflowEvent) -> None:
        at, by = event.occurred_at, event.actor
        match event:
            case ComplaintRouted(route=route, opinion=opinion):
                self.route, self.opinion, self.handling_department = route, opinion, ""
                self.handovers = (*self.handovers, Handover("routed", route, "", opinion, by, at))
            case HandlingDepartmentAssigned(department=department, instructions=instructions):
                self.handling_department = department
                handover = Handover("department_assigned", self.route, department, instructions, by, at)
                self.handovers = (*self.handovers, handover)
            case InvestigationReportSubmitted(revision=revision):
                self.report = ReportContent(
                    cause=event.cause,
                    course_of_events=event.course_of_events,
                    responsible_people=event.responsible_people,
                    conclusion=event.conclusion,
                    countermeasures=event.countermeasures,
                )
                self.report_revision, self.report_status = revision, ReportStatus.IN_APPROVAL
                self.report_author, self.report_submitted_at = by, at
            case InvestigationReportApproved(step=step, final=final):
                self.approvals = (*self.approvals, ReportApproval(step, by, at, event.comment, event.revision))
                if final:
                    self.report_status = ReportStatus.APPROVED
            case InvestigationReportReturned(step=step, reason=reason):
                self.returns = (*self.returns, ReportReturn(step, by, at, reason, event.revision))
                self.report_status = ReportStatus.RETURNED
            case CustomerAnswerRecorded(method=method, summary=summary):
                self.customer_answer = CustomerAnswer(method, summary, by, at)
            case ComplaintEscalated(from_level=from_level, to_level=to_level, reason=reason):
                self.escalations = (*self.escalations, EscalationStep(from_level, to_level, reason, by, at))
                self.level, self.pending_level = to_level, to_level
            case EscalationAcknowledged():
                last = self.escalations[-1]
                acknowledged = EscalationStep(
                    last.from_level, last.to_level, last.reason, last.escalated_by, last.escalated_at, by, at
                )
                self.escalations = (*self.escalations[:-1], acknowledged)
                self.pending_level = EscalationLevel.UNSPECIFIED
            case _:
                assert_never(event)


class _Case(Protocol):
    """What the mixin needs of the aggregate."""

    id: str
    number: str
    category: Category
    nature: Nature
    complainant: Complainant
    demands: tuple[Demand, ...]
    received_at: datetime
    workflow: CaseWorkflow

    def _begin(self, action: Action, now: datetime, check: Callable[[], None] | None = None) -> datetime: ...

    def _record(self, event: WorkflowEvent) -> None: ...


class WorkflowCommands:
    """The workflow commands of ``Complaint``."""

    def route(
        self: _Case, actor: Actor, route: RoutingTarget, opinion: str, policy: WorkflowPolicy, now: datetime
    ) -> None:
        """CMP-05: hand the complaint card to administration, leadership or sales."""
        routing.require_router(actor, policy)
        text = routing.require_route_fits(self.category, route, opinion, policy)
        now = self._begin(Action.ROUTE, now, lambda: routing.require_routable(self.nature, self.workflow.report_status))
        self._record(
            ComplaintRouted(complaint_id=self.id, occurred_at=now, actor=actor.subject, route=route, opinion=text)
        )

    def assign_handling_department(
        self: _Case, actor: Actor, department: str, instructions: str, policy: WorkflowPolicy, now: datetime
    ) -> None:
        """CMP-05: administration (leadership, for a contract dispute) names the department."""
        name = routing.require_department(department)
        note = rules.optional_text(instructions, "instructions", "CMP-05")

        def check() -> None:
            routing.require_assigner(actor, self.workflow.route, policy)
            routing.require_routable(self.nature, self.workflow.report_status)

        now = self._begin(Action.ASSIGN_HANDLING_DEPARTMENT, now, check)
        self._record(
            HandlingDepartmentAssigned(
                complaint_id=self.id, occurred_at=now, actor=actor.subject, department=name, instructions=note
            )
        )

    def submit_investigation_report(
        self: _Case, actor: Actor, content: ReportContent, policy: WorkflowPolicy, now: datetime
    ) -> None:
        """CMP-06: the handling department's report, or its revision after a return."""
        report = investigation.validate_report(content)
        w = self.workflow
        now = self._begin(
            Action.SUBMIT_INVESTIGATION_REPORT,
            now,
            lambda: investigation.require_submittable(actor, w.handling_department, w.report_status, policy),
        )
        self._record(
            InvestigationReportSubmitted(
                complaint_id=self.id,
                occurred_at=now,
                actor=actor.subject,
                revision=w.report_revision + 1,
                cause=report.cause,
                course_of_events=report.course_of_events,
                responsible_people=report.responsible_people,
                conclusion=report.conclusion,
                countermeasures=report.countermeasures,
            )
        )

    def approve_investigation_report(
        self: _Case, actor: Actor, comment: str, policy: WorkflowPolicy, now: datetime
    ) -> None:
        """CMP-06: the next step of the chain signs; the last one sends the answer back down."""
        text = rules.optional_text(comment, "comment", "CMP-06")
        w = self.workflow

        def check() -> None:
            investigation.require_approver(actor, w.next_step, w.report_author, w.approvals, w.report_revision, policy)

        now = self._begin(Action.APPROVE_INVESTIGATION_REPORT, now, check)
        step = w.next_step
        assert step is not None  # checked above
        final = step is CHAIN[-1]
        self._record(
            InvestigationReportApproved(
                complaint_id=self.id,
                occurred_at=now,
                actor=actor.subject,
                revision=w.report_revision,
                step=step,
                comment=text,
                final=final,
            )
        )

    def return_investigation_report(
        self: _Case, actor: Actor, reason: str, policy: WorkflowPolicy, now: datetime
    ) -> None:
        """CMP-06: the next step refuses; the report goes back to its author with the reasons."""
        text = investigation.require_return_reason(reason)
        w = self.workflow

        def check() -> None:
            investigation.require_approver(actor, w.next_step, w.report_author, w.approvals, w.report_revision, policy)

        now = self._begin(Action.RETURN_INVESTIGATION_REPORT, now, check)
        step = w.next_step
        assert step is not None  # checked above
        self._record(
            InvestigationReportReturned(
                complaint_id=self.id,
                occurred_at=now,
                actor=actor.subject,
                revision=w.report_revision,
                step=step,
                reason=text,
                report_author=w.report_author,
            )
        )

    def record_customer_answer(
        self: _Case, actor: Actor, method: AnswerMethod, summary: str, policy: WorkflowPolicy, now: datetime
    ) -> None:
        """CMP-06: customer service answered the customer in writing or by phone."""
        text = investigation.require_answer(method, summary)
        now = self._begin(
            Action.RECORD_CUSTOMER_ANSWER,
            now,
            lambda: investigation.require_answerable(actor, self.workflow.report_status, policy),
        )
        self._record(
            CustomerAnswerRecorded(
                complaint_id=self.id, occurred_at=now, actor=actor.subject, method=method, summary=text
            )
        )

    def escalate(
        self: _Case,
        actor: Actor,
        to_level: EscalationLevel,
        reason: str,
        handling_opinion: str,
        policy: WorkflowPolicy,
        now: datetime,
    ) -> None:
        """CMP-07: pass the case one level up with its card and a reason."""
        opinion = rules.optional_text(handling_opinion, "handling_opinion", "CMP-07")
        text = escalation.require_escalation_reason(reason)
        w = self.workflow
        from_level = w.level
        now = self._begin(
            Action.ESCALATE,
            now,
            lambda: escalation.require_escalation(actor, w.level, w.pending_level, to_level, policy),
        )
        self._record(
            ComplaintEscalated(
                complaint_id=self.id,
                occurred_at=now,
                actor=actor.subject,
                from_level=from_level,
                to_level=to_level,
                reason=text,
                handling_opinion=opinion,
                number=self.number,
                complainant_name=self.complainant.name,
                demands=self.demands,
                received_at=self.received_at,
            )
        )

    def acknowledge_escalation(self: _Case, actor: Actor, note: str, policy: WorkflowPolicy, now: datetime) -> None:
        """CMP-07: the receiving level takes the case on."""
        text = rules.optional_text(note, "note", "CMP-07")
        w = self.workflow
        by = w.escalations[-1].escalated_by if w.escalations else ""
        now = self._begin(
            Action.ACKNOWLEDGE_ESCALATION,
            now,
            lambda: escalation.require_acknowledger(actor, w.pending_level, by, policy),
        )
        self._record(
            EscalationAcknowledged(complaint_id=self.id, occurred_at=now, actor=actor.subject, level=w.level, note=text)
        )
