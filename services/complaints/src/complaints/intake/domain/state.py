"""The state of a ``Complaint`` and how each event changes it.

``_apply_state`` is the only code that changes a complaint's state, so a rebuild from
history reproduces the live aggregate exactly; the commands live in ``model.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import assert_never

from complaints.domain.states import Status
from complaints.domain.values import (
    Category,
    Channel,
    Complainant,
    Demand,
    Nature,
    ProgressNote,
    ReturnVisit,
    Severity,
    Target,
)
from complaints.intake.domain import events as ev
from complaints.intake.domain.care import CaseCare
from complaints.intake.domain.care_events import CARE_EVENTS
from complaints.intake.domain.clocks import ClockRuns
from complaints.intake.domain.policy import DEFAULT_POLICY, ComplaintPolicy
from complaints.workflow.domain.events import WORKFLOW_EVENTS
from complaints.workflow.domain.model import CaseWorkflow

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ComplaintState:
    """What a complaint is, event by event."""

    # The state: what ``to_document`` stores in the read model (annotated for the codec).
    id: str
    number: str
    branch_id: str
    channel: Channel
    complainant: Complainant
    target: Target
    description: str
    demands: tuple[Demand, ...]
    category: Category
    nature: Nature
    severity: Severity
    compensation_involved: bool
    status: Status
    received_at: datetime
    updated_at: datetime
    rejection_reason: str
    resolution: str
    notes: tuple[ProgressNote, ...]
    return_visits: tuple[ReturnVisit, ...]
    reopen_count: int
    next_reply_at: datetime | None
    filed_by: str
    reclassified: bool
    policy: ComplaintPolicy
    workflow: CaseWorkflow
    care: CaseCare
    clock_runs: ClockRuns

    def __init__(self) -> None:
        super().__init__()
        self.id = ""
        self.number = ""
        self.branch_id = ""
        self.channel = Channel.UNSPECIFIED
        self.complainant = Complainant(name="", contact="")
        self.target = Target()
        self.description = ""
        self.demands: tuple[Demand, ...] = ()
        self.category = Category.UNSPECIFIED
        self.nature = Nature.UNSPECIFIED
        self.severity = Severity.UNSPECIFIED
        self.compensation_involved = False
        self.status = Status.UNSPECIFIED
        self.received_at = _EPOCH
        self.updated_at = _EPOCH
        self.rejection_reason = ""
        self.resolution = ""
        self.notes: tuple[ProgressNote, ...] = ()
        self.return_visits: tuple[ReturnVisit, ...] = ()
        self.reopen_count = 0
        self.next_reply_at: datetime | None = None
        self.filed_by = ""
        self.reclassified = False
        # The branch policy in force when the complaint was filed (from ComplaintFiled).
        self.policy = DEFAULT_POLICY
        self.workflow = CaseWorkflow()
        self.care = CaseCare()
        # Folded event by event, so the clocks need no history (CMP-03, CMP-04).
        self.clock_runs = ClockRuns()

    def snapshot(self) -> dict[str, object]:
        """The whole state (not the history), for comparisons and read models."""
        return {k: v for k, v in vars(self).items() if k not in ("history", "pending", "_base_version")}

    def _apply_state(self, event: ev.ComplaintEvent) -> None:
        self.updated_at = event.occurred_at
        self.care.apply(event)
        if isinstance(event, CARE_EVENTS):
            return
        if isinstance(event, WORKFLOW_EVENTS):
            self.workflow.apply(event)
            return
        match event:
            case ev.ComplaintFiled():
                self._apply_filed(event)
            case ev.ComplaintAccepted():
                self.status = Status.ACCEPTED
            case ev.ComplaintRejected(reason=reason):
                self.status, self.rejection_reason = Status.REJECTED, reason
            case ev.ComplaintReplied(next_reply_at=next_reply_at):
                self.status, self.next_reply_at = Status.IN_PROGRESS, next_reply_at
            case ev.ProgressNoted(occurred_at=at, actor=author, message=message, customer_informed=informed):
                self.notes = (*self.notes, ProgressNote(at, author, message, informed))
            case ev.ComplaintResolved(resolution=resolution):
                self.status, self.resolution, self.next_reply_at = Status.RESOLVED, resolution, None
            case ev.ReturnVisitRecorded(occurred_at=at, actor=by, satisfied=satisfied):
                self.return_visits = (
                    *self.return_visits,
                    ReturnVisit(at, by, satisfied, event.satisfaction, event.comment),
                )
                if satisfied:
                    self.status = Status.VISITED
            case ev.ComplaintReopened(reopen_count=count):
                self.status, self.reopen_count = Status.IN_PROGRESS, count
            case ev.ComplaintReclassified(to_nature=nature):
                self.nature, self.reclassified = nature, True
            case ev.ComplaintClosed():
                self.status, self.next_reply_at = Status.CLOSED, None
            case ev.RejectionReplied() | ev.ClockPaused() | ev.ClockResumed() | ev.ClockBreached():
                pass  # clocks are folded from history (clocks.py)
            case _:
                assert_never(event)

    def _apply_filed(self, event: ev.ComplaintFiled) -> None:
        self.id, self.number, self.branch_id = event.complaint_id, event.number, event.branch_id
        self.channel, self.complainant, self.target = event.channel, event.complainant, event.target
        self.description, self.demands = event.description, event.demands
        self.category, self.nature, self.severity = event.category, event.nature, event.severity
        self.compensation_involved = event.compensation_involved
        self.received_at, self.filed_by, self.policy = event.received_at, event.actor, event.policy
        self.care.filed(event.grade, event.bodily_harm, event.member)
        self.status = Status.RECEIVED
