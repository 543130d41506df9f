"""PLT-02 at the gateway: role and grade per route, from one table; 403 problem otherwise."""

from __future__ import annotations

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from cskit.domain.actor import Actor
from gateway.app import create_app
from gateway.permissions import PERMISSIONS, requires
from gateway.settings import GatewaySettings

from .conftest import TokenFactory


def test_plt_02_agent_may_not_reclassify(client: TestClient, token: TokenFactory) -> None:
    response = client.post(
        "/v1/complaints/c-1/reclassify",
        json={"reason": "mishandled"},
        headers={"Authorization": f"Bearer {token(roles=('agent',))}"},
    )
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["code"], body["rule"]) == ("role_required", "PLT-02")


def test_plt_02_team_lead_may_reclassify(client: TestClient, token: TokenFactory) -> None:
    response = client.post(
        "/v1/complaints/c-1/reclassify",
        json={"reason": "mishandled"},
        headers={"Authorization": f"Bearer {token(roles=('team_lead',))}"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["hr", "archivist", "sre", "finance"])
def test_plt_02_roles_outside_complaints_are_403(client: TestClient, token: TokenFactory, role: str) -> None:
    response = client.get("/v1/complaints", headers={"Authorization": f"Bearer {token(roles=(role,))}"})
    assert response.status_code == 403


def test_cmp_03_agents_decide_acceptance() -> None:
    assert "agent" in PERMISSIONS["complaints.accept"].roles
    assert "agent" in PERMISSIONS["complaints.reject"].roles


def test_plt_02_min_grade_is_checked(settings: GatewaySettings, token: TokenFactory) -> None:
    app: FastAPI = create_app(settings)

    @app.get("/probe")
    async def probe(actor: Actor = Depends(requires(roles={"manager"}, min_grade=3))) -> dict[str, str]:  # noqa: B008
        return {"subject": actor.subject}

    with TestClient(app) as client:
        low = client.get("/probe", headers={"Authorization": f"Bearer {token(roles=('manager',), grade=2)}"})
        high = client.get("/probe", headers={"Authorization": f"Bearer {token(roles=('manager',), grade=3)}"})
    assert low.status_code == 403
    assert low.json()["code"] == "grade_required"
    assert high.status_code == 200
