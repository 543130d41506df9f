"""A price-list item (AFS-05): one line of the branch's published price list, event-sourced.

Every change is published at once as the item's next version; a quote copies the version it
priced from (``QuoteLine``), so changing a price never changes a quote already drafted or
accepted. Only finance and managers keep the list."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import assert_never

from aftersales.charges.domain.events import (
    PriceEvent,
    PriceItemAdded,
    PriceItemChanged,
    PriceItemRestored,
    PriceItemRetired,
)
from aftersales.charges.domain.money import price
from aftersales.charges.domain.policy import ChargesPolicy
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.text import bounded_text

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# AFS-05: who keeps the published price list.
PRICE_KEEPERS = frozenset({"finance", "manager", "director", "general_manager"})
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,31}$")
# One id per (branch, code): adding a code twice collides instead of making a second item.
_NAMESPACE = uuid.UUID("8d3b0c1e-4f7a-4c55-9d8e-2a61f0b7c3d4")


def item_id_for(branch_id: str, code: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{branch_id}/{code}"))


def item_code(value: str, field: str = "code") -> str:
    code = value.strip().upper()
    if not _CODE.match(code):
        raise InvalidInput.on(field, "must be 1-32 letters, digits and ._- (e.g. PLB-001)")
    return code


def _name(value: str) -> str:
    return bounded_text(value, "name", 200, required=True)


def _unit(value: str) -> str:
    return bounded_text(value, "unit", 20, required=True)


class PriceItem(EventSourced[PriceEvent]):
    id: str
    branch_id: str
    code: str
    name: str
    unit_price: Decimal
    unit: str
    currency: str
    price_version: int
    active: bool
    created_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.code = self.name = self.unit = self.currency = self.created_by = ""
        self.unit_price = Decimal(0)
        self.price_version = 0
        self.active = False
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("AFS-05")
    def add(
        cls,
        *,
        actor: Actor,
        branch_id: str,
        code: str,
        name: str,
        unit_price: str,
        unit: str,
        policy: ChargesPolicy,
        now: datetime,
    ) -> PriceItem:
        """A new item on the branch's published list, priced exactly in yuan."""
        require_role(actor, PRICE_KEEPERS, action="keeping the price list")
        checked = item_code(code)
        item = cls()
        item._record(
            PriceItemAdded(
                item_id=item_id_for(branch_id, checked),
                branch_id=branch_id,
                code=checked,
                name=_name(name),
                unit_price=price(unit_price),
                unit=_unit(unit),
                currency=policy.currency,
                price_version=1,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return item

    @classmethod
    def rebuild(cls, history: Sequence[PriceEvent]) -> PriceItem:
        item = cls()
        item._replay(history)
        return item

    def change(self, actor: Actor, *, name: str, unit_price: str, unit: str, now: datetime) -> None:
        """Publishes the next version; an unchanged item records nothing."""
        require_role(actor, PRICE_KEEPERS, action="keeping the price list")
        new_name, new_price, new_unit = _name(name), price(unit_price), _unit(unit)
        if (new_name, new_price, new_unit) == (self.name, self.unit_price, self.unit):
            return
        self._record(
            PriceItemChanged(
                item_id=self.id,
                code=self.code,
                name=new_name,
                unit_price=new_price,
                unit=new_unit,
                previous_price=self.unit_price,
                price_version=self.price_version + 1,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def retire(self, actor: Actor, *, now: datetime) -> None:
        require_role(actor, PRICE_KEEPERS, action="keeping the price list")
        if not self.active:
            raise RuleViolation(f"{self.code} is already off the list", code="price_item_retired")
        self._record(PriceItemRetired(item_id=self.id, code=self.code, actor=actor.subject, occurred_at=now))

    def restore(self, actor: Actor, *, now: datetime) -> None:
        require_role(actor, PRICE_KEEPERS, action="keeping the price list")
        if self.active:
            raise RuleViolation(f"{self.code} is on the list", code="price_item_active")
        self._record(PriceItemRestored(item_id=self.id, code=self.code, actor=actor.subject, occurred_at=now))

    def _apply(self, event: PriceEvent) -> None:
        match event:
            case PriceItemAdded():
                self.id, self.branch_id, self.code = event.item_id, event.branch_id, event.code
                self.name, self.unit_price, self.unit = event.name, event.unit_price, event.unit
                self.currency, self.price_version, self.active = event.currency, event.price_version, True
                self.created_by, self.created_at = event.actor, event.occurred_at
            case PriceItemChanged():
                self.name, self.unit_price, self.unit = event.name, event.unit_price, event.unit
                self.price_version = event.price_version
            case PriceItemRetired():
                self.active = False
            case PriceItemRestored():
                self.active = True
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
