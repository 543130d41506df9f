"""Filing requests (cs.filing.v1, issue 13 item 2): decoded only when the envelope agrees with
its payload; checked by the filing's own rules before they are accepted; one request is one
record however often it comes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from archives.domain.categories import RecordState
from archives.intake.app.handlers import IntakeHandlers
from archives.intake.events.inbound import request_from
from archives.testing import POLICY, T0
from archives.wiring import system_call

from cs.filing.v1 import filing_pb2 as pb
from cs.keys.v1 import register_events_pb2
from cskit.domain import FrozenClock, InvalidInput
from cskit.messaging.envelope import Envelope

SYSTEM = system_call("test")


def request(**changes: object) -> pb.FilingRequested:
    message = pb.FilingRequested(
        filing_id="f-1",
        source_service="aftersales",
        source_record_type="work_order",
        source_record_id="wo-1",
        category=pb.CATEGORY_WORK_ORDER,
        title="Work order WO-1: lift repair",
        references=[pb.Reference(kind="work_order", value="WO-1")],
        medium=pb.MEDIUM_ELECTRONIC,
        file_pointer="objects/aftersales/wo-1.pdf",
        branch_id="b1",
        department="engineering",
    )
    for name, value in changes.items():
        setattr(message, name, value)
    message.document_date.FromDatetime(datetime(2026, 10, 30, 2, tzinfo=UTC))
    return message


def envelope(message: object, subject: str = "wo-1", branch: str = "b1") -> Envelope:
    return Envelope.new(message, source="aftersales", subject=subject, branch_id=branch, time=T0)  # type: ignore[arg-type]


def test_a_work_order_request_is_decoded_with_its_category_retention_and_references() -> None:
    decoded = request_from(envelope(request()))
    assert (decoded.category, decoded.medium, decoded.confidentiality) == ("work_order", "electronic", "internal")
    assert decoded.record_id == request_from(envelope(request())).record_id  # stable per request
    record = IntakeHandlers(FrozenClock(T0), POLICY)
    record.check(decoded, SYSTEM)


def test_ARC_04_a_filed_work_order_is_kept_two_years_and_an_electronic_one_is_on_the_shelf() -> None:
    from archives.intake.domain.request import record_of

    made = record_of(request_from(envelope(request())), SYSTEM.actor, POLICY, T0)
    assert (made.retention_years, made.state, made.received_by) == (2, RecordState.ON_SHELF, "system")
    assert made.source_service == "aftersales" and made.branch_id == "b1"


@pytest.mark.parametrize(
    ("message", "subject", "branch"),
    [
        (request(), "wo-2", "b1"),  # another record's key
        (request(), "wo-1", "b2"),  # another branch's header
        (request(category=pb.CATEGORY_UNSPECIFIED), "wo-1", "b1"),
        (request(medium=pb.MEDIUM_UNSPECIFIED), "wo-1", "b1"),
        (request(filing_id="bad id with spaces"), "wo-1", "b1"),
        (register_events_pb2.KeySetRetired(key_set_id="wo-1"), "wo-1", "b1"),  # not a filing request
    ],
)
def test_a_malformed_or_hostile_request_is_refused(message: object, subject: str, branch: str) -> None:
    with pytest.raises(InvalidInput):
        request_from(envelope(message, subject, branch))


def test_ARC_01_a_request_the_filing_rules_refuse_is_refused_before_it_is_accepted() -> None:
    handlers = IntakeHandlers(FrozenClock(T0), POLICY)
    no_title = request_from(envelope(request(title="")))
    with pytest.raises(InvalidInput):
        handlers.check(no_title, SYSTEM)
    no_file = request_from(envelope(request(file_pointer="")))
    with pytest.raises(InvalidInput) as missing:
        handlers.check(no_file, SYSTEM)
    assert missing.value.rule_id == "ARC-01"
