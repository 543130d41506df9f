"""Complaint statuses and the ONE transition table (CMP-02, CMP-03, CMP-04, CMP-10).

The table says which action each status allows and where it leads. Conditions that depend
on more than the status (closing a valid complaint needs a satisfied return visit, the
resolution clock may not pause for major cases) live in ``rules.py``.
"""

from __future__ import annotations

from enum import StrEnum

from complaints.domain.errors import IllegalTransition
from cskit.domain.transitions import TransitionTable


class Status(StrEnum):
    UNSPECIFIED = "unspecified"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    VISITED = "visited"
    CLOSED = "closed"


class Action(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    REPLY_TO_REJECTION = "reply_to_rejection"
    REPLY = "reply"
    ADD_PROGRESS_NOTE = "add_progress_note"
    RESOLVE = "resolve"
    RETURN_VISIT_SATISFIED = "return_visit_satisfied"
    RETURN_VISIT_UNSATISFIED = "return_visit_unsatisfied"
    CLOSE = "close"
    RECLASSIFY = "reclassify"
    PAUSE_RESOLUTION_CLOCK = "pause_resolution_clock"
    RESUME_RESOLUTION_CLOCK = "resume_resolution_clock"
    # The case workflow (workflow.py): status stays, the workflow's own rules decide.
    ROUTE = "route"
    ASSIGN_HANDLING_DEPARTMENT = "assign_handling_department"
    SUBMIT_INVESTIGATION_REPORT = "submit_investigation_report"
    APPROVE_INVESTIGATION_REPORT = "approve_investigation_report"
    RETURN_INVESTIGATION_REPORT = "return_investigation_report"
    RECORD_CUSTOMER_ANSWER = "record_customer_answer"
    ESCALATE = "escalate"
    ACKNOWLEDGE_ESCALATION = "acknowledge_escalation"
    # Grades and visits (care.py): status stays.
    REGRADE = "regrade"
    RECORD_VISIT = "record_visit"
    RECORD_PROPERTY_DATES = "record_property_dates"


# The rule each action serves; an illegal move names it.
ACTION_RULES: dict[Action, str] = {
    Action.ACCEPT: "CMP-03",
    Action.REJECT: "CMP-03",
    Action.REPLY_TO_REJECTION: "CMP-03",
    Action.REPLY: "CMP-04",
    Action.ADD_PROGRESS_NOTE: "CMP-10",
    Action.RESOLVE: "CMP-04",
    Action.RETURN_VISIT_SATISFIED: "CMP-10",
    Action.RETURN_VISIT_UNSATISFIED: "CMP-10",
    Action.CLOSE: "CMP-10",
    Action.RECLASSIFY: "CMP-02",
    Action.PAUSE_RESOLUTION_CLOCK: "CMP-04",
    Action.RESUME_RESOLUTION_CLOCK: "CMP-04",
    Action.ROUTE: "CMP-05",
    Action.ASSIGN_HANDLING_DEPARTMENT: "CMP-05",
    Action.SUBMIT_INVESTIGATION_REPORT: "CMP-06",
    Action.APPROVE_INVESTIGATION_REPORT: "CMP-06",
    Action.RETURN_INVESTIGATION_REPORT: "CMP-06",
    Action.RECORD_CUSTOMER_ANSWER: "CMP-06",
    Action.ESCALATE: "CMP-07",
    Action.ACKNOWLEDGE_ESCALATION: "CMP-07",
    Action.REGRADE: "CMP-15",
    Action.RECORD_VISIT: "CMP-17",
    Action.RECORD_PROPERTY_DATES: "CMP-17",
}

# CMP-05..07: routing, investigation and escalation happen while the case is worked on.
WORKFLOW_ACTIONS = (
    Action.ROUTE,
    Action.ASSIGN_HANDLING_DEPARTMENT,
    Action.SUBMIT_INVESTIGATION_REPORT,
    Action.APPROVE_INVESTIGATION_REPORT,
    Action.RETURN_INVESTIGATION_REPORT,
    Action.RECORD_CUSTOMER_ANSWER,
    Action.ESCALATE,
    Action.ACKNOWLEDGE_ESCALATION,
)

_LIVE = (Status.RECEIVED, Status.ACCEPTED, Status.REJECTED, Status.IN_PROGRESS, Status.RESOLVED, Status.VISITED)
_WORKING = (Status.ACCEPTED, Status.IN_PROGRESS)
# CMP-15: a grade changes while the case is still to be answered or worked on.
_GRADABLE = (Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS)
# CMP-17: visits come after resolution, a property case's months after closing too.
_VISITABLE = (*_LIVE, Status.CLOSED)

TRANSITIONS: TransitionTable[Status, Action] = TransitionTable(
    {
        (Status.RECEIVED, Action.ACCEPT): Status.ACCEPTED,
        (Status.RECEIVED, Action.REJECT): Status.REJECTED,
        (Status.REJECTED, Action.REPLY_TO_REJECTION): Status.CLOSED,
        (Status.ACCEPTED, Action.REPLY): Status.IN_PROGRESS,
        (Status.IN_PROGRESS, Action.REPLY): Status.IN_PROGRESS,
        (Status.ACCEPTED, Action.RESOLVE): Status.RESOLVED,
        (Status.IN_PROGRESS, Action.RESOLVE): Status.RESOLVED,
        (Status.RESOLVED, Action.RETURN_VISIT_SATISFIED): Status.VISITED,
        # Reopen (CMP-10): an unsatisfied customer puts the case back in progress.
        (Status.RESOLVED, Action.RETURN_VISIT_UNSATISFIED): Status.IN_PROGRESS,
        (Status.VISITED, Action.CLOSE): Status.CLOSED,
        # Only for a communicative complaint the policy does not visit (rules.require_closable).
        (Status.RESOLVED, Action.CLOSE): Status.CLOSED,
        **{(status, Action.ADD_PROGRESS_NOTE): status for status in _LIVE},
        **{(status, Action.RECLASSIFY): status for status in _LIVE},
        **{(status, Action.PAUSE_RESOLUTION_CLOCK): status for status in _WORKING},
        **{(status, Action.RESUME_RESOLUTION_CLOCK): status for status in _WORKING},
        **{(status, action): status for status in _WORKING for action in WORKFLOW_ACTIONS},
        **{(status, Action.REGRADE): status for status in _GRADABLE},
        **{(status, Action.RECORD_VISIT): status for status in _VISITABLE},
        **{(status, Action.RECORD_PROPERTY_DATES): status for status in _VISITABLE},
    },
    record="a complaint",
    rule=ACTION_RULES,
    error=IllegalTransition,
)


def transition(status: Status, action: Action) -> Status:
    """The status ``action`` leads to from ``status``; raises ``IllegalTransition`` if none."""
    return TRANSITIONS.move(status, action)


def allowed_actions(status: Status) -> frozenset[Action]:
    return TRANSITIONS.allowed(status)
