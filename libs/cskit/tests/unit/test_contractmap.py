"""cskit.contractmap: domain values <-> messages by field name, driven by the descriptors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

import pytest

from cs.complaints.v1 import compensation_pb2 as pb
from cs.platform.v1 import test_clock_pb2
from cskit.contractmap import from_message, message_class, to_message
from cskit.domain import InvalidInput

AT = datetime(2026, 11, 2, 1, 30, tzinfo=UTC)


class Status(StrEnum):
    UNSPECIFIED = "unspecified"
    LEGAL_CONFIRMED = "legal_confirmed"


@dataclass(frozen=True)
class Step:
    role: str
    min_grade: int


@dataclass(frozen=True)
class Payee:
    name: str
    account: str
    contact: str = ""


@dataclass(frozen=True)
class Agreement:
    id: str
    status: Status
    amount: Decimal
    currency: str
    authors: tuple[str, ...]
    chain: tuple[Step, ...]
    created_at: datetime
    legal_confirmed_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class Draft:
    complaint_id: str
    amount: Decimal
    payee: Payee
    reason: str
    terms: str = "none"


def test_a_value_fills_enums_money_times_and_nested_repeated_fields() -> None:
    value = Agreement(
        id="a-1",
        status=Status.LEGAL_CONFIRMED,
        amount=Decimal("1234.50"),
        currency="CNY",
        authors=("u1", "u2"),
        chain=(Step("director", 5), Step("general_manager", 0)),
        created_at=AT,
    )
    message = to_message(value, pb.Agreement)
    assert message.status == pb.AGREEMENT_STATUS_LEGAL_CONFIRMED
    assert (message.amount.currency_code, message.amount.units, message.amount.nanos) == ("CNY", 1234, 500_000_000)
    assert list(message.authors) == ["u1", "u2"]
    assert [(s.role, s.min_grade) for s in message.chain] == [("director", 5), ("general_manager", 0)]
    assert message.created_at.ToDatetime(tzinfo=UTC) == AT
    assert not message.HasField("legal_confirmed_at")  # None leaves it unset


def test_a_request_builds_the_command_and_missing_fields_take_defaults() -> None:
    request = pb.DraftAgreementRequest(complaint_id="c-1", reason="broken lift")
    request.amount.CopyFrom(to_message({"amount": Decimal("0.30"), "currency": "CNY"}, pb.Payment).amount)
    request.payee.CopyFrom(pb.Payee(name="Wang", account="6222"))
    draft = from_message(request, Draft)
    assert draft == Draft(
        complaint_id="c-1", amount=Decimal("0.30"), payee=Payee("Wang", "6222"), reason="broken lift", terms=""
    )


def test_durations_and_unknown_enum_numbers() -> None:
    @dataclass(frozen=True)
    class Reading:
        service: str
        now: datetime | None
        offset: timedelta

    message = to_message(Reading("complaints", AT, timedelta(hours=2)), test_clock_pb2.TestClock)
    assert from_message(message, Reading) == Reading("complaints", AT, timedelta(hours=2))

    @dataclass(frozen=True)
    class Only:
        status: Status

    with pytest.raises(InvalidInput):
        from_message(pb.Agreement(status=99), Only)  # type: ignore[arg-type]


def test_message_class_finds_a_registered_message_by_name() -> None:
    assert message_class("cs.complaints.v1.Agreement") is pb.Agreement
