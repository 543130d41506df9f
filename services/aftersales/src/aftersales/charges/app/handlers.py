"""Charges handlers: one function per command, domain calls only; the completion timers'
work (the charge for finance, the filing request) once per order. Idempotency, commit, the
outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from aftersales.charges.app.ports import ChargesUnitOfWork, ChargesUnitOfWorkFactory
from aftersales.charges.domain import commands as c
from aftersales.charges.domain.completion import Completion
from aftersales.charges.domain.policy import ChargesPolicy
from aftersales.charges.domain.price import PriceItem, item_code, item_id_for
from aftersales.charges.domain.quote import Quote
from cskit.calls import Call, act, once
from cskit.domain import Clock, NotFound

# The completion timers (subject: the order id), set in the sign-off's transaction.
CHARGE = "aftersales.charge"
FILING = "aftersales.filing"


def record_ref(record: PriceItem | Quote) -> str:
    return record.id


async def item_now(uow: ChargesUnitOfWork, item_id: str) -> PriceItem:
    return await uow.price_items.get(item_id)


async def quote_now(uow: ChargesUnitOfWork, quote_id: str) -> Quote:
    return await uow.quotes.get(quote_id)


@dataclass(frozen=True, slots=True)
class Done:
    """What a completion timer did: None when an earlier firing had done it."""

    completion: Completion
    charged: bool = False
    filed: bool = False


class ChargeHandlers:
    def __init__(self, uow: ChargesUnitOfWorkFactory, clock: Clock, policy: ChargesPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    # -- the price list (AFS-05) --------------------------------------------------------------

    async def add_price_item(self, cmd: c.AddPriceItem, call: Call) -> PriceItem:
        async def work(uow: ChargesUnitOfWork) -> PriceItem:
            item = PriceItem.add(
                actor=call.actor,
                branch_id=call.actor.branch_id,
                code=cmd.code,
                name=cmd.name,
                unit_price=cmd.unit_price,
                unit=cmd.unit,
                policy=self._policy,
                now=self._clock.now(),
            )
            uow.price_items.add(item)
            return item

        return await once(self._uow(call), work, ref=record_ref, replay=item_now)

    async def _item(self, call: Call, item_id: str, change: Callable[[PriceItem], None]) -> PriceItem:
        return await act(self._uow(call), item_id, load=item_now, change=change, ref=record_ref)

    async def change_price_item(self, cmd: c.ChangePriceItem, call: Call) -> PriceItem:
        return await self._item(
            call,
            cmd.id,
            lambda i: i.change(
                call.actor, name=cmd.name, unit_price=cmd.unit_price, unit=cmd.unit, now=self._clock.now()
            ),
        )

    async def retire_price_item(self, cmd: c.RetirePriceItem, call: Call) -> PriceItem:
        return await self._item(call, cmd.id, lambda i: i.retire(call.actor, now=self._clock.now()))

    async def restore_price_item(self, cmd: c.RestorePriceItem, call: Call) -> PriceItem:
        return await self._item(call, cmd.id, lambda i: i.restore(call.actor, now=self._clock.now()))

    # -- quotes (AFS-09, AFS-05, AFS-11) ------------------------------------------------------

    async def draft_quote(self, cmd: c.DraftQuote, call: Call) -> Quote:
        async def work(uow: ChargesUnitOfWork) -> Quote:
            order = await uow.orders.get(cmd.order_id)
            items: dict[str, PriceItem] = {}
            for n, (code, _) in enumerate(cmd.lines):
                checked = item_code(code, f"lines[{n}].code")
                try:
                    items[checked] = await uow.price_items.get(item_id_for(order.branch_id, checked))
                except NotFound:
                    continue  # the domain refuses it as not on the list (AFS-05)
            quote = Quote.draft(
                quote_id=str(uuid.uuid4()),
                actor=call.actor,
                order=order,
                lines=cmd.lines,
                items=items,
                note=cmd.note,
                policy=self._policy,
                now=self._clock.now(),
            )
            uow.quotes.add(quote)
            return quote

        return await once(self._uow(call), work, ref=record_ref, replay=quote_now)

    async def accept_quote(self, cmd: c.AcceptQuote, call: Call) -> Quote:
        async def work(uow: ChargesUnitOfWork) -> Quote:
            quote = await uow.quotes.get(cmd.id)
            order = await uow.orders.get(quote.order_id)
            # The quote and the order it opens to the work commit together (AFS-09).
            quote.accept(
                call.actor,
                order=order,
                customer=cmd.customer,
                channel=cmd.channel,
                accepted_at=cmd.accepted_at,
                policy=self._policy,
                now=self._clock.now(),
            )
            return quote

        return await once(self._uow(call), work, ref=record_ref, replay=quote_now)

    async def decline_quote(self, cmd: c.DeclineQuote, call: Call) -> Quote:
        async def work(uow: ChargesUnitOfWork) -> Quote:
            quote = await uow.quotes.get(cmd.id)
            order = await uow.orders.get(quote.order_id)
            quote.decline(
                call.actor,
                order=order,
                customer=cmd.customer,
                channel=cmd.channel,
                reason=cmd.reason,
                declined_at=cmd.declined_at,
                policy=self._policy,
                now=self._clock.now(),
            )
            return quote

        return await once(self._uow(call), work, ref=record_ref, replay=quote_now)

    # -- a completed order (AFS-05, AFS-04): the timer runner's transaction --------------------

    async def _completion(self, uow: ChargesUnitOfWork, order_id: str) -> tuple[Completion, bool]:
        try:
            return await uow.completions.get(order_id), False
        except NotFound:
            return Completion.of(await uow.orders.get(order_id)), True

    async def completed(self, order_id: str, kind: str, uow: ChargesUnitOfWork) -> Done:
        """A completion timer fired: raise the charge (``CHARGE``) or request the filing
        (``FILING``) unless an earlier firing did; joins the runner's transaction."""
        async with uow:
            order = await uow.orders.get(order_id)
            completion, new = await self._completion(uow, order_id)
            now = self._clock.now()
            charged = filed = False
            if kind == CHARGE:
                quote = await uow.quotes.get(order.quote_id) if order.quote_id else None
                charged = completion.charge(order, quote, now=now)
            else:
                filed = completion.file(order, policy=self._policy, now=now)
            if new:
                uow.completions.add(completion)
            await uow.commit()
        return Done(completion, charged=charged, filed=filed)
