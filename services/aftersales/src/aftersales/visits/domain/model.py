"""The visits' records, event-sourced: a completed order's return visit (AFS-06) lives here; the
site with its households (``sites``), each site's monthly tally of owner visits (AFS-12,
``owner_visits``) and the twice-yearly survey campaign (AFS-06, ``surveys``) sit beside it.
The rules live in these and in ``VisitsPolicy``, once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import assert_never

from aftersales.visits.domain.events import (
    ReturnVisitEvent,
    ReturnVisitOverdue,
    ReturnVisitRecorded,
    ReturnVisitScheduled,
)
from aftersales.visits.domain.fields import AGENTS, satisfaction_of, text
from aftersales.visits.domain.policy import VisitsPolicy
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ReturnVisit(EventSourced[ReturnVisitEvent]):
    """One per completed work order; its id is the order's."""

    id: str
    branch_id: str
    order_id: str
    order_number: str
    unit: str
    requester_name: str
    requester_phone: str
    engineer: str
    completed_at: datetime
    due_at: datetime
    # open: not yet reached; done: the customer reached and asked.
    state: str
    attempts: int
    reached: bool
    satisfaction: str
    comment: str
    visited_by: str
    visited_at: datetime | None
    overdue: bool
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.order_id = self.order_number = self.unit = ""
        self.requester_name = self.requester_phone = self.engineer = ""
        self.completed_at = self.due_at = self.created_at = self.updated_at = _EPOCH
        self.state = "open"
        self.attempts = 0
        self.reached = self.overdue = False
        self.satisfaction = self.comment = self.visited_by = ""
        self.visited_at = None

    @classmethod
    @enforces("AFS-06")
    def schedule(
        cls,
        *,
        order_id: str,
        branch_id: str,
        order_number: str,
        unit: str,
        requester_name: str,
        requester_phone: str,
        engineer: str,
        completed_at: datetime,
        policy: VisitsPolicy,
        now: datetime,
    ) -> ReturnVisit:
        """A completed order's visit, due by the end of the 2nd working day after its local day."""
        visit = cls()
        visit._record(
            ReturnVisitScheduled(
                visit_id=order_id,
                branch_id=branch_id,
                order_id=order_id,
                order_number=order_number,
                unit=unit,
                requester_name=requester_name,
                requester_phone=requester_phone,
                engineer=engineer,
                completed_at=completed_at,
                due_at=policy.return_visit_due(completed_at),
                actor="system",
                occurred_at=now,
            )
        )
        return visit

    def record(self, actor: Actor, *, reached: bool, satisfaction: str, comment: str, now: datetime) -> None:
        """Customer service called: reached, with the customer's satisfaction, or not reached."""
        require_role(actor, AGENTS, action="recording a return visit")
        if self.state == "done":
            raise RuleViolation("the return visit is already recorded", code="visit_done", rule_id="AFS-06")
        if reached:
            checked = satisfaction_of(satisfaction)
        elif satisfaction.strip():
            raise InvalidInput.on("satisfaction", "only a reached customer gives one", rule_id="AFS-06")
        else:
            checked = ""
        self._record(
            ReturnVisitRecorded(
                visit_id=self.id,
                order_id=self.order_id,
                reached=reached,
                satisfaction=checked,
                comment=text("comment", comment),
                late=now > self.due_at,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-06")
    def due_clock(self, now: datetime) -> bool:
        """The due time passed: flagged once, if nobody reached the customer. True when flagged."""
        if self.state == "done" or self.overdue or now < self.due_at:
            return False
        self._record(
            ReturnVisitOverdue(
                visit_id=self.id,
                order_id=self.order_id,
                branch_id=self.branch_id,
                due_at=self.due_at,
                actor="system",
                occurred_at=now,
            )
        )
        return True

    def _apply(self, event: ReturnVisitEvent) -> None:
        match event:
            case ReturnVisitScheduled():
                self.id, self.branch_id, self.order_id = event.visit_id, event.branch_id, event.order_id
                self.order_number, self.unit, self.engineer = event.order_number, event.unit, event.engineer
                self.requester_name, self.requester_phone = event.requester_name, event.requester_phone
                self.completed_at, self.due_at = event.completed_at, event.due_at
                self.created_at = event.occurred_at
            case ReturnVisitRecorded():
                self.attempts += 1
                self.visited_by, self.visited_at, self.comment = event.actor, event.occurred_at, event.comment
                if event.reached:
                    self.state, self.reached, self.satisfaction = "done", True, event.satisfaction
            case ReturnVisitOverdue():
                self.overdue = True
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
