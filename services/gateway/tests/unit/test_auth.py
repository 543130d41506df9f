"""Bearer JWT verification: every failure is a 401 problem with a Bearer challenge."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.auth import TokenVerifier, actor_from_claims, mint_dev_token
from gateway.problems import ProblemError
from gateway.settings import DEV_JWT_SECRET, GatewaySettings

from .conftest import SECRET, FakeComplaints

URL = "/v1/complaints/c-1"


def _claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": "cs-platform",
        "aud": "cs-gateway",
        "sub": "u1",
        "branch_id": "b1",
        "roles": ["agent"],
        "grade": 1,
        "iat": now,
        "exp": now + 600,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _assert_401(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(URL, headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")
    body: dict[str, Any] = response.json()
    assert body["status"] == 401
    assert body["instance"] == URL
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_valid_token_is_accepted(client: TestClient, auth: dict[str, str], fake: FakeComplaints) -> None:
    response = client.get(URL, headers=auth)
    assert response.status_code == 200
    assert response.json()["id"] == "c-1"


def test_missing_token_is_401_without_error_code(client: TestClient) -> None:
    body = _assert_401(client, {})
    assert body["code"] == "unauthenticated"
    response = client.get(URL)
    assert response.headers["www-authenticate"] == 'Bearer realm="cs-gateway"'


def test_non_bearer_scheme_is_401(client: TestClient) -> None:
    _assert_401(client, {"Authorization": "Basic dTE6cHc="})


def test_expired_token_is_401(client: TestClient) -> None:
    now = int(time.time())
    token = jwt.encode(_claims(iat=now - 7200, exp=now - 3600), SECRET, algorithm="HS256")
    body = _assert_401(client, _bearer(token))
    assert body["code"] == "invalid_token"
    assert "expired" in body["detail"]


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"aud": "someone-else"}, id="wrong-audience"),
        pytest.param({"iss": "evil-issuer"}, id="wrong-issuer"),
        pytest.param({"exp": None}, id="no-exp"),
        pytest.param({"aud": None}, id="no-aud"),
        pytest.param({"branch_id": None}, id="no-branch"),
        pytest.param({"roles": "agent"}, id="roles-not-a-list"),
        pytest.param({"grade": "1"}, id="grade-not-an-int"),
        pytest.param({"grade": True}, id="grade-bool"),
        pytest.param({"sub": ""}, id="empty-subject"),
    ],
)
def test_bad_claims_are_401(client: TestClient, overrides: dict[str, Any]) -> None:
    token = jwt.encode(_claims(**overrides), SECRET, algorithm="HS256")
    _assert_401(client, _bearer(token))


def test_wrong_signature_is_401(client: TestClient) -> None:
    token = jwt.encode(_claims(), "another-secret-that-is-long-enough-000000", algorithm="HS256")
    _assert_401(client, _bearer(token))


def test_alg_none_is_401(client: TestClient) -> None:
    token = jwt.encode(_claims(), "", algorithm="none")
    _assert_401(client, _bearer(token))


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "Bearer", "ey.ey.ey"])
def test_malformed_token_is_401(client: TestClient, token: str) -> None:
    _assert_401(client, _bearer(token))


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def test_rs256_token_is_refused_in_hs256_mode(client: TestClient) -> None:
    token = jwt.encode(_claims(), _rsa_key(), algorithm="RS256")
    _assert_401(client, _bearer(token))


class _FakeJwks:
    """What PyJWKClient answers: the key for the token's kid (no network)."""

    def __init__(self, key: rsa.RSAPrivateKey) -> None:
        self._jwk = jwt.PyJWK.from_dict(
            {**jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "alg": "RS256"}
        )
        self.public_pem = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def get_signing_key_from_jwt(self, token: str) -> jwt.PyJWK:
        return self._jwk


@pytest.fixture
def jwks_settings() -> GatewaySettings:
    return GatewaySettings(jwt_jwks_url="https://idp.example/.well-known/jwks.json", jwt_secret=SECRET)


def test_rs256_via_jwks_is_accepted(jwks_settings: GatewaySettings) -> None:
    key = _rsa_key()
    verifier = TokenVerifier(jwks_settings, jwks_client=_FakeJwks(key))
    claims = verifier.verify(jwt.encode(_claims(), key, algorithm="RS256"))
    assert claims.sub == "u1"
    assert verifier.algorithm == "RS256"


