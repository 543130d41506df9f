"""A shift swap (HO-03): reported to the store manager before the earlier of the two shifts
and approved by them; at most the policy's number of swaps per person per month; both sides
record the handover; a missed or empty shift the swap caused costs the one responsible the
policy's penalty; a swap not recorded by both sides is absence for the one who left.

The requester gives away ``requester_shift`` (their shift on its day) and takes the
counterpart's ``counterpart_shift``; approving exchanges the two people's roster days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from attendance.handover.domain.common import EPOCH, LEADS, MANAGERS, new_id, ref, text
from attendance.handover.domain.events import (
    ShiftSwapApproved,
    ShiftSwapRejected,
    ShiftSwapRequested,
    SwapEvent,
    SwapHandoverRecorded,
    SwapPenaltyCharged,
    SwapShift,
)
from attendance.handover.domain.policy import HandoverPolicy
from cskit.domain import Actor, Conflict, Forbidden, InvalidInput, RuleViolation
from cskit.domain.actor import require_not_requester, require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces


class SwapState(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"


def month_key(day: str) -> str:
    return day[:7]


@enforces("HO-03")
def swap_allowed(
    *,
    people: Sequence[str],
    months: Sequence[str],
    taken: dict[tuple[str, str], int],
    earliest_start: datetime,
    now: datetime,
    policy: HandoverPolicy,
) -> None:
    """In advance (before the earlier shift starts) and within each person's monthly cap.

    ``taken`` counts each (person, YYYY-MM) swap already requested or approved, this one not
    included."""
    if now >= earliest_start:
        raise RuleViolation(
            "a swap is reported and approved before the earlier of the two shifts starts",
            code="swap_too_late",
            rule_id="HO-03",
        )
    for person in people:
        for month in sorted(set(months)):
            if taken.get((person, month), 0) >= policy.max_swaps_per_month:
                raise RuleViolation(
                    f"{person} already has {policy.max_swaps_per_month} swaps in {month}",
                    code="swap_cap_reached",
                    rule_id="HO-03",
                )


class ShiftSwap(EventSourced[SwapEvent]):
    id: str
    branch_id: str
    requester_id: str
    counterpart_id: str
    requester_shift: SwapShift
    counterpart_shift: SwapShift
    reason: str
    state: str
    decided_by: str
    decision_note: str
    recorded_by: tuple[str, ...]
    penalties: tuple[str, ...]
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.requester_id = self.counterpart_id = self.reason = ""
        self.state = self.decided_by = self.decision_note = ""
        blank = SwapShift(employee_id="", day="", shift_start="", shift_end="", starts_at=EPOCH)
        self.requester_shift = self.counterpart_shift = blank
        self.recorded_by = self.penalties = ()
        self.created_at = self.updated_at = EPOCH

    @property
    def people(self) -> tuple[str, str]:
        return self.requester_id, self.counterpart_id

    @property
    def months(self) -> tuple[str, ...]:
        return tuple(sorted({month_key(self.requester_shift.day), month_key(self.counterpart_shift.day)}))

    @property
    def earliest_start(self) -> datetime:
        return min(self.requester_shift.starts_at, self.counterpart_shift.starts_at)

    @property
    def recorded_by_both(self) -> bool:
        return set(self.people) <= set(self.recorded_by)

    @classmethod
    def request(
        cls,
        *,
        actor: Actor,
        requester_shift: SwapShift,
        counterpart_shift: SwapShift,
        reason: str,
        taken: dict[tuple[str, str], int],
        policy: HandoverPolicy,
        now: datetime,
    ) -> ShiftSwap:
        if requester_shift.employee_id != actor.subject:
            raise Forbidden("a swap is requested by one of its two sides", code="not_your_swap", rule_id="HO-03")
        if counterpart_shift.employee_id == actor.subject:
            raise InvalidInput.on("counterpart_id", "a swap is with another employee", rule_id="HO-03")
        swap = cls()
        swap._record(
            ShiftSwapRequested(
                swap_id=new_id(),
                branch_id=actor.branch_id,
                requester_id=actor.subject,
                counterpart_id=counterpart_shift.employee_id,
                requester_shift=requester_shift,
                counterpart_shift=counterpart_shift,
                reason=text(reason, "reason"),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        swap_allowed(
            people=swap.people,
            months=swap.months,
            taken=taken,
            earliest_start=swap.earliest_start,
            now=now,
            policy=policy,
        )
        return swap

    def _decider(self, actor: Actor, action: str) -> None:
        require_role(actor, MANAGERS, action=action)
        require_not_requester(actor, self.requester_id, action=action)
        require_not_requester(actor, self.counterpart_id, action=action)
        if self.state != SwapState.REQUESTED:
            raise Conflict(f"{action}: the swap is {self.state}", code="swap_state", rule_id="HO-03")

    def approve(
        self, *, actor: Actor, taken: dict[tuple[str, str], int], policy: HandoverPolicy, now: datetime
    ) -> None:
        """The store manager approves, still in advance and within the cap (``taken``: the
        others' swaps, this one not included)."""
        self._decider(actor, "approving a swap")
        swap_allowed(
            people=self.people,
            months=self.months,
            taken=taken,
            earliest_start=self.earliest_start,
            now=now,
            policy=policy,
        )
        self._record(
            ShiftSwapApproved(
                swap_id=self.id,
                branch_id=self.branch_id,
                requester_id=self.requester_id,
                counterpart_id=self.counterpart_id,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def reject(self, *, actor: Actor, reason: str, now: datetime) -> None:
        self._decider(actor, "rejecting a swap")
        self._record(
            ShiftSwapRejected(
                swap_id=self.id,
                branch_id=self.branch_id,
                reason=text(reason, "reason", required=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def record_handover(self, *, actor: Actor, note: str, now: datetime) -> None:
        """Each side records what it hands over (once each), after approval."""
        if actor.subject not in self.people:
            raise Forbidden("only the two sides record a swap's handover", code="not_your_swap", rule_id="HO-03")
        if self.state != SwapState.APPROVED:
            raise Conflict(f"recording a swap's handover: the swap is {self.state}", code="swap_state", rule_id="HO-03")
        if actor.subject in self.recorded_by:
            raise Conflict("this side's handover is recorded already", code="swap_recorded", rule_id="HO-03")
        self._record(
            SwapHandoverRecorded(
                swap_id=self.id,
                branch_id=self.branch_id,
                employee_id=actor.subject,
                note=text(note, "note", required=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def charge_penalty(
        self, *, actor: Actor, employee_id: str, day: date, reason: str, policy: HandoverPolicy, now: datetime
    ) -> None:
        """A supervisor finds a missed or empty shift the swap caused: the one responsible pays."""
        require_role(actor, LEADS, action="charging a swap penalty")
        who = ref(employee_id, "employee_id")
        require_not_requester(actor, who, action="charging a swap penalty")
        if who not in self.people:
            raise InvalidInput.on("employee_id", "the one responsible is one of the swap's two sides", rule_id="HO-03")
        if self.state != SwapState.APPROVED:
            raise Conflict(f"charging a swap penalty: the swap is {self.state}", code="swap_state", rule_id="HO-03")
        if day.isoformat() not in (self.requester_shift.day, self.counterpart_shift.day):
            raise InvalidInput.on("day", "a day of the swap", rule_id="HO-03")
        key = f"{who}/{day.isoformat()}"
        if key in self.penalties:
            raise Conflict("this shift's penalty is charged already", code="penalty_charged", rule_id="HO-03")
        self._record(
            SwapPenaltyCharged(
                swap_id=self.id,
                branch_id=self.branch_id,
                employee_id=who,
                day=day.isoformat(),
                amount_yuan=Decimal(policy.swap_penalty_yuan),
                reason=text(reason, "reason", required=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def absences(self) -> tuple[tuple[str, str], ...]:
        """(employee, day) of absence: while an approved swap is not recorded by both sides,
        a side that has not recorded its handover is absent from the shift it gave away."""
        if self.state != SwapState.APPROVED:
            return ()
        left = ((self.requester_id, self.requester_shift.day), (self.counterpart_id, self.counterpart_shift.day))
        return tuple((who, day) for who, day in left if who not in self.recorded_by)

    def _apply(self, event: SwapEvent) -> None:
        match event:
            case ShiftSwapRequested():
                self.id, self.branch_id, self.requester_id, self.counterpart_id = (
                    event.swap_id,
                    event.branch_id,
                    event.requester_id,
                    event.counterpart_id,
                )
                self.requester_shift, self.counterpart_shift = event.requester_shift, event.counterpart_shift
                self.reason, self.state, self.created_at = event.reason, SwapState.REQUESTED.value, event.occurred_at
            case ShiftSwapApproved():
                self.state, self.decided_by = SwapState.APPROVED.value, event.actor
            case ShiftSwapRejected():
                self.state, self.decided_by, self.decision_note = SwapState.REJECTED.value, event.actor, event.reason
            case SwapHandoverRecorded():
                self.recorded_by = (*self.recorded_by, event.employee_id)
            case SwapPenaltyCharged():
                self.penalties = (*self.penalties, f"{event.employee_id}/{event.day}")
        self.updated_at = event.occurred_at
