"""Shipping handlers: one function per command, domain calls only, and the shipping clock
(AFS-07: 24 and 48 hours from the payment) and the trip-report clock (AFS-08) set and
cleared with the change. Idempotency, commit, the outbox and retries are the kit's."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from aftersales.observability import PAYMENT_TO_SHIP_HOURS
from aftersales.shipping.app.ports import ShippingUnitOfWork, ShippingUnitOfWorkFactory
from aftersales.shipping.domain import commands as c
from aftersales.shipping.domain.policy import ShippingPolicy
from aftersales.shipping.domain.shipment import Shipment
from aftersales.shipping.domain.trip import FieldTrip
from cskit.calls import Call, once
from cskit.domain import Clock

# Timer kinds (subject: the shipment's or the trip's id).
SHIP_DUE = "aftersales.shipping.due"  # 24 hours after the payment: ShipmentLate
SHIP_LATEST = "aftersales.shipping.latest"  # 48 hours: ShipmentOverdue, the customer is told
TRIP_REPORT = "aftersales.shipping.trip_report"  # a trip silent for N days


def ref(record: Shipment | FieldTrip) -> str:
    return record.id


async def shipment_now(uow: ShippingUnitOfWork, shipment_id: str) -> Shipment:
    return await uow.shipments.get(shipment_id)


async def trip_now(uow: ShippingUnitOfWork, trip_id: str) -> FieldTrip:
    return await uow.trips.get(trip_id)


class ShippingHandlers:
    def __init__(self, uow: ShippingUnitOfWorkFactory, clock: Clock, policy: ShippingPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def _shipment(
        self, call: Call, shipment_id: str, change: Callable[[Shipment, ShippingUnitOfWork], None]
    ) -> Shipment:
        async def work(uow: ShippingUnitOfWork) -> Shipment:
            shipment = await uow.shipments.get(shipment_id)
            change(shipment, uow)
            return shipment

        return await once(self._uow(call), work, ref=ref, replay=shipment_now)

    async def _trip(
        self, call: Call, trip_id: str, change: Callable[[FieldTrip, ShippingUnitOfWork], None]
    ) -> FieldTrip:
        async def work(uow: ShippingUnitOfWork) -> FieldTrip:
            trip = await uow.trips.get(trip_id)
            change(trip, uow)
            return trip

        return await once(self._uow(call), work, ref=ref, replay=trip_now)

    # -- shipments (AFS-07, AFS-08) -------------------------------------------------------------

    async def request_shipment(self, cmd: c.RequestShipment, call: Call) -> Shipment:
        async def work(uow: ShippingUnitOfWork) -> Shipment:
            shipment = Shipment.request(
                shipment_id=str(uuid.uuid4()),
                actor=call.actor,
                policy=self._policy,
                sales_order=cmd.sales_order,
                customer_name=cmd.customer_name,
                customer_phone=cmd.customer_phone,
                address=cmd.address,
                product=cmd.product,
                payment_reference=cmd.payment_reference,
                payment_confirmed_by=cmd.payment_confirmed_by,
                payment_confirmed_at=cmd.payment_confirmed_at,
                amount_paid=cmd.amount,
                currency=cmd.currency,
                now=self._clock.now(),
            )
            uow.shipments.add(shipment)
            uow.schedule_timer(SHIP_DUE, shipment.id, shipment.ship_due)
            uow.schedule_timer(SHIP_LATEST, shipment.id, shipment.ship_latest)
            return shipment

        return await once(self._uow(call), work, ref=ref, replay=shipment_now)

    async def issue_delivery_note(self, cmd: c.IssueDeliveryNote, call: Call) -> Shipment:
        return await self._shipment(
            call,
            cmd.id,
            lambda s, _: s.issue_delivery_note(call.actor, note_number=cmd.note_number, now=self._clock.now()),
        )

    async def hand_over_shipment(self, cmd: c.HandOverShipment, call: Call) -> Shipment:
        return await self._shipment(
            call,
            cmd.id,
            lambda s, _: s.hand_over(
                call.actor,
                product_number=cmd.product_number,
                production_date=cmd.production_date,
                ship_date=cmd.ship_date,
                warehouse=cmd.warehouse,
                policy=self._policy,
                now=self._clock.now(),
            ),
        )

    async def ship_shipment(self, cmd: c.ShipShipment, call: Call) -> Shipment:
        shipped: list[Shipment] = []  # set only when this call shipped it (not on a replay)

        def change(shipment: Shipment, uow: ShippingUnitOfWork) -> None:
            shipment.ship(call.actor, waybill_number=cmd.waybill_number, carrier=cmd.carrier, now=self._clock.now())
            uow.cancel_timer(SHIP_DUE, shipment.id)
            uow.cancel_timer(SHIP_LATEST, shipment.id)
            shipped[:] = [shipment]

        shipment = await self._shipment(call, cmd.id, change)
        if shipped and shipment.payment_to_ship_hours is not None:
            PAYMENT_TO_SHIP_HOURS.labels(shipment.branch_id).observe(shipment.payment_to_ship_hours)
        return shipment

    async def track_shipment(self, cmd: c.TrackShipment, call: Call) -> Shipment:
        return await self._shipment(
            call, cmd.id, lambda s, _: s.track(call.actor, status=cmd.status, note=cmd.note, now=self._clock.now())
        )

    async def confirm_receipt(self, cmd: c.ConfirmReceipt, call: Call) -> Shipment:
        return await self._shipment(
            call,
            cmd.id,
            lambda s, _: s.confirm_receipt(
                call.actor,
                received_by=cmd.received_by,
                received_at=cmd.received_at,
                policy=self._policy,
                now=self._clock.now(),
            ),
        )

    async def notify_customer(self, cmd: c.NotifyCustomer, call: Call) -> Shipment:
        return await self._shipment(
            call,
            cmd.id,
            lambda s, _: s.notify_customer(
                call.actor,
                channel=cmd.channel,
                offer=cmd.offer,
                choice=cmd.choice,
                note=cmd.note,
                now=self._clock.now(),
            ),
        )

    async def book_installation(self, cmd: c.BookInstallation, call: Call) -> Shipment:
        return await self._shipment(
            call,
            cmd.id,
            lambda s, _: s.book_installation(
                call.actor, appointment_at=cmd.appointment_at, note=cmd.note, policy=self._policy, now=self._clock.now()
            ),
        )

    async def shipping_clock(self, shipment_id: str, *, latest: bool, uow: ShippingUnitOfWork) -> Shipment:
        """A shipping timer ran out (the runner's transaction): the shipment records it if it applies."""

        async def work(u: ShippingUnitOfWork) -> Shipment:
            shipment = await u.shipments.get(shipment_id)
            shipment.clock(latest=latest, now=self._clock.now())
            return shipment

        return await once(uow, work, ref=ref, replay=shipment_now, retry=None)

    # -- field trips (AFS-08) ---------------------------------------------------------------------

    async def request_field_trip(self, cmd: c.RequestFieldTrip, call: Call) -> FieldTrip:
        async def work(uow: ShippingUnitOfWork) -> FieldTrip:
            trip = FieldTrip.request(
                trip_id=str(uuid.uuid4()),
                actor=call.actor,
                policy=self._policy,
                technician=cmd.technician,
                destination=cmd.destination,
                purpose=cmd.purpose,
                shipment_id=cmd.shipment_id,
                expected_days=cmd.expected_days,
                now=self._clock.now(),
            )
            uow.trips.add(trip)
            return trip

        return await once(self._uow(call), work, ref=ref, replay=trip_now)

    async def approve_field_trip(self, cmd: c.ApproveFieldTrip, call: Call) -> FieldTrip:
        return await self._trip(call, cmd.id, lambda t, _: t.approve(call.actor, note=cmd.note, now=self._clock.now()))

    async def refuse_field_trip(self, cmd: c.RefuseFieldTrip, call: Call) -> FieldTrip:
        return await self._trip(
            call, cmd.id, lambda t, _: t.refuse(call.actor, reason=cmd.reason, now=self._clock.now())
        )

    def _report_timer(self, trip: FieldTrip, uow: ShippingUnitOfWork) -> None:
        last = trip.report_due
        if last is not None:
            uow.schedule_timer(TRIP_REPORT, trip.id, last + self._policy.trip_report_interval)

    async def depart_on_field_trip(self, cmd: c.DepartOnFieldTrip, call: Call) -> FieldTrip:
        def change(trip: FieldTrip, uow: ShippingUnitOfWork) -> None:
            trip.depart(call.actor, expected_days=cmd.expected_days, policy=self._policy, now=self._clock.now())
            self._report_timer(trip, uow)

        return await self._trip(call, cmd.id, change)

    async def report_field_trip(self, cmd: c.ReportFieldTrip, call: Call) -> FieldTrip:
        def change(trip: FieldTrip, uow: ShippingUnitOfWork) -> None:
            trip.report(call.actor, progress=cmd.progress, now=self._clock.now())
            self._report_timer(trip, uow)

        return await self._trip(call, cmd.id, change)

    async def close_field_trip(self, cmd: c.CloseFieldTrip, call: Call) -> FieldTrip:
        def change(trip: FieldTrip, uow: ShippingUnitOfWork) -> None:
            trip.close(
                call.actor,
                work_done=cmd.work_done,
                customer_opinion=cmd.customer_opinion,
                satisfaction=cmd.satisfaction,
                now=self._clock.now(),
            )
            uow.cancel_timer(TRIP_REPORT, trip.id)

        return await self._trip(call, cmd.id, change)

    async def trip_clock(self, trip_id: str, *, uow: ShippingUnitOfWork) -> FieldTrip:
        """The trip-report timer ran out: flag a silent trip and look again later."""

        async def work(u: ShippingUnitOfWork) -> FieldTrip:
            trip = await u.trips.get(trip_id)
            again = trip.report_clock(policy=self._policy, now=self._clock.now())
            if again is not None:
                u.schedule_timer(TRIP_REPORT, trip.id, again)
            return trip

        return await once(uow, work, ref=ref, replay=trip_now, retry=None)
