"""A case's grade and visit tasks (CMP-15, CMP-17): the state ``CaseCare``, folded from
``care_events``, and the ``Complaint`` commands that record them (a mixin, as the workflow's,
so ``model.py`` only calls in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

from complaints.domain.states import Action
from complaints.domain.values import Category, Channel, Grade, Nature, Severity, VisitKind
from complaints.intake.domain import grades, rules
from complaints.intake.domain.care_events import (
    CareEvent,
    ComplaintNotified,
    ComplaintRegraded,
    PropertyDatesRecorded,
    VisitRecorded,
    VisitTaskOpened,
)
from complaints.intake.domain.events import ReturnVisitRecorded
from complaints.intake.domain.policy import ComplaintPolicy
from complaints.workflow.domain import visits
from complaints.workflow.domain.visits import VisitDue, VisitTask
from cskit.domain import Actor


@dataclass(slots=True)
class CaseCare:
    """The grade, who was told, the property dates and the visit tasks of a case."""

    grade: Grade = Grade.GENERAL
    bodily_harm: bool = False
    member: bool = False
    notified_roles: tuple[str, ...] = ()
    contract_verified_at: datetime | None = None
    handed_over_at: datetime | None = None
    visit_tasks: tuple[VisitTask, ...] = ()

    def filed(self, grade: Grade, bodily_harm: bool, member: bool) -> None:
        self.grade, self.bodily_harm, self.member = grade, bodily_harm, member

    def apply(self, event: object) -> None:
        """Fold a care event; the return visit (``ReturnVisitRecorded``) closes its task too."""
        match event:
            case ComplaintRegraded(to_grade=grade):
                self.grade = grade
            case ComplaintNotified(recipient_roles=roles):
                self.notified_roles = (*self.notified_roles, *roles)
            case VisitTaskOpened(kind=kind, occurred_at=at, due_at=due, rule_id=rule):
                self.visit_tasks = (*self.visit_tasks, VisitTask(kind, at, due, rule))
            case VisitRecorded(kind=kind, occurred_at=at):
                self._done(kind, at)
            case PropertyDatesRecorded(contract_verified_at=verified, handed_over_at=handed):
                self.contract_verified_at = verified or self.contract_verified_at
                self.handed_over_at = handed or self.handed_over_at
            case ReturnVisitRecorded(occurred_at=at):
                self._done(VisitKind.RETURN, at)

    def _done(self, kind: VisitKind, at: datetime) -> None:
        # The oldest open task of the kind is the one the visit answers.
        for i, task in enumerate(self.visit_tasks):
            if task.kind is kind and task.done_at is None:
                self.visit_tasks = (*self.visit_tasks[:i], replace(task, done_at=at), *self.visit_tasks[i + 1 :])
                return


def opened(complaint_id: str, actor: str, now: datetime, due: VisitDue) -> VisitTaskOpened:
    return VisitTaskOpened(
        complaint_id=complaint_id,
        occurred_at=now,
        actor=actor,
        kind=due.kind,
        counts_from=due.counts_from,
        due_at=due.due_at,
        rule_id=due.rule_id,
        reason=due.reason,
    )


class _Filed(Protocol):
    id: str
    filed_by: str
    category: Category
    received_at: datetime
    updated_at: datetime
    policy: ComplaintPolicy
    care: CaseCare


def filing_events(case: _Filed) -> list[CareEvent]:
    """CMP-15 at intake, for a case just filed: a product-quality complaint notifies its roles
    at once; bodily harm or hospitalisation opens an immediate visit task."""
    who, now, policy = case.filed_by, case.updated_at, case.policy
    events: list[CareEvent] = []
    if roles := grades.quality_notice_roles(case.category, policy):
        events.append(
            ComplaintNotified(
                complaint_id=case.id,
                occurred_at=now,
                actor=who,
                reason=grades.QUALITY_NOTICE,
                recipient_roles=roles,
                grade=case.care.grade,
                rule_id=grades.RULE,
            )
        )
    if case.care.bodily_harm:
        events.append(opened(case.id, who, now, visits.harm_visit_due(case.received_at, policy)))
    return events


def return_visit_event(
    complaint_id: str, actor: str, now: datetime, nature: Nature, member: bool, policy: ComplaintPolicy
) -> VisitTaskOpened | None:
    """CMP-17: a resolved case that needs a return visit (CMP-10) owes one by its due date."""
    if not rules.needs_return_visit(nature, policy):
        return None
    return opened(complaint_id, actor, now, visits.return_visit_due(now, member, policy))


class _Case(Protocol):
    id: str
    channel: Channel
    severity: Severity
    policy: ComplaintPolicy
    care: CaseCare

    def _begin(self, action: Action, now: datetime, check: Callable[[], None] | None = None) -> datetime: ...

    def _record(self, event: CareEvent) -> None: ...


class CareCommands:
    """The grade and visit commands of ``Complaint``."""

    def regrade(self: _Case, actor: Actor, grade: Grade, reason: str, now: datetime) -> None:
        """CMP-15: change the grade with a reason; the reply and resolution clocks re-arm."""
        text = grades.require_regrade(self.care.grade, grade, reason)
        now = self._begin(Action.REGRADE, now)
        self._record(
            ComplaintRegraded(
                complaint_id=self.id,
                occurred_at=now,
                actor=actor.subject,
                from_grade=self.care.grade,
                to_grade=grade,
                reason=text,
                first_reply_within=grades.first_reply_within(grade, self.policy),
                resolution_within=grades.resolution_within(grade, self.severity, self.policy),
            )
        )

    def record_visit(self: _Case, actor: Actor, kind: VisitKind, note: str, now: datetime) -> None:
        """CMP-15 / CMP-17: a harm or property visit made; it meets its task's clock."""
        text = rules.optional_text(note, "note", visits.RULE)
        now = self._begin(Action.RECORD_VISIT, now, lambda: visits.require_open_task(self.care.visit_tasks, kind))
        self._record(VisitRecorded(complaint_id=self.id, occurred_at=now, actor=actor.subject, kind=kind, note=text))

    def record_property_dates(
        self: _Case, actor: Actor, verified_on: date | None, handed_over_on: date | None, now: datetime
    ) -> None:
        """CMP-17: a property case's contract verification and handover dates open its two visits."""
        today = rules.utc(now, "now").astimezone(self.policy.zone).date()
        visits.require_property_dates(verified_on, handed_over_on, today)
        now = self._begin(Action.RECORD_PROPERTY_DATES, now)
        zone = self.policy.zone
        self._record(
            PropertyDatesRecorded(
                complaint_id=self.id,
                occurred_at=now,
                actor=actor.subject,
                contract_verified_at=visits.local_midnight(verified_on, zone) if verified_on else None,
                handed_over_at=visits.local_midnight(handed_over_on, zone) if handed_over_on else None,
            )
        )
        for due in visits.property_visits_due(verified_on, handed_over_on, self.policy):
            self._record(opened(self.id, actor.subject, now, due))
