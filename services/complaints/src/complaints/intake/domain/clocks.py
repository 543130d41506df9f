"""Service-level clocks, folded from a complaint's history (CMP-03, CMP-04, PLT-05).

Nothing about a clock is stored: every view is recomputed from the events and the policy
snapshot, so a rebuilt aggregate has exactly the clocks of the live one.

- FIRST_REPLY (CMP-04): from receipt, ``first_reply_within``; met by the first reply or the
  resolution; cancelled by a rejection; never pauses (round-the-clock duty).
- REJECTION_REPLY (CMP-03): from the rejection, ``rejection_reply_within``; met by the reply.
- RESOLUTION (CMP-04): from receipt, ``resolution_within(severity)``; met by the
  resolution; cancelled by a rejection; pausable (the pause extends the deadline);
  re-armed from scratch when the case reopens.
- CLOSURE (CMP-04): from receipt, ``closure_within``; met by closing; never pauses.
- CMP-15: FIRST_REPLY and RESOLUTION take the grade's times (``grades.py``); a regrade
  re-arms the open ones from the regrade with the new grade's times. ROUTING: armed when the
  case is routed to administration or leadership, from receipt to the end of the policy's
  working days (branch calendar); met when the handling department is named.
- CMP-15 / CMP-17: a visit task (``VisitTaskOpened``) arms its visit clock from
  ``counts_from`` to ``due_at``; the visit meets it (``ReturnVisitRecorded`` the return visit,
  ``VisitRecorded`` the others). A second resolution opens a new return-visit task.

State and flags, as the API shows them (the proto's ``Clock`` says the same):

- ``state`` is the clock's outcome so far. RUNNING and PAUSED are open; MET and CANCELLED
  are settled; BREACHED is for good: a ``ClockBreached`` event is on the record, and a
  late reply or resolution afterwards does not undo it (statistics and penalties count it).
- ``settled_at``: when it was met or cancelled, or when the breach was recorded.
- ``overdue`` is true only while the deadline has passed and the breach is not recorded
  yet: a RUNNING clock whose timer has not fired (normally milliseconds, longer only when
  the timer runner lags; ``cs_complaints_clocks_running{overdue="true"}`` watches it). It is
  false in every other state, BREACHED included, so ``overdue`` never stays true once
  the breach is recorded. ``due_breaches`` are exactly the overdue clocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Self

from complaints.domain.values import ClockKind, ClockState
from complaints.intake.domain import grades
from complaints.intake.domain.care_events import ComplaintRegraded, VisitRecorded, VisitTaskOpened
from complaints.intake.domain.events import (
    ClockBreached,
    ClockPaused,
    ClockResumed,
    ComplaintClosed,
    ComplaintEvent,
    ComplaintFiled,
    ComplaintRejected,
    ComplaintReopened,
    ComplaintReplied,
    ComplaintResolved,
    RejectionReplied,
    ReturnVisitRecorded,
)
from complaints.intake.domain.policy import ComplaintPolicy
from complaints.workflow.domain.events import ComplaintRouted, HandlingDepartmentAssigned
from complaints.workflow.domain.values import RoutingTarget
from complaints.workflow.domain.visits import VISIT_CLOCKS, VISIT_RULES
from cskit.domain import enforces
from cskit.domain.codec import dataclass_from_json, fields_to_json

CLOCK_RULES: dict[ClockKind, str] = {
    ClockKind.FIRST_REPLY: "CMP-04",
    ClockKind.REJECTION_REPLY: "CMP-03",
    ClockKind.RESOLUTION: "CMP-04",
    ClockKind.CLOSURE: "CMP-04",
    ClockKind.ROUTING: "CMP-15",
    **{clock: VISIT_RULES[visit] for visit, clock in VISIT_CLOCKS.items()},
}
PAUSABLE = frozenset({ClockKind.RESOLUTION})
_ORDER = (
    ClockKind.FIRST_REPLY,
    ClockKind.REJECTION_REPLY,
    ClockKind.RESOLUTION,
    ClockKind.CLOSURE,
    ClockKind.ROUTING,
    ClockKind.HARM_VISIT,
    ClockKind.RETURN_VISIT,
    ClockKind.PROPERTY_FIRST_VISIT,
    ClockKind.PROPERTY_SECOND_VISIT,
)
_GRADED = (ClockKind.FIRST_REPLY, ClockKind.RESOLUTION)


@dataclass(frozen=True, slots=True)
class ClockView:
    kind: ClockKind
    rule_id: str
    started_at: datetime
    # Includes every pause, the one still running (up to ``now``) too.
    deadline_at: datetime
    state: ClockState
    # When it was met, breached or cancelled.
    settled_at: datetime | None
    # Completed pauses only; a running pause shows in ``paused_at``.
    paused_total: timedelta
    paused_at: datetime | None
    # RUNNING past the deadline with no breach recorded yet (see the module docstring).
    overdue: bool


@dataclass(slots=True)
class ClockRun:
    kind: ClockKind
    started_at: datetime
    allowed: timedelta
    paused_total: timedelta = field(default=timedelta(0))
    paused_at: datetime | None = None
    met_at: datetime | None = None
    cancelled_at: datetime | None = None
    breached_at: datetime | None = None

    @property
    def open(self) -> bool:
        return self.met_at is None and self.cancelled_at is None

    def meet(self, at: datetime) -> None:
        if self.open:
            self._end_pause(at)
            self.met_at = at

    def cancel(self, at: datetime) -> None:
        if self.open:
            self._end_pause(at)
            self.cancelled_at = at

    def _end_pause(self, at: datetime) -> None:
        if self.paused_at is not None:
            self.paused_total += at - self.paused_at
            self.paused_at = None

    def view(self, now: datetime) -> ClockView:
        running_pause = now - self.paused_at if self.paused_at is not None and now > self.paused_at else timedelta(0)
        deadline = self.started_at + self.allowed + self.paused_total + running_pause
        if self.breached_at is not None:
            state, settled = ClockState.BREACHED, self.breached_at
        elif self.cancelled_at is not None:
            state, settled = ClockState.CANCELLED, self.cancelled_at
        elif self.met_at is not None:
            state, settled = ClockState.MET, self.met_at
        elif self.paused_at is not None:
            state, settled = ClockState.PAUSED, None
        else:
            state, settled = ClockState.RUNNING, None
        return ClockView(
            kind=self.kind,
            rule_id=CLOCK_RULES[self.kind],
            started_at=self.started_at,
            deadline_at=deadline,
            state=state,
            settled_at=settled,
            paused_total=self.paused_total,
            paused_at=self.paused_at,
            overdue=state is ClockState.RUNNING and now > deadline,
        )


class ClockRuns:
    """The clocks a history has started so far, folded one event at a time; as JSON in a
    complaint's read-model document, so a read shows the clocks without the history."""

    def __init__(self, runs: dict[ClockKind, ClockRun] | None = None) -> None:
        self._runs: dict[ClockKind, ClockRun] = runs or {}

    def fold(self, event: ComplaintEvent, policy: ComplaintPolicy) -> None:
        _fold(self._runs, event, policy)

    @enforces("CMP-03", "CMP-04", "CMP-15", "CMP-17")
    def views(self, now: datetime) -> list[ClockView]:
        """Every clock started, in a fixed order, as seen at ``now``."""
        return [self._runs[kind].view(now) for kind in _ORDER if kind in self._runs]

    def to_dict(self) -> dict[str, object]:
        return {kind.value: fields_to_json(run) for kind, run in self._runs.items()}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Self:
        return cls(
            {ClockKind(kind): dataclass_from_json(ClockRun, run, f"clock_runs.{kind}") for kind, run in raw.items()}
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ClockRuns) and other._runs == self._runs

    __hash__ = None  # type: ignore[assignment]  # mutable


