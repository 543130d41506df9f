"""Penalties' REST routes (CMP-11): each route's URL, status, the request it sends and the JSON it
answers, pinned as literals. They were captured from the hand-written routes and must hold for
the routes transcoded from the contract (field names, null-ness, money as decimal strings)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from google.protobuf.timestamp_pb2 import Timestamp

from cs.common.v1 import common_pb2
from cs.complaints.v1 import penalties_pb2 as pb
from gateway.clients import Downstreams
from gateway.settings import GatewaySettings

from .conftest import FakeComplaints, FakeRpc, TokenFactory, serve


def _ts(hour: int) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(datetime(2026, 11, 2, hour, 30, tzinfo=UTC))
    return ts


def _cny(units: int, nanos: int = 0) -> common_pb2.Money:
    return common_pb2.Money(currency_code="CNY", units=units, nanos=nanos)


RESPONSIBILITY = pb.Responsibility(
    complaint_id="c-1", branch_id="b1", level=pb.RESPONSIBILITY_LEVEL_DEPARTMENT, department="maintenance",
    reason="late", decided_by="admin-b1", decided_at=_ts(9),
)  # fmt: skip
SHARE = pb.Penalty(
    penalty_id="p-1", complaint_id="c-1", branch_id="b1", person_id="e-1", amount=_cny(272, 730_000_000),
    month="2026-11", level=pb.RESPONSIBILITY_LEVEL_TEAM, loss=_cny(1000), base_points="3", total_points="11",
    assessed_by="admin-b1", assessed_at=_ts(10),
)  # fmt: skip
# A person's own penalty: its loss is set by the service but not a split, so JSON shows null.
OWN = pb.Penalty(
    penalty_id="p-2", complaint_id="c-1", branch_id="b1", person_id="e-2", amount=_cny(50),
    month="2026-11", level=pb.RESPONSIBILITY_LEVEL_PERSON, loss=_cny(50), assessed_by="admin-b1",
)  # fmt: skip
# CMP-16: a sanction booked into an open month is not priced yet (percent and amount null).
OPEN_MONTH = pb.LedgerMonth(
    person_id="e-1", month="2026-12", bonus=_cny(0), assessed=_cny(10),
    sanction_deductions=[pb.SanctionDeduction(
        sanction_id="s-2", complaint_id="c-1", kind=pb.SANCTION_KIND_WARNING, published_at=_ts(9),
    )],
)  # fmt: skip
SETTLED_MONTH = pb.LedgerMonth(
    person_id="e-1", month="2026-11", bonus_recorded=True, bonus=_cny(800), assessed=_cny(454, 540_000_000),
    carried_in=_cny(0), cap=_cny(400), deducted=_cny(400), carried_over=_cny(54, 540_000_000), settled=True,
    settled_at=_ts(11),
    sanction_deductions=[pb.SanctionDeduction(
        sanction_id="s-1", complaint_id="c-1", kind=pb.SANCTION_KIND_MINOR_DEMERIT, published_at=_ts(10),
        percent="30", amount=_cny(240),
    )],
    sanction_deducted=_cny(240), total_deducted=_cny(640),
)  # fmt: skip
SANCTION = pb.Sanction(
    sanction_id="s-1", complaint_id="c-1", branch_id="b1", person_id="e-1", kind=pb.SANCTION_KIND_MINOR_DEMERIT,
    status=pb.SANCTION_STATUS_APPROVED, reason="wrong goods", proposed_by="admin-b1", proposed_at=_ts(9),
    approved_by="gm-hq", approved_at=_ts(10),
)  # fmt: skip
AUDIT = pb.AccountabilityAuditEntry(
    sequence=3, event_type="SanctionProposed", actor="admin-b1", occurred_at=_ts(9), details_json='{"kind": "warning"}'
)


class FakePenalties:
    def __init__(self) -> None:
        self.AssignResponsibility = FakeRpc(pb.AssignResponsibilityResponse(responsibility=RESPONSIBILITY))
        self.AssessPenalty = FakeRpc(pb.AssessPenaltyResponse(penalties=[SHARE, OWN]))
        self.RecordMonthlyBonus = FakeRpc(pb.RecordMonthlyBonusResponse(month=OPEN_MONTH))
        self.SettleMonth = FakeRpc(pb.SettleMonthResponse(settlements=[SETTLED_MONTH]))
        self.GetLedger = FakeRpc(
            pb.GetLedgerResponse(
                person_id="e-1",
                branch_id="b1",
                months=[SETTLED_MONTH, OPEN_MONTH],
                outstanding=_cny(54, 540_000_000),
                last_settled_month="2026-11",
            )
        )
        self.ProposeSanction = FakeRpc(pb.ProposeSanctionResponse(sanction=SANCTION))
        self.ApproveSanction = FakeRpc(pb.ApproveSanctionResponse(sanction=SANCTION))
        self.PublishSanction = FakeRpc(pb.PublishSanctionResponse(sanction=SANCTION))
        self.ListSanctions = FakeRpc(
            pb.ListSanctionsResponse(sanctions=[SANCTION], page=common_pb2.PageResponse(next_page_token="t2"))
        )
        self.GetCaseAccountability = FakeRpc(pb.GetCaseAccountabilityResponse(penalties=[OWN], sanctions=[SANCTION]))
        self.ListAccountabilityAudit = FakeRpc(pb.ListAccountabilityAuditResponse(entries=[AUDIT]))


@pytest.fixture
def penalties() -> FakePenalties:
    return FakePenalties()


@pytest.fixture
def api(settings: GatewaySettings, penalties: FakePenalties) -> Iterator[TestClient]:
    yield from serve(settings, Downstreams(complaints=FakeComplaints(), penalties=penalties))  # type: ignore[arg-type]


def _bearer(token: TokenFactory, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token((role,))}"}


RESPONSIBILITY_JSON = {
    "complaint_id": "c-1", "branch_id": "b1", "level": "department", "person_id": None, "team": None,
    "department": "maintenance", "reason": "late", "decided_by": "admin-b1", "decided_at": "2026-11-02T09:30:00Z",
}  # fmt: skip
SHARE_JSON = {
    "id": "p-1", "complaint_id": "c-1", "branch_id": "b1", "person_id": "e-1", "amount": "272.73", "currency": "CNY",
    "month": "2026-11", "level": "team", "loss": "1000.00", "base_points": "3", "total_points": "11",
    "assessed_by": "admin-b1", "assessed_at": "2026-11-02T10:30:00Z",
}  # fmt: skip
OWN_JSON = {
    "id": "p-2", "complaint_id": "c-1", "branch_id": "b1", "person_id": "e-2", "amount": "50.00", "currency": "CNY",
    "month": "2026-11", "level": "person", "loss": None, "base_points": None, "total_points": None,
    "assessed_by": "admin-b1", "assessed_at": None,
}  # fmt: skip
OPEN_MONTH_JSON = {
    "person_id": "e-1", "month": "2026-12", "bonus": None, "assessed": "10.00", "carried_in": None, "cap": None,
    "deducted": None, "carried_over": None, "settled": False, "settled_at": None,
    "sanction_deductions": [{
        "sanction_id": "s-2", "complaint_id": "c-1", "kind": "warning", "published_at": "2026-11-02T09:30:00Z",
        "percent": None, "amount": None,
    }],
    "sanction_deducted": None, "total_deducted": None,
}  # fmt: skip
SETTLED_MONTH_JSON = {
    "person_id": "e-1", "month": "2026-11", "bonus": "800.00", "assessed": "454.54", "carried_in": "0.00",
    "cap": "400.00", "deducted": "400.00", "carried_over": "54.54", "settled": True,
    "settled_at": "2026-11-02T11:30:00Z",
    "sanction_deductions": [{
        "sanction_id": "s-1", "complaint_id": "c-1", "kind": "minor_demerit", "published_at": "2026-11-02T10:30:00Z",
        "percent": "30", "amount": "240.00",
    }],
    "sanction_deducted": "240.00", "total_deducted": "640.00",
}  # fmt: skip
SANCTION_JSON = {
    "id": "s-1", "complaint_id": "c-1", "branch_id": "b1", "person_id": "e-1", "kind": "minor_demerit",
    "status": "approved", "reason": "wrong goods", "proposed_by": "admin-b1", "proposed_at": "2026-11-02T09:30:00Z",
    "approved_by": "gm-hq", "approved_at": "2026-11-02T10:30:00Z", "published_by": None, "published_at": None,
}  # fmt: skip
ANSWERS: dict[str, Any] = {
    "AssignResponsibility": RESPONSIBILITY_JSON,
    "AssessPenalty": {"items": [SHARE_JSON, OWN_JSON]},
    "GetCaseAccountability": {"responsibility": None, "penalties": [OWN_JSON], "sanctions": [SANCTION_JSON]},
    "ListAccountabilityAudit": {
        "items": [
            {
                "sequence": 3,
                "event_type": "SanctionProposed",
                "actor": "admin-b1",
                "occurred_at": "2026-11-02T09:30:00Z",
                "details": {"kind": "warning"},
            }
        ],
        "next_page_token": None,
    },
    "RecordMonthlyBonus": OPEN_MONTH_JSON,
    "SettleMonth": {"items": [SETTLED_MONTH_JSON]},
    "GetLedger": {
        "person_id": "e-1",
        "branch_id": "b1",
        "currency": "CNY",
        "outstanding": "54.54",
        "last_settled_month": "2026-11",
        "months": [SETTLED_MONTH_JSON, OPEN_MONTH_JSON],
    },
    "ProposeSanction": SANCTION_JSON,
    "ListSanctions": {"items": [SANCTION_JSON], "next_page_token": "t2"},
    "ApproveSanction": SANCTION_JSON,
    "PublishSanction": SANCTION_JSON,
}


# (verb, url, role, body or query, rpc, the request the service gets, status)
ROUTES: list[tuple[str, str, str, dict[str, Any] | None, str, Any, int]] = [
    (
        "post", "/v1/complaints/c-1/responsibility", "admin", {"department": "maintenance", "reason": "late"},
        "AssignResponsibility", pb.AssignResponsibilityRequest(complaint_id="c-1", department="maintenance", reason="late"),
        200,
    ),
    (
        "post", "/v1/complaints/c-1/penalties", "admin",
        {"amount": "1000.00", "month": "2026-11", "members": [{"person_id": "e-1", "base_points": "3"}]},
        "AssessPenalty",
        pb.AssessPenaltyRequest(
            complaint_id="c-1", amount=_cny(1000), month="2026-11",
            members=[pb.PenaltyMember(person_id="e-1", base_points="3")],
        ),
        201,
    ),
    ("get", "/v1/complaints/c-1/accountability", "manager", None, "GetCaseAccountability",
     pb.GetCaseAccountabilityRequest(complaint_id="c-1"), 200),
    (
        "get", "/v1/complaints/c-1/accountability/history", "manager", {"page_size": "2", "page_token": "t1"},
        "ListAccountabilityAudit",
        pb.ListAccountabilityAuditRequest(complaint_id="c-1", page=common_pb2.PageRequest(page_size=2, page_token="t1")),
        200,
    ),
    (
        "post", "/v1/bonuses", "hr", {"person_id": "e-1", "month": "2026-12", "amount": "700.5"}, "RecordMonthlyBonus",
        pb.RecordMonthlyBonusRequest(person_id="e-1", month="2026-12", amount=_cny(700, 500_000_000)),
        200,
    ),
    ("post", "/v1/ledger/settlements", "hr", {"month": "2026-11", "branch_id": "b1"}, "SettleMonth",
     pb.SettleMonthRequest(month="2026-11", branch_id="b1"), 200),
    ("get", "/v1/people/e-1/ledger", "hr", {"month": "2026-11"}, "GetLedger",
     pb.GetLedgerRequest(person_id="e-1", month="2026-11"), 200),
    (
        "post", "/v1/complaints/c-1/sanctions", "admin", {"person_id": "e-1", "kind": "warning", "reason": "rude"},
        "ProposeSanction",
        pb.ProposeSanctionRequest(complaint_id="c-1", person_id="e-1", kind=pb.SANCTION_KIND_WARNING, reason="rude"),
        201,
    ),
    (
        "get", "/v1/sanctions", "director", {"complaint_id": "c-1", "status": "approved"}, "ListSanctions",
        pb.ListSanctionsRequest(
            complaint_id="c-1", status=pb.SANCTION_STATUS_APPROVED, page=common_pb2.PageRequest(page_size=50)
        ),
        200,
    ),
    ("post", "/v1/sanctions/s-1/approve", "general_manager", None, "ApproveSanction",
     pb.ApproveSanctionRequest(sanction_id="s-1"), 200),
    ("post", "/v1/sanctions/s-1/publish", "admin", None, "PublishSanction",
     pb.PublishSanctionRequest(sanction_id="s-1"), 200),
]  # fmt: skip


def _send(api: TestClient, token: TokenFactory, verb: str, url: str, role: str, data: dict[str, Any] | None) -> Any:
    headers = _bearer(token, role)
    if verb == "get":
        return api.get(url, params=data, headers=headers)
    return api.post(url, json=data, headers=headers)


@pytest.mark.parametrize(("verb", "url", "role", "data", "rpc", "sent", "status"), ROUTES, ids=[r[4] for r in ROUTES])
def test_each_route_sends_its_request_and_answers_todays_json(
    api: TestClient, token: TokenFactory, penalties: FakePenalties,
    verb: str, url: str, role: str, data: dict[str, Any] | None, rpc: str, sent: Any, status: int,
) -> None:  # fmt: skip
    response = _send(api, token, verb, url, role, data)
    assert response.status_code == status, response.text
    assert "location" not in response.headers
    assert getattr(penalties, rpc).calls[0].request == sent
    assert response.json() == ANSWERS[rpc]


# (url, body or query, the field the 422 problem names); POST unless a query is given.
BAD: list[tuple[str, dict[str, Any], str]] = [
    ("/v1/complaints/c-1/penalties", {"amount": "1.00", "month": "2026-13"}, "month"),
    ("/v1/complaints/c-1/penalties", {"amount": "1.00", "currency": "CNY"}, "currency"),
    ("/v1/complaints/c-1/penalties", {"amount": "1.00", "reason": "why"}, "reason"),
    ("/v1/complaints/c-1/penalties", {"amount": 1}, "amount"),
    ("/v1/complaints/c-1/penalties", {"amount": "1.00", "members": [{"person_id": "e-1", "base_points": "1e3"}]},
     "members.0.base_points"),
    ("/v1/complaints/c-1/penalties", {"amount": "1.00", "members": [{"person_id": " e", "base_points": "1"}]},
     "members.0.person_id"),
    ("/v1/complaints/c-1/responsibility", {"team": "a" * 101, "reason": "late"}, "team"),
    ("/v1/complaints/c-1/responsibility", {"team": "a\nb", "reason": "late"}, "team"),
    ("/v1/complaints/c-1/responsibility", {"team": "lifts", "reason": " "}, "reason"),
    ("/v1/complaints/c-1/responsibility", {"team": "lifts"}, "reason"),
    ("/v1/bonuses", {"person_id": "e-1", "month": "2026-1", "amount": "1.00"}, "month"),
    ("/v1/bonuses", {"person_id": "e-1", "month": "2026-01", "amount": "1.00", "branch_id": "b 1"}, "branch_id"),
    ("/v1/bonuses", {"person_id": "e-1", "month": "2026-01"}, "amount"),
    ("/v1/ledger/settlements", {"person_id": "e-1"}, "month"),
    ("/v1/complaints/c-1/sanctions", {"person_id": "e-1", "kind": "unspecified", "reason": "r"}, "kind"),
    ("/v1/complaints/c-1/sanctions", {"person_id": "e-1", "kind": "warning", "reason": "r" * 2001}, "reason"),
    ("/v1/people/e-1/ledger?", {"month": "11-2026"}, "month"),
    ("/v1/sanctions?", {"status": "unspecified"}, "status"),
    ("/v1/sanctions?", {"page_size": "201"}, "page_size"),
    ("/v1/sanctions?", {"complaint_id": "c 1"}, "complaint_id"),
]  # fmt: skip


@pytest.mark.parametrize(("url", "data", "field"), BAD)
def test_bad_input_is_a_422_naming_the_field_before_any_call(
    api: TestClient, token: TokenFactory, penalties: FakePenalties, url: str, data: dict[str, Any], field: str
) -> None:
    headers = _bearer(token, "admin")
    if url.endswith("?"):
        response = api.get(url[:-1], params=data, headers=headers)
    else:
        response = api.post(url, json=data, headers=headers)
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]], response.text
    assert not any(getattr(penalties, name).calls for name in ANSWERS)


@pytest.mark.parametrize(
    ("verb", "url", "role"),
    [
        ("post", "/v1/sanctions/s-1/approve", "admin"),  # the general manager only
        ("post", "/v1/bonuses", "manager"),
        ("get", "/v1/people/e-1/ledger", "agent"),
        ("post", "/v1/complaints/c-1/penalties", "agent"),
    ],
)
def test_each_route_keeps_its_roles(api: TestClient, token: TokenFactory, verb: str, url: str, role: str) -> None:
    assert _send(api, token, verb, url, role, None).status_code == 403


def test_a_path_id_outside_the_id_shape_is_a_422(api: TestClient, token: TokenFactory) -> None:
    response = api.post("/v1/sanctions/s%201/approve", headers=_bearer(token, "general_manager"))
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "sanction_id"


def test_openapi_keeps_the_operation_ids_and_documents_the_json_shape(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    for kept in ("record_bonus", "case_accountability", "accountability_history", "settle_month", "get_ledger"):
        assert any(i.startswith(kept + "_v1_") for i in ids), kept
    body = spec["paths"]["/v1/complaints/{complaint_id}/penalties"]["post"]["requestBody"]["content"]
    schema = spec["components"]["schemas"][body["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]]
    assert set(schema["properties"]) == {"amount", "members", "month"}  # no reason, no currency
    month = spec["components"]["schemas"]["LedgerMonth"]["properties"]
    assert set(month) == set(SETTLED_MONTH_JSON)  # bonus_recorded hidden
