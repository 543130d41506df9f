"""The console's server side (gateway.routes.console): the built files with their headers,
the configuration, the dev login that exists only with the published secret, and /v1/me."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from gateway.app import create_app
from gateway.auth import mint_dev_token
from gateway.settings import DEV_JWT_SECRET, GatewaySettings


@pytest.fixture
def built(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><div id="app"></div>' + " " * 2000)
    (tmp_path / "assets" / "index-abc.js").write_text("console.log(1);" * 200)
    return tmp_path


def app_with(**settings: object) -> TestClient:
    return TestClient(create_app(GatewaySettings(**settings)))  # type: ignore[arg-type]


def test_built_files_carry_a_strict_policy_and_client_routes_get_the_app(built: Path) -> None:
    client = app_with(console_dir=built)
    page = client.get("/console/complaints/c-1")
    assert page.status_code == 200 and 'id="app"' in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe" not in policy
    assert page.headers["cache-control"] == "no-cache" and page.headers["x-frame-options"] == "DENY"
    asset = client.get("/console/assets/index-abc.js", headers={"Accept-Encoding": "gzip"})
    assert asset.headers["cache-control"].endswith("immutable") and asset.headers["content-encoding"] == "gzip"
    missing = client.get("/console/assets/nope.js")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    assert client.get("/console", follow_redirects=False).status_code == 308
    # A path out of the folder is not served, whatever its spelling.
    assert client.get("/console/..%2f..%2fetc%2fpasswd").text.count("root:") == 0


def test_dev_login_mints_a_token_for_the_picked_role_only_with_the_published_secret(built: Path) -> None:
    client = app_with(console_dir=built)
    assert client.get("/console/config.json").json()["dev_login"] is True
    answer = client.post("/console/dev-login", json={"sub": "a-1", "branch_id": "b1", "roles": ["agent"], "grade": 2})
    assert answer.status_code == 200
    claims = jwt.decode(answer.json()["access_token"], DEV_JWT_SECRET, algorithms=["HS256"], audience="cs-gateway")
    assert (claims["sub"], claims["branch_id"], claims["roles"], claims["grade"]) == ("a-1", "b1", ["agent"], 2)
    assert claims["exp"] - claims["iat"] == 60 * 60
    wrong_method = client.get("/console/dev-login")
    assert wrong_method.status_code == 405
    refused = client.post("/console/dev-login", json={"sub": "a 1", "branch_id": "b1", "roles": ["root"]})
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    assert {e["field"] for e in refused.json()["errors"]} >= {"sub", "roles"}

    real = app_with(console_dir=built, jwt_secret=SecretStr("a-real-deployment-secret-0123456789abcdef"))
    assert real.get("/console/config.json").json()["dev_login"] is False
    assert real.post("/console/dev-login", json={"sub": "x", "branch_id": "b1", "roles": ["agent"]}).status_code in (
        404,
        405,
    )
    off = app_with(console_dir=built, console_dev_login=False)
    assert off.post("/console/dev-login", json={"sub": "x", "branch_id": "b1", "roles": ["agent"]}).status_code in (
        404,
        405,
    )


def test_oidc_settings_reach_the_config_and_the_policy(built: Path) -> None:
    client = app_with(console_dir=built, oidc_issuer="https://id.example.com/realms/cs", oidc_client_id="console")
    config = client.get("/console/config.json").json()
    assert config["oidc"] == {
        "issuer": "https://id.example.com/realms/cs",
        "client_id": "console",
        "scope": "openid profile",
    }
    assert "connect-src 'self' https://id.example.com" in client.get("/console/").headers["content-security-policy"]


def test_me_lists_the_permissions_the_caller_holds() -> None:
    client = app_with()
    agent = client.get("/v1/me", headers={"Authorization": f"Bearer {mint_dev_token('a-1', 'b1', ['agent'], 1)}"})
    held = set(agent.json()["permissions"])
    assert {"complaints.file", "complaints.accept"} <= held and "penalties.read" not in held
    hr = client.get("/v1/me", headers={"Authorization": f"Bearer {mint_dev_token('h-1', 'b1', ['hr'], 1)}"}).json()
    assert "penalties.read" in hr["permissions"] and hr["head_office"] is False
    assert client.get("/v1/me").status_code == 401