@enforces("CMP-03", "CMP-04")
def compute_clocks(history: Sequence[ComplaintEvent], policy: ComplaintPolicy, now: datetime) -> list[ClockView]:
    """Every clock the history has started, in a fixed order, as seen at ``now``."""
    runs = ClockRuns()
    for event in history:
        runs.fold(event, policy)
    return runs.views(now)


def _fold(runs: dict[ClockKind, ClockRun], event: ComplaintEvent, policy: ComplaintPolicy) -> None:
    at = event.occurred_at
    match event:
        case ComplaintFiled(received_at=received, severity=severity, grade=grade):
            first_reply = grades.first_reply_within(grade, policy)
            runs[ClockKind.FIRST_REPLY] = ClockRun(ClockKind.FIRST_REPLY, received, first_reply)
            resolution = grades.resolution_within(grade, severity, policy)
            runs[ClockKind.RESOLUTION] = ClockRun(ClockKind.RESOLUTION, received, resolution)
            runs[ClockKind.CLOSURE] = ClockRun(ClockKind.CLOSURE, received, policy.closure_within)
        case ComplaintRegraded(first_reply_within=first_reply, resolution_within=resolution):
            _regrade(runs, {ClockKind.FIRST_REPLY: first_reply, ClockKind.RESOLUTION: resolution}, at)
        case ComplaintRouted(route=route) if route is not RoutingTarget.SALES and ClockKind.CLOSURE in runs:
            # Receipt is when the closure clock started (it never re-arms).
            received = runs[ClockKind.CLOSURE].started_at
            due = grades.routing_due(received, policy)
            runs[ClockKind.ROUTING] = ClockRun(ClockKind.ROUTING, received, due - received)
        case HandlingDepartmentAssigned():
            _each(runs, (ClockKind.ROUTING,), lambda run: run.meet(at))
        case VisitTaskOpened(kind=kind, counts_from=start, due_at=due):
            clock = VISIT_CLOCKS[kind]
            runs[clock] = ClockRun(clock, start, due - start)
        case VisitRecorded(kind=kind):
            _each(runs, (VISIT_CLOCKS[kind],), lambda run: run.meet(at))
        case ReturnVisitRecorded():
            _each(runs, (ClockKind.RETURN_VISIT,), lambda run: run.meet(at))
        case ComplaintRejected():
            _each(runs, (ClockKind.FIRST_REPLY, ClockKind.RESOLUTION), lambda run: run.cancel(at))
            runs[ClockKind.REJECTION_REPLY] = ClockRun(ClockKind.REJECTION_REPLY, at, policy.rejection_reply_within)
        case RejectionReplied():
            _each(runs, (ClockKind.REJECTION_REPLY,), lambda run: run.meet(at))
        case ComplaintReplied():
            _each(runs, (ClockKind.FIRST_REPLY,), lambda run: run.meet(at))
        case ComplaintResolved():
            _each(runs, (ClockKind.FIRST_REPLY, ClockKind.RESOLUTION), lambda run: run.meet(at))
        case ComplaintReopened():
            previous = runs[ClockKind.RESOLUTION]
            runs[ClockKind.RESOLUTION] = ClockRun(ClockKind.RESOLUTION, at, previous.allowed)
        case ComplaintClosed():
            _each(runs, (ClockKind.CLOSURE,), lambda run: run.meet(at))
        case ClockPaused(kind=kind) if kind in PAUSABLE:
            run = runs.get(kind)
            if run is not None and run.open and run.paused_at is None:
                run.paused_at = at
        case ClockResumed(kind=kind) if kind in PAUSABLE:
            _each(runs, (kind,), lambda run: run._end_pause(at))
        case ClockBreached(kind=kind, breached_at=breached_at):
            run = runs.get(kind)
            if run is not None and run.breached_at is None:
                run.breached_at = breached_at
        case _:
            pass


