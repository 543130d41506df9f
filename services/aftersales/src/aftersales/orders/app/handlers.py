"""Work-order handlers: one function per command, domain calls only, and the order's clocks
(AFS-02 departure, AFS-13 acknowledgement) set and cleared with the change. Idempotency,
commit, the outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from aftersales.domain.policy import AftersalesPolicy
from aftersales.observability import COMPLETION_SECONDS, DEPARTURE_SECONDS
from aftersales.orders.app.ports import OrdersUnitOfWork, OrdersUnitOfWorkFactory
from aftersales.orders.domain import commands as c
from aftersales.orders.domain.model import WorkOrder
from cskit.calls import Call, act, once
from cskit.domain import Clock

# The order's own clocks (timer kinds; the subject is the order's id).
ACKNOWLEDGEMENT = "aftersales.acknowledgement"
DEPARTURE = "aftersales.departure"


def order_ref(order: WorkOrder) -> str:
    return order.id


async def order_now(uow: OrdersUnitOfWork, order_id: str) -> WorkOrder:
    """A repeated call answers with the order as it now stands."""
    return await uow.orders.get(order_id)


class OrderHandlers:
    def __init__(
        self,
        uow: OrdersUnitOfWorkFactory,
        clock: Clock,
        policy: AftersalesPolicy,
        on_completion: Sequence[str] = (),
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy
        # Timer kinds the other sub-domains react to a sign-off with (charge, filing, visit),
        # set in the sign-off's transaction so none is lost.
        self._on_completion = tuple(on_completion)

    async def _act(self, call: Call, order_id: str, change: Callable[[WorkOrder, OrdersUnitOfWork], None]) -> WorkOrder:
        async def work(uow: OrdersUnitOfWork) -> WorkOrder:
            order = await uow.orders.get(order_id)
            change(order, uow)
            return order

        return await once(self._uow(call), work, ref=order_ref, replay=order_now)

    async def open_work_order(self, cmd: c.OpenWorkOrder, call: Call) -> WorkOrder:
        async def work(uow: OrdersUnitOfWork) -> WorkOrder:
            order = WorkOrder.open(
                order_id=str(uuid.uuid4()),
                actor=call.actor,
                branch_id=call.actor.branch_id,
                policy=self._policy,
                kind=cmd.kind,
                origin=cmd.origin,
                requester_name=cmd.requester_name,
                requester_phone=cmd.requester_phone,
                unit=cmd.unit,
                facility=cmd.facility,
                area=cmd.area,
                reporting_department=cmd.reporting_department,
                fault=cmd.fault,
                product=cmd.product,
                warranty=cmd.warranty,
                appointment_at=cmd.appointment_at,
                now=self._clock.now(),
            )
            uow.orders.add(order)
            uow.schedule_timer(ACKNOWLEDGEMENT, order.id, order.acknowledge_due)
            return order

        return await once(self._uow(call), work, ref=order_ref, replay=order_now)

    async def acknowledge_work_order(self, cmd: c.AcknowledgeWorkOrder, call: Call) -> WorkOrder:
        def change(order: WorkOrder, uow: OrdersUnitOfWork) -> None:
            order.acknowledge(call.actor, note=cmd.note, now=self._clock.now())
            uow.cancel_timer(ACKNOWLEDGEMENT, order.id)

        return await self._act(call, cmd.id, change)

    async def book_work_order(self, cmd: c.BookWorkOrder, call: Call) -> WorkOrder:
        return await act(
            self._uow(call),
            cmd.id,
            load=order_now,
            change=lambda o: o.book(
                call.actor, appointment_at=cmd.appointment_at, note=cmd.note, policy=self._policy, now=self._clock.now()
            ),
            ref=order_ref,
        )

    async def assign_work_order(self, cmd: c.AssignWorkOrder, call: Call) -> WorkOrder:
        def change(order: WorkOrder, uow: OrdersUnitOfWork) -> None:
            order.assign(call.actor, engineer=cmd.engineer, basis=cmd.basis, reason=cmd.reason, now=self._clock.now())
            uow.cancel_timer(DEPARTURE, order.id)

        return await self._act(call, cmd.id, change)

    async def accept_work_order(self, cmd: c.AcceptWorkOrder, call: Call) -> WorkOrder:
        def change(order: WorkOrder, uow: OrdersUnitOfWork) -> None:
            order.accept(call.actor, policy=self._policy, now=self._clock.now())
            assert order.departure_due is not None
            uow.schedule_timer(DEPARTURE, order.id, order.departure_due)

        return await self._act(call, cmd.id, change)

    async def depart_for_work_order(self, cmd: c.DepartForWorkOrder, call: Call) -> WorkOrder:
        def change(order: WorkOrder, uow: OrdersUnitOfWork) -> None:
            order.depart(call.actor, tools_and_parts=cmd.tools_and_parts, now=self._clock.now())
            uow.cancel_timer(DEPARTURE, order.id)

        order = await self._act(call, cmd.id, change)
        if order.departure_seconds is not None:
            DEPARTURE_SECONDS.labels(order.branch_id).observe(order.departure_seconds)
        return order

        return await self._act(call, cmd.id, change)

    async def decide_warranty(self, cmd: c.DecideWarranty, call: Call) -> WorkOrder:
        return await act(
            self._uow(call),
            cmd.id,
            load=order_now,
            change=lambda o: o.decide_warranty(
                call.actor, warranty=cmd.warranty, diagnosis=cmd.diagnosis, now=self._clock.now()
            ),
            ref=order_ref,
        )

    async def start_work(self, cmd: c.StartWork, call: Call) -> WorkOrder:
        return await act(
            self._uow(call),
            cmd.id,
            load=order_now,
            change=lambda o: o.start(call.actor, now=self._clock.now()),
            ref=order_ref,
        )

    async def agree_extra_work(self, cmd: c.AgreeExtraWork, call: Call) -> WorkOrder:
        return await act(
            self._uow(call),
            cmd.id,
            load=order_now,
            change=lambda o: o.agree_extra_work(
                call.actor,
                description=cmd.description,
                consented_by=cmd.consented_by,
                consent_channel=cmd.consent_channel,
                consented_at=cmd.consented_at,
                policy=self._policy,
                now=self._clock.now(),
            ),
            ref=order_ref,
        )

    async def sign_off_work_order(self, cmd: c.SignOffWorkOrder, call: Call) -> WorkOrder:
        def change(order: WorkOrder, uow: OrdersUnitOfWork) -> None:
            now = self._clock.now()
            order.sign_off(
                call.actor,
                signer_name=cmd.signer_name,
                signer_department=cmd.signer_department,
                signer_position=cmd.signer_position,
                signer_age=cmd.signer_age,
                signature_pointer=cmd.signature_pointer,
                note=cmd.note,
                policy=self._policy,
                now=now,
            )
            uow.cancel_timer(ACKNOWLEDGEMENT, order.id)
            for kind in self._on_completion:
                uow.schedule_timer(kind, order.id, now)

        order = await self._act(call, cmd.id, change)
        if order.completed_at is not None:
            seconds = (order.completed_at - order.created_at).total_seconds()
            COMPLETION_SECONDS.labels(order.branch_id, order.kind.value).observe(seconds)
        return order

    async def cancel_work_order(self, cmd: c.CancelWorkOrder, call: Call) -> WorkOrder:
        def change(order: WorkOrder, uow: OrdersUnitOfWork) -> None:
            order.cancel(call.actor, reason=cmd.reason, now=self._clock.now())
            uow.cancel_timer(ACKNOWLEDGEMENT, order.id)
            uow.cancel_timer(DEPARTURE, order.id)

        return await self._act(call, cmd.id, change)

    async def clock(self, order_id: str, kind: str, call: Call, uow: OrdersUnitOfWork) -> WorkOrder:
        """A clock ran out (the timer runner's transaction): the order records it if it still applies."""

        def change(order: WorkOrder) -> None:
            if kind == DEPARTURE:
                order.departure_clock(self._clock.now())
            else:
                order.acknowledgement_clock(self._clock.now())

        return await act(uow, order_id, load=order_now, change=change, ref=order_ref, retry=None)
