"""Customer data (PLT-06) in the kit: the masks, the role policy, masking a response by the
contract's ``personal`` option, the reveal and export-grant rules, the OpenAPI note."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from cs.complaints.v1 import complaints_pb2 as pb
from cs.platform.v1 import http_pb2
from cskit import jsonmap
from cskit.domain import Actor
from cskit.domain.errors import Forbidden, InvalidInput
from cskit.privacy import PersonalDataPolicy, PersonalKind, mask_address, mask_details, mask_id_number, mask_phone
from cskit.privacy.access import PersonalField, grant_export, require_export_grant, reveal_entries
from cskit.privacy.protomask import holds_personal_data, mask_message
from cskit.settings import ServiceSettings

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
AGENT = Actor(subject="a1", branch_id="b1", roles=frozenset({"agent"}), grade=1)
MANAGER = Actor(subject="m1", branch_id="b1", roles=frozenset({"manager"}), grade=4)
HQ = Actor(subject="hq1", branch_id="hq", roles=frozenset({"hq_admin"}), grade=5, head_office=True)
PHONE = PersonalField("complainant.contact", PersonalKind.PHONE)
ID_NUMBER = PersonalField("complainant.id_number", PersonalKind.ID_NUMBER)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("025-83001234", "025*****1234"),
        ("138****5678", "138****5678"),  # idempotent
        ("12345", "****5"),  # too short to keep both ends
        ("", ""),
    ],
)
def test_a_phone_keeps_its_prefix_and_last_four_PLT_06(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("110101199003071234", "110101********1234"),
        ("11010119900307123X", "110101********123X"),
        ("110101900307123", "110101*****7123"),  # the old 15-character numbers
        ("110101********1234", "110101********1234"),
    ],
)
def test_an_id_number_keeps_its_region_code_and_last_four_PLT_06(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("江苏省南京市玄武区中山路100号3栋402室", "江苏省南京市玄武区****"),
        ("上海市浦东新区世纪大道1号", "上海市浦东新区****"),
        ("江苏省宿迁市沭阳县人民路8号", "江苏省宿迁市沭阳县****"),
        ("南京市阳光小区3栋", "南京市****"),  # a residential 小区 is not a district
        ("北京市朝阳区", "北京市朝阳区"),  # nothing below the district to hide
        ("Unit 3-402", "****"),  # no administrative part recognised: all hidden
        ("江苏省南京市玄武区****", "江苏省南京市玄武区****"),
    ],
)
def test_an_address_is_kept_up_to_its_district_PLT_06(value: str, masked: str) -> None:
    assert mask_address(value) == masked


def test_the_policy_defaults_show_nothing_in_clear_and_let_supervisors_reveal_PLT_06() -> None:
    policy = PersonalDataPolicy()
    assert policy.visible({"agent", "manager", "general_manager"}) == frozenset()
    assert policy.revealable({"agent"}) == {PersonalKind.PHONE}
    assert policy.revealable({"manager"}) == set(PersonalKind)
    assert policy.revealable({"engineer"}) == frozenset()
    assert policy.may_approve_exports(MANAGER) and not policy.may_approve_exports(AGENT)


def test_the_policy_table_is_configuration_validated_at_start_PLT_06(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_PERSONAL_DATA_POLICY", json.dumps({"clear": {"legal": ["id_number"]}, "max_grant_hours": 8}))

    class Settings(ServiceSettings):
        model_config = {"env_prefix": "CS_"}

    policy = Settings().personal_data_policy
    assert policy.visible({"legal"}) == {PersonalKind.ID_NUMBER} and policy.max_grant_hours == 8
    monkeypatch.setenv("CS_PERSONAL_DATA_POLICY", json.dumps({"clear": {"legal": ["passport"]}}))
    with pytest.raises(ValueError, match="passport"):
        Settings()


def _complaint() -> pb.Complaint:
    person = pb.Complainant(
        name="王丽", contact="13812345678", address="江苏省南京市玄武区中山路100号", id_number="110101199003071234"
    )
    return pb.Complaint(id="c1", complainant=person)


def test_a_response_is_masked_by_its_contract_unless_the_kind_is_visible_PLT_06() -> None:
    reply = pb.ListComplaintsResponse(complaints=[_complaint(), _complaint()])
    mask_message(reply, frozenset({PersonalKind.ID_NUMBER}))
    for x in reply.complaints:
        assert x.complainant.contact == "138****5678"
        assert x.complainant.address == "江苏省南京市玄武区****"
        assert x.complainant.id_number == "110101199003071234"  # visible to this caller
        assert x.complainant.name == "王丽"  # not annotated
    assert holds_personal_data(pb.Complaint.DESCRIPTOR)
    assert not holds_personal_data(pb.HistoryEntry.DESCRIPTOR)


def test_free_form_details_are_masked_under_the_named_keys_PLT_06() -> None:
    details = {"complainant": {"contact": "13812345678", "name": "王丽"}, "payees": [{"contact": "13912345678"}]}
    keys = {"contact": PersonalKind.PHONE}
    assert mask_details(details, keys, frozenset()) == {
        "complainant": {"contact": "138****5678", "name": "王丽"},
        "payees": [{"contact": "139****5678"}],
    }
    assert mask_details(details, keys, frozenset({PersonalKind.PHONE})) == details
    # Outside a call nothing is visible: fail closed.
    assert mask_details(details, keys) != details


def test_a_reveal_needs_a_role_that_may_and_a_reason_PLT_06() -> None:
    policy = PersonalDataPolicy()
    entries = reveal_entries(
        policy,
        AGENT,
        record_type="complaint",
        record_id="c1",
        record_branch_id="b1",
        fields=[PHONE],
        reason=" return visit ",
        at=NOW,
        request_id="r1",
        client_ip="10.0.0.1",
    )
    assert [(e.subject, e.field, e.reason, e.occurred_at, e.request_id) for e in entries] == [
        ("a1", "complainant.contact", "return visit", NOW, "r1")
    ]
    with pytest.raises(Forbidden) as refused:
        reveal_entries(
            policy,
            AGENT,
            record_type="complaint",
            record_id="c1",
            record_branch_id="b1",
            fields=[PHONE, ID_NUMBER],
            reason="why",
            at=NOW,
        )
    assert refused.value.rule_id == "PLT-06" and "complainant.id_number" in refused.value.message
    with pytest.raises(InvalidInput):
        reveal_entries(
            policy,
            MANAGER,
            record_type="complaint",
            record_id="c1",
            record_branch_id="b1",
            fields=[PHONE],
            reason="  ",
            at=NOW,
        )


def test_an_export_grant_is_an_approvers_bounded_in_time_and_never_ones_own_PLT_06() -> None:
    policy = PersonalDataPolicy(max_grant_hours=24)
    grant = grant_export(
        policy,
        MANAGER,
        export="complaints.csv",
        branch_id="b1",
        grantee="a1",
        hours=2,
        reason="owners' meeting",
        at=NOW,
    )
    assert (grant.granted_by, grant.valid_until) == ("m1", NOW + timedelta(hours=2))
    found = require_export_grant(
        [grant], export="complaints.csv", branch_id="b1", exporter=AGENT, at=NOW + timedelta(hours=1)
    )
    assert found is grant
    for when, branch, export in (
        (NOW + timedelta(hours=2), "b1", "complaints.csv"),  # expired
        (NOW - timedelta(seconds=1), "b1", "complaints.csv"),  # not yet
        (NOW, "b2", "complaints.csv"),  # another branch
        (NOW, "b1", "penalties.csv"),  # another export
    ):
        with pytest.raises(Forbidden) as refused:
            require_export_grant([grant], export=export, branch_id=branch, exporter=AGENT, at=when)
        assert refused.value.rule_id == "PLT-06"
    refusals = [
        dict(approver=AGENT, grantee="m1", branch="b1", hours=2),  # not an approving role
        dict(approver=MANAGER, grantee="m1", branch="b1", hours=2),  # their own
        dict(approver=MANAGER, grantee="a1", branch="b2", hours=2),  # another branch
    ]
    for r in refusals:
        with pytest.raises(Forbidden):
            grant_export(
                policy,
                r["approver"],
                export="complaints.csv",
                branch_id=r["branch"],  # type: ignore[arg-type]
                grantee=r["grantee"],
                hours=r["hours"],
                reason="x",
                at=NOW,
            )  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        grant_export(
            policy, MANAGER, export="complaints.csv", branch_id="b1", grantee="a1", hours=25, reason="x", at=NOW
        )
    # Head office grants for any branch.
    assert grant_export(policy, HQ, export="complaints.csv", branch_id="b7", grantee="a1", hours=1, reason="x", at=NOW)


def test_openapi_notes_personal_fields_PLT_06() -> None:
    field = pb.Complainant.DESCRIPTOR.fields_by_name["contact"]
    info = jsonmap.output_field_info(jsonmap.json_options(field))
    assert info["json_schema_extra"] == {"x-personal-data": "phone"} and "PLT-06" in info["description"]
    assert jsonmap.output_field_info(http_pb2.JsonField(description="Plain.")) == {"description": "Plain."}
