"""cskit.jsonmap: protobuf <-> JSON from descriptors and the contract's (cs.platform.v1.json) options."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp

from cs.common.v1 import common_pb2
from cs.complaints.v1 import compensation_pb2 as cpb
from cs.complaints.v1 import complaints_pb2 as pb
from cs.complaints.v1 import penalties_pb2 as ppb
from cs.platform.v1 import http_pb2
from cskit import jsonmap
from cskit.pagination import MAX_TOKEN_LENGTH
from cskit.protomap import amount_text, money, money_of


def _ts(moment: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(moment)
    return ts


def test_enums_are_lower_case_names_without_prefix_and_zero_or_newer_is_null() -> None:
    assert jsonmap.enum_names(pb.Channel.DESCRIPTOR)["walk_in"] == pb.CHANNEL_WALK_IN
    assert "unspecified" not in jsonmap.enum_names(pb.Channel.DESCRIPTOR)
    out = jsonmap.to_json(pb.Complaint(channel=pb.CHANNEL_WALK_IN, demands=[pb.DEMAND_RETURN, 99]))  # type: ignore[list-item]
    assert out["channel"] == "walk_in"
    assert out["status"] is None
    assert out["demands"] == ["return"]  # a value newer than this code is left out of a list


def test_renames_flattening_nulls_and_json_objects() -> None:
    clock = pb.Clock(kind=pb.CLOCK_KIND_RESOLUTION, paused_total=Duration(seconds=90))
    reply = pb.ListComplaintsResponse(
        complaints=[pb.Complaint(id="c-1", clocks=[clock], complainant=pb.Complainant(name="Li"))],
        page=common_pb2.PageResponse(next_page_token=""),
    )
    out = jsonmap.to_json(reply)
    assert list(out) == ["items", "next_page_token"]  # response renamed and page flattened
    assert out["next_page_token"] is None  # empty_is_null
    item = out["items"][0]
    assert item["complainant"] == {
        "name": "Li",
        "contact": None,
        "address": None,
        "order_number": None,
        "id_number": None,
    }
    assert item["clocks"][0]["paused_total_seconds"] == 90.0  # Duration: seconds
    assert item["target"] == {"department": None, "employee": None}  # a message is an object even when unset
    history = jsonmap.to_json(pb.HistoryEntry(details_json='{"a": 1}'))
    assert history["details"] == {"a": 1}
    assert jsonmap.to_json(pb.HistoryEntry(details_json="[1]"))["details"] == {"value": [1]}
    assert jsonmap.to_json(pb.HistoryEntry(details_json="{broken"))["details"] == {}


def test_timestamps_are_rfc3339_utc_and_presence_decides_null() -> None:
    out = jsonmap.to_json(pb.Complaint(received_at=_ts(datetime(2026, 11, 2, 9, 30, 0, 250000, tzinfo=UTC))))
    assert out["received_at"] == "2026-11-02T09:30:00.250000Z"
    assert out["updated_at"] is None
    # Explicitly set to the epoch is that instant, not "unset".
    assert jsonmap.to_json(pb.Complaint(received_at=Timestamp()))["received_at"] == "1970-01-01T00:00:00Z"


def test_requests_from_json_with_flattened_renamed_members() -> None:
    message = jsonmap.from_json(
        {
            "page_size": 20,
            "page_token": None,
            "status": ["received", "in_progress"],
            "received_after": datetime(2026, 11, 1, 8, tzinfo=timezone(timedelta(hours=8))),
            "received_before": "2026-12-01T00:00:00Z",
        },
        pb.ListComplaintsRequest,
    )
    assert isinstance(message, pb.ListComplaintsRequest)
    assert message.page.page_size == 20
    assert list(message.statuses) == [pb.STATUS_RECEIVED, pb.STATUS_IN_PROGRESS]
    assert message.received.start.ToDatetime(tzinfo=UTC) == datetime(2026, 11, 1, tzinfo=UTC)
    assert message.received.end.ToDatetime(tzinfo=UTC) == datetime(2026, 12, 1, tzinfo=UTC)
    assert not message.page.page_token


def test_from_json_refuses_unknown_members_enum_names_and_naive_times() -> None:
    with pytest.raises(KeyError):
        jsonmap.from_json({"sort": "asc"}, pb.ListComplaintsRequest)
    with pytest.raises(ValueError, match="unknown value"):
        jsonmap.from_json({"status": ["STATUS_RECEIVED"]}, pb.ListComplaintsRequest)
    with pytest.raises(ValueError, match="zone"):
        jsonmap.from_json({"received_after": "2026-11-01T00:00:00"}, pb.ListComplaintsRequest)


def test_a_round_trip_through_json_is_exact() -> None:
    sent = pb.FileComplaintRequest(
        channel=pb.CHANNEL_PHONE,
        complainant=pb.Complainant(name="Li", contact="138", address="Block 3"),
        description="d",
        demands=[pb.DEMAND_RETURN, pb.DEMAND_EXCHANGE],
        category=pb.CATEGORY_SERVICE,
        received_at=_ts(datetime(2026, 11, 2, 1, 30, tzinfo=UTC)),
    )
    assert jsonmap.from_json(jsonmap.to_json(sent), pb.FileComplaintRequest) == sent


def test_grpc_field_paths_become_the_json_paths_of_that_request() -> None:
    name = jsonmap.field_namer(pb.ListComplaintsRequest.DESCRIPTOR)
    assert name("page.page_size") == "page_size"
    assert name("statuses[1]") == "status.1"
    assert name("received.start") == "received_after"
    assert name("received.end") == "received_before"
    assert name("not.a.field") == "not.a.field"
    filed = jsonmap.field_namer(pb.FileComplaintRequest.DESCRIPTOR)
    assert filed("complainant.name") == "complainant.name"
    assert filed("demands[2]") == "demands.2"
    assert jsonmap.field_namer(pb.GetComplaintRequest.DESCRIPTOR)("id") == "complaint_id"


def test_the_contracts_page_token_bound_is_the_kits() -> None:
    field = common_pb2.PageRequest.DESCRIPTOR.fields_by_name["page_token"]
    assert jsonmap.json_options(field).max_length == MAX_TOKEN_LENGTH


def test_money_is_an_exact_decimal_string_with_its_currency_beside_it() -> None:
    agreement = cpb.Agreement(amount=common_pb2.Money(currency_code="CNY", units=1234, nanos=500_000_000))
    out = jsonmap.to_json(agreement)
    assert (out["amount"], out["currency"]) == ("1234.50", "CNY")
    assert list(out).index("currency") == list(out).index("amount") + 1
    tiny = jsonmap.to_json(cpb.Agreement(amount=common_pb2.Money(currency_code="CNY", units=0, nanos=1)))
    assert tiny["amount"] == "0.000000001"  # never exponent notation, never rounded
    sent = jsonmap.from_json({"amount": "0.30", "currency": "CNY", "reason": "r"}, cpb.DraftAgreementRequest)
    assert isinstance(sent, cpb.DraftAgreementRequest)
    assert (sent.amount.units, sent.amount.nanos, sent.amount.currency_code) == (0, 300_000_000, "CNY")
    name = jsonmap.field_namer(cpb.DraftAgreementRequest.DESCRIPTOR)
    assert name("amount.units") == "amount"
    assert name("amount.currency_code") == "currency"
    assert name("payee.name") == "payee.name"


@pytest.mark.parametrize(("amount", "text"), [("1234.5", "1234.50"), ("7", "7.00"), ("0.125", "0.125")])
def test_amount_text_has_at_least_cents(amount: str, text: str) -> None:
    assert amount_text(Decimal(amount)) == text


@pytest.mark.parametrize("amount", ["0.30", "-12.5", "99999999.999999999", "0.000000001"])
def test_money_to_proto_and_back_is_exact(amount: str) -> None:
    assert money_of(money(Decimal(amount), "CNY")) == (Decimal(amount), "CNY")


def _cny(amount: str) -> common_pb2.Money:
    return money(Decimal(amount), "CNY")


def test_a_hidden_field_is_in_no_json_and_a_null_unless_value_follows_its_sibling() -> None:
    # The service fills a month's cap and bonus either way; JSON shows them only when they mean something.
    open_month = ppb.LedgerMonth(month="2026-12", bonus=_cny("0"), assessed=_cny("10"), cap=_cny("5"))
    out = jsonmap.to_json(open_month)
    assert "bonus_recorded" not in out
    assert (out["bonus"], out["cap"], out["carried_in"], out["assessed"]) == (None, None, None, "10.00")
    settled = jsonmap.to_json(ppb.LedgerMonth(bonus_recorded=True, bonus=_cny("800"), settled=True))
    assert (settled["bonus"], settled["cap"], settled["settled"]) == ("800.00", "0.00", True)
    # A string sibling: set when not empty.
    assert jsonmap.to_json(ppb.Penalty(loss=_cny("50")))["loss"] is None
    assert jsonmap.to_json(ppb.Penalty(loss=_cny("1000"), total_points="11"))["loss"] == "1000.00"
    # A hidden request field cannot be sent in JSON.
    assert "reason" not in {m.name for m in jsonmap.members(ppb.AssessPenaltyRequest.DESCRIPTOR)}
    with pytest.raises(KeyError):
        jsonmap.from_json({"amount": "1.00", "reason": "why"}, ppb.AssessPenaltyRequest)


def test_a_money_field_without_a_currency_member_gets_the_contracts_currency() -> None:
    sent = jsonmap.from_json({"amount": "1.50"}, ppb.AssessPenaltyRequest)
    assert isinstance(sent, ppb.AssessPenaltyRequest)
    assert (sent.amount.units, sent.amount.nanos, sent.amount.currency_code) == (1, 500_000_000, "CNY")
    assert "currency" not in {m.name for m in jsonmap.members(ppb.AssessPenaltyRequest.DESCRIPTOR)}


def test_null_unless_must_name_a_sibling_field() -> None:
    proto = descriptor_pb2.FileDescriptorProto(
        name="jsonmap_test/null_unless.proto", package="jsonmap_test", dependency=["cs/platform/v1/http.proto"]
    )
    message = proto.message_type.add(name="Broken")
    field = message.field.add(name="loss", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING)
    field.options.Extensions[http_pb2.json].null_unless = "total_points"
    pool = descriptor_pool.Default()
    pool.Add(proto)
    with pytest.raises(ValueError, match="null_unless names no sibling 'total_points'"):
        jsonmap.members(pool.FindMessageTypeByName("jsonmap_test.Broken"))