def test_hs256_signed_with_public_key_is_refused_in_jwks_mode(jwks_settings: GatewaySettings) -> None:
    """Algorithm confusion: an attacker HMAC-signs with the (public) RSA key as the secret."""
    key = _rsa_key()
    jwks = _FakeJwks(key)
    header = jwt.utils.base64url_encode(b'{"alg":"HS256","typ":"JWT"}')
    payload = jwt.utils.base64url_encode(json.dumps(_claims()).encode())
    signing_input = header + b"." + payload
    signature = jwt.utils.base64url_encode(hmac.new(jwks.public_pem, signing_input, hashlib.sha256).digest())
    token = (signing_input + b"." + signature).decode()
    verifier = TokenVerifier(jwks_settings, jwks_client=jwks)
    with pytest.raises(ProblemError) as caught:
        verifier.verify(token)
    assert caught.value.status == 401


def test_jwks_mode_through_the_app(jwks_settings: GatewaySettings, fake: FakeComplaints) -> None:
    from gateway.clients import Downstreams, downstreams

    key = _rsa_key()
    app = create_app(jwks_settings, jwks_client=_FakeJwks(key))
    app.dependency_overrides[downstreams] = lambda: Downstreams(complaints=fake)
    with TestClient(app) as client:
        good = jwt.encode(_claims(), key, algorithm="RS256")
        assert client.get(URL, headers=_bearer(good)).status_code == 200
        hs = jwt.encode(_claims(), SECRET, algorithm="HS256")
        assert client.get(URL, headers=_bearer(hs)).status_code == 401


def test_head_office_by_branch_or_explicit_head_office_role_PLT_01(settings: GatewaySettings) -> None:
    """PLT-01, stricter reading: a branch's admin and general manager see their branch only."""
    verifier = TokenVerifier(settings)

    def head_office(sub: str, branch: str, role: str) -> bool:
        claims = verifier.verify(mint_dev_token(sub, branch, [role], 4, settings=settings))
        return actor_from_claims(claims, settings).head_office

    assert not head_office("u1", "b1", "agent")
    assert head_office("u2", "hq", "agent")
    assert not head_office("u3", "b1", "general_manager")
    assert not head_office("u4", "b1", "admin")
    assert head_office("u5", "b1", "hq_admin")
    assert not head_office("u6", "b1", "sre")


def test_general_managers_become_head_office_only_by_configuration(settings: GatewaySettings) -> None:
    wider = settings.model_copy(update={"head_office_roles": frozenset({"hq_admin", "general_manager"})})
    claims = TokenVerifier(wider).verify(mint_dev_token("u3", "b1", ["general_manager"], 4, settings=wider))
    assert actor_from_claims(claims, wider).head_office


@pytest.mark.parametrize(
    ("sub", "branch", "roles"),
    [
        ("u1", "b1", ["x,director"]),  # role smuggling: never split into "director"
        ("u1", " b1", ["agent"]),  # one normalisation: refused, never stripped
        ("u1", "b1 ", ["agent"]),
        ("李雷", "b1", ["agent"]),  # gRPC metadata cannot carry these: 401, not a hang
        ("u1", "b1é", ["agent"]),
        ("u1", "b1\n", ["agent"]),
        ("u1", "b1", ["agent\n"]),
        ("u1", "b1", ["Director"]),
        ("u1", "b1", ["system"]),  # reserved for the services' own work
        ("u 1", "b1", ["agent"]),
        ("u1", "b1", ["agent"] * 33),
        ("u" * 129, "b1", ["agent"]),
        ("u1", "b" * 65, ["agent"]),
    ],
)
def test_claims_outside_the_grammar_get_401_PLT_02(
    client: TestClient, settings: GatewaySettings, sub: str, branch: str, roles: list[str]
) -> None:
    token = mint_dev_token(sub, branch, roles, 1, settings=settings)
    response = client.get(URL, headers=_bearer(token))
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


def test_dev_secret_default_is_long_enough_for_hs256() -> None:
    assert len(DEV_JWT_SECRET.encode()) >= 32
    settings = GatewaySettings()
    assert settings.jwt_secret.get_secret_value() == DEV_JWT_SECRET or len(settings.jwt_secret) >= 32


def test_secret_comes_from_cs_jwt_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_JWT_SECRET", SECRET)
    monkeypatch.setenv("CS_GATEWAY_HEAD_OFFICE_ROLES", "admin, director")
    settings = GatewaySettings()
    assert settings.jwt_secret.get_secret_value() == SECRET
    assert settings.head_office_roles == frozenset({"admin", "director"})


def test_a_verified_token_is_remembered_but_never_past_its_expiry(
    settings: GatewaySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    verifier = TokenVerifier(settings)
    exp = int(time.time()) + 5
    token = jwt.encode(_claims(exp=exp), SECRET, algorithm="HS256")
    first = verifier.verify(token)
    calls: list[str] = []
    monkeypatch.setattr(jwt, "decode", lambda *a, **k: calls.append("decode") or {})
    assert verifier.verify(token) == first
    assert calls == []
    # Once the token's own expiry passes, the cache is no answer: the token is checked again.
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 10)
    with pytest.raises(ProblemError):
        verifier.verify(token)
    assert calls == ["decode"]
