"""The test clock's gateway routes: absent unless enabled, sre only, forward only, never in production."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cskit.testclock import TestClockRefused
from gateway.app import create_app
from gateway.clients import Downstreams, downstreams
from gateway.settings import GatewaySettings

from .conftest import SECRET, FakeComplaints, TokenFactory


@pytest.fixture
def enabled_client(fake: FakeComplaints) -> Iterator[TestClient]:
    app = create_app(GatewaySettings(jwt_secret=SECRET, test_clock_enabled=True))
    app.dependency_overrides[downstreams] = lambda: Downstreams(complaints=fake)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_without_test_mode_the_routes_do_not_exist(client: TestClient, token: TokenFactory) -> None:
    sre = {"Authorization": f"Bearer {token(roles=('sre',))}"}
    assert client.post("/v1/test-clock/advance", json={"by": "PT1H"}, headers=sre).status_code == 404
    assert client.get("/v1/test-clock", headers=sre).status_code == 404
    assert "/v1/test-clock/advance" not in client.get("/openapi.json").json()["paths"]


def test_only_sre_may_move_time(enabled_client: TestClient, token: TokenFactory) -> None:
    for roles in (("agent",), ("general_manager",), ("admin",)):
        r = enabled_client.post(
            "/v1/test-clock/advance", json={"by": "PT1H"}, headers={"Authorization": f"Bearer {token(roles=roles)}"}
        )
        assert r.status_code == 403, (roles, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    assert enabled_client.post("/v1/test-clock/advance", json={"by": "PT1H"}).status_code == 401


@pytest.mark.parametrize("by", ["PT0S", "-PT1H", -60, "P401D", "soon", None])
def test_time_only_moves_forward_within_bounds(enabled_client: TestClient, token: TokenFactory, by: object) -> None:
    sre = {"Authorization": f"Bearer {token(roles=('sre',))}"}
    r = enabled_client.post("/v1/test-clock/advance", json={"by": by}, headers=sre)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")


def test_unknown_fields_are_refused(enabled_client: TestClient, token: TokenFactory) -> None:
    sre = {"Authorization": f"Bearer {token(roles=('sre',))}"}
    r = enabled_client.post("/v1/test-clock/advance", json={"by": "PT1H", "back": True}, headers=sre)
    assert r.status_code == 422


def test_the_gateway_refuses_to_start_with_it_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_ENVIRONMENT", "production")
    with pytest.raises(TestClockRefused):
        create_app(GatewaySettings(jwt_secret=SECRET, test_clock_enabled=True))
    create_app(GatewaySettings(jwt_secret=SECRET))  # without the flag, production starts as ever
