"""The ONE transition table of each shipping record.

A shipment (AFS-07):
requested --issue_note--> note_issued --hand_over--> handed_over --ship--> shipped
shipped | in_transit | exception --track--> in_transit | exception | delivered
delivered --confirm_receipt--> received
Moves that keep the state: the customer told of a late shipment (before it ships) and the
installation booked once the goods are delivered (AFS-08).

A field trip (AFS-08):
requested --approve--> approved --depart--> travelling --report--> travelling
requested --refuse--> refused;  approved | travelling --close--> closed (the feedback form)
"""

from __future__ import annotations

from enum import StrEnum

from cskit.domain.transitions import IllegalMove, TransitionTable


class IllegalShippingMove(IllegalMove):
    """An action the record's current state does not allow."""


class ShipmentState(StrEnum):
    REQUESTED = "requested"
    NOTE_ISSUED = "note_issued"
    HANDED_OVER = "handed_over"
    SHIPPED = "shipped"
    IN_TRANSIT = "in_transit"
    EXCEPTION = "exception"
    DELIVERED = "delivered"
    RECEIVED = "received"

    @property
    def waiting(self) -> bool:
        """Not shipped yet: the 24/48-hour clock runs (AFS-07)."""
        return self in (ShipmentState.REQUESTED, ShipmentState.NOTE_ISSUED, ShipmentState.HANDED_OVER)


class ShipmentAction(StrEnum):
    ISSUE_NOTE = "issue the delivery note of"
    HAND_OVER = "hand to logistics"
    SHIP = "ship"
    TRACK_IN_TRANSIT = "track in transit"
    TRACK_EXCEPTION = "track an exception on"
    TRACK_DELIVERED = "track as delivered"
    CONFIRM_RECEIPT = "confirm the receipt of"
    NOTIFY_CUSTOMER = "tell the customer about"
    BOOK_INSTALLATION = "book the installation of"


S, A = ShipmentState, ShipmentAction
_MOVING = (S.SHIPPED, S.IN_TRANSIT, S.EXCEPTION)

SHIPMENT_TRANSITIONS: TransitionTable[ShipmentState, ShipmentAction] = TransitionTable(
    {
        (S.REQUESTED, A.ISSUE_NOTE): S.NOTE_ISSUED,
        (S.NOTE_ISSUED, A.HAND_OVER): S.HANDED_OVER,
        (S.HANDED_OVER, A.SHIP): S.SHIPPED,
        **{(state, A.TRACK_IN_TRANSIT): S.IN_TRANSIT for state in _MOVING},
        **{(state, A.TRACK_EXCEPTION): S.EXCEPTION for state in _MOVING},
        **{(state, A.TRACK_DELIVERED): S.DELIVERED for state in _MOVING},
        (S.DELIVERED, A.CONFIRM_RECEIPT): S.RECEIVED,
        **{(state, A.NOTIFY_CUSTOMER): state for state in (S.REQUESTED, S.NOTE_ISSUED, S.HANDED_OVER)},
        (S.DELIVERED, A.BOOK_INSTALLATION): S.DELIVERED,
        (S.RECEIVED, A.BOOK_INSTALLATION): S.RECEIVED,
    },
    record="a shipment",
    rule={
        A.ISSUE_NOTE: "AFS-07",
        A.HAND_OVER: "AFS-07",
        A.SHIP: "AFS-07",
        A.TRACK_IN_TRANSIT: "AFS-07",
        A.TRACK_EXCEPTION: "AFS-07",
        A.TRACK_DELIVERED: "AFS-07",
        A.CONFIRM_RECEIPT: "AFS-07",
        A.NOTIFY_CUSTOMER: "AFS-07",
        A.BOOK_INSTALLATION: "AFS-08",
    },
    codes={
        A.ISSUE_NOTE: "shipment_not_requested",
        A.HAND_OVER: "delivery_note_missing",
        A.SHIP: "shipment_not_handed_over",
        A.CONFIRM_RECEIPT: "shipment_not_delivered",
        A.NOTIFY_CUSTOMER: "shipment_already_shipped",
        A.BOOK_INSTALLATION: "goods_not_delivered",
    },
    error=IllegalShippingMove,
)


class TripState(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    TRAVELLING = "travelling"
    CLOSED = "closed"


class TripAction(StrEnum):
    APPROVE = "approve"
    REFUSE = "refuse"
    DEPART = "leave on"
    REPORT = "report on"
    CLOSE = "close"


T, TA = TripState, TripAction

TRIP_TRANSITIONS: TransitionTable[TripState, TripAction] = TransitionTable(
    {
        (T.REQUESTED, TA.APPROVE): T.APPROVED,
        (T.REQUESTED, TA.REFUSE): T.REFUSED,
        (T.APPROVED, TA.DEPART): T.TRAVELLING,
        (T.TRAVELLING, TA.REPORT): T.TRAVELLING,
        (T.TRAVELLING, TA.CLOSE): T.CLOSED,
    },
    record="a field trip",
    rule={a: "AFS-08" for a in TripAction},
    codes={
        TA.APPROVE: "trip_not_requested",
        TA.REFUSE: "trip_not_requested",
        TA.DEPART: "trip_not_approved",
        TA.REPORT: "trip_not_travelling",
        TA.CLOSE: "trip_not_travelling",
    },
    error=IllegalShippingMove,
)