def _regrade(runs: dict[ClockKind, ClockRun], allowed: Mapping[ClockKind, timedelta], at: datetime) -> None:
    """CMP-15: an open reply or resolution clock restarts at the regrade with the new grade's
    time (a running pause carries over); a met, cancelled or breached one stays as it is."""
    for kind in _GRADED:
        run = runs.get(kind)
        if run is not None and run.open and run.breached_at is None:
            runs[kind] = ClockRun(kind, at, allowed[kind], paused_at=at if run.paused_at is not None else None)


def _each(runs: dict[ClockKind, ClockRun], kinds: Iterable[ClockKind], act: Callable[[ClockRun], None]) -> None:
    for kind in kinds:
        run = runs.get(kind)
        if run is not None:
            act(run)


@enforces("CMP-03", "CMP-04")
def due_breaches(clocks: Iterable[ClockView]) -> list[ClockView]:
    """Running clocks past their deadline with no ``ClockBreached`` recorded yet: the overdue ones."""
    return [clock for clock in clocks if clock.overdue]


def next_deadline(clocks: Iterable[ClockView]) -> datetime | None:
    """The earliest deadline among running clocks: when the timer should next look."""
    return min((clock.deadline_at for clock in clocks if clock.state is ClockState.RUNNING), default=None)


def desk_deadline(clocks: Iterable[ClockView]) -> datetime | None:
    """The deadline a desk works to: the earliest among running and breached clocks (a breached
    one is already past, so it comes first)."""
    live = ClockState.RUNNING, ClockState.BREACHED
    return min((clock.deadline_at for clock in clocks if clock.state in live), default=None)


def clock_of(clocks: Iterable[ClockView], kind: ClockKind) -> ClockView | None:
    return next((clock for clock in clocks if clock.kind is kind), None)
