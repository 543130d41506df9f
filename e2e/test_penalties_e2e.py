"""CMP-11 through the gateway on the running platform: responsibility -> penalty -> bonuses ->
settlement -> ledger; a sanction proposed, approved, published, with HR's events on the broker;
another branch gets 404."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import httpx
import pytest

from cs.complaints.v1 import penalties_pb2
from cskit.messaging.envelope import decode
from cskit.protomap import money_amount

from .conftest import Token, auth, complaint_body, of_record, post, topic_envelopes

pytestmark = pytest.mark.e2e
TOPIC = "cs.complaints.v1"


def accepted_case(client: httpx.Client, token: Token) -> str:
    agent = token("agent", "b1")
    created = post(client, "/v1/complaints", agent, complaint_body())
    assert created.status_code == 201, created.text
    cid: str = created.json()["id"]
    assert post(client, f"/v1/complaints/{cid}/accept", agent, {"note": "ok"}).status_code == 200
    return cid


def test_cmp_11_responsibility_penalty_bonuses_settlement_ledger(
    client: httpx.Client, token: Token, platform: Any
) -> None:
    cid = accepted_case(client, token)
    admin, hr = token("admin", "b1"), token("hr", "b1")
    a, b, c = (f"emp-{uuid.uuid4().hex[:8]}" for _ in range(3))

    r = post(client, f"/v1/complaints/{cid}/responsibility", admin, {"department": "maintenance", "reason": "late"})
    assert r.status_code == 200, r.text
    assert (r.json()["level"], r.json()["decided_by"]) == ("department", "admin-b1")

    body = {
        "amount": "1000.00",
        "month": "2026-11",
        "members": [{"person_id": a, "base_points": "3"}, {"person_id": b, "base_points": "3"}, {"person_id": c, "base_points": "5"}],
    }  # fmt: skip
    r = post(client, f"/v1/complaints/{cid}/penalties", admin, body)
    assert r.status_code == 201, r.text
    parts = {p["person_id"]: p["amount"] for p in r.json()["items"]}
    assert parts == {a: "272.73", b: "272.73", c: "454.54"}
    assert sum(Decimal(v) for v in parts.values()) == Decimal("1000.00")

    for month, amount in (("2026-11", "800.00"), ("2026-12", "700.00")):
        r = post(client, "/v1/bonuses", hr, {"person_id": c, "month": month, "amount": amount})
        assert r.status_code == 200, r.text
    settled = post(client, "/v1/ledger/settlements", hr, {"month": "2026-11", "person_id": c})
    assert settled.status_code == 200, settled.text
    nov = settled.json()["items"][0]
    assert (nov["deducted"], nov["carried_over"]) == ("400.00", "54.54")
    # December before November for someone else is refused, naming the rule.
    r = post(client, "/v1/ledger/settlements", hr, {"month": "2026-12", "person_id": a})
    assert r.status_code in (409, 422) and r.json()["rule"] == "CMP-11", r.text
    assert post(client, "/v1/ledger/settlements", hr, {"month": "2026-12", "person_id": c}).status_code == 200

    ledger = client.get(f"/v1/people/{c}/ledger", headers=auth(hr))
    assert ledger.status_code == 200, ledger.text
    view = ledger.json()
    assert (view["outstanding"], view["last_settled_month"]) == ("0.00", "2026-12")
    assert [(m["month"], m["deducted"]) for m in view["months"]] == [("2026-11", "400.00"), ("2026-12", "54.54")]
    one = client.get(f"/v1/people/{c}/ledger", params={"month": "2026-12"}, headers=auth(hr)).json()
    assert [m["carried_in"] for m in one["months"]] == ["54.54"]

    got = topic_envelopes(platform.bootstrap, TOPIC, of_record(c), expected=5)
    assert [e.type.rsplit(".", 1)[-1] for e in got] == [
        "PenaltyAssessed", "MonthlyBonusRecorded", "MonthlyBonusRecorded", "DeductionSettled", "DeductionSettled",
    ]  # fmt: skip
    dec = decode(got[-1], penalties_pb2.DeductionSettled)
    assert money_amount(dec.deducted.units, dec.deducted.nanos) == Decimal("54.54")

    # Another branch sees neither the case's accountability nor the person's ledger (PLT-01).
    # (admin is a head-office role at the gateway; HR is branch staff.)
    other = token("hr", "b2")
    assert client.get(f"/v1/complaints/{cid}/accountability", headers=auth(other)).status_code == 404
    assert client.get(f"/v1/people/{c}/ledger", headers=auth(other)).status_code == 404
    r = post(client, f"/v1/complaints/{cid}/penalties", other, {"amount": "1.00"})
    assert r.status_code == 404


def test_cmp_11_sanction_proposed_approved_published_with_audit_and_events(
    client: httpx.Client, token: Token, platform: Any
) -> None:
    cid = accepted_case(client, token)
    admin, gm = token("admin", "b1"), token("general_manager", "hq", sub="gm-hq", grade=9)
    person = f"emp-{uuid.uuid4().hex[:8]}"
    r = post(
        client,
        f"/v1/complaints/{cid}/sanctions",
        admin,
        {"person_id": person, "kind": "minor_demerit", "reason": "wrong goods"},
    )
    assert r.status_code == 201, r.text
    sid = r.json()["id"]

    early = post(client, f"/v1/sanctions/{sid}/publish", admin)
    assert early.status_code == 409 and early.json()["rule"] == "CMP-11", early.text
    assert post(client, f"/v1/sanctions/{sid}/approve", admin).status_code == 403  # not the GM
    approved = post(client, f"/v1/sanctions/{sid}/approve", gm)
    assert approved.status_code == 200 and approved.json()["status"] == "approved", approved.text
    published = post(client, f"/v1/sanctions/{sid}/publish", admin)
    assert published.status_code == 200 and published.json()["status"] == "published", published.text

    listed = client.get("/v1/sanctions", params={"complaint_id": cid}, headers=auth(admin)).json()
    assert [s["id"] for s in listed["items"]] == [sid]
    trail = client.get(f"/v1/complaints/{cid}/accountability/history", headers=auth(admin)).json()["items"]
    assert [(t["event_type"], t["actor"]) for t in trail] == [
        ("SanctionProposed", "admin-b1"), ("SanctionApproved", "gm-hq"), ("SanctionPublished", "admin-b1"),
    ]  # fmt: skip
    assert (
        client.get(f"/v1/complaints/{cid}/accountability/history", headers=auth(token("hr", "b2"))).status_code == 404
    )

    got = [e for e in topic_envelopes(platform.bootstrap, TOPIC, of_record(cid), expected=5) if "Sanction" in e.type]
    assert [e.type.rsplit(".", 1)[-1] for e in got] == ["SanctionProposed", "SanctionApproved", "SanctionPublished"]
    assert decode(got[-1], penalties_pb2.SanctionPublished).approved_by == "gm-hq"
