"""The generic enum helper: one rule for every proto enum, no per-value cases."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from cs.complaints.v1 import complaints_pb2 as pb
from cs.complaints.v1 import penalties_pb2
from cskit import jsonmap
from gateway import schemas
from gateway.enums import ProtoEnum


@pytest.mark.parametrize(
    ("helper", "name", "value"),
    [
        (schemas.CHANNEL, "walk_in", pb.CHANNEL_WALK_IN),
        (schemas.CHANNEL, "social_media", pb.CHANNEL_SOCIAL_MEDIA),
        (schemas.CATEGORY, "product_quality", pb.CATEGORY_PRODUCT_QUALITY),
        (schemas.DEMAND, "criticism_or_suggestion", pb.DEMAND_CRITICISM_OR_SUGGESTION),
        (schemas.STATUS, "in_progress", pb.STATUS_IN_PROGRESS),
        (schemas.CLOCK_KIND, "first_reply", pb.CLOCK_KIND_FIRST_REPLY),
        (schemas.CLOCK_STATE, "breached", pb.CLOCK_STATE_BREACHED),
    ],
)
def test_round_trip(helper: ProtoEnum[int], name: str, value: int) -> None:
    assert helper.to_proto(name) == value
    assert helper.from_proto(value) == name


def test_every_enum_value_round_trips() -> None:
    for helper, wrapper in [
        (schemas.CHANNEL, pb.Channel),
        (schemas.CATEGORY, pb.Category),
        (schemas.STATUS, pb.Status),
    ]:
        for number in wrapper.values():
            if number:
                name = helper.from_proto(number)
                assert name is not None
                assert helper.to_proto(name) == number


def test_unspecified_is_not_an_input_and_is_null_on_output() -> None:
    assert "unspecified" not in schemas.CHANNEL.values
    assert schemas.CHANNEL.from_proto(0) is None
    assert schemas.CHANNEL.to_proto(None) == pb.CHANNEL_UNSPECIFIED
    with pytest.raises(ValidationError):
        TypeAdapter(schemas.Channel).validate_python("unspecified")
    with pytest.raises(ValidationError):
        TypeAdapter(schemas.Channel).validate_python("PHONE")


def test_a_violation_is_named_by_its_own_request_not_complaints_table() -> None:
    """The old table renamed every service's "statuses"/"received"/"page" paths as complaints'
    list did; each request's namer now follows its own contract (penalties flattens its page)."""
    sanctions = jsonmap.field_namer(penalties_pb2.ListSanctionsRequest.DESCRIPTOR)
    assert sanctions("page.page_size") == "page_size"
    assert sanctions("status") == "status"
    complaints = jsonmap.field_namer(pb.ListComplaintsRequest.DESCRIPTOR)
    assert complaints("statuses[1]") == "status.1"
    assert complaints("page.page_size") == "page_size"
    assert jsonmap.field_namer(pb.FileComplaintRequest.DESCRIPTOR)("complainant.name") == "complainant.name"
