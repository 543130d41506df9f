"""Routes transcoded from the contracts: every annotated RPC is mounted with its rule's method,
path, permission, status and documented problems; errors name this request's JSON fields."""

from __future__ import annotations

from functools import cache
from typing import Any

import grpc
import pytest
from fastapi.testclient import TestClient

from cs.complaints.v1 import complaints_pb2 as pb
from cs.complaints.v1 import workflow_pb2 as wpb
from cskit import jsonmap
from gateway.app import create_app
from gateway.permissions import PERMISSIONS
from gateway.settings import GatewaySettings

from .conftest import SECRET, FakeComplaints, TokenFactory
from .test_grpc_errors import rich_error

SERVICE = pb.DESCRIPTOR.services_by_name["ComplaintsService"]
WORKFLOW = wpb.DESCRIPTOR.services_by_name["ComplaintWorkflowService"]


@cache
def _openapi() -> dict[str, Any]:
    schema: dict[str, Any] = create_app(GatewaySettings(jwt_secret=SECRET)).openapi()
    return schema


def _route(rule: Any) -> tuple[str, str]:
    verb = rule.WhichOneof("pattern")
    path = getattr(rule, verb).replace("{id}", "{complaint_id}")
    return verb, path


@pytest.mark.parametrize("method", [*SERVICE.methods, *WORKFLOW.methods], ids=lambda m: m.name)
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
