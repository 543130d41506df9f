"""The ``Complaint`` aggregate: it guards its own transitions and records its events.

Event-sourced lite: every command validates, then ``_record``s events; ``_apply`` is the
only code that changes state, so ``Complaint.rebuild(history)`` reproduces the live
aggregate exactly. ``history`` holds every event applied (loaded and new), ``pending`` only
the new ones, which the unit of work harvests with ``pull_pending()``.

Before recording a command's own events, a command records any clock breach already due at
``now`` (``check_clocks``), so a late reply still leaves its breach on the record even if
the timer has not fired yet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypedDict

from complaints.domain.states import Action, transition
from complaints.domain.values import (
    Channel,
    ClockKind,
    ClockState,
    Complainant,
    Intake,
    Nature,
    ProgressNote,
    ReturnVisit,
    Severity,
    Target,
)
from complaints.intake.domain import care, grades, rules
from complaints.intake.domain.care import CareCommands
from complaints.intake.domain.clocks import ClockView, clock_of, due_breaches, next_deadline
from complaints.intake.domain.events import (
    SYSTEM_ACTOR,
    ClockBreached,
    ClockPaused,
    ClockResumed,
    ComplaintAccepted,
    ComplaintClosed,
    ComplaintEvent,
    ComplaintFiled,
    ComplaintReclassified,
    ComplaintRejected,
    ComplaintReopened,
    ComplaintReplied,
    ComplaintResolved,
    ProgressNoted,
    RejectionReplied,
    ReturnVisitRecorded,
)
from complaints.intake.domain.policy import ComplaintPolicy
from complaints.intake.domain.state import ComplaintState
from complaints.workflow.domain import investigation
from complaints.workflow.domain.model import WorkflowCommands
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.domain.aggregate import EventSourced

__all__ = ["Complainant", "Complaint", "ProgressNote", "ReturnVisit", "Target"]

UNSATISFIED_VISIT = "unsatisfied return visit"


class _Base(TypedDict):
    complaint_id: str
    occurred_at: datetime
    actor: str


class Complaint(WorkflowCommands, CareCommands, ComplaintState, EventSourced[ComplaintEvent]):
    """One complaint case. Build it with ``file`` or ``rebuild``, never directly.

    Routing, investigation and escalation (CMP-05..07) are ``WorkflowCommands``; their
    state is ``self.workflow``. Grades and visits (CMP-15, CMP-17) are ``CareCommands``;
    their state is ``self.care``."""

    # -- creation and loading ------------------------------------------------------------

    @classmethod
    def file(
        cls,
        *,
        complaint_id: str,
        branch_id: str,
        sequence: int,
        actor: Actor,
        intake: Intake,
        policy: ComplaintPolicy,
        now: datetime,
    ) -> Complaint:
        """File a complaint (CMP-01). ``sequence`` is the branch's next number in the month
        ``rules.numbering_period(now, policy.time_zone)`` (the server's receipt), allocated by persistence;
        ``received_at`` defaults to ``now``."""
        now = rules.utc(now, "now")
        if not complaint_id:
            raise InvalidInput.on("complaint_id", "is required", rule_id="CMP-01")
        rules.validate_intake(intake, now, policy)
        received = rules.utc(intake.received_at or now, "received_at")
        severity = Severity.ORDINARY if intake.severity is Severity.UNSPECIFIED else intake.severity
        complaint = cls()
        complaint._record(
            ComplaintFiled(
                complaint_id=complaint_id,
                occurred_at=now,
                actor=actor.subject,
                # Numbered by the server's receipt, never by the client's time: a backdated
                # intake cannot take a number in another month's series.
                number=rules.complaint_number(branch_id, now, sequence, policy.time_zone),
                branch_id=branch_id,
                channel=intake.channel,
                complainant=intake.complainant,
                target=intake.target,
                description=intake.description.strip(),
                demands=rules.dedupe(intake.demands),
                category=intake.category,
                nature=rules.nature_of(intake.category),
                severity=severity,
                compensation_involved=intake.compensation_involved,
                received_at=received,
                policy=policy,
                grade=grades.grade_at_intake(intake.grade),
                bodily_harm=intake.bodily_harm,
                member=intake.member,
            )
        )
        for event in care.filing_events(complaint):  # CMP-15: notices and a harm visit at once
            complaint._record(event)
        return complaint

    @classmethod
    def rebuild(cls, history: Sequence[ComplaintEvent]) -> Complaint:
        """The aggregate as its history leaves it; nothing is pending."""
        if not history or not isinstance(history[0], ComplaintFiled):
            raise InvalidInput.on("history", "must start with ComplaintFiled")
        if any(event.complaint_id != history[0].complaint_id for event in history):
            raise InvalidInput.on("history", "mixes events of different complaints")
        complaint = cls()
        complaint._replay(history)
        return complaint

    # -- clocks (CMP-03, CMP-04) ---------------------------------------------------------

    def clocks(self, now: datetime) -> list[ClockView]:
        return self.clock_runs.views(rules.utc(now, "now"))

    def due_breaches(self, now: datetime) -> list[ClockView]:
        return due_breaches(self.clocks(now))

    def next_deadline(self, now: datetime) -> datetime | None:
        """When a timer should fire ``CheckClocks`` next; None when no clock runs."""
        return next_deadline(self.clocks(now))

    def check_clocks(self, now: datetime) -> list[ClockBreached]:
        """Record a ``ClockBreached`` for each clock due at ``now``; only once per clock.

        CMP-02: a communicative complaint whose reply or resolution clock breaches was
        mishandled and becomes valid (branch policy ``reclassify_communicative_on_breach``),
        recorded as ``ComplaintReclassified`` with the rule ID right after the breach."""
        now = rules.utc(now, "now")
        breaches = [
            ClockBreached(
                complaint_id=self.id,
                occurred_at=now,
                actor=SYSTEM_ACTOR,
                kind=clock.kind,
                rule_id=clock.rule_id,
                deadline_at=clock.deadline_at,
                breached_at=now,
            )
            for clock in self.due_breaches(now)
        ]
        for breach in breaches:
            self._record(breach)
            if rules.reclassify_after_breach(self.nature, breach.kind, self.policy):
                self._record(
                    ComplaintReclassified(
                        complaint_id=self.id,
                        occurred_at=now,
                        actor=SYSTEM_ACTOR,
                        from_nature=self.nature,
                        to_nature=Nature.VALID,
                        reason=f"{breach.kind.value} clock ({breach.rule_id}) breached: mishandled",
                        rule_id="CMP-02",
                    )
                )
        return breaches

    # -- commands ------------------------------------------------------------------------

    def accept(self, actor: Actor, note: str, now: datetime) -> None:
        """CMP-03: the receiving desk takes the complaint on."""
        text = rules.optional_text(note, "note", "CMP-03")
        now = self._begin(Action.ACCEPT, now)
        self._record(ComplaintAccepted(**self._base(actor, now), note=text))

    def reject(self, actor: Actor, reason: str, now: datetime) -> None:
        """CMP-03: rejected as invalid (reason required); starts the 2-hour reply clock."""
        text = rules.require_rejection_reason(reason)
        now = self._begin(Action.REJECT, now)
        self._record(ComplaintRejected(**self._base(actor, now), reason=text))

    def reply_to_rejection(self, actor: Actor, message: str, now: datetime) -> None:
        """CMP-03: the courteous explanation to the complainant; it closes the case."""
        text = rules.require_rejection_reply(message)
        now = self._begin(Action.REPLY_TO_REJECTION, now)
        self._record(RejectionReplied(**self._base(actor, now), message=text))
        self._record(
            ComplaintClosed(**self._base(actor, now), summary=text, received_at=self.received_at, nature=self.nature)
        )

    def reply(
        self,
        actor: Actor,
        message: str,
        next_reply_at: datetime,
        now: datetime,
        channel: Channel = Channel.UNSPECIFIED,
        channel_reason: str = "",
    ) -> None:
        """CMP-04: a reply to the customer naming when they will hear from us next; on the
        intake channel unless another is given with a reason (CMP-15)."""
        text, next_at = rules.require_reply(
            message, next_reply_at, rules.utc(now, "now"), received_at=self.received_at, policy=self.policy
        )
        on, why = grades.reply_channel(self.channel, channel, channel_reason)
        now = self._begin(Action.REPLY, now)
        self._record(
            ComplaintReplied(
                **self._base(actor, now), message=text, next_reply_at=next_at, channel=on, channel_reason=why
            )
        )

    def add_progress_note(self, actor: Actor, message: str, customer_informed: bool, now: datetime) -> None:
        """CMP-10: the customer hears of progress until the case closes."""
        text = rules.require_progress_note(message)
        now = self._begin(Action.ADD_PROGRESS_NOTE, now)
        self._record(ProgressNoted(**self._base(actor, now), message=text, customer_informed=customer_informed))

    def resolve(self, actor: Actor, resolution: str, now: datetime) -> None:
        """CMP-04: meets the resolution clock (and the first-reply clock if still open)."""
        text = rules.require_resolution(resolution)
        w = self.workflow
        now = self._begin(
            Action.RESOLVE, now, lambda: investigation.require_resolvable(w.investigated, w.customer_answer is not None)
        )
        self._record(ComplaintResolved(**self._base(actor, now), resolution=text))
        if visit := care.return_visit_event(self.id, actor.subject, now, self.nature, self.care.member, self.policy):
            self._record(visit)

    def record_return_visit(
        self, actor: Actor, satisfied: bool, satisfaction: int, comment: str, now: datetime
    ) -> None:
        """CMP-10: record the visit. An unsatisfied customer reopens the case; a
        communicative case found mishandled becomes valid first (CMP-02, by policy)."""
        rules.validate_satisfaction(satisfaction)
        text = rules.optional_text(comment, "comment", "CMP-10")
        action = Action.RETURN_VISIT_SATISFIED if satisfied else Action.RETURN_VISIT_UNSATISFIED
        now = self._begin(action, now)
        base = self._base(actor, now)
        self._record(ReturnVisitRecorded(**base, satisfied=satisfied, satisfaction=satisfaction, comment=text))
        if satisfied:
            return
        why = text or UNSATISFIED_VISIT
        if rules.reclassify_after_visit(self.nature, satisfied, self.policy):
            self._record(ComplaintReclassified(**base, from_nature=self.nature, to_nature=Nature.VALID, reason=why))
        self._record(ComplaintReopened(**base, reopen_count=self.reopen_count + 1, reason=why))

    def close(self, actor: Actor, summary: str, now: datetime) -> None:
        """CMP-10 / CMP-04: close a visited case, or a resolved one that needs no visit."""
        text = rules.optional_text(summary, "summary", "CMP-10")
        now = self._begin(Action.CLOSE, now, lambda: rules.require_closable(self.nature, self.status, self.policy))
        self._record(
            ComplaintClosed(**self._base(actor, now), summary=text, received_at=self.received_at, nature=self.nature)
        )

    def reclassify(self, actor: Actor, reason: str, now: datetime) -> None:
        """CMP-02: a mishandled communicative complaint becomes a valid one (leads only)."""
        rules.require_reclassifier(actor)
        text = rules.require_text(reason, "reason", "CMP-02")
        now = self._begin(Action.RECLASSIFY, now, lambda: rules.require_reclassifiable(self.nature))
        self._record(
            ComplaintReclassified(
                **self._base(actor, now), from_nature=self.nature, to_nature=Nature.VALID, reason=text
            )
        )

    def pause_resolution_clock(self, actor: Actor, reason: str, now: datetime) -> None:
        """CMP-04: stop the resolution clock; never for major or compensation cases."""
        text = rules.require_text(reason, "reason", "CMP-04")

        def check() -> None:
            rules.require_pausable(self.severity, self.compensation_involved)
            clock = clock_of(self.clocks(now), ClockKind.RESOLUTION)
            if clock is None or clock.state is not ClockState.RUNNING or clock.overdue:
                raise RuleViolation(
                    "only a running resolution clock within its deadline can pause",
                    code="clock_not_running",
                    rule_id="CMP-04",
                )

        now = self._begin(Action.PAUSE_RESOLUTION_CLOCK, now, check)
        self._record(ClockPaused(**self._base(actor, now), kind=ClockKind.RESOLUTION, reason=text))

    def resume_resolution_clock(self, actor: Actor, now: datetime) -> None:
        """CMP-04: restart the resolution clock; its deadline moves by the paused time."""

        def check() -> None:
            clock = clock_of(self.clocks(now), ClockKind.RESOLUTION)
            if clock is None or clock.state is not ClockState.PAUSED:
                raise RuleViolation("the resolution clock is not paused", code="clock_not_paused", rule_id="CMP-04")

        now = self._begin(Action.RESUME_RESOLUTION_CLOCK, now, check)
        paused = clock_of(self.clocks(now), ClockKind.RESOLUTION)
        assert paused is not None  # checked above
        self._record(ClockResumed(**self._base(actor, now), kind=ClockKind.RESOLUTION, deadline_at=paused.deadline_at))

    # -- internals -----------------------------------------------------------------------

    def _begin(self, action: Action, now: datetime, check: Callable[[], None] | None = None) -> datetime:
        """Allow the move (transition table, then ``check``), then record breaches due at ``now``."""
        now = rules.utc(now, "now")
        transition(self.status, action)
        if check is not None:
            check()
        self.check_clocks(now)
        return now

    def _base(self, actor: Actor, now: datetime) -> _Base:
        return {"complaint_id": self.id, "occurred_at": now, "actor": actor.subject}

    def _apply(self, event: ComplaintEvent) -> None:
        self._apply_state(event)
        self.clock_runs.fold(event, self.policy)
