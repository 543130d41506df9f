"""Hostile input at the gateway (issue 8 §3): a clear 4xx problem before any downstream call."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.types import Message

from gateway.app import create_app
from gateway.clients import Downstreams, downstreams
from gateway.limits import BodyTooLarge, RequestLimitsMiddleware
from gateway.settings import GatewaySettings

from .conftest import FakeComplaints
from .test_routes_evidence import PNG, FakeEvidence

BODY = {
    "channel": "phone",
    "complainant": {"name": "Wang Li", "contact": "+86 138 0000 0000", "address": "Unit 3-1201"},
    "target": {"department": "maintenance"},
    "description": "The lift is broken.",
    "demands": ["criticism_or_suggestion"],
    "category": "maintenance",
}


@pytest.fixture
def evidence() -> FakeEvidence:
    return FakeEvidence()


@pytest.fixture
def client(settings: GatewaySettings, fake: FakeComplaints, evidence: FakeEvidence) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"max_body_bytes": 4096, "max_token_bytes": 2048}))
    app.dependency_overrides[downstreams] = lambda: Downstreams(complaints=fake, evidence=evidence)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


# ---- one text rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("complainant", "name"), "Wang\x00Li"),
        (("complainant", "name"), "Wang \x1b[31mLi"),
        (("complainant", "name"), "Wang\nLi"),
        (("target", "department"), "maint\u202eenance"),
        (("description",), "broken\x07"),
        (("description",), "c1 \x9b here"),
    ],
)
def test_control_characters_are_422_and_never_sent(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints, path: tuple[str, ...], value: str
) -> None:
    body: dict[str, Any] = {**BODY, "complainant": dict(BODY["complainant"]), "target": dict(BODY["target"])}
    holder = body
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    errors = problem(client.post("/v1/complaints", json=body, headers=auth), 422)["errors"]
    assert [e["field"] for e in errors] == [".".join(path)]
    assert fake.FileComplaint.calls == []


def test_multi_line_text_keeps_tabs_and_line_breaks(client: TestClient, auth: dict[str, str]) -> None:
    body = {**BODY, "description": "Line one\r\n\tLine two"}
    assert client.post("/v1/complaints", json=body, headers=auth).status_code == 201


# ---- one money type ------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["9999999999999999.99", "100000000.01", "-5", "1e3", "12,00"])
def test_one_money_type_bounds_agreements_and_penalties(client: TestClient, token: Any, amount: str) -> None:
    agreement = {
        "amount": amount,
        "payee": {"name": "Wang Li", "account": "6222"},
        "reason": "Water damage",
        "terms": "One-off payment",
    }
    drafted = client.post("/v1/complaints/c-1/agreements", json=agreement, headers=_bearer(token(("agent",))))
    assert problem(drafted, 422)["errors"][0]["field"] == "amount"
    penalty = client.post("/v1/complaints/c-1/penalties", json={"amount": amount}, headers=_bearer(token(("admin",))))
    assert problem(penalty, 422)["errors"][0]["field"] == "amount"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# ---- size limits ---------------------------------------------------------------------------------


def test_a_declared_oversized_body_is_413_before_it_is_read(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    body = {**BODY, "description": "x" * 5000}
    body_problem = problem(client.post("/v1/complaints", json=body, headers=auth), 413)
    assert body_problem["code"] == "payload_too_large" and fake.FileComplaint.calls == []


def test_a_chunked_oversized_body_is_413(client: TestClient, auth: dict[str, str], fake: FakeComplaints) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"description": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}'

    response = client.post("/v1/complaints", content=chunks(), headers={**auth, "Content-Type": "application/json"})
    assert problem(response, 413)["code"] == "payload_too_large" and fake.FileComplaint.calls == []


def test_streamed_body_stops_being_read_past_the_limit() -> None:
    """The middleware raises as soon as the count passes the limit: the rest is never pulled."""
    pulled = 0

    async def receive() -> Message:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 1000, "more_body": True}

    async def app(scope: Any, receive_: Any, send: Any) -> None:
        while True:
            await receive_()

    async def send(message: Message) -> None:
        raise AssertionError("nothing is sent by the middleware itself here")

    middleware = RequestLimitsMiddleware(
        app, max_body_bytes=4096, max_header_bytes=8192, max_header_value_bytes=4096, max_token_bytes=2048
    )
    scope = {"type": "http", "method": "POST", "path": "/v1/complaints", "headers": []}
    with pytest.raises(BodyTooLarge):
        asyncio.run(middleware(scope, receive, send))
    assert pulled == 5


def test_oversized_headers_are_431(client: TestClient, auth: dict[str, str], fake: FakeComplaints) -> None:
    response = client.get("/v1/complaints", headers={**auth, "X-Junk": "x" * 20_000})
    assert problem(response, 431)["code"] == "headers_too_large"
    assert fake.ListComplaints.calls == []


def test_an_overlong_token_is_401_before_any_verification(client: TestClient, fake: FakeComplaints) -> None:
    response = client.get("/v1/complaints", headers={"Authorization": "Bearer " + "a" * 3000})
    assert problem(response, 401)["code"] == "invalid_token"
    assert fake.ListComplaints.calls == []


# ---- evidence multipart --------------------------------------------------------------------------


def test_an_unknown_multipart_field_is_422(client: TestClient, auth: dict[str, str], evidence: FakeEvidence) -> None:
    response = client.post(
        "/v1/complaints/c-1/evidence",
        data={"kind": "site_photo", "owner": "someone-else"},
        files={"file": ("site.png", PNG, "image/png")},
        headers={**auth, "Idempotency-Key": "k1"},
    )
    assert problem(response, 422)["errors"] == [{"field": "owner", "message": "unknown field"}]
    assert evidence.AttachEvidence.calls == []


def test_a_filename_that_is_not_utf8_is_422(client: TestClient, auth: dict[str, str], evidence: FakeEvidence) -> None:
    boundary = "b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nsite_photo\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="'
        ).encode()
        + b"ph\xff\xfeoto.png"
        + (b'"\r\nContent-Type: image/png\r\n\r\n')
        + PNG
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        "/v1/complaints/c-1/evidence",
        content=body,
        headers={**auth, "Idempotency-Key": "k2", "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert problem(response, 422)["errors"] == [{"field": "file.filename", "message": "must be UTF-8 text"}]
    assert evidence.AttachEvidence.calls == []


def test_a_utf8_filename_reaches_the_service_as_sent(
    client: TestClient, auth: dict[str, str], evidence: FakeEvidence
) -> None:
    response = client.post(
        "/v1/complaints/c-1/evidence",
        data={"kind": "site_photo"},
        files={"file": ("现场.png", PNG, "image/png")},
        headers={**auth, "Idempotency-Key": "k3"},
    )
    assert response.status_code == 201, response.text
    assert evidence.AttachEvidence.calls[0].request.filename == "现场.png"
