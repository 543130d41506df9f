"""An employee's attendance card at a branch (ATT-13): issued by HR; a lost or damaged card is
replaced for the fee (finance charges it); at departure HR records the card returned, or not
returned and its cost deducted from the final pay. One record per branch and employee (its id
names them); a card cleared at departure may be issued again (a re-hire)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum

from attendance.cards.domain.events import CardDeductionRaised, CardEvent, CardFeeCharged, CardIssued, CardReturned
from attendance.cards.domain.policy import CardCharge, CardPolicy
from attendance.domain.fields import bounded
from cskit.domain import Actor, Conflict, InvalidInput, RuleViolation
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_IDS = uuid.UUID("0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f")
MAX_CARD = 64
# Who keeps cards and the departure clearance: HR and administration (行政人事部, front desk).
CARD_KEEPERS = frozenset({"hr", "admin", "hq_admin"})


class CardStatus(StrEnum):
    ACTIVE = "active"
    RETURNED = "returned"
    DEDUCTED = "deducted"


def card_id_of(branch_id: str, employee_id: str) -> str:
    return str(uuid.uuid5(_IDS, f"{branch_id}\x1f{employee_id}"))


def card_number_of(value: str) -> str:
    return bounded(value, "card_number", MAX_CARD)


def replacement_reason(value: str) -> CardCharge:
    text = value.strip().lower() or CardCharge.LOST.value
    if text not in (CardCharge.LOST.value, CardCharge.DAMAGED.value):
        raise InvalidInput.on("reason", "must be lost or damaged")
    return CardCharge(text)


class AttendanceCard(EventSourced[CardEvent]):
    """Build it with ``issue`` or ``rebuild``; change it with ``reissue``, ``replace`` and ``clear_departure``."""

    id: str
    branch_id: str
    employee_id: str
    card_number: str
    status: str
    replacements: int
    charged: Decimal
    currency: str
    updated_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.employee_id = self.card_number = self.status = self.updated_by = ""
        self.currency = ""
        self.replacements = 0
        self.charged = Decimal("0")
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    def issue(cls, *, actor: Actor, employee_id: str, card_number: str, now: datetime) -> AttendanceCard:
        card = cls()
        card._issue(actor=actor, employee_id=employee_id, card_number=card_number, now=now)
        return card

    def reissue(self, *, actor: Actor, card_number: str, now: datetime) -> None:
        """A card cleared at departure may be issued again; an active one may not (replace it)."""
        if self.status == CardStatus.ACTIVE:
            raise Conflict(f"employee {self.employee_id} already holds card {self.card_number}", code="card_active")
        self._issue(actor=actor, employee_id=self.employee_id, card_number=card_number, now=now)

    def _issue(self, *, actor: Actor, employee_id: str, card_number: str, now: datetime) -> None:
        require_role(actor, CARD_KEEPERS, action="issuing an attendance card")
        self._record(
            CardIssued(
                card_id=card_id_of(actor.branch_id, employee_id),
                branch_id=actor.branch_id,
                employee_id=employee_id,
                card_number=card_number,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def replace(self, *, actor: Actor, card_number: str, reason: CardCharge, policy: CardPolicy, now: datetime) -> None:
        require_role(actor, CARD_KEEPERS, action="replacing an attendance card")
        self._require_active("replaced")
        if card_number == self.card_number:
            raise InvalidInput.on("card_number", "the replacement needs a new card number")
        self._record(
            CardFeeCharged(
                card_id=self.id,
                branch_id=self.branch_id,
                employee_id=self.employee_id,
                reason=reason.value,
                replaced_card_number=self.card_number,
                card_number=card_number,
                amount=policy.charge(reason),
                currency=policy.currency,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def clear_departure(self, *, actor: Actor, returned: bool, policy: CardPolicy, now: datetime) -> None:
        """HR's departure clearance: the card back, or its cost off the final pay. Recording the
        same outcome again changes nothing; the other outcome after one is refused."""
        require_role(actor, CARD_KEEPERS, action="clearing an attendance card at departure")
        wanted = CardStatus.RETURNED if returned else CardStatus.DEDUCTED
        if self.status == wanted:
            return
        self._require_active("cleared at departure")
        if returned:
            self._record(
                CardReturned(
                    card_id=self.id,
                    branch_id=self.branch_id,
                    employee_id=self.employee_id,
                    card_number=self.card_number,
                    actor=actor.subject,
                    occurred_at=now,
                )
            )
            return
        self._record(
            CardDeductionRaised(
                card_id=self.id,
                branch_id=self.branch_id,
                employee_id=self.employee_id,
                card_number=self.card_number,
                amount=policy.charge(CardCharge.NOT_RETURNED),
                currency=policy.currency,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _require_active(self, what: str) -> None:
        if self.status != CardStatus.ACTIVE:
            raise RuleViolation(
                f"card of employee {self.employee_id} is {self.status}: it cannot be {what}",
                code="card_not_active",
                rule_id="ATT-13",
            )

    def _apply(self, event: CardEvent) -> None:
        if isinstance(event, CardIssued):
            if not self.id:
                self.id, self.branch_id, self.employee_id = event.card_id, event.branch_id, event.employee_id
                self.created_at = event.occurred_at
            self.card_number, self.status = event.card_number, CardStatus.ACTIVE.value
        elif isinstance(event, CardFeeCharged):
            self.card_number = event.card_number
            self.replacements += 1
            self.charged += event.amount
            self.currency = event.currency
        elif isinstance(event, CardReturned):
            self.status = CardStatus.RETURNED.value
        else:
            self.status = CardStatus.DEDUCTED.value
            self.charged += event.amount
            self.currency = event.currency
        self.updated_by, self.updated_at = event.actor, event.occurred_at
