"""gRPC status with google.rpc details -> problem+json, through the one table."""

from __future__ import annotations

import grpc
import pytest
from fastapi.testclient import TestClient
from google.rpc import code_pb2, error_details_pb2, status_pb2  # type: ignore[import-untyped]
from grpc_status import rpc_status

from cs.complaints.v1 import complaints_pb2
from cskit import jsonmap
from gateway.grpc_errors import STATUS_TABLE, problem_from_rpc_error

from .conftest import FakeComplaints, rpc_error

EXPECTED_HTTP = {
    grpc.StatusCode.INVALID_ARGUMENT: 422,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.FAILED_PRECONDITION: 409,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
    grpc.StatusCode.INTERNAL: 500,
    grpc.StatusCode.UNKNOWN: 500,
    grpc.StatusCode.DATA_LOSS: 500,
    grpc.StatusCode.UNIMPLEMENTED: 500,
    grpc.StatusCode.CANCELLED: 503,
}


def rich_error(
    code: grpc.StatusCode,
    message: str,
    *,
    reason: str | None = None,
    rule: str | None = None,
    violations: tuple[tuple[str, str], ...] = (),
    domain: str = "cs.platform",
) -> grpc.aio.AioRpcError:
    """A failed call exactly as grpcio-status puts it on the wire."""
    status = status_pb2.Status(code=code.value[0], message=message)
    if reason:
        info = error_details_pb2.ErrorInfo(reason=reason, domain=domain)
        if rule:
            info.metadata["rule"] = rule
        status.details.add().Pack(info)
    if violations:
        status.details.add().Pack(
            error_details_pb2.BadRequest(
                field_violations=[
                    error_details_pb2.BadRequest.FieldViolation(field=f, description=d) for f, d in violations
                ]
            )
        )
    wire = rpc_status.to_status(status)
    return rpc_error(wire.code, wire.details, tuple(wire.trailing_metadata))


@pytest.mark.parametrize("code", list(EXPECTED_HTTP), ids=lambda c: c.name)
def test_each_grpc_status_maps_to_its_http_status(code: grpc.StatusCode) -> None:
    problem = problem_from_rpc_error(rich_error(code, "nope", reason="some_reason"))
    assert problem.status == EXPECTED_HTTP[code]


def test_table_is_the_documented_one() -> None:
    assert {code: http for code, (http, _) in STATUS_TABLE.items() if code in EXPECTED_HTTP} == {
        code: http for code, http in EXPECTED_HTTP.items() if http != 500
    }


def test_cmp_04_rule_and_code_reach_the_problem() -> None:
    problem = problem_from_rpc_error(
        rich_error(
            grpc.StatusCode.FAILED_PRECONDITION,
            "a rejected complaint needs its reply within 2 hours",
            reason="reply_overdue",
            rule="CMP-04",
        )
    )
    assert (problem.status, problem.code, problem.rule) == (409, "reply_overdue", "CMP-04")
    assert problem.detail == "a rejected complaint needs its reply within 2 hours"


def test_field_violations_are_renamed_to_json_fields() -> None:
    problem = problem_from_rpc_error(
        rich_error(
            grpc.StatusCode.INVALID_ARGUMENT,
            "bad",
            reason="invalid_input",
            violations=(("page.page_size", "too big"), ("complainant.name", "required"), ("received.start", "x")),
        ),
        field_name=jsonmap.field_namer(complaints_pb2.ListComplaintsRequest.DESCRIPTOR),
    )
    assert [(e.field, e.message) for e in problem.errors] == [
        ("page_size", "too big"),
        ("complainant.name", "required"),
        ("received_after", "x"),
    ]


def test_not_found_reveals_nothing() -> None:
    problem = problem_from_rpc_error(
        rich_error(
            grpc.StatusCode.NOT_FOUND, "complaint c-9 belongs to branch b2", reason="other_branch", rule="PLT-01"
        )
    )
    assert (problem.status, problem.code, problem.rule) == (404, "not_found", None)
    assert "b2" not in problem.detail


def test_internal_messages_are_not_leaked() -> None:
    problem = problem_from_rpc_error(rpc_error(grpc.StatusCode.INTERNAL, "psycopg.OperationalError at 10.0.0.5"))
    assert problem.status == 500
    assert "psycopg" not in problem.detail


def test_foreign_error_domain_reason_is_ignored() -> None:
    problem = problem_from_rpc_error(
        rich_error(grpc.StatusCode.PERMISSION_DENIED, "no", reason="IAM_DENIED", domain="googleapis.com")
    )
    assert problem.code == "forbidden"


def test_status_without_details_still_maps() -> None:
    problem = problem_from_rpc_error(rpc_error(grpc.StatusCode.ABORTED, "version conflict"))
    assert (problem.status, problem.code, problem.detail) == (409, "conflict", "version conflict")


def test_unauthenticated_from_service_carries_a_challenge() -> None:
    problem = problem_from_rpc_error(rpc_error(grpc.StatusCode.UNAUTHENTICATED, "no identity"))
    assert problem.headers["WWW-Authenticate"].startswith("Bearer")


def test_problem_json_rendered_end_to_end(client: TestClient, auth: dict[str, str], fake: FakeComplaints) -> None:
    fake.AcceptComplaint.error = rich_error(
        grpc.StatusCode.FAILED_PRECONDITION,
        "only a received complaint can be accepted",
        reason="bad_state",
        rule="CMP-03",
    )
    response = client.post("/v1/complaints/c-1/accept", headers={**auth, "X-Request-ID": "req-123"})
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    # Present only when a tracer provider is installed (another test may have installed one).
    body.pop("trace_id", None)
    assert body == {
        "type": "https://cs-platform.example/problems/bad-state",
        "title": "Conflict",
        "status": 409,
        "detail": "only a received complaint can be accepted",
        "instance": "/v1/complaints/c-1/accept",
        "code": "bad_state",
        "rule": "CMP-03",
        "request_id": "req-123",
    }


def test_validation_problem_from_service_lists_fields(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    fake.ListComplaints.error = rich_error(
        grpc.StatusCode.INVALID_ARGUMENT,
        "bad page token",
        reason="invalid_input",
        violations=(("page.page_token", "expired"),),
    )
    response = client.get("/v1/complaints", headers=auth)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "page_token", "message": "expired"}]


def test_deadline_is_504(client: TestClient, auth: dict[str, str], fake: FakeComplaints) -> None:
    fake.GetComplaint.error = rpc_error(grpc.StatusCode.DEADLINE_EXCEEDED, "Deadline Exceeded")
    response = client.get("/v1/complaints/c-1", headers=auth)
    assert response.status_code == 504
    assert response.json()["code"] == "timeout"


def test_code_numbers_agree_with_google_rpc() -> None:
    # grpc.StatusCode and google.rpc.Code must agree, or the decoder would misread statuses.
    assert grpc.StatusCode.FAILED_PRECONDITION.value[0] == code_pb2.FAILED_PRECONDITION
