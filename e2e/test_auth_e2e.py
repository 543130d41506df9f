"""Tokens the gateway must refuse: every one gets 401 problem+json and changes nothing."""

from __future__ import annotations

import base64
import json
import time

import httpx
import jwt
import pytest

from gateway.settings import GatewaySettings

from .conftest import Token, auth, complaint_body

pytestmark = pytest.mark.e2e


def _claims(**changes: object) -> dict[str, object]:
    s = GatewaySettings()
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": "agent-x",
        "branch_id": "b1",
        "roles": ["agent"],
        "grade": 1,
        "iss": s.jwt_issuer,
        "aud": s.jwt_audience,
        "iat": now,
        "exp": now + 600,
    }
    claims.update(changes)
    return claims


def _secret() -> str:
    return GatewaySettings().jwt_secret.get_secret_value()


def _alg_none() -> str:
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).rstrip(b"=")
    body = base64.urlsafe_b64encode(json.dumps(_claims()).encode()).rstrip(b"=")
    return f"{header.decode()}.{body.decode()}."


BAD_TOKENS = {
    "expired": lambda: jwt.encode(_claims(exp=int(time.time()) - 60), _secret(), algorithm="HS256"),
    "wrong audience": lambda: jwt.encode(_claims(aud="someone-else"), _secret(), algorithm="HS256"),
    "wrong signature": lambda: jwt.encode(
        _claims(), "another-secret-that-is-long-enough-0123456789", algorithm="HS256"
    ),
    "alg none": _alg_none,
    "garbage": lambda: "not.a.jwt",
}


def test_missing_token_is_401(client: httpx.Client) -> None:
    r = client.get("/v1/complaints")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["www-authenticate"].lower().startswith("bearer")


@pytest.mark.parametrize("kind", sorted(BAD_TOKENS))
def test_bad_token_is_401_and_creates_nothing(client: httpx.Client, token: Token, kind: str) -> None:
    bad = BAD_TOKENS[kind]()
    r = client.post("/v1/complaints", json=complaint_body(), headers=auth(bad))
    assert r.status_code == 401, (kind, r.text)
    assert r.headers["content-type"].startswith("application/problem+json")
    mine = client.get("/v1/complaints", headers=auth(token("agent", "b1")), params={"page_size": 200})
    assert all(c["filed_by"] != "agent-x" for c in mine.json()["items"])
