"""A handover log (HO-01, HO-02): the outgoing shift records the state of work and the
checklist, the incoming shift asks, accepts (and signs) or refuses; a refusal with questions
unanswered escalates to the manager, who resolves it; the outgoing shift signs off only after
the incoming accepted; the shift lead reviews the signed log. A security handover (HO-02) is
held at a policy time on a working day and carries the after-hours complaints and service
requests; an urgent one tells both managers at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from enum import StrEnum

from attendance.handover.domain.common import EPOCH, LEADS, MANAGERS, new_id, ref, text
from attendance.handover.domain.events import (
    AfterHoursItem,
    CheckItem,
    HandoverAccepted,
    HandoverEscalationResolved,
    HandoverLogEvent,
    HandoverOpened,
    HandoverQuestionAnswered,
    HandoverQuestionAsked,
    HandoverRefused,
    HandoverReviewed,
    HandoverSignedOff,
    UrgentHandoverItem,
)
from attendance.handover.domain.policy import HandoverPolicy
from cskit.domain import Actor, Conflict, Forbidden, InvalidInput, RuleViolation
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces

AFTER_HOURS_KINDS = frozenset({"complaint", "service_request"})
MAX_ITEMS = 100


class LogKind(StrEnum):
    SHIFT = "shift"
    SECURITY = "security"


class LogState(StrEnum):
    OPEN = "open"
    ESCALATED = "escalated"
    ACCEPTED = "accepted"
    SIGNED_OFF = "signed_off"
    REVIEWED = "reviewed"


def check_items(items: Sequence[CheckItem]) -> tuple[CheckItem, ...]:
    """Each check passed or failed; a failed check says what is wrong."""
    if len(items) > MAX_ITEMS:
        raise InvalidInput.on("items", f"at most {MAX_ITEMS}")
    out = []
    for i, item in enumerate(items):
        name, note = text(item.name, f"items[{i}].name", required=True), text(item.note, f"items[{i}].note")
        if not item.passed and not note:
            raise InvalidInput.on(f"items[{i}].note", "a failed check says what is wrong", rule_id="HO-01")
        out.append(CheckItem(name=name, passed=item.passed, note=note))
    return tuple(out)


def after_hours_items(items: Sequence[AfterHoursItem]) -> tuple[AfterHoursItem, ...]:
    if len(items) > MAX_ITEMS:
        raise InvalidInput.on("after_hours", f"at most {MAX_ITEMS}")
    out = []
    for i, item in enumerate(items):
        if item.kind not in AFTER_HOURS_KINDS:
            raise InvalidInput.on(f"after_hours[{i}].kind", f"one of {sorted(AFTER_HOURS_KINDS)}")
        out.append(
            AfterHoursItem(
                kind=item.kind,
                ref=ref(item.ref, f"after_hours[{i}].ref"),
                urgent=item.urgent,
                note=text(item.note, f"after_hours[{i}].note"),
            )
        )
    return tuple(out)


@enforces("HO-02")
def security_slot(slot: str, day: date, *, working_day: bool, policy: HandoverPolicy) -> time:
    """A security handover is held at one of the policy's times on a working day."""
    try:
        at = time.fromisoformat(slot.strip())
    except ValueError as exc:
        raise InvalidInput.on("slot", "must be HH:MM") from exc
    allowed = [t.strftime("%H:%M") for t in policy.security_times]
    if at not in policy.security_times:
        raise RuleViolation(
            f"security handovers are at {', '.join(allowed)}", code="not_a_handover_time", rule_id="HO-02"
        )
    if not working_day:
        raise RuleViolation(f"{day.isoformat()} is not a working day", code="not_a_working_day", rule_id="HO-02")
    return at


