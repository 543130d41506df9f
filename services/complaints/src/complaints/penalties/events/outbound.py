"""Accountability event -> protobuf payload in the envelope (CMP-11, PLT-03).

Topic ``cs.complaints.v1``. The payloads in ``penalties.proto`` share their names with the
domain events and map field by field (``*_by`` is the actor, except ``approved_by`` on
SanctionPublished, which the event carries); ``Decimal`` becomes ``cs.common.v1.Money``.
The key is the event's own: the complaint id for case events, the person id for ledger
events (PenaltyAssessed, MonthlyBonusRecorded, DeductionSettled), so HR reads one person's
penalties and deductions in the order they happened.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, cast

from google.protobuf.descriptor import EnumDescriptor, FieldDescriptor
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper
from google.protobuf.message import Message

from complaints import SERVICE
from complaints.events.common import SCHEMA_VERSION, message_class
from complaints.penalties.domain.bonus import SanctionDeduction
from complaints.penalties.domain.events import AccountabilityEvent
from cs.common.v1 import common_pb2
from cs.complaints.v1 import penalties_pb2  # registers the payload messages
from cskit.messaging.envelope import Envelope
from cskit.protomap import enum_to_proto, money_parts, timestamp


def money(amount: Decimal, currency: str) -> common_pb2.Money:
    units, nanos = money_parts(amount)
    return common_pb2.Money(currency_code=currency, units=units, nanos=nanos)


def _value(record: Any, name: str) -> object:
    if name.endswith("_by") and not hasattr(record, name):
        return record.actor
    return getattr(record, name)


def _fill(message: Message, record: object, currency: str) -> Message:
    """Field by field by name; nested records (CMP-16's sanction deductions) the same way."""
    for fd in message.DESCRIPTOR.fields:
        value = _value(record, fd.name)
        if value is None:
            continue  # not known yet (a sanction's price before its month closes): unset
        if isinstance(value, tuple):
            for item in value:
                _fill(getattr(message, fd.name).add(), item, currency)
        elif isinstance(value, Decimal) and fd.type == FieldDescriptor.TYPE_STRING:
            setattr(message, fd.name, str(value))  # a percent, not money
        elif isinstance(value, Decimal):
            getattr(message, fd.name).CopyFrom(money(value, currency))
        elif isinstance(value, datetime):
            getattr(message, fd.name).CopyFrom(timestamp(value))
        elif isinstance(value, StrEnum):
            assert fd.type == FieldDescriptor.TYPE_ENUM
            setattr(message, fd.name, enum_to_proto(EnumTypeWrapper(cast(EnumDescriptor, fd.enum_type)), value))
        else:
            setattr(message, fd.name, value)
    return message


def payload_of(event: AccountabilityEvent, currency: str) -> Message:
    return _fill(message_class(type(event).__name__)(), event, currency)


def sanction_deduction_to(line: SanctionDeduction, currency: str) -> penalties_pb2.SanctionDeduction:
    """CMP-16's deduction line, the same in the events and the read API."""
    return cast(penalties_pb2.SanctionDeduction, _fill(penalties_pb2.SanctionDeduction(), line, currency))


def envelope_for(event: AccountabilityEvent, currency: str) -> Envelope:
    return Envelope.new(
        payload_of(event, currency),
        source=SERVICE,
        subject=event.key,
        branch_id=event.branch_id,
        time=event.occurred_at,
        schema_version=SCHEMA_VERSION,
    )
