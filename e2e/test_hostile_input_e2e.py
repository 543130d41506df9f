"""Hostile input through the real gateway (issue 8 §3): every probe is a 4xx problem+json with
a code (and the field where there is one), and nothing changes: the branch's case count and
its events on the topic are the same before and after."""

from __future__ import annotations

import base64
import json
import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from cskit.messaging.envelope import Envelope
from gateway.auth import mint_dev_token

from .conftest import Token, auth, complaint_body, new_key, of_branch, ok, post, topic_envelopes

TOPIC = "cs.complaints.v1"
BRANCH = f"bh{uuid.uuid4().hex[:6]}"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def refused(response: httpx.Response, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body: dict[str, Any] = response.json()
    assert body["code"] and body["status"] == status
    if field is not None:
        assert field in [e["field"] for e in body.get("errors") or []], body
    return body


def settled_events(bootstrap: str, branch: str) -> list[Envelope]:
    """Every event of ``branch`` on the topic, once two reads a relay pass apart agree."""
    last: list[Envelope] | None = None
    while True:
        found = topic_envelopes(bootstrap, TOPIC, of_branch(branch), expected=10**6, timeout=2.0)
        if last is not None and [e.id for e in found] == [e.id for e in last]:
            return found
        last = found


def count_cases(client: httpx.Client, reader: str) -> int:
    total, token = 0, None
    while True:
        params: dict[str, Any] = {"page_size": 200, "branch_id": BRANCH}
        if token:
            params["page_token"] = token
        page = ok(client.get("/v1/complaints", params=params, headers=auth(reader)))
        total += len(page["items"])
        token = page["next_page_token"]
        if not token:
            return total


@pytest.fixture(scope="module")
def world(base_url: str) -> dict[str, Any]:
    """One branch with an accepted case, and a compensation case with an approved agreement."""
    t = lambda role, branch=BRANCH: mint_dev_token(f"{role}-{branch}", branch, [role], 5)  # noqa: E731
    with httpx.Client(base_url=base_url, timeout=10.0) as client:
        agent = t("agent")
        case = ok(post(client, "/v1/complaints", agent, complaint_body()), 201)["id"]
        ok(post(client, f"/v1/complaints/{case}/accept", agent))
        comp = ok(post(client, "/v1/complaints", agent, complaint_body(compensation_involved=True)), 201)["id"]
        ok(post(client, f"/v1/complaints/{comp}/accept", agent))
        text = {
            "amount": "1234.50",
            "payee": {"name": "Li Lei", "account": "6222 0000 1111"},
            "reason": "Water damage",
            "terms": "One-off payment",
        }
        agreement = ok(post(client, f"/v1/complaints/{comp}/agreements", agent, text), 201)["id"]
        ok(post(client, f"/v1/agreements/{agreement}/confirm", t("legal")))
        for signer in (t("manager"), t("director"), t("general_manager", "hq")):
            ok(post(client, f"/v1/agreements/{agreement}/sign", signer))
    return {"case": case, "comp": comp, "agreement": agreement, "agent": agent, "manager": t("manager")}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


FORGED_TOKENS = [
    _b64(json.dumps(["99999999999999999999999"]).encode()),
    _b64(json.dumps(["not a date", "x"]).encode()),
    _b64(json.dumps(["-1"]).encode()),
    _b64(os.urandom(60)),
    _b64(os.urandom(60)) + "." + _b64(os.urandom(32)),
    "A" * 5000,
]


def test_forged_page_tokens_are_422_on_every_list_and_history_route(
    client: httpx.Client, world: dict[str, Any]
) -> None:
    case, comp, agreement = world["case"], world["comp"], world["agreement"]
    routes = [
        "/v1/complaints",
        f"/v1/complaints/{case}/history",
        f"/v1/complaints/{case}/audit",
        f"/v1/complaints/{case}/evidence",
        f"/v1/complaints/{comp}/agreements",
        f"/v1/agreements/{agreement}/history",
        f"/v1/complaints/{case}/accountability/history",
        "/v1/sanctions",
    ]
    reader = world["manager"]
    for route in routes:
        for forged in FORGED_TOKENS:
            response = client.get(route, params={"page_token": forged}, headers=auth(reader))
            refused(response, 422, "page_token")
    # The tokens the API hands out still work, and one list's token is refused by another.
    first = ok(client.get(f"/v1/complaints/{case}/history", params={"page_size": 1}, headers=auth(reader)))
    issued = first["next_page_token"]
    assert issued
    ok(client.get(f"/v1/complaints/{case}/history", params={"page_token": issued}, headers=auth(reader)))
    other = client.get(f"/v1/complaints/{case}/audit", params={"page_token": issued}, headers=auth(reader))
    refused(other, 422, "page_token")


def test_hostile_writes_are_4xx_problems_and_change_nothing(
    client: httpx.Client, world: dict[str, Any], platform: Any
) -> None:
    agent, manager, case = world["agent"], world["manager"], world["case"]
    finance = mint_dev_token(f"finance-{BRANCH}", BRANCH, ["finance"], 1)
    admin = mint_dev_token(f"admin-{BRANCH}", BRANCH, ["admin"], 5)
    cases_before = count_cases(client, manager)
    events_before = settled_events(platform.bootstrap, BRANCH)
    zone = ZoneInfo("Asia/Shanghai")
    now = datetime.now(UTC)

    # Absurd client times (CMP-01, CMP-04, CMP-09).
    for received in ("0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z"):
        refused(post(client, "/v1/complaints", agent, complaint_body(received_at=received)), 422, "received_at")
    too_old = (now - timedelta(hours=73)).isoformat()
    refused(post(client, "/v1/complaints", agent, complaint_body(received_at=too_old)), 422, "received_at")
    reply = {"message": "We will call back", "next_reply_at": "9999-01-01T00:00:00Z"}
    refused(post(client, f"/v1/complaints/{case}/replies", agent, reply), 422, "next_reply_at")
    payment = {"amount": "1234.50", "paid_at": "1900-01-01T00:00:00Z", "reference": "VCH-1"}
    refused(post(client, f"/v1/agreements/{world['agreement']}/payments", finance, payment), 422, "paid_at")

    # Money beyond the one bound.
    agreement = {"amount": "9999999999999999.99", "payee": {"name": "x", "account": "y"}, "reason": "r", "terms": "t"}
    refused(post(client, f"/v1/complaints/{world['comp']}/agreements", agent, agreement), 422, "amount")

    # Control characters in names and descriptions.
    bad_name = complaint_body(complainant={"name": "Li\x00Lei", "contact": "138", "address": "Unit 1"})
    refused(post(client, "/v1/complaints", agent, bad_name), 422, "complainant.name")
    bad_text = complaint_body(description="pipe \x1b[2J\x1b[31mleaks")
    refused(post(client, "/v1/complaints", agent, bad_text), 422, "description")

    # CMP-12: the current month cannot be frozen before it ends.
    month = now.astimezone(zone).strftime("%Y-%m")
    early = refused(post(client, f"/v1/statistics/complaints/{month}/freeze", admin), 409)
    assert (early["code"], early["rule"]) == ("month_not_over", "CMP-12")

    # Size limits: a 10 MB JSON body (413) and a 1.3 MB token (431) are refused before parsing.
    huge = json.dumps(complaint_body(description="x" * 10_000_000))
    big_body = client.post("/v1/complaints", content=huge, headers=auth(agent, **{"Content-Type": "application/json"}))
    assert refused(big_body, 413)["code"] == "payload_too_large"
    big_token = client.get("/v1/complaints", headers={"Authorization": "Bearer " + "a" * 1_300_000})
    assert big_token.status_code in (401, 431)
    refused(big_token, big_token.status_code)

    # Evidence: unknown multipart field, undecodable file name.
    unknown = client.post(
        f"/v1/complaints/{case}/evidence",
        data={"kind": "site_photo", "branch_id": "other"},
        files={"file": ("site.png", PNG, "image/png")},
        headers=auth(agent, **{"Idempotency-Key": new_key()}),
    )
    refused(unknown, 422, "branch_id")
    boundary = "b0undary"
    raw = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nsite_photo\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="'
        ).encode()
        + b"ph\xff\xfeoto.png"
        + b'"\r\nContent-Type: image/png\r\n\r\n'
        + PNG
        + f"\r\n--{boundary}--\r\n".encode()
    )
    garbled = client.post(
        f"/v1/complaints/{case}/evidence",
        content=raw,
        headers=auth(
            agent, **{"Idempotency-Key": new_key(), "Content-Type": f"multipart/form-data; boundary={boundary}"}
        ),
    )
    refused(garbled, 422, "file.filename")

    # Nothing changed: the same cases, the same events.
    time.sleep(1.5)  # past one relay pass, so a stray event would have arrived
    assert count_cases(client, manager) == cases_before
    assert [e.id for e in settled_events(platform.bootstrap, BRANCH)] == [e.id for e in events_before]
    listed = ok(client.get(f"/v1/complaints/{case}/evidence", headers=auth(manager)))
    assert listed["items"] == []


