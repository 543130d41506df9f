"""CMP-01 intake and numbering; CMP-02 nature by category; PLT-05 time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest

from complaints.domain.states import Status
from complaints.domain.values import Category, Channel, Complainant, Demand, Nature, Severity, Target
from complaints.intake.domain import rules
from complaints.intake.domain.events import ComplaintFiled
from cskit.domain import InvalidInput

if TYPE_CHECKING:
    from conftest import Desk


def test_cmp_01_filing_records_every_intake_field_and_a_number(desk: Desk) -> None:
    c = desk.file()
    assert c.status is Status.RECEIVED
    assert c.number == "B1-202611-00042"
    assert (c.branch_id, c.channel, c.category, c.nature) == ("B1", Channel.PHONE, Category.MAINTENANCE, Nature.VALID)
    assert c.complainant.name == "Wang Li"
    assert c.target == Target(department="maintenance")
    assert c.demands == (Demand.CRITICISM_OR_SUGGESTION,)
    assert c.received_at == desk.t0
    assert c.filed_by == "agent-1"
    assert c.version == 1
    [filed] = c.pending
    assert isinstance(filed, ComplaintFiled)
    assert filed.complainant == c.complainant
    assert filed.description == c.description
    assert filed.filed_by == "agent-1"


def test_cmp_01_every_field_violation_is_reported_together(desk: Desk) -> None:
    bad = desk.intake(
        channel=Channel.UNSPECIFIED,
        category=Category.UNSPECIFIED,
        complainant=Complainant(name=" ", contact=""),
        description="",
        demands=(),
        received_at=desk.at(1),
    )
    with pytest.raises(InvalidInput) as caught:
        rules.validate_intake(bad, desk.t0)
    assert caught.value.rule_id == "CMP-01"
    assert {v.field for v in caught.value.violations} == {
        "channel",
        "category",
        "complainant.name",
        "complainant.contact",
        "complainant.address",
        "description",
        "demands",
        "received_at",
    }


def test_cmp_01_a_valid_complaint_needs_a_target_a_communicative_one_does_not(desk: Desk) -> None:
    with pytest.raises(InvalidInput) as caught:
        desk.file(target=Target())
    assert [v.field for v in caught.value.violations] == ["target"]
    assert desk.file(target=Target(), category=Category.CONSULTING).nature is Nature.COMMUNICATIVE
    assert desk.file(target=Target(employee="Zhang San")).target.employee == "Zhang San"


def test_cmp_01_order_number_stands_in_for_the_address(desk: Desk) -> None:
    c = desk.file(complainant=Complainant(name="Li", contact="li@example.com", order_number="SO-1"))
    assert c.complainant.order_number == "SO-1"


def test_cmp_01_description_is_limited_to_4000_characters(desk: Desk) -> None:
    desk.file(description="x" * 4000)
    with pytest.raises(InvalidInput) as caught:
        desk.file(description="x" * 4001)
    assert [v.field for v in caught.value.violations] == ["description"]


def test_cmp_01_an_unspecified_demand_is_refused_and_duplicates_collapse(desk: Desk) -> None:
    with pytest.raises(InvalidInput):
        desk.file(demands=(Demand.RETURN, Demand.UNSPECIFIED))
    c = desk.file(demands=(Demand.RETURN, Demand.COMPENSATION, Demand.RETURN))
    assert c.demands == (Demand.RETURN, Demand.COMPENSATION)


def test_cmp_01_received_at_may_lead_now_by_five_minutes_only(desk: Desk) -> None:
    desk.file(received_at=desk.t0 + timedelta(minutes=5))
    with pytest.raises(InvalidInput) as caught:
        desk.file(received_at=desk.t0 + timedelta(minutes=5, seconds=1))
    assert [v.field for v in caught.value.violations] == ["received_at"]


def test_cmp_01_received_at_defaults_to_now(desk: Desk) -> None:
    assert desk.file(received_at=None).received_at == desk.t0


def test_cmp_01_unspecified_severity_files_as_ordinary(desk: Desk) -> None:
    assert desk.file(severity=Severity.UNSPECIFIED).severity is Severity.ORDINARY


def test_cmp_01_number_uses_the_branch_local_month(desk: Desk) -> None:
    # 17:00Z on 30 November is 01:00 on 1 December in Asia/Shanghai.
    received = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    assert rules.complaint_number("B1", received, 42, "Asia/Shanghai") == "B1-202612-00042"
    assert rules.complaint_number("B1", received, 42, "Europe/Berlin") == "B1-202611-00042"
    assert rules.numbering_period(received, "Asia/Shanghai") == "202612"


def test_cmp_01_filed_complaint_is_numbered_in_the_local_month(desk: Desk) -> None:
    late = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    c = desk.file(received_at=late, now=late)
    assert c.number == "B1-202612-00042"


def test_cmp_01_number_pads_the_sequence_and_refuses_zero() -> None:
    at = datetime(2026, 1, 5, 3, tzinfo=UTC)
    assert rules.complaint_number("B7", at, 1, "Asia/Shanghai") == "B7-202601-00001"
    assert rules.complaint_number("B7", at, 123456, "Asia/Shanghai") == "B7-202601-123456"
    with pytest.raises(InvalidInput):
        rules.complaint_number("B7", at, 0, "Asia/Shanghai")


@pytest.mark.parametrize(
    ("category", "nature"),
    [
        (Category.SERVICE, Nature.VALID),
        (Category.MANAGEMENT, Nature.VALID),
        (Category.CHARGING, Nature.VALID),
        (Category.MAINTENANCE, Nature.VALID),
        (Category.PRODUCT_QUALITY, Nature.VALID),
        (Category.DELIVERY, Nature.VALID),
        (Category.QUANTITY_SPEC, Nature.VALID),
        (Category.TRANSPORT_DAMAGE, Nature.VALID),
        (Category.CONTRACT_BREACH, Nature.VALID),
        (Category.HELP_SEEKING, Nature.COMMUNICATIVE),
        (Category.CONSULTING, Nature.COMMUNICATIVE),
        (Category.VENTING, Nature.COMMUNICATIVE),
    ],
)
def test_cmp_02_nature_follows_from_the_category(category: Category, nature: Nature) -> None:
    assert rules.nature_of(category) is nature


def test_cmp_02_every_category_but_unspecified_has_a_nature() -> None:
    for category in Category:
        if category is Category.UNSPECIFIED:
            with pytest.raises(InvalidInput):
                rules.nature_of(category)
        else:
            rules.nature_of(category)


def test_plt_05_naive_times_are_refused_and_offsets_normalised_to_utc(desk: Desk) -> None:
    with pytest.raises(InvalidInput) as caught:
        desk.file(received_at=datetime(2026, 11, 2, 9, 0))
    assert [v.field for v in caught.value.violations] == ["received_at"]
    shanghai = timezone(timedelta(hours=8))
    c = desk.file(received_at=datetime(2026, 11, 2, 8, 30, tzinfo=shanghai))
    assert c.received_at == datetime(2026, 11, 2, 0, 30, tzinfo=UTC)
    assert c.received_at.utcoffset() == timedelta(0)
    c.accept(desk.agent, "", datetime(2026, 11, 2, 9, 30, tzinfo=shanghai))
    assert c.updated_at.tzinfo is UTC


def test_plt_05_a_naive_now_is_refused(desk: Desk) -> None:
    c = desk.file()
    with pytest.raises(InvalidInput):
        c.accept(desk.agent, "", datetime(2026, 11, 2, 1, 30))
