"""PLT-04 through the gateway: a case's whole audit trail in one place — its history, its
agreement's approvals, its evidence — with who, when and from where; scoped like the case."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import Token, auth
from .test_compensation_e2e import TEXT, compensation_case, ok, post
from .test_evidence_e2e import make_png, upload

pytestmark = pytest.mark.e2e


def test_plt_04_case_audit_gathers_history_agreements_and_evidence(client: httpx.Client, token: Token) -> None:
    agent, legal, lead = token("agent", "b1"), token("legal", "b1"), token("team_lead", "b1", grade=3)
    cid = compensation_case(client, token)
    aid = ok(post(client, f"/v1/complaints/{cid}/agreements", agent, TEXT), 201)["id"]
    ok(post(client, f"/v1/agreements/{aid}/confirm", legal, {"comment": "terms are lawful"}))
    assert upload(client, agent, cid, make_png()).status_code == 201

    trail = client.get(f"/v1/complaints/{cid}/audit", headers=auth(lead))
    assert trail.status_code == 200, trail.text
    entries: list[dict[str, Any]] = trail.json()["items"]
    seen = [(e["source"], e["event_type"]) for e in entries]
    for expected in [
        ("case", "ComplaintFiled"),
        ("case", "ComplaintAccepted"),
        ("agreement", "AgreementDrafted"),
        ("agreement", "AgreementConfirmed"),
        ("evidence", "EvidenceAttached"),
    ]:
        assert expected in seen, seen
    times = [e["occurred_at"] for e in entries]
    assert times == sorted(times)
    confirmed = next(e for e in entries if e["event_type"] == "AgreementConfirmed")
    assert confirmed["actor"] == "legal-b1"
    assert confirmed["record_id"] == aid
    assert all(e["request_id"] for e in entries)
    assert {e["client_ip"] for e in entries} == {"127.0.0.1"}


def test_plt_04_case_audit_is_for_supervisors_and_stays_in_the_branch(client: httpx.Client, token: Token) -> None:
    cid = compensation_case(client, token)
    assert client.get(f"/v1/complaints/{cid}/audit", headers=auth(token("agent", "b1"))).status_code == 403
    other = client.get(f"/v1/complaints/{cid}/audit", headers=auth(token("team_lead", "b2", grade=3)))
    assert other.status_code == 404
    assert other.headers["content-type"].startswith("application/problem+json")
