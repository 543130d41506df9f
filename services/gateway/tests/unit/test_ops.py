"""/healthz, /readyz (downstream gRPC health), /metrics, OpenAPI and the token CLI."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from fastapi.testclient import TestClient
from grpc_health.v1 import health_pb2

from gateway.__main__ import main
from gateway.app import create_app
from gateway.auth import TokenVerifier
from gateway.backend_list import BACKENDS
from gateway.settings import GatewaySettings

from .conftest import SECRET, FakeRpc, rpc_error


class FakeChannel:
    """Enough of grpc.aio.Channel for HealthStub: every unary call answers ``health``."""

    def __init__(self, health: FakeRpc) -> None:
        self.health = health
        self.closed = False

    def unary_unary(self, method: str, *args: Any, **kwargs: Any) -> FakeRpc:
        return self.health

    def unary_stream(self, method: str, *args: Any, **kwargs: Any) -> FakeRpc:
        return self.health

    async def close(self, grace: float | None = None) -> None:
        self.closed = True


def _app_with(settings: GatewaySettings, health: FakeRpc) -> tuple[TestClient, list[FakeChannel]]:
    opened: list[FakeChannel] = []

    def factory(target: str) -> Any:
        channel = FakeChannel(health)
        opened.append(channel)
        return channel

    return TestClient(create_app(settings, channel_factory=factory)), opened


# Every downstream the gateway opens a channel to: complaints, and each service of
# platform.toml mounted from its contract (gateway.backend_list).
DOWNSTREAMS = ["complaints", *(b.name for b in BACKENDS)]


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_when_serving_and_channels_closed_on_shutdown(settings: GatewaySettings) -> None:
    health = FakeRpc(health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVING))
    client, opened = _app_with(settings, health)
    with client:
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": dict.fromkeys(DOWNSTREAMS, "SERVING")}
    assert health.calls[0].timeout == settings.readiness_timeout_s
    assert [c.closed for c in opened] == [True] * len(DOWNSTREAMS)


@pytest.mark.parametrize(
    ("health", "state"),
    [
        (FakeRpc(health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.NOT_SERVING)), "NOT_SERVING"),
        (FakeRpc(error=rpc_error(grpc.StatusCode.UNAVAILABLE, "connect failed")), "UNAVAILABLE"),
    ],
)
def test_readyz_503_problem_when_a_downstream_is_not_serving(
    settings: GatewaySettings, health: FakeRpc, state: str
) -> None:
    client, _ = _app_with(settings, health)
    with client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["checks"] == dict.fromkeys(DOWNSTREAMS, state)


def test_metrics_use_route_templates(client: TestClient, auth: dict[str, str]) -> None:
    client.get("/v1/complaints/c-42", headers=auth)
    text = client.get("/metrics").text
    assert (
        'cs_http_requests_total{method="GET",route="/v1/complaints/{complaint_id}",service="gateway",status="200"}'
        in text
    )
    assert "cs_http_request_duration_seconds_bucket" in text
    assert "/v1/complaints/c-42" not in text


def test_openapi_lists_every_route_and_documents_problems(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    expected = {
        ("post", "/v1/complaints"),
        ("get", "/v1/complaints"),
        ("get", "/v1/complaints/{complaint_id}"),
        ("get", "/v1/complaints/{complaint_id}/history"),
        *(
            ("post", f"/v1/complaints/{{complaint_id}}/{action}")
            for action in (
                "accept",
                "reject",
                "rejection-reply",
                "replies",
                "progress-notes",
                "resolve",
                "return-visits",
                "close",
                "reclassify",
                "resolution-clock/pause",
                "resolution-clock/resume",
            )
        ),
    }
    assert expected <= {(method, path) for path, ops in paths.items() for method in ops}
    errors = paths["/v1/complaints"]["post"]["responses"]["422"]["content"]
    assert list(errors) == ["application/problem+json"]
    assert "Problem" in spec["components"]["schemas"]
    channel = spec["components"]["schemas"]["FileComplaintBody"]["properties"]["channel"]
    assert "walk_in" in channel["enum"]
    assert client.get("/docs").status_code == 200


def test_token_cli_prints_a_token_the_gateway_accepts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CS_JWT_SECRET", SECRET)
    assert main(["token", "--role", "agent", "--role", "team_lead,manager", "--branch", "b1", "--grade", "2"]) == 0
    token = capsys.readouterr().out.strip()
    claims = TokenVerifier(GatewaySettings()).verify(token)
    assert (claims.sub, claims.branch_id, claims.grade) == ("u1", "b1", 2)
    assert claims.roles == ["agent", "team_lead", "manager"]
