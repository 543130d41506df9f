"""The hazardous-materials cabinet key (KEY-15): kept by the cleaning team lead; issued IN
PERSON by an approver of customer-service team-lead rank or above to a named person (never
the issuer); every use records time out and back, what was taken and how much; unused stock
comes back (never more than was taken). The key is never lent: the loans sub-domain refuses
hazardous keys, and the key set moves only through an issue (``KeySet.lend`` with the
issue's id as ``ref``, due by the end of the same shift; ``KeySet.return_`` on its return)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import assert_never

from cskit.domain import Actor, Forbidden, InvalidInput
from cskit.domain.actor import IdentityGrammar, require_not_requester, require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.text import clean_text
from cskit.domain.transitions import IllegalMove, TransitionTable
from keys.domain.kinds import KeyKind
from keys.hazardous.domain.events import HazardousEvent, HazardousKeyIssued, HazardousKeyReturned, StockItem

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Customer service's team-lead rank or above (000 §10 3.0: 客服部领班级以上人员).
ISSUERS = frozenset({"team_lead", "manager", "director", "general_manager"})
# Who takes the key back: the issuer's rank, or the custodian (the cleaning lead's cabinet).
RECEIVERS = ISSUERS | {"key_custodian"}
MAX_ITEMS = 20
MAX_QUANTITY = Decimal("999999.999")


class IssueStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    ISSUED = "issued"
    RETURNED = "returned"


class IssueAction(StrEnum):
    RETURN = "return"


class IllegalIssueMove(IllegalMove):
    """An issue already returned."""


TRANSITIONS: TransitionTable[IssueStatus, IssueAction] = TransitionTable(
    {(IssueStatus.ISSUED, IssueAction.RETURN): IssueStatus.RETURNED},
    record="a hazardous-key issue",
    rule="KEY-15",
    error=IllegalIssueMove,
)


def _line(value: str, field: str, limit: int, *, multiline: bool = False) -> str:
    cleaned = clean_text(value, field, multiline=multiline).strip()
    if not cleaned:
        raise InvalidInput.on(field, "is required", rule_id="KEY-15")
    if len(cleaned) > limit:
        raise InvalidInput.on(field, f"must be at most {limit} characters")
    return cleaned


def checked_items(items: Sequence[StockItem], field: str, *, required: bool) -> tuple[StockItem, ...]:
    if required and not items:
        raise InvalidInput.on(field, "names what is taken and how much", rule_id="KEY-15")
    if len(items) > MAX_ITEMS:
        raise InvalidInput.on(field, f"must be at most {MAX_ITEMS} items")
    seen: set[str] = set()
    found: list[StockItem] = []
    for i, x in enumerate(items):
        name = _line(x.item, f"{field}[{i}].item", 100)
        if name in seen:
            raise InvalidInput.on(f"{field}[{i}].item", "is named twice")
        seen.add(name)
        quantity = x.quantity
        if not quantity.is_finite() or quantity < 0 or quantity > MAX_QUANTITY:
            raise InvalidInput.on(f"{field}[{i}].quantity", "must be a quantity from 0 to 999999.999")
        if required and quantity == 0:
            raise InvalidInput.on(f"{field}[{i}].quantity", "must be more than 0", rule_id="KEY-15")
        found.append(StockItem(item=name, quantity=quantity, unit=_line(x.unit, f"{field}[{i}].unit", 20)))
    return tuple(found)


class HazardousIssue(EventSourced[HazardousEvent]):
    id: str
    branch_id: str
    key_set_id: str
    issued_by: str
    recipient: str
    purpose: str
    taken: tuple[StockItem, ...]
    returned: tuple[StockItem, ...]
    status: IssueStatus
    issued_at: datetime
    due_at: datetime
    returned_at: datetime | None
    returned_to: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.key_set_id = self.issued_by = self.recipient = self.purpose = ""
        self.taken = self.returned = ()
        self.status = IssueStatus.UNSPECIFIED
        self.returned_at = None
        self.returned_to = ""
        self.issued_at = self.due_at = self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("KEY-15", "PLT-02")
    def issue(
        cls,
        *,
        issue_id: str,
        branch_id: str,
        key_set_id: str,
        kind: KeyKind,
        actor: Actor,
        recipient: str,
        purpose: str,
        in_person: bool,
        taken: Sequence[StockItem],
        due_at: datetime,
        now: datetime,
    ) -> HazardousIssue:
        """The caller is the issuer: team-lead rank or above, handing the key over in person."""
        if kind is not KeyKind.HAZARDOUS:
            raise InvalidInput(
                "only the hazardous-materials cabinet key is issued here", code="not_hazardous_key", rule_id="KEY-15"
            )
        require_role(actor, ISSUERS, action="issuing the hazardous-materials cabinet key")
        if not in_person:
            raise Forbidden(
                "the hazardous-materials cabinet key is issued in person by its approver",
                code="not_in_person",
                rule_id="KEY-15",
            )
        if not IdentityGrammar.subject_ok(recipient):
            raise InvalidInput.on("recipient", "must be a staff member's id", rule_id="KEY-15")
        require_not_requester(actor, recipient, action="issuing the hazardous-materials cabinet key to oneself")
        made = cls()
        made._record(
            HazardousKeyIssued(
                issue_id=issue_id,
                branch_id=branch_id,
                key_set_id=key_set_id,
                recipient=recipient,
                purpose=_line(purpose, "purpose", 500, multiline=True),
                taken=checked_items(taken, "taken", required=True),
                due_at=due_at,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return made

    @classmethod
    def rebuild(cls, history: Sequence[HazardousEvent]) -> HazardousIssue:
        made = cls()
        made._replay(history)
        return made

    @enforces("KEY-15")
    def return_(self, actor: Actor, *, returned: Sequence[StockItem], now: datetime) -> None:
        """The key back with the unused stock: only items taken, never more than taken, same unit."""
        require_role(actor, RECEIVERS, action="taking back the hazardous-materials cabinet key")
        TRANSITIONS.move(self.status, IssueAction.RETURN)
        back = checked_items(returned, "returned", required=False)
        taken = {x.item: x for x in self.taken}
        for i, x in enumerate(back):
            out = taken.get(x.item)
            if out is None:
                raise InvalidInput.on(f"returned[{i}].item", "was not taken", rule_id="KEY-15")
            if x.unit != out.unit:
                raise InvalidInput.on(f"returned[{i}].unit", f"must be {out.unit}, as taken", rule_id="KEY-15")
            if x.quantity > out.quantity:
                raise InvalidInput.on(
                    f"returned[{i}].quantity", f"must be at most {out.quantity}, as taken", rule_id="KEY-15"
                )
        self._record(
            HazardousKeyReturned(
                issue_id=self.id, key_set_id=self.key_set_id, returned=back, actor=actor.subject, occurred_at=now
            )
        )

    def _apply(self, event: HazardousEvent) -> None:
        match event:
            case HazardousKeyIssued():
                self.id, self.branch_id, self.key_set_id = event.issue_id, event.branch_id, event.key_set_id
                self.issued_by, self.recipient, self.purpose = event.actor, event.recipient, event.purpose
                self.taken, self.due_at = event.taken, event.due_at
                self.issued_at = self.created_at = event.occurred_at
                self.status = IssueStatus.ISSUED
            case HazardousKeyReturned():
                self.status = TRANSITIONS.move(self.status, IssueAction.RETURN)
                self.returned, self.returned_at, self.returned_to = event.returned, event.occurred_at, event.actor
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
