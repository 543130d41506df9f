"""Agreement events -> outbox (CMP-09, CMP-13, PLT-03).

``FilingRequested`` goes to the archives on ``cs.filing.v1`` (``events/filing.py``); every
other agreement event goes on ``cs.complaints.v1`` keyed by the complaint id, so a case's
agreement events stay in order with the case's own. Payloads are the messages of
``compensation.proto`` named like the domain events, found through ``outbound.message_class``;
amounts become ``cs.common.v1.Money`` (units + nanos, exact), never floats.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from google.protobuf.message import Message

from complaints import SERVICE, TOPIC
from complaints.compensation.domain.events import AgreementEvent, FilingRequested, agreement_event_type
from complaints.compensation.domain.model import Agreement
from complaints.events.common import SCHEMA_VERSION, message_class
from complaints.events.filing import FILING_TOPIC, filing_envelope
from cs.common.v1 import common_pb2
from cs.complaints.v1 import compensation_pb2  # noqa: F401 - registers the payload messages
from cskit.messaging.envelope import Envelope
from cskit.protomap import money_parts, timestamp


def agreement_payload(event: AgreementEvent) -> Message:
    message = message_class(agreement_event_type(event))()
    for fd in message.DESCRIPTOR.fields:
        name = fd.name
        if name.endswith("_by"):
            setattr(message, name, event.actor)
            continue
        value = getattr(event, name)
        if name == "amount":
            units, nanos = money_parts(value)
            money = common_pb2.Money(currency_code=getattr(event, "currency"), units=units, nanos=nanos)  # noqa: B009
            getattr(message, name).CopyFrom(money)
        elif isinstance(value, datetime):
            getattr(message, name).CopyFrom(timestamp(value))
        elif isinstance(value, tuple):
            field = getattr(message, name)
            for item in value:
                field.add(**dataclasses.asdict(item))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            getattr(message, name).CopyFrom(type(getattr(message, name))(**dataclasses.asdict(value)))
        else:
            setattr(message, name, value)
    return message


def outbox_entry(agreement: Agreement, event: AgreementEvent) -> tuple[str, Envelope]:
    """(topic, envelope) for one agreement event."""
    if isinstance(event, FilingRequested):
        return FILING_TOPIC, filing_envelope(event.filing)
    envelope = Envelope.new(
        agreement_payload(event),
        source=SERVICE,
        subject=agreement.complaint_id,
        branch_id=agreement.branch_id,
        time=event.occurred_at,
        schema_version=SCHEMA_VERSION,
    )
    return TOPIC, envelope
