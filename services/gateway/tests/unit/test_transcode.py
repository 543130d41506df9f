"""Routes transcoded from the contracts: every annotated RPC is mounted with its rule's method,
path, permission, status and documented problems; errors name this request's JSON fields."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from types import SimpleNamespace
from typing import Any

import grpc
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cs.common.v1 import common_pb2
from cs.complaints.v1 import compensation_pb2 as cpb
from cs.complaints.v1 import complaints_pb2 as pb
from cs.complaints.v1 import penalties_pb2 as ppb
from cs.complaints.v1 import statistics_pb2 as spb
from cs.complaints.v1 import workflow_pb2 as wpb
from cskit import jsonmap
from gateway import transcode
from gateway.app import create_app
from gateway.clients import Downstreams, downstreams
from gateway.permissions import PERMISSIONS
from gateway.settings import GatewaySettings

from .conftest import SECRET, FakeComplaints, FakeRpc, TokenFactory
from .test_grpc_errors import rich_error

SERVICE = pb.DESCRIPTOR.services_by_name["ComplaintsService"]
WORKFLOW = wpb.DESCRIPTOR.services_by_name["ComplaintWorkflowService"]
COMPENSATION = cpb.DESCRIPTOR.services_by_name["CompensationService"]
STATISTICS = spb.DESCRIPTOR.services_by_name["ComplaintStatisticsService"]
PENALTIES = ppb.DESCRIPTOR.services_by_name["PenaltyService"]


@cache
def _openapi() -> dict[str, Any]:
    schema: dict[str, Any] = create_app(GatewaySettings(jwt_secret=SECRET)).openapi()
    return schema


def _route(rule: Any) -> tuple[str, str]:
    verb = rule.WhichOneof("pattern")
    path = getattr(rule, verb)
    if path.startswith("/v1/statistics"):
        return verb, path
    record = "{agreement_id}" if path.startswith("/v1/agreements") else "{complaint_id}"
    return verb, path.replace("{id}", record)


@pytest.mark.parametrize(
    "method",
    # ExportComplaints answers a file (PLT-06): the hand-written GET /v1/complaints/export.csv.
    [
        *(m for m in SERVICE.methods if m.name != "ExportComplaints"),
        *WORKFLOW.methods,
        *COMPENSATION.methods,
        *STATISTICS.methods[1:],
        *PENALTIES.methods,
    ],
    ids=lambda m: m.name,
)
def test_every_transcoded_rpc_has_a_documented_route(method: Any) -> None:
    rule = jsonmap.http_rule(method)
    assert rule is not None, f"{method.name} has no (cs.platform.v1.http) rule"
    assert rule.permission in PERMISSIONS
    verb, path = _route(rule)
    operation = _openapi()["paths"][path][verb]
    success = str(rule.success_status or 200)
    assert "$ref" in str(operation["responses"][success]["content"]["application/json"]["schema"])
    for status in ("401", "403", "422", *(str(p) for p in rule.problems)):
        assert "application/problem+json" in operation["responses"][status]["content"], status


def test_output_schemas_are_complete_and_strict() -> None:
    complaint = _openapi()["components"]["schemas"]["Complaint"]
    assert set(complaint["required"]) == set(complaint["properties"])
    assert complaint["additionalProperties"] is False
    assert set(complaint["properties"]) == {m.name for m in jsonmap.members(pb.Complaint.DESCRIPTOR)}


def test_a_service_violation_on_the_path_id_names_the_path_parameter(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    fake.GetComplaint.error = rich_error(
        grpc.StatusCode.INVALID_ARGUMENT, "bad id", reason="invalid_input", violations=(("id", "unknown format"),)
    )
    response = client.get("/v1/complaints/c-1", headers=auth)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "complaint_id", "message": "unknown format"}]


def test_a_body_on_a_route_without_one_is_ignored_and_the_path_id_is_sent(
    client: TestClient, token: TokenFactory, fake: FakeComplaints
) -> None:
    headers = {"Authorization": f"Bearer {token(roles=('manager',), grade=3)}"}
    response = client.post("/v1/complaints/c-9/resolution-clock/resume", headers=headers)
    assert response.status_code == 200
    assert fake.ResumeResolutionClock.calls[0].request == pb.ResumeResolutionClockRequest(id="c-9")


def test_the_role_table_guards_transcoded_routes(client: TestClient, token: TokenFactory) -> None:
    # complaints.reclassify is for supervisors (gateway.permissions): an agent is refused.
    headers = {"Authorization": f"Bearer {token(roles=('agent',))}"}
    response = client.post("/v1/complaints/c-1/reclassify", json={"reason": "mishandled"}, headers=headers)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


def test_a_draft_agreement_is_201_with_its_location_and_exact_money_CMP_09(
    settings: GatewaySettings, token: TokenFactory
) -> None:
    drafted = cpb.Agreement(id="a-7", amount=common_pb2.Money(currency_code="CNY", units=1234, nanos=500_000_000))
    stub = SimpleNamespace(DraftAgreement=FakeRpc(cpb.DraftAgreementResponse(agreement=drafted)))
    app = create_app(settings)
    app.dependency_overrides[downstreams] = lambda: Downstreams(complaints=FakeComplaints(), compensation=stub)  # type: ignore[arg-type]
    body = {
        "amount": "1234.5",
        "payee": {"name": "Li Lei", "account": "6222 0000"},
        "reason": "Lift broken for a week.",
        "terms": "Paid once, in full.",
    }
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(
            "/v1/complaints/c-1/agreements", json=body, headers={"Authorization": f"Bearer {token()}"}
        )
    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/v1/agreements/a-7"
    assert (response.json()["amount"], response.json()["currency"]) == ("1234.50", "CNY")
    sent = stub.DraftAgreement.calls[0].request
    assert sent.complaint_id == "c-1"
    assert (sent.amount.units, sent.amount.nanos, sent.amount.currency_code) == (1234, 500_000_000, "CNY")


# ---- a second service, and a body that is one field (body: "report") -----------------------


@pytest.fixture
def workflow_client(settings: GatewaySettings) -> Iterator[tuple[TestClient, Any]]:
    stub = SimpleNamespace(
        SubmitInvestigationReport=FakeRpc(
            wpb.SubmitInvestigationReportResponse(workflow=wpb.CaseWorkflow(complaint_id="c-1"))
        ),
        GetCaseWorkflow=FakeRpc(wpb.GetCaseWorkflowResponse(workflow=wpb.CaseWorkflow(complaint_id="c-1"))),
    )
    app = create_app(settings)
    app.dependency_overrides[downstreams] = lambda: Downstreams(complaints=FakeComplaints(), workflow=stub)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client, stub


REPORT = {
    "cause": "A worn cable.",
    "course_of_events": "The lift stopped on floor 3.",
    "responsible_people": [{"team": "maintenance"}],
    "conclusion": "Replace the cable.",
    "countermeasures": "Monthly checks.",
}


def test_a_one_field_body_fills_that_field_CMP_06(workflow_client: tuple[TestClient, Any], token: TokenFactory) -> None:
    client, stub = workflow_client
    headers = {"Authorization": f"Bearer {token(roles=('engineer',))}", "Idempotency-Key": "r-1"}
    response = client.post("/v1/complaints/c-1/investigation-report", json=REPORT, headers=headers)
    assert response.status_code == 200, response.text
    sent = stub.SubmitInvestigationReport.calls[0].request
    assert sent.id == "c-1"
    assert sent.report.cause == "A worn cable."
    assert [p.team for p in sent.report.responsible_people] == ["maintenance"]
    body = response.json()
    # Unset optional parts of the case are null, not empty objects; empty text is null.
    assert (body["report"], body["customer_answer"]) == (None, None)
    assert body["routing"]["handling_department"] is None


def test_a_report_needs_someone_responsible_CMP_06(
    workflow_client: tuple[TestClient, Any], token: TokenFactory
) -> None:
    client, stub = workflow_client
    headers = {"Authorization": f"Bearer {token(roles=('engineer',))}"}
    response = client.post(
        "/v1/complaints/c-1/investigation-report", json={**REPORT, "responsible_people": []}, headers=headers
    )
    assert response.status_code == 422
    assert "responsible_people" in {e["field"] for e in response.json()["errors"]}
    assert not stub.SubmitInvestigationReport.calls


# ---- statistics: a contract pattern on a path, a renamed list, the hand-written reads beside ---


@pytest.fixture
def statistics_client(settings: GatewaySettings) -> Iterator[tuple[TestClient, Any]]:
    month = spb.MonthlyStatistics(branch_id="b-1", month="2026-11", frozen=True, content_hash="h", received=3)
    month.by_nature.add(key="service", count=2)
    month.sanctions_due.add(number="C-1", level="warning", team="lifts")
    stub = SimpleNamespace(
        FreezeMonth=FakeRpc(spb.FreezeMonthResponse(statistics=month, newly_frozen=True)),
        ListFrozenMonths=FakeRpc(spb.ListFrozenMonthsResponse(months=[spb.FrozenMonth(branch_id="b-1")])),
        GetMonthlyStatistics=FakeRpc(spb.GetMonthlyStatisticsResponse(statistics=[month])),
    )
    app = create_app(settings)
    app.dependency_overrides[downstreams] = lambda: Downstreams(complaints=FakeComplaints(), statistics=stub)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client, stub


def test_a_month_outside_the_contract_pattern_is_refused_before_any_call_CMP_12(
    statistics_client: tuple[TestClient, Any], token: TokenFactory
) -> None:
    client, stub = statistics_client
    headers = {"Authorization": f"Bearer {token(roles=('director',))}"}
    for month in ("2026-13", "1969-12", "2026-1"):
        response = client.post(f"/v1/statistics/complaints/{month}/freeze", headers=headers)
        assert response.status_code == 422, (month, response.text)
    assert not stub.FreezeMonth.calls
    response = client.post("/v1/statistics/complaints/2026-11/freeze", json={"recompute": True}, headers=headers)
    assert response.status_code == 200, response.text
    sent = stub.FreezeMonth.calls[0].request
    assert (sent.month, sent.recompute, sent.branch_id) == ("2026-11", True, "")
    body = response.json()
    assert body["newly_frozen"] is True
    # Empty text the old mapper showed as null stays null (empty_is_null on the contract).
    assert (body["statistics"]["computed_by"], body["statistics"]["register_pointer"]) == (None, None)
    assert body["statistics"]["sanctions_due"][0]["person_id"] is None
    assert body["statistics"]["time_to_close"] == {"cases": 0, "mean_hours": 0.0, "p50_hours": 0.0, "p90_hours": 0.0}


def test_statistics_reads_keep_their_json_and_csv_CMP_12(
    statistics_client: tuple[TestClient, Any], token: TokenFactory
) -> None:
    client, stub = statistics_client
    headers = {"Authorization": f"Bearer {token(roles=('director',))}"}
    frozen = client.get("/v1/statistics/complaints?branch_id=b-1", headers=headers)
    assert frozen.status_code == 200, frozen.text
    assert frozen.json()["items"][0]["branch_id"] == "b-1"  # the contract's "months", named "items"
    assert stub.ListFrozenMonths.calls[0].request.branch_id == "b-1"
    assert client.get("/v1/statistics/complaints?branch_id=", headers=headers).status_code == 422
    month = client.get("/v1/statistics/complaints/2026-11", headers=headers)
    assert month.status_code == 200, month.text
    assert month.json()["month"] == "2026-11"
    assert month.json()["items"][0]["by_nature"] == [{"key": "service", "count": 2}]
    table = client.get("/v1/statistics/complaints/2026-11.csv", headers=headers)
    assert table.status_code == 200
    assert "b-1,2026-11,yes,h,by_nature,service,2" in table.text
    assert "sanctions_due,C-1,warning:lifts (not published)" in table.text
    assert client.get("/v1/statistics/complaints/2026-13", headers=headers).status_code == 422


def test_response_models_leave_hidden_fields_out_and_let_null_unless_fields_be_null() -> None:
    app = FastAPI()
    month = transcode.response_model(app, ppb.LedgerMonth.DESCRIPTOR).model_json_schema()
    assert "bonus_recorded" not in month["properties"]
    assert set(month["required"]) == set(month["properties"])
    for name in ("bonus", "carried_in", "cap", "deducted", "carried_over"):
        assert {"type": "null"} in month["properties"][name]["anyOf"], name
    assert month["properties"]["assessed"]["type"] == "string"  # always a decimal string
    penalty = transcode.response_model(app, ppb.Penalty.DESCRIPTOR).model_json_schema()
    assert {"type": "null"} in penalty["properties"]["loss"]["anyOf"]
    assert penalty["properties"]["currency"]["type"] == "string"


def test_every_route_that_takes_an_idempotency_key_documents_its_reuse_409() -> None:
    # A reused key with another request is 409 on any keyed write (found by schemathesis on
    # a new service's route whose rule did not list 409).
    keyed = [
        (path, verb, op)
        for path, item in _openapi()["paths"].items()
        for verb, op in item.items()
        if any(p.get("name", "").lower() == "idempotency-key" for p in op.get("parameters", []))
    ]
    assert keyed
    assert [(path, verb) for path, verb, op in keyed if "409" not in op["responses"]] == []


def test_an_integer_path_parameter_is_a_bounded_number_and_anything_else_a_422(
    client: TestClient, token: TokenFactory
) -> None:
    # GET /v1/attendance/calendar/{year}: int32 year, 2000..2100 by its contract.
    parameter = next(
        p for p in _openapi()["paths"]["/v1/attendance/calendar/{year}"]["get"]["parameters"] if p["name"] == "year"
    )
    assert parameter["schema"]["type"] == "integer"
    assert (parameter["schema"]["minimum"], parameter["schema"]["maximum"]) == (2000, 2100)
    headers = {"Authorization": f"Bearer {token(roles=('agent',))}"}
    for year in ("x", "2026.5", "1999", "2101", "99999999999999999999"):
        response = client.get(f"/v1/attendance/calendar/{year}", headers=headers)
        assert response.status_code == 422, (year, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")


def test_a_file_answer_is_sent_as_its_bytes_with_its_content_type() -> None:
    from cs.archives.v1 import catalogue_pb2 as apb
    from gateway.transcode.routes import file_response, is_file

    assert is_file(apb.ExportCatalogueResponse.DESCRIPTOR)
    assert not is_file(apb.GetVolumeResponse.DESCRIPTOR)
    assert not is_file(pb.ExportComplaintsResponse.DESCRIPTOR)  # no content type: its own route
    csv = file_response(
        apb.ExportCatalogueResponse(
            content="\ufeff档号\r\n".encode(), content_type="text/csv; charset=utf-8", filename="卷.csv"
        ),
        200,
    )
    assert csv.body == "\ufeff档号\r\n".encode() and csv.media_type == "text/csv; charset=utf-8"
    assert csv.headers["content-disposition"] == "attachment; filename*=UTF-8''%E5%8D%B7.csv"
    page = file_response(apb.ExportCatalogueResponse(content=b"<html>", content_type="text/html; charset=utf-8"), 200)
    assert "content-disposition" not in page.headers
    assert _openapi()["paths"]["/v1/archives/catalogue/export"]["get"]["responses"]["200"]["content"] == {"*/*": {}}
