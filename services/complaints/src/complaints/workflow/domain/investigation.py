"""CMP-06 Investigation: the report, its approval chain and the answer to the customer.

The handling department writes the report (cause, course of events, responsible people,
conclusion, countermeasures); it goes supervisor -> administration -> general manager,
each step by a user of the step's role and grade who is not the report's author and has
not approved another step of the same revision (PLT-02). A refusal returns it to its
author with the reasons; after the last approval customer service records how the
customer was answered, and only then may an investigated case be resolved.
"""

from __future__ import annotations

from collections.abc import Sequence

from complaints.intake.domain import rules
from complaints.workflow.domain.policy import WorkflowPolicy, require_gate
from complaints.workflow.domain.values import (
    CHAIN,
    AnswerMethod,
    ApprovalStep,
    ReportApproval,
    ReportContent,
    ReportStatus,
)
from cskit.domain import Actor, FieldViolation, Forbidden, InvalidInput, RuleViolation, enforces, require_not_requester
from cskit.domain.text import text_problem

MAX_PEOPLE = 50


@enforces("CMP-06")
def validate_report(content: ReportContent) -> ReportContent:
    """All five parts, every missing one reported together; each responsible entry names a
    person (id or name) or, failing that, a team or department (CMP-11 pins it there)."""
    bad: list[FieldViolation] = []
    texts: dict[str, str] = {}
    for name in ("cause", "course_of_events", "conclusion", "countermeasures"):
        raw: str = getattr(content, name)
        value = raw.strip()
        if (problem := text_problem(raw, multiline=True)) is not None:
            bad.append(FieldViolation(name, problem))
        elif not value:
            bad.append(FieldViolation(name, "is required"))
        elif len(value) > rules.MAX_TEXT:
            bad.append(FieldViolation(name, f"is longer than {rules.MAX_TEXT} characters"))
        texts[name] = value
    people = content.responsible_people
    if not people:
        bad.append(FieldViolation("responsible_people", "name at least one person, team or department"))
    elif len(people) > MAX_PEOPLE:
        bad.append(FieldViolation("responsible_people", f"at most {MAX_PEOPLE} entries"))
    for i, p in enumerate(people):
        for part in ("person_id", "name", "team", "department"):
            if (problem := text_problem(getattr(p, part), multiline=False)) is not None:
                bad.append(FieldViolation(f"responsible_people[{i}].{part}", problem))
        if not any(v.strip() for v in (p.person_id, p.name, p.team, p.department)):
            bad.append(FieldViolation(f"responsible_people[{i}]", "needs a person id, name, team or department"))
    if bad:
        raise InvalidInput(
            "; ".join(f"{v.field}: {v.description}" for v in bad), rule_id="CMP-06", violations=tuple(bad)
        )
    return ReportContent(
        cause=texts["cause"],
        course_of_events=texts["course_of_events"],
        responsible_people=tuple(people),
        conclusion=texts["conclusion"],
        countermeasures=texts["countermeasures"],
    )


@enforces("CMP-06")
def require_submittable(actor: Actor, department: str, status: ReportStatus, policy: WorkflowPolicy) -> None:
    """The named handling department reports; a report in approval or approved stays as is."""
    require_gate(actor, policy.report_authors, action="submitting the investigation report (CMP-06)")
    if not department:
        raise RuleViolation(
            "no handling department has been named for this case", code="no_handling_department", rule_id="CMP-06"
        )
    if status is ReportStatus.IN_APPROVAL:
        raise RuleViolation("the report is in approval", code="report_in_approval", rule_id="CMP-06")
    if status is ReportStatus.APPROVED:
        raise RuleViolation("the report is already approved", code="report_approved", rule_id="CMP-06")


@enforces("CMP-06")
def next_step(status: ReportStatus, approvals: Sequence[ReportApproval], revision: int) -> ApprovalStep | None:
    """The step that acts next on the current revision; None unless the report is in approval."""
    if status is not ReportStatus.IN_APPROVAL:
        return None
    done = {a.step for a in approvals if a.revision == revision}
    return next((step for step in CHAIN if step not in done), None)


@enforces("CMP-06", "PLT-02")
def require_approver(
    actor: Actor,
    step: ApprovalStep | None,
    author: str,
    approvals: Sequence[ReportApproval],
    revision: int,
    policy: WorkflowPolicy,
) -> ApprovalStep:
    """The step's role and grade, never the author, one step per person per revision."""
    if step is None:
        raise RuleViolation("no investigation report is waiting for approval", code="no_report", rule_id="CMP-06")
    action = f"the {step.value} step of the investigation report (CMP-06)"
    require_gate(actor, policy.step_gate(step), action=action)
    require_not_requester(actor, author, action=action)
    if any(a.revision == revision and a.approved_by == actor.subject for a in approvals):
        raise Forbidden(
            f"{action}: one approver may sign only one step of a report", code="same_approver", rule_id="PLT-02"
        )
    return step


@enforces("CMP-06")
def require_return_reason(reason: str) -> str:
    """A refused report goes back with the reasons."""
    return rules.require_text(reason, "reason", "CMP-06")


@enforces("CMP-06")
def require_answer(method: AnswerMethod, summary: str) -> str:
    """The customer is answered in writing or by phone; the summary says what they were told."""
    if method is AnswerMethod.UNSPECIFIED:
        raise InvalidInput.on("method", "written or phone", rule_id="CMP-06")
    return rules.require_text(summary, "summary", "CMP-06")


@enforces("CMP-06")
def require_answerable(actor: Actor, status: ReportStatus, policy: WorkflowPolicy) -> None:
    """Customer service answers, once the report is fully approved."""
    require_gate(actor, policy.customer_service, action="recording the customer answer (CMP-06)")
    if status is not ReportStatus.APPROVED:
        raise RuleViolation(
            "the customer is answered after the report's final approval", code="report_not_approved", rule_id="CMP-06"
        )


@enforces("CMP-06")
def resolution_allowed(investigated: bool, answered: bool) -> bool:
    """An investigated case (department named or report written) resolves once answered."""
    return not investigated or answered


@enforces("CMP-06")
def require_resolvable(investigated: bool, answered: bool) -> None:
    if not resolution_allowed(investigated, answered):
        raise RuleViolation(
            "an investigated case is resolved after the approved answer reached the customer",
            code="customer_answer_required",
            rule_id="CMP-06",
        )
