"""A custodian's hand-off to a deputy (KEY-14): the custodian on leave names a deputy for a
period of branch-local days; the deputy accepts it (their own verified roles prove they may
keep keys: key custodian or team lead - the service has no staff directory to ask); from
then until the period ends (or the hand-off is ended early) the deputy holds the custodian's
duties: counts of their cabinets and the daily reminder."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import assert_never

from cskit.domain import Actor, Conflict, Forbidden, InvalidInput
from cskit.domain.actor import IdentityGrammar
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.text import clean_text
from cskit.domain.transitions import TransitionTable
from keys.handoffs.domain.events import CustodyHandedOff, CustodyHandOffEnded, CustodyHandOffProposed, HandOffEvent

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Who may hold a custodian's duties (KEY-14: "a named deputy, with the same duties").
DEPUTIES = frozenset({"key_custodian", "team_lead"})
# Who may arrange a hand-off for a custodian other than themselves.
OVERSEERS = frozenset({"team_lead", "manager"})
MAX_DAYS = 92


class HandOffStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    PENDING = "pending"
    ACTIVE = "active"
    ENDED = "ended"


class HandOffAction(StrEnum):
    ACCEPT = "accept"
    END = "end"


TRANSITIONS: TransitionTable[HandOffStatus, HandOffAction] = TransitionTable(
    {
        (HandOffStatus.PENDING, HandOffAction.ACCEPT): HandOffStatus.ACTIVE,
        (HandOffStatus.PENDING, HandOffAction.END): HandOffStatus.ENDED,
        (HandOffStatus.ACTIVE, HandOffAction.END): HandOffStatus.ENDED,
    },
    record="a hand-off",
    rule="KEY-14",
)


def day_of(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput.on(field, "must be a day YYYY-MM-DD") from exc


class HandOff(EventSourced[HandOffEvent]):
    id: str
    branch_id: str
    custodian: str
    deputy: str
    from_day: str
    to_day: str
    reason: str
    status: HandOffStatus
    created_by: str
    ended_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.custodian = self.deputy = self.reason = ""
        self.from_day = self.to_day = ""
        self.status = HandOffStatus.UNSPECIFIED
        self.created_by = self.ended_by = ""
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("KEY-14")
    def propose(
        cls,
        *,
        hand_off_id: str,
        actor: Actor,
        custodian: str,
        deputy: str,
        from_day: date,
        to_day: date,
        reason: str,
        today: date,
        others: Iterable[HandOff],
        now: datetime,
    ) -> HandOff:
        """``others``: the custodian's pending or active hand-offs (none may overlap this one)."""
        if actor.subject != custodian and not actor.has_any_role(OVERSEERS):
            raise Forbidden(
                "a custodian hands off their own custody (or a team lead or manager does)", rule_id="KEY-14"
            )
        for name, value in (("custodian", custodian), ("deputy", deputy)):
            if not IdentityGrammar.subject_ok(value):
                raise InvalidInput.on(name, "must be a staff member's id")
        if deputy == custodian:
            raise InvalidInput("a custodian cannot hand custody to themselves", code="self_hand_off", rule_id="KEY-14")
        if to_day < from_day:
            raise InvalidInput.on("to_day", "must not be before from_day", rule_id="KEY-14")
        if from_day < today:
            raise InvalidInput.on("from_day", "must not be in the past", rule_id="KEY-14")
        if to_day - from_day > timedelta(days=MAX_DAYS):
            raise InvalidInput.on("to_day", f"a hand-off lasts at most {MAX_DAYS} days", rule_id="KEY-14")
        for other in others:
            if other.live and other.start <= to_day and from_day <= other.last:
                raise Conflict(
                    f"{custodian} already hands custody to {other.deputy} from {other.from_day} to {other.to_day}",
                    code="hand_off_overlaps",
                    rule_id="KEY-14",
                )
        hand_off = cls()
        hand_off._record(
            CustodyHandOffProposed(
                hand_off_id=hand_off_id,
                branch_id=actor.branch_id,
                custodian=custodian,
                deputy=deputy,
                from_day=from_day.isoformat(),
                to_day=to_day.isoformat(),
                reason=clean_text(reason, "reason", multiline=False).strip()[:200],
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return hand_off

    @classmethod
    def rebuild(cls, history: Sequence[HandOffEvent]) -> HandOff:
        hand_off = cls()
        hand_off._replay(history)
        return hand_off

    @property
    def live(self) -> bool:
        return self.status in (HandOffStatus.PENDING, HandOffStatus.ACTIVE)

    @property
    def start(self) -> date:
        return date.fromisoformat(self.from_day)

    @property
    def last(self) -> date:
        return date.fromisoformat(self.to_day)

    def covers(self, day: date) -> bool:
        return self.status is HandOffStatus.ACTIVE and self.start <= day <= self.last

    @enforces("KEY-14")
    def accept(self, actor: Actor, *, now: datetime) -> None:
        if actor.subject != self.deputy:
            raise Forbidden("only the named deputy accepts a hand-off", code="not_deputy", rule_id="KEY-14")
        if not actor.has_any_role(DEPUTIES):
            raise Forbidden(
                f"a deputy holds one of the roles {sorted(DEPUTIES)}", code="deputy_role_required", rule_id="KEY-14"
            )
        TRANSITIONS.move(self.status, HandOffAction.ACCEPT)
        self._record(
            CustodyHandedOff(
                hand_off_id=self.id,
                branch_id=self.branch_id,
                custodian=self.custodian,
                deputy=self.deputy,
                from_day=self.from_day,
                to_day=self.to_day,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def end(self, actor: Actor, *, reason: str, now: datetime) -> None:
        if actor.subject not in (self.custodian, self.deputy) and not actor.has_any_role(OVERSEERS):
            raise Forbidden("the custodian, the deputy, a team lead or a manager ends a hand-off", rule_id="KEY-14")
        TRANSITIONS.move(self.status, HandOffAction.END)
        self._record(
            CustodyHandOffEnded(
                hand_off_id=self.id,
                reason=clean_text(reason, "reason", multiline=False).strip()[:200],
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: HandOffEvent) -> None:
        match event:
            case CustodyHandOffProposed():
                self.id, self.branch_id, self.custodian, self.deputy = (
                    event.hand_off_id,
                    event.branch_id,
                    event.custodian,
                    event.deputy,
                )
                self.from_day, self.to_day, self.reason = event.from_day, event.to_day, event.reason
                self.created_by, self.created_at = event.actor, event.occurred_at
                self.status = HandOffStatus.PENDING
            case CustodyHandedOff():
                self.status = TRANSITIONS.move(self.status, HandOffAction.ACCEPT)
            case CustodyHandOffEnded():
                self.status = TRANSITIONS.move(self.status, HandOffAction.END)
                self.ended_by = event.actor
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at


@enforces("KEY-14")
def custodians_held(subject: str, hand_offs: Iterable[HandOff], day: date) -> frozenset[str]:
    """``custodian_for``: whose custody ``subject`` holds on ``day`` - themselves, and every
    custodian whose accepted hand-off to them covers the day."""
    return frozenset({subject} | {h.custodian for h in hand_offs if h.deputy == subject and h.covers(day)})


def keeper_of(custodian: str, hand_offs: Iterable[HandOff], day: date) -> str:
    """Who keeps ``custodian``'s cabinets on ``day``: their deputy when a hand-off covers it."""
    for h in hand_offs:
        if h.custodian == custodian and h.covers(day):
            return h.deputy
    return custodian
