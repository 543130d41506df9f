"""The field trip (出差): a technician's field-support visit (AFS-08). The general manager
approves it, never the one who asked (PLT-02); the technician says how many days they expect,
reports during the trip, and files the service feedback form on return. Event-sourced; every
move goes through the ONE transition table (``states``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import assert_never

from aftersales.shipping.domain.events import (
    FieldTripApproved,
    FieldTripClosed,
    FieldTripDeparted,
    FieldTripRefused,
    FieldTripReported,
    FieldTripRequested,
    FieldTripUnreported,
    TripEvent,
)
from aftersales.shipping.domain.policy import ShippingPolicy
from aftersales.shipping.domain.rules import AFTERSALES, GENERAL_MANAGER, TECHNICIANS, text
from aftersales.shipping.domain.states import TRIP_TRANSITIONS as TABLE
from aftersales.shipping.domain.states import TripAction, TripState
from cskit.domain import Actor, Forbidden, InvalidInput
from cskit.domain.actor import require_not_requester, require_role, staff_id
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SATISFACTION = range(1, 6)  # 1 very dissatisfied ... 5 very satisfied


def expected(days: int, policy: ShippingPolicy) -> int:
    if not 1 <= days <= policy.max_trip_days:
        raise InvalidInput.on("expected_days", f"must be 1 to {policy.max_trip_days}", rule_id="AFS-08")
    return days


class FieldTrip(EventSourced[TripEvent]):
    """Build it with ``request`` or ``rebuild``, never directly."""

    id: str
    branch_id: str
    state: TripState
    technician: str
    destination: str
    purpose: str
    shipment_id: str
    expected_days: int
    requested_by: str
    approved_by: str
    decision_note: str
    departed_at: datetime | None
    reports: tuple[str, ...]
    last_report_at: datetime | None
    unreported: bool
    work_done: str
    customer_opinion: str
    satisfaction: int
    days_away: int
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.technician = self.destination = self.purpose = self.shipment_id = ""
        self.state = TripState.REQUESTED
        self.expected_days = self.satisfaction = self.days_away = 0
        self.requested_by = self.approved_by = self.decision_note = ""
        self.departed_at = self.last_report_at = self.closed_at = None
        self.reports = ()
        self.unreported = False
        self.work_done = self.customer_opinion = ""
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("AFS-08")
    def request(
        cls,
        *,
        trip_id: str,
        actor: Actor,
        policy: ShippingPolicy,
        technician: str,
        destination: str,
        purpose: str,
        shipment_id: str = "",
        expected_days: int,
        now: datetime,
    ) -> FieldTrip:
        """A field-support request: the technician (or after-sales for them) says where, why and
        for how many days; the general manager decides."""
        require_role(actor, TECHNICIANS | AFTERSALES, action="requesting a field trip")
        who = staff_id(technician.strip() or actor.subject, "technician")
        trip = cls()
        trip._record(
            FieldTripRequested(
                trip_id=trip_id,
                branch_id=actor.branch_id,
                technician=who,
                destination=text("destination", destination),
                purpose=text("purpose", purpose),
                shipment_id=text("shipment_id", shipment_id),
                expected_days=expected(expected_days, policy),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return trip

    @classmethod
    def rebuild(cls, history: Sequence[TripEvent]) -> FieldTrip:
        trip = cls()
        trip._replay(history)
        return trip

    def _decider(self, actor: Actor, action: str) -> None:
        require_role(actor, GENERAL_MANAGER, action=action)
        require_not_requester(actor, self.requested_by, action=action)
        require_not_requester(actor, self.technician, action=action)

    @enforces("AFS-08")
    def approve(self, actor: Actor, *, note: str, now: datetime) -> None:
        """Only the general manager, and never the one who asked or who travels (PLT-02)."""
        self._decider(actor, "approving a field trip")
        TABLE.move(self.state, TripAction.APPROVE)
        self._record(FieldTripApproved(trip_id=self.id, note=text("note", note), actor=actor.subject, occurred_at=now))

    @enforces("AFS-08")
    def refuse(self, actor: Actor, *, reason: str, now: datetime) -> None:
        self._decider(actor, "refusing a field trip")
        TABLE.move(self.state, TripAction.REFUSE)
        self._record(
            FieldTripRefused(trip_id=self.id, reason=text("reason", reason), actor=actor.subject, occurred_at=now)
        )

    def _traveller(self, actor: Actor, action: str) -> None:
        if actor.subject != self.technician:
            raise Forbidden(f"{action}: only the travelling technician", code="not_the_technician", rule_id="AFS-08")

    @enforces("AFS-08")
    def depart(self, actor: Actor, *, expected_days: int, policy: ShippingPolicy, now: datetime) -> None:
        """The technician leaves, recording how many days they expect to be away (0: as requested)."""
        self._traveller(actor, "leaving on a field trip")
        TABLE.move(self.state, TripAction.DEPART)
        self._record(
            FieldTripDeparted(
                trip_id=self.id,
                expected_days=expected(expected_days or self.expected_days, policy),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-08")
    def report(self, actor: Actor, *, progress: str, now: datetime) -> None:
        """A progress report during the trip."""
        self._traveller(actor, "reporting on a field trip")
        TABLE.move(self.state, TripAction.REPORT)
        self._record(
            FieldTripReported(
                trip_id=self.id, progress=text("progress", progress), actor=actor.subject, occurred_at=now
            )
        )

    @property
    def report_due(self) -> datetime | None:
        """When the next progress report is expected (a trip under way only)."""
        last = self.last_report_at or self.departed_at
        return None if self.state is not TripState.TRAVELLING or last is None else last

    def report_clock(self, *, policy: ShippingPolicy, now: datetime) -> datetime | None:
        """The silence timer ran out: flag the trip when no report came for the setting's days;
        returns when to look again (None: the trip is over)."""
        last = self.report_due
        if last is None:
            return None
        due = last + policy.trip_report_interval
        if now >= due and not self.unreported:
            self._record(
                FieldTripUnreported(
                    trip_id=self.id, branch_id=self.branch_id, last_report_at=last, actor="system", occurred_at=now
                )
            )
        return due if now < due else now + policy.trip_report_interval

    @enforces("AFS-08")
    def close(self, actor: Actor, *, work_done: str, customer_opinion: str, satisfaction: int, now: datetime) -> None:
        """Back: the service feedback form (the work done, the customer's opinion, satisfaction 1-5)."""
        self._traveller(actor, "closing a field trip")
        TABLE.move(self.state, TripAction.CLOSE)
        if satisfaction not in SATISFACTION:
            raise InvalidInput.on("satisfaction", "must be 1 to 5", rule_id="AFS-08")
        assert self.departed_at is not None
        days = max(1, math.ceil((now - self.departed_at).total_seconds() / 86400))
        self._record(
            FieldTripClosed(
                trip_id=self.id,
                branch_id=self.branch_id,
                work_done=text("work_done", work_done),
                customer_opinion=text("customer_opinion", customer_opinion),
                satisfaction=satisfaction,
                days_away=days,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: TripEvent) -> None:
        match event:
            case FieldTripRequested():
                self.id, self.branch_id, self.technician = event.trip_id, event.branch_id, event.technician
                self.destination, self.purpose, self.shipment_id = event.destination, event.purpose, event.shipment_id
                self.expected_days, self.requested_by, self.created_at = (
                    event.expected_days,
                    event.actor,
                    event.occurred_at,
                )
            case FieldTripApproved():
                self.state = TABLE.move(self.state, TripAction.APPROVE)
                self.approved_by, self.decision_note = event.actor, event.note
            case FieldTripRefused():
                self.state = TABLE.move(self.state, TripAction.REFUSE)
                self.approved_by, self.decision_note = event.actor, event.reason
            case FieldTripDeparted():
                self.state = TABLE.move(self.state, TripAction.DEPART)
                self.departed_at, self.expected_days = event.occurred_at, event.expected_days
            case FieldTripReported():
                self.state = TABLE.move(self.state, TripAction.REPORT)
                self.reports = (*self.reports, event.progress)
                self.last_report_at, self.unreported = event.occurred_at, False
            case FieldTripUnreported():
                self.unreported = True
            case FieldTripClosed():
                self.state = TABLE.move(self.state, TripAction.CLOSE)
                self.work_done, self.customer_opinion = event.work_done, event.customer_opinion
                self.satisfaction, self.days_away, self.closed_at = (
                    event.satisfaction,
                    event.days_away,
                    event.occurred_at,
                )
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