class HandoverLog(EventSourced[HandoverLogEvent]):
    """Build it with ``open`` or ``rebuild``; the methods below are its only transitions."""

    id: str
    branch_id: str
    kind: str
    day: str
    slot: str
    outgoing_id: str
    incoming_id: str
    work_state: str
    items: tuple[CheckItem, ...]
    after_hours: tuple[AfterHoursItem, ...]
    state: str
    # Question n is questions[n - 1]; its answer answers[n - 1] ("" while unanswered).
    questions: tuple[str, ...]
    answers: tuple[str, ...]
    escalation_manager_id: str
    escalation_reason: str
    resolution: str
    notified_managers: tuple[str, ...]
    accepted_at: datetime | None
    signed_off_at: datetime | None
    reviewed_by: str
    review_note: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.kind = self.day = self.slot = ""
        self.outgoing_id = self.incoming_id = self.work_state = self.state = ""
        self.items, self.after_hours, self.questions, self.answers = (), (), (), ()
        self.escalation_manager_id = self.escalation_reason = self.resolution = ""
        self.notified_managers = ()
        self.accepted_at = self.signed_off_at = None
        self.reviewed_by = self.review_note = ""
        self.created_at = self.updated_at = EPOCH

    @property
    def open_questions(self) -> tuple[int, ...]:
        return tuple(n for n, answer in enumerate(self.answers, start=1) if not answer)

    @classmethod
    def open(
        cls,
        *,
        actor: Actor,
        kind: LogKind,
        day: date,
        slot: time | None,
        incoming_id: str,
        work_state: str,
        items: Sequence[CheckItem],
        after_hours: Sequence[AfterHoursItem],
        managers: Sequence[str],
        now: datetime,
    ) -> HandoverLog:
        """The outgoing shift (the caller) opens the log. ``managers``: whom an urgent
        after-hours item is reported to (both sides' managers, HO-02)."""
        incoming = ref(incoming_id, "incoming_id")
        if incoming == actor.subject:
            raise InvalidInput.on("incoming_id", "the incoming shift is another employee", rule_id="HO-01")
        extra = after_hours_items(after_hours)
        if extra and kind is not LogKind.SECURITY:
            raise InvalidInput.on("after_hours", "after-hours items are handed over to security", rule_id="HO-02")
        log = cls()
        log_id = new_id()
        log._record(
            HandoverOpened(
                log_id=log_id,
                branch_id=actor.branch_id,
                kind=kind.value,
                day=day.isoformat(),
                slot=slot.strftime("%H:%M") if slot else "",
                outgoing_id=actor.subject,
                incoming_id=incoming,
                work_state=text(work_state, "work_state", required=True),
                items=check_items(items),
                after_hours=extra,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        urgent = [item for item in extra if item.urgent]
        if urgent and not managers:
            raise RuleViolation(
                "an urgent item is reported to both managers: none is on record",
                code="managers_unknown",
                rule_id="HO-02",
            )
        for item in urgent:
            log._record(
                UrgentHandoverItem(
                    log_id=log_id,
                    branch_id=actor.branch_id,
                    kind=item.kind,
                    ref=item.ref,
                    note=item.note,
                    manager_ids=tuple(dict.fromkeys(managers)),
                    actor=actor.subject,
                    occurred_at=now,
                )
            )
        return log

    def _require(self, *states: LogState, action: str) -> None:
        if self.state not in states:
            raise Conflict(f"{action}: the handover is {self.state}", code="handover_state", rule_id="HO-01")

    def _as(self, actor: Actor, employee_id: str, action: str) -> None:
        if actor.subject != employee_id:
            raise Forbidden(f"{action} is for {employee_id} only", code="not_your_handover", rule_id="HO-01")

    def ask(self, *, actor: Actor, question: str, now: datetime) -> None:
        self._as(actor, self.incoming_id, "asking about a handover")
        self._require(LogState.OPEN, action="asking")
        self._record(
            HandoverQuestionAsked(
                log_id=self.id,
                branch_id=self.branch_id,
                question_no=len(self.questions) + 1,
                text=text(question, "question", required=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def answer(self, *, actor: Actor, question_no: int, answer: str, now: datetime) -> None:
        self._as(actor, self.outgoing_id, "answering a handover question")
        self._require(LogState.OPEN, LogState.ESCALATED, action="answering")
        if question_no not in self.open_questions:
            raise InvalidInput.on("question_no", "not an unanswered question of this handover")
        self._record(
            HandoverQuestionAnswered(
                log_id=self.id,
                branch_id=self.branch_id,
                question_no=question_no,
                text=text(answer, "answer", required=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def accept(self, *, actor: Actor, now: datetime) -> None:
        """The incoming shift has checked, has no question left, and signs."""
        self._as(actor, self.incoming_id, "accepting a handover")
        self._require(LogState.OPEN, action="accepting")
        if self.open_questions:
            raise RuleViolation(
                f"questions {list(self.open_questions)} are unanswered: answer them, or refuse",
                code="questions_open",
                rule_id="HO-01",
            )
        self._record(
            HandoverAccepted(
                log_id=self.id,
                branch_id=self.branch_id,
                incoming_id=actor.subject,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def refuse(self, *, actor: Actor, reason: str, manager_id: str, now: datetime) -> None:
        """Only while a question is unanswered; the refusal goes to ``manager_id``."""
        self._as(actor, self.incoming_id, "refusing a handover")
        self._require(LogState.OPEN, action="refusing")
        if not self.open_questions:
            raise RuleViolation(
                "a handover is refused only while a question is unanswered", code="no_open_question", rule_id="HO-01"
            )
        if not manager_id:
            raise RuleViolation("no manager on record to escalate to", code="no_manager", rule_id="HO-01")
        self._record(
            HandoverRefused(
                log_id=self.id,
                branch_id=self.branch_id,
                incoming_id=actor.subject,
                reason=text(reason, "reason", required=True),
                manager_id=manager_id,
                open_questions=self.open_questions,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def resolve(self, *, actor: Actor, resolution: str, now: datetime) -> None:
        """The manager the refusal went to (or a director) settles the questions; the
        incoming shift may then accept."""
        if actor.subject != self.escalation_manager_id:
            require_role(actor, MANAGERS - {"manager"}, action="resolving another manager's escalation")
        self._require(LogState.ESCALATED, action="resolving")
        self._record(
            HandoverEscalationResolved(
                log_id=self.id,
                branch_id=self.branch_id,
                manager_id=self.escalation_manager_id,
                resolution=text(resolution, "resolution", required=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("HO-01")
    def sign_off(self, *, actor: Actor, now: datetime) -> None:
        """The outgoing shift may not leave before the incoming shift checked and accepted."""
        self._as(actor, self.outgoing_id, "signing off a handover")
        if self.state in (LogState.OPEN, LogState.ESCALATED):
            raise RuleViolation(
                "the outgoing shift stays until the incoming shift has checked and accepted",
                code="not_accepted",
                rule_id="HO-01",
            )
        self._require(LogState.ACCEPTED, action="signing off")
        self._record(
            HandoverSignedOff(
                log_id=self.id,
                branch_id=self.branch_id,
                outgoing_id=actor.subject,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def review(self, *, actor: Actor, note: str, now: datetime) -> None:
        require_role(actor, LEADS, action="reviewing a handover log")
        if actor.subject in (self.outgoing_id, self.incoming_id):
            raise Forbidden("the shift lead reviews another's handover", code="self_review", rule_id="HO-01")
        self._require(LogState.SIGNED_OFF, action="reviewing")
        self._record(
            HandoverReviewed(
                log_id=self.id, branch_id=self.branch_id, note=text(note, "note"), actor=actor.subject, occurred_at=now
            )
        )

    def _apply(self, event: HandoverLogEvent) -> None:
        match event:
            case HandoverOpened():
                self.id, self.branch_id, self.kind, self.day, self.slot = (
                    event.log_id,
                    event.branch_id,
                    event.kind,
                    event.day,
                    event.slot,
                )
                self.outgoing_id, self.incoming_id, self.work_state = (
                    event.outgoing_id,
                    event.incoming_id,
                    event.work_state,
                )
                self.items, self.after_hours, self.state = event.items, event.after_hours, LogState.OPEN.value
                self.created_at = event.occurred_at
            case UrgentHandoverItem():
                self.notified_managers = tuple(dict.fromkeys(self.notified_managers + event.manager_ids))
            case HandoverQuestionAsked():
                self.questions, self.answers = (*self.questions, event.text), (*self.answers, "")
            case HandoverQuestionAnswered():
                answers = list(self.answers)
                answers[event.question_no - 1] = event.text
                self.answers = tuple(answers)
            case HandoverAccepted():
                self.state, self.accepted_at = LogState.ACCEPTED.value, event.occurred_at
            case HandoverRefused():
                self.state, self.escalation_manager_id = LogState.ESCALATED.value, event.manager_id
                self.escalation_reason = event.reason
            case HandoverEscalationResolved():
                # The manager's resolution answers what was left open.
                self.answers = tuple(a or f"(resolved by {event.actor})" for a in self.answers)
                self.state, self.resolution = LogState.OPEN.value, event.resolution
            case HandoverSignedOff():
                self.state, self.signed_off_at = LogState.SIGNED_OFF.value, event.occurred_at
            case HandoverReviewed():
                self.state, self.reviewed_by, self.review_note = LogState.REVIEWED.value, event.actor, event.note
        self.updated_at = event.occurred_at