def test_cmp_08_a_png_named_exe_is_kept_with_a_png_extension(client: httpx.Client, world: dict[str, Any]) -> None:
    stored = client.post(
        f"/v1/complaints/{world['case']}/evidence",
        data={"kind": "site_photo"},
        files={"file": ("photo.exe", PNG, "image/png")},
        headers=auth(world["agent"], **{"Idempotency-Key": new_key()}),
    )
    body = ok(stored, 201)
    assert body["filename"] == "photo.exe.png" and body["content_type"] == "image/png"


def test_statistics_csv_neutralises_formula_cells(client: httpx.Client, token: Token) -> None:
    branch = f"bc{uuid.uuid4().hex[:6]}"
    agent, manager = token("agent", branch), token("manager", branch)
    for department in ('=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(A1)"):
        body = complaint_body(target={"department": department})
        ok(post(client, "/v1/complaints", agent, body), 201)
    month = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    response = client.get(f"/v1/statistics/complaints/{month}.csv", headers=auth(manager))
    assert response.status_code == 200, response.text
    cells = [cell for line in response.text.splitlines() for cell in line.split(",")]
    assert not any(cell.lstrip('"').startswith(("=", "+", "@")) for cell in cells), response.text
    assert "'+cmd|' /C calc'!A0" in response.text and "'@SUM(A1)" in response.text
