"""PLT-06 through the gateway: an agent sees a complainant's phone masked, a manager unmasks
it and the customer-data trail shows who and when; a CSV export of customer data without an
approval is refused (403 naming PLT-06), with one it runs and is recorded."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from .conftest import Token, auth, complaint_body, ok, post

pytestmark = pytest.mark.e2e

PHONE = "13812345678"
ADDRESS = "江苏省南京市玄武区中山路100号3栋402室"
ID_NUMBER = "110101199003071234"


def _file(client: httpx.Client, agent: str) -> str:
    person = {"name": "王丽", "contact": PHONE, "address": ADDRESS, "id_number": ID_NUMBER}
    return str(ok(post(client, "/v1/complaints", agent, complaint_body(complainant=person)), 201)["id"])


def test_plt_06_agent_sees_a_masked_phone_a_manager_unmasks_it_and_the_trail_shows_who_and_when(
    client: httpx.Client, token: Token
) -> None:
    agent, manager, lead = token("agent", "b1"), token("manager", "b1", grade=4), token("team_lead", "b1", grade=3)
    cid = _file(client, agent)
    seen = ok(client.get(f"/v1/complaints/{cid}", headers=auth(agent)))["complainant"]
    assert seen == {
        "name": "王丽",
        "contact": "138****5678",
        "address": "江苏省南京市玄武区****",
        "order_number": None,
        "id_number": "110101********1234",
    }
    listed = ok(client.get("/v1/complaints", headers=auth(manager), params={"page_size": 200}))["items"]
    assert PHONE not in str(listed)

    before = datetime.now(UTC) - timedelta(seconds=5)
    revealed = ok(
        post(client, f"/v1/complaints/{cid}/unmask", manager, {"fields": ["contact"], "reason": "return visit call"})
    )
    assert revealed == {"complaint_id": cid, "items": [{"field": "contact", "value": PHONE}]}
    # The agent may not unmask an ID number (only a phone, for return visits).
    refused = post(client, f"/v1/complaints/{cid}/unmask", agent, {"fields": ["id_number"], "reason": "curious"})
    assert refused.status_code == 403 and refused.json()["rule"] == "PLT-06"

    trail = client.get(
        "/v1/customer-data/access", headers=auth(lead), params={"record_id": cid, "field": "complainant.contact"}
    )
    items = ok(trail)["items"]
    assert [(e["subject"], e["action"], e["field"], e["kind"], e["reason"]) for e in items] == [
        ("manager-b1", "reveal", "complainant.contact", "phone", "return visit call")
    ]
    when = datetime.fromisoformat(items[0]["occurred_at"])
    assert before <= when <= datetime.now(UTC) + timedelta(seconds=5)
    assert items[0]["request_id"] and items[0]["client_ip"] == "127.0.0.1"
    # The trail is for supervisors and auditors, in their branch.
    assert client.get("/v1/customer-data/access", headers=auth(agent)).status_code == 403
    other = client.get(
        "/v1/customer-data/access", headers=auth(token("team_lead", "b2", grade=3)), params={"record_id": cid}
    )
    assert ok(other)["items"] == []


def test_plt_06_a_csv_export_needs_an_approval_and_is_recorded(client: httpx.Client, token: Token) -> None:
    exporter, manager = token("agent", "b1", sub="exporter-b1"), token("manager", "b1", grade=4)
    cid = _file(client, exporter)
    now = datetime.now(UTC)
    window = {
        "received_after": (now - timedelta(hours=1)).isoformat(),
        "received_before": (now + timedelta(hours=1)).isoformat(),
    }
    refused = client.get("/v1/complaints/export.csv", headers=auth(exporter), params=window)
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert (refused.json()["rule"], refused.json()["code"]) == ("PLT-06", "export_not_approved")

    grant = {
        "export": "complaints.csv",
        "branch_id": "b1",
        "grantee": "exporter-b1",
        "valid_hours": 1,
        "reason": "owners' meeting",
    }
    # Nobody approves their own export; agents approve none.
    assert post(client, "/v1/customer-data/export-grants", exporter, grant).status_code == 403
    granted = ok(post(client, "/v1/customer-data/export-grants", manager, grant), 201)
    assert granted["granted_by"] == "manager-b1" and granted["grantee"] == "exporter-b1"

    exported = client.get("/v1/complaints/export.csv", headers=auth(exporter), params=window)
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    mine = [r for r in rows if r["contact"] == PHONE and r["id_number"] == ID_NUMBER]
    assert mine and all(r["address"] == ADDRESS for r in mine)

    trail = ok(
        client.get(
            "/v1/customer-data/access",
            headers=auth(manager),
            params={"record_id": cid, "subject": "exporter-b1"},
        )
    )["items"]
    assert {(e["action"], e["field"], e["grant_id"]) for e in trail} == {
        ("export", "complainant.contact", granted["id"]),
        ("export", "complainant.id_number", granted["id"]),
        ("export", "complainant.address", granted["id"]),
    }
    # The missing bound is a 422 before any call.
    assert client.get("/v1/complaints/export.csv", headers=auth(exporter)).status_code == 422
