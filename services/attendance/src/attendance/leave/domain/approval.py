"""Who approves a leave (LV-01): the tier by the working days requested, the approvers from the
requester's line-manager chain, each checked by the grade of their employee record."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from attendance.domain.people import Employee, Grade
from attendance.leave.domain.counting import Span
from attendance.leave.domain.kinds import KIND_RULES, LeaveKind
from attendance.leave.domain.policy import LeavePolicy
from cskit.domain import Actor, Forbidden, RuleViolation
from cskit.domain.actor import require_not_requester
from cskit.domain.rules import enforces


@dataclass(frozen=True, slots=True, kw_only=True)
class ApprovalStep:
    approver_id: str
    # The lowest grade (people.Grade) the approver's record must hold when they decide.
    min_grade: int


def _no_approver(message: str) -> RuleViolation:
    return RuleViolation(message, code="no_approver", rule_id="LV-01")


@enforces("LV-01")
def approval_steps(
    working_days: Decimal, requester: Employee, chain: list[Employee], policy: LeavePolicy
) -> tuple[ApprovalStep, ...]:
    """Up to 1 working day: the direct supervisor. Up to 3: two levels in the department, the
    higher at least a manager. Over 3: the department head, at least a director. The chain is
    the requester's line managers, nearest first; nobody in it is the requester."""
    chain = [m for m in chain if m.id != requester.id]
    if not chain:
        raise _no_approver("the requester has no line manager to approve the leave")
    if working_days <= policy.supervisor_max_days:
        return (ApprovalStep(approver_id=chain[0].id, min_grade=Grade.SUPERVISOR),)
    if working_days <= policy.department_max_days:
        levels = [m for m in chain[:2] if m.department_id == requester.department_id]
        if len(levels) < 2 or levels[1].grade < Grade.MANAGER:
            raise _no_approver(
                "two levels of line managers in the department are needed, the higher at least a manager"
            )
        return (
            ApprovalStep(approver_id=chain[0].id, min_grade=Grade.SUPERVISOR),
            ApprovalStep(approver_id=chain[1].id, min_grade=Grade.MANAGER),
        )
    head = next((m for m in chain if m.grade >= Grade.DIRECTOR), None)
    if head is None:
        raise _no_approver("a leave of more than 3 working days needs a department head of director grade")
    return (ApprovalStep(approver_id=head.id, min_grade=Grade.DIRECTOR),)


def filed_with_hr(kind: LeaveKind, span: Span, policy: LeavePolicy) -> bool:
    """LV-01's HR filing: annual, marriage, maternity, bereavement and public leave, and any
    leave of more than 10 consecutive days."""
    return KIND_RULES[kind].hr_filed or span.calendar_days > policy.hr_filing_over_days


def check_approver(step: ApprovalStep, actor: Actor, approver: Employee | None, requester_id: str) -> None:
    """The step's approver decides, never the requester, with the grade the step needs on their record."""
    require_not_requester(actor, requester_id, action="deciding a leave")
    if actor.subject != step.approver_id:
        raise Forbidden("this leave awaits another approver", code="not_the_approver", rule_id="LV-01")
    if approver is None or approver.grade < step.min_grade:
        raise Forbidden(
            f"approving this leave needs grade {Grade(step.min_grade).name.lower()}",
            code="grade_required",
            rule_id="LV-01",
        )
