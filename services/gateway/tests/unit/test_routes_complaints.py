"""/v1/complaints against a fake stub: mapping, metadata (identity, idempotency, request id), deadline."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from cs.common.v1 import common_pb2
from cs.complaints.v1 import complaints_pb2 as pb
from cskit.domain import Actor
from cskit.grpc.caller import Caller, CallerTokenVerifier, dev_trusted_keys
from gateway.app import create_app
from gateway.clients import Downstreams, downstreams
from gateway.settings import GatewaySettings

from .conftest import FakeComplaints, TokenFactory

FILE_BODY: dict[str, Any] = {
    "channel": "walk_in",
    "complainant": {"name": "Li Lei", "contact": "13800000000", "address": "Block 3, 1201"},
    "target": {"department": "engineering"},
    "description": "The lift has been broken for a week.",
    "demands": ["criticism_or_suggestion", "compensation"],
    "category": "product_quality",
    "severity": "urgent",
    "compensation_involved": True,
    "received_at": "2026-11-02T09:30:00+08:00",
}


def test_file_complaint_201_with_location_and_json_body(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    response = client.post("/v1/complaints", json=FILE_BODY, headers={**auth, "Idempotency-Key": "k-1"})
    assert response.status_code == 201
    assert response.headers["location"] == "/v1/complaints/c-1"
    body = response.json()
    assert body["channel"] == "walk_in"
    assert body["category"] == "maintenance"
    assert body["status"] == "received"
    assert body["demands"] == ["criticism_or_suggestion"]
    assert body["received_at"] == "2026-11-02T09:30:00Z"
    assert body["clocks"][0]["kind"] == "first_reply"
    assert body["clocks"][0]["state"] == "running"
    assert body["rejection_reason"] is None

    sent: pb.FileComplaintRequest = fake.FileComplaint.calls[0].request
    assert sent.channel == pb.CHANNEL_WALK_IN
    assert sent.category == pb.CATEGORY_PRODUCT_QUALITY
    assert sent.severity == pb.SEVERITY_URGENT
    assert list(sent.demands) == [pb.DEMAND_CRITICISM_OR_SUGGESTION, pb.DEMAND_COMPENSATION]
    assert sent.received_at.ToDatetime(tzinfo=UTC) == datetime(2026, 11, 2, 1, 30, tzinfo=UTC)
    assert sent.branch_id == ""  # the caller's own branch, decided by the service


def test_identity_idempotency_and_request_id_travel_as_metadata(
    client: TestClient, token: TokenFactory, fake: FakeComplaints
) -> None:
    headers = {
        "Authorization": f"Bearer {token(roles=('agent', 'team_lead'), branch='b7', grade=2, sub='alice')}",
        "Idempotency-Key": "file-2026-11-02-0001",
        "X-Request-ID": "abc-123",
    }
    response = client.post("/v1/complaints", json=FILE_BODY, headers=headers)
    assert response.status_code == 201
    assert response.headers["x-request-id"] == "abc-123"
    call = fake.FileComplaint.calls[0]
    # Identity travels only inside the signed caller token; nothing else names the caller.
    # (Trace context may ride along too: it says which trace, not who.)
    assert set(call.metadata) - {"traceparent", "tracestate"} == {
        "authorization",
        "x-cs-idempotency-key",
        "x-request-id",
    }
    assert call.metadata["x-cs-idempotency-key"] == "file-2026-11-02-0001"
    assert call.metadata["x-request-id"] == "abc-123"
    caller = caller_of(call.metadata)
    assert caller.issuer == "gateway"
    assert caller.actor == Actor(
        subject="alice", branch_id="b7", roles=frozenset({"agent", "team_lead"}), grade=2, head_office=False
    )
    assert caller.client_ip == "testclient"  # the peer, for the audit trail (PLT-04)
    assert call.timeout == 3.0  # settings.request_timeout_s as the gRPC deadline


def caller_of(metadata: dict[str, str]) -> Caller:
    verifier = CallerTokenVerifier("complaints", dev_trusted_keys())
    return verifier.verify_metadata(list(metadata.items()))


def test_head_office_flag_for_hq(client: TestClient, token: TokenFactory, fake: FakeComplaints) -> None:
    client.get("/v1/complaints", headers={"Authorization": f"Bearer {token(branch='hq')}"})
    assert caller_of(fake.ListComplaints.calls[0].metadata).actor.head_office


def test_request_id_is_generated_when_absent_or_junk(client: TestClient, auth: dict[str, str]) -> None:
    first = client.get("/v1/complaints/c-1", headers=auth)
    uuid.UUID(first.headers["x-request-id"])
    junk = client.get("/v1/complaints/c-1", headers={**auth, "X-Request-ID": "bad id with spaces"})
    uuid.UUID(junk.headers["x-request-id"])


def test_list_maps_filters_and_pages(client: TestClient, auth: dict[str, str], fake: FakeComplaints) -> None:
    fake.ListComplaints.response = pb.ListComplaintsResponse(
        complaints=[fake.GetComplaint.response.complaint], page=common_pb2.PageResponse(next_page_token="next-1")
    )
    response = client.get(
        "/v1/complaints",
        params=[
            ("page_size", "20"),
            ("page_token", "tok"),
            ("status", "received"),
            ("status", "in_progress"),
            ("nature", "valid"),
            ("channel", "phone"),
            ("severity", "major"),
            ("branch_id", "b2"),
            ("received_after", "2026-11-01T00:00:00Z"),
            ("received_before", "2026-12-01T00:00:00Z"),
            ("breached_only", "true"),
        ],
        headers=auth,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["next_page_token"] == "next-1"
    assert [c["id"] for c in body["items"]] == ["c-1"]
    sent: pb.ListComplaintsRequest = fake.ListComplaints.calls[0].request
    assert (sent.page.page_size, sent.page.page_token) == (20, "tok")
    assert list(sent.statuses) == [pb.STATUS_RECEIVED, pb.STATUS_IN_PROGRESS]
    assert (sent.nature, sent.channel, sent.severity) == (pb.NATURE_VALID, pb.CHANNEL_PHONE, pb.SEVERITY_MAJOR)
    assert sent.branch_id == "b2"
    assert sent.received.start.ToDatetime(tzinfo=UTC) == datetime(2026, 11, 1, tzinfo=UTC)
    assert sent.breached_only is True


def test_list_defaults(client: TestClient, auth: dict[str, str], fake: FakeComplaints) -> None:
    body = client.get("/v1/complaints", headers=auth).json()
    assert body["next_page_token"] is None
    sent: pb.ListComplaintsRequest = fake.ListComplaints.calls[0].request
    assert sent.page.page_size == 50
    assert not sent.HasField("received")
    assert sent.nature == pb.NATURE_UNSPECIFIED


def test_history_parses_details(client: TestClient, auth: dict[str, str], fake: FakeComplaints) -> None:
    fake.ListComplaintHistory.response = pb.ListComplaintHistoryResponse(
        entries=[
            pb.HistoryEntry(sequence=1, event_type="ComplaintFiled", actor="u1", details_json='{"channel": "phone"}'),
            pb.HistoryEntry(sequence=2, event_type="Broken", actor="u1", details_json="{not json"),
        ]
    )
    response = client.get("/v1/complaints/c-1/history?page_size=2", headers=auth)
    assert response.status_code == 200
    items = response.json()["items"]
    assert items[0]["details"] == {"channel": "phone"}
    assert items[1]["details"] == {}
    sent: pb.ListComplaintHistoryRequest = fake.ListComplaintHistory.calls[0].request
    assert (sent.id, sent.page.page_size) == ("c-1", 2)


COMMANDS: list[tuple[str, str, dict[str, Any] | None, dict[str, Any]]] = [
    ("accept", "AcceptComplaint", {"note": "ok"}, {"note": "ok"}),
    ("accept", "AcceptComplaint", None, {"note": ""}),
    ("reject", "RejectComplaint", {"reason": "not ours"}, {"reason": "not ours"}),
    ("rejection-reply", "ReplyToRejection", {"message": "sorry"}, {"message": "sorry"}),
    ("replies", "ReplyToComplaint", {"message": "on it"}, {"message": "on it"}),
    ("progress-notes", "AddProgressNote", {"message": "m", "customer_informed": True}, {"customer_informed": True}),
    ("resolve", "ResolveComplaint", {"resolution": "fixed"}, {"resolution": "fixed"}),
    ("return-visits", "RecordReturnVisit", {"satisfied": True, "satisfaction": 5}, {"satisfaction": 5}),
    ("close", "CloseComplaint", None, {"summary": ""}),
    ("close", "CloseComplaint", {"summary": "done"}, {"summary": "done"}),
    ("reclassify", "ReclassifyComplaint", {"reason": "mishandled"}, {"reason": "mishandled"}),
    (
        "resolution-clock/pause",
        "PauseResolutionClock",
        {"reason": "waiting for parts"},
        {"reason": "waiting for parts"},
    ),
    ("resolution-clock/resume", "ResumeResolutionClock", None, {}),
]


@pytest.mark.parametrize(("path", "rpc", "body", "expected"), COMMANDS)
def test_workflow_commands_return_the_complaint(
    client: TestClient,
    token: TokenFactory,
    fake: FakeComplaints,
    path: str,
    rpc: str,
    body: dict[str, Any] | None,
    expected: dict[str, Any],
) -> None:
    headers = {"Authorization": f"Bearer {token(roles=('manager',), grade=3)}", "Idempotency-Key": f"k-{path}"}
    response = client.post(f"/v1/complaints/c-1/{path}", json=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == "c-1"
    call = getattr(fake, rpc).calls[0]
    assert call.request.id == "c-1"
    for field, value in expected.items():
        assert getattr(call.request, field) == value
    assert call.metadata["x-cs-idempotency-key"] == f"k-{path}"


def test_reply_next_reply_at(client: TestClient, auth: dict[str, str], fake: FakeComplaints) -> None:
    response = client.post(
        "/v1/complaints/c-1/replies",
        json={"message": "we will call back", "next_reply_at": "2026-11-02T12:00:00Z"},
        headers=auth,
    )
    assert response.status_code == 200
    sent: pb.ReplyToComplaintRequest = fake.ReplyToComplaint.calls[0].request
    assert sent.next_reply_at.ToDatetime(tzinfo=UTC) == datetime(2026, 11, 2, 12, tzinfo=UTC)


def test_unknown_enum_value_from_a_newer_service_becomes_null(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    complaint = fake.GetComplaint.response.complaint
    complaint.status = pb.Status.ValueType(99)
    response = client.get("/v1/complaints/c-1", headers=auth)
    assert response.status_code == 200
    assert response.json()["status"] is None


def test_unexpected_error_is_a_500_problem_without_internals(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    fake.GetComplaint.error = RuntimeError("secret connection string postgres://u:p@db")
    response = client.get("/v1/complaints/c-1", headers={**auth, "X-Request-ID": "r-500"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "r-500"
    body = response.json()
    assert body["code"] == "internal"
    assert body["request_id"] == "r-500"
    assert "postgres" not in response.text


@pytest.mark.parametrize(
    ("trusted", "recorded"),
    [((), "10.1.2.3"), (("10.0.0.0/8",), "203.0.113.9"), (("192.168.0.1",), "10.1.2.3")],
    ids=["no-proxy-trusted", "from-a-trusted-proxy", "from-an-untrusted-peer"],
)
def test_x_forwarded_for_counts_only_from_a_trusted_proxy_PLT_04(
    settings: GatewaySettings,
    fake: FakeComplaints,
    token: TokenFactory,
    trusted: tuple[str, ...],
    recorded: str,
) -> None:
    """PLT-04: the audit trail's "from where" is the peer unless a configured proxy vouches."""
    app = create_app(settings.model_copy(update={"trusted_proxies": trusted}))
    app.dependency_overrides[downstreams] = lambda: Downstreams(complaints=fake)  # type: ignore[arg-type]
    with TestClient(app, client=("10.1.2.3", 40000)) as peer:
        headers = {"Authorization": f"Bearer {token()}", "X-Forwarded-For": "203.0.113.9"}
        assert peer.get("/v1/complaints", headers=headers).status_code == 200
    assert caller_of(fake.ListComplaints.calls[0].metadata).client_ip == recorded


def test_trusted_proxies_must_be_addresses() -> None:
    with pytest.raises(ValidationError):
        GatewaySettings(trusted_proxies="*")
    assert GatewaySettings(trusted_proxies="10.0.0.1, fd00::/8").trusted_proxies == ("10.0.0.1", "fd00::/8")


def test_a_call_that_cannot_be_built_answers_a_problem_at_once(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    """Never a hang: whatever breaks while building the downstream call is a problem response."""

    def broken(*args: object, **kwargs: object) -> tuple[str, str]:
        raise RuntimeError("key store gone")

    client.app.state.caller_minter.metadata = broken  # type: ignore[attr-defined]
    response = client.get("/v1/complaints", headers=auth)
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "key store" not in response.text
    assert fake.ListComplaints.calls == []
