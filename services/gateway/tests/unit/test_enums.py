"""The generic enum helper: one rule for every proto enum, no per-value cases."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from cs.complaints.v1 import complaints_pb2 as pb
from gateway import schemas
from gateway.enums import ProtoEnum
from gateway.mapping import json_field_name


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


def test_json_field_names() -> None:
    assert json_field_name("statuses[1]") == "status.1"
    assert json_field_name("page.page_size") == "page_size"
    assert json_field_name("complainant.name") == "complainant.name"
