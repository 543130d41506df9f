"""A quote (报价): a chargeable repair priced from the branch's published price list and put
to the customer before the work (AFS-09, AFS-05). Only an order decided out of warranty is
quoted (AFS-11: decide first, only then charge); every line is an item on the list at its
published price (no free prices); the customer's answer, accepted or declined, is recorded
with who gave it, how and when. Accepting it accepts the quote on the work order in the same
unit of work, so the engineer may start."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import assert_never

from aftersales.charges.domain.events import QuoteAgreed, QuoteDeclined, QuoteDrafted, QuoteEvent, QuoteLine
from aftersales.charges.domain.money import line_amount, quantity
from aftersales.charges.domain.policy import ChargesPolicy
from aftersales.charges.domain.price import PriceItem, item_code
from aftersales.domain.kinds import OrderState, Warranty
from aftersales.domain.roles import CONSENT_CHANNELS, FRONT_DESK
from aftersales.orders.domain.model import WorkOrder
from cskit.domain import Actor, Forbidden, InvalidInput, RuleViolation
from cskit.domain.aggregate import EventSourced
from cskit.domain.clock import reported_time
from cskit.domain.rules import enforces
from cskit.domain.text import bounded_text

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# A quote is drafted while the engineer is dispatched and before the work starts.
_QUOTABLE = frozenset({OrderState.ASSIGNED, OrderState.ACCEPTED, OrderState.DEPARTED})
_LEADS = frozenset({"team_lead", "manager"})


class QuoteState(StrEnum):
    DRAFTED = "drafted"
    AGREED = "agreed"
    DECLINED = "declined"


def _engineering(actor: Actor, order: WorkOrder, action: str, *, front_desk: bool = False) -> None:
    """The order's engineer or an engineering lead (and, for the customer's answer, customer service)."""
    if actor.subject == order.engineer or actor.has_any_role(_LEADS | (FRONT_DESK if front_desk else frozenset())):
        return
    raise Forbidden(f"{action}: the assigned engineer or a lead", code="not_the_engineer", rule_id="PLT-02")


def _channel(value: str) -> str:
    channel = value.strip().lower()
    if channel not in CONSENT_CHANNELS:
        raise InvalidInput.on("channel", f"must be one of: {', '.join(sorted(CONSENT_CHANNELS))}", rule_id="AFS-09")
    return channel


class Quote(EventSourced[QuoteEvent]):
    id: str
    branch_id: str
    order_id: str
    order_number: str
    lines: tuple[QuoteLine, ...]
    total: Decimal
    currency: str
    note: str
    state: QuoteState
    customer: str
    channel: str
    answered_at: datetime | None
    declined_reason: str
    created_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.order_id = self.order_number = self.currency = self.note = ""
        self.lines = ()
        self.total = Decimal(0)
        self.state = QuoteState.DRAFTED
        self.customer = self.channel = self.declined_reason = self.created_by = ""
        self.answered_at = None
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("AFS-05", "AFS-09", "AFS-11")
    def draft(
        cls,
        *,
        quote_id: str,
        actor: Actor,
        order: WorkOrder,
        lines: Sequence[tuple[str, str]],
        items: Mapping[str, PriceItem],
        note: str,
        policy: ChargesPolicy,
        now: datetime,
    ) -> Quote:
        """The engineer prices a chargeable repair from the list: ``lines`` are (code,
        quantity); ``items`` the branch's list items by code, as they stand now."""
        _engineering(actor, order, "quoting a repair")
        if order.warranty is Warranty.UNDECIDED:
            raise RuleViolation(
                "decide the warranty (after diagnosis) before quoting", code="warranty_undecided", rule_id="AFS-11"
            )
        if not order.chargeable:
            raise RuleViolation("a job under warranty is not charged", code="not_chargeable", rule_id="AFS-11")
        if order.quote_id:
            raise RuleViolation("the customer already accepted a quote for this order", code="quote_accepted")
        if order.state not in _QUOTABLE:
            raise RuleViolation(
                f"a work order is quoted once dispatched and before the work ({order.state.value})",
                code="order_not_quotable",
                rule_id="AFS-09",
            )
        if not 1 <= len(lines) <= policy.max_quote_lines:
            raise InvalidInput.on("lines", f"a quote has 1 to {policy.max_quote_lines} lines")
        priced: list[QuoteLine] = []
        for n, (raw_code, raw_quantity) in enumerate(lines):
            code = item_code(raw_code, f"lines[{n}].code")
            if any(line.code == code for line in priced):
                raise InvalidInput.on(f"lines[{n}].code", f"{code} is on the quote already")
            item = items.get(code)
            if item is None or not item.active or item.branch_id != order.branch_id:
                raise RuleViolation(
                    f"{code} is not on the branch's published price list",
                    code="not_on_price_list",
                    rule_id="AFS-05",
                )
            count = quantity(raw_quantity, f"lines[{n}].quantity")
            priced.append(
                QuoteLine(
                    code=code,
                    name=item.name,
                    unit=item.unit,
                    unit_price=item.unit_price,
                    price_version=item.price_version,
                    quantity=count,
                    amount=line_amount(item.unit_price, count),
                )
            )
        quote = cls()
        quote._record(
            QuoteDrafted(
                quote_id=quote_id,
                branch_id=order.branch_id,
                order_id=order.id,
                order_number=order.number,
                lines=tuple(priced),
                total=sum((line.amount for line in priced), Decimal("0.00")),
                currency=policy.currency,
                note=bounded_text(note, "note", 2000, required=False, multiline=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return quote

    @classmethod
    def rebuild(cls, history: Sequence[QuoteEvent]) -> Quote:
        quote = cls()
        quote._replay(history)
        return quote

    def _open(self, order: WorkOrder) -> None:
        if self.state is not QuoteState.DRAFTED:
            raise RuleViolation(f"the quote was {self.state.value}", code="quote_answered", rule_id="AFS-09")
        if order.id != self.order_id:
            raise InvalidInput.on("order_id", "is not this quote's work order")
        if order.quote_id:
            raise RuleViolation("the customer already accepted a quote for this order", code="quote_accepted")

    @enforces("AFS-09")
    def accept(
        self,
        actor: Actor,
        *,
        order: WorkOrder,
        customer: str,
        channel: str,
        accepted_at: datetime,
        policy: ChargesPolicy,
        now: datetime,
    ) -> None:
        """The customer accepted (who, how, when): the work order takes the quote and may start."""
        _engineering(actor, order, "recording the customer's answer", front_desk=True)
        self._open(order)
        self._record(
            QuoteAgreed(
                quote_id=self.id,
                order_id=self.order_id,
                total=self.total,
                currency=self.currency,
                customer=bounded_text(customer, "customer", 100, required=True),
                channel=_channel(channel),
                agreed_at=reported_time(
                    accepted_at, "accepted_at", not_before=self.created_at, not_after=now + policy.reported_time_skew
                ),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        order.accept_quote(actor, quote_id=self.id, total=f"{self.total:f}", currency=self.currency, now=now)

    def decline(
        self,
        actor: Actor,
        *,
        order: WorkOrder,
        customer: str,
        channel: str,
        reason: str,
        declined_at: datetime,
        policy: ChargesPolicy,
        now: datetime,
    ) -> None:
        """The customer said no: recorded, and the order stays unstarted (re-quote or cancel)."""
        _engineering(actor, order, "recording the customer's answer", front_desk=True)
        self._open(order)
        self._record(
            QuoteDeclined(
                quote_id=self.id,
                order_id=self.order_id,
                customer=bounded_text(customer, "customer", 100, required=True),
                channel=_channel(channel),
                reason=bounded_text(reason, "reason", 500, required=True, multiline=True),
                declined_at=reported_time(
                    declined_at, "declined_at", not_before=self.created_at, not_after=now + policy.reported_time_skew
                ),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: QuoteEvent) -> None:
        match event:
            case QuoteDrafted():
                self.id, self.branch_id, self.order_id = event.quote_id, event.branch_id, event.order_id
                self.order_number, self.lines, self.total = event.order_number, event.lines, event.total
                self.currency, self.note = event.currency, event.note
                self.created_by, self.created_at = event.actor, event.occurred_at
            case QuoteAgreed():
                self.state, self.customer, self.channel = QuoteState.AGREED, event.customer, event.channel
                self.answered_at = event.agreed_at
            case QuoteDeclined():
                self.state, self.customer, self.channel = QuoteState.DECLINED, event.customer, event.channel
                self.answered_at, self.declined_reason = event.declined_at, event.reason
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
