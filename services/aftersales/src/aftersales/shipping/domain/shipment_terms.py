"""The closed sets of values a shipment takes (AFS-07): the carrier's tracking states, the
channels a customer is told through, what they are offered and what they choose."""

from __future__ import annotations

from enum import StrEnum


class Tracking(StrEnum):
    """AFS-07: the waybill's states as the carrier reports them."""

    IN_TRANSIT = "in_transit"
    EXCEPTION = "exception"
    DELIVERED = "delivered"


class Channel(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    IN_PERSON = "in_person"
    WRITTEN = "written"


class Offer(StrEnum):
    """AFS-07: a shipment that cannot go out in time is offered as an exchange or a refund."""

    EXCHANGE = "exchange"
    REFUND = "refund"
    EXCHANGE_OR_REFUND = "exchange_or_refund"


class Choice(StrEnum):
    """The customer's answer; ``pending`` until they give one."""

    PENDING = "pending"
    EXCHANGE = "exchange"
    REFUND = "refund"
    WAIT = "wait"
