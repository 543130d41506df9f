"""CMP-09 / CMP-13 through the gateway: a compensation case from intake to payment, the
finance and filing events read from the broker, then closure; branch isolation."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from cs.complaints.v1 import compensation_pb2
from cs.filing.v1 import filing_pb2
from cskit.messaging.envelope import decode
from cskit.protomap import money_amount

from .conftest import Token, auth, complaint_body, of_record, ok, post, topic_envelopes

pytestmark = pytest.mark.e2e
TOPIC = "cs.complaints.v1"
FILING_TOPIC = "cs.filing.v1"
TEXT = {
    "amount": "1234.50",
    "currency": "CNY",
    "payee": {"name": "Li Lei", "account": "6222 0000 1111 2222", "contact": "13800000000"},
    "reason": "Kitchen ceiling damaged by the leaking pipe",
    "terms": "One-off payment in full and final settlement",
}


def compensation_case(client: httpx.Client, token: Token) -> str:
    agent = token("agent", "b1")
    cid = str(ok(post(client, "/v1/complaints", agent, complaint_body(compensation_involved=True)), 201)["id"])
    ok(post(client, f"/v1/complaints/{cid}/accept", agent))
    return cid


def test_cmp_09_compensation_case_from_intake_to_payment_events_filing_and_closure(
    client: httpx.Client, token: Token, platform: Any
) -> None:
    agent, legal, finance = token("agent", "b1"), token("legal", "b1"), token("finance", "b1")
    cid = compensation_case(client, token)
    created = post(client, f"/v1/complaints/{cid}/agreements", agent, TEXT)
    agreement = ok(created, 201)
    aid = agreement["id"]
    assert created.headers["location"].endswith(f"/v1/agreements/{aid}")
    assert (agreement["status"], agreement["amount"], agreement["currency"]) == ("drafted", "1234.50", "CNY")
    assert [s["role"] for s in agreement["chain"]] == ["manager", "director", "general_manager"]

    # A payment before legal confirmation and sign-off is refused, naming CMP-09.
    paid_at = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    payment = {"amount": "1234.50", "currency": "CNY", "paid_at": paid_at, "reference": "VCH-2026-0042"}
    early = post(client, f"/v1/agreements/{aid}/payments", finance, payment)
    assert early.status_code == 409 and early.json()["rule"] == "CMP-09", early.text
    # The drafter cannot approve; an agent cannot sign at all.
    assert post(client, f"/v1/agreements/{aid}/confirm", agent).status_code == 403

    assert ok(post(client, f"/v1/agreements/{aid}/confirm", legal, {"comment": "text checked"}))["status"] == (
        "legal_confirmed"
    )
    signers = [token("manager", "b1"), token("director", "b1"), token("general_manager", "hq")]
    for signer in signers:
        agreement = ok(post(client, f"/v1/agreements/{aid}/sign", signer))
    assert agreement["status"] == "approved" and len(agreement["signatures"]) == 3
    # CMP-09: the payment lies between the approval and now (paid_at above precedes approval).
    before_approval = post(client, f"/v1/agreements/{aid}/payments", finance, payment)
    assert before_approval.status_code == 422 and before_approval.json()["errors"][0]["field"] == "paid_at"
    payment["paid_at"] = datetime.now(UTC).isoformat()

    wrong = post(client, f"/v1/agreements/{aid}/payments", finance, {**payment, "amount": "1234.49"})
    assert wrong.status_code == 409 and wrong.json()["rule"] == "CMP-09"
    paid = ok(post(client, f"/v1/agreements/{aid}/payments", finance, {**payment, "amount": "1234.5"}))
    assert paid["status"] == "paid" and paid["payment"]["amount"] == "1234.50"

    history = ok(client.get(f"/v1/agreements/{aid}/history", headers=auth(legal)))["items"]
    assert [h["event_type"] for h in history] == [
        "AgreementDrafted",
        "AgreementConfirmed",
        "AgreementSigned",
        "AgreementSigned",
        "AgreementSigned",
        "AgreementApproved",
        "CompensationPaid",
        "FilingRequested",
    ]
    assert [h["actor"] for h in history][1:5] == ["legal-b1", "manager-b1", "director-b1", "general_manager-hq"]
    listed = ok(client.get(f"/v1/complaints/{cid}/agreements", headers=auth(finance)))["items"]
    assert [a["id"] for a in listed] == [aid]

    # Finance reads the payment, the archives the filing request, from the broker.
    events = topic_envelopes(platform.bootstrap, TOPIC, of_record(cid), expected=9)
    names = [e.type.removeprefix("cs.complaints.v1.") for e in events]
    assert names.count("CompensationPaid") == 1 and names[-1] == "CompensationPaid"
    finance_event = decode(events[-1], compensation_pb2.CompensationPaid)
    assert (finance_event.agreement_id, finance_event.complaint_id, finance_event.branch_id) == (aid, cid, "b1")
    assert money_amount(finance_event.amount.units, finance_event.amount.nanos) == Decimal("1234.50")
    filings = topic_envelopes(platform.bootstrap, FILING_TOPIC, of_record(aid), expected=1)
    assert len(filings) == 1
    filing = decode(filings[0], filing_pb2.FilingRequested)
    assert (filing.source_service, filing.category, filing.branch_id) == (
        "complaints",
        filing_pb2.CATEGORY_CONTRACT,
        "b1",
    )

    # The archives file the agreement by themselves, once (issue 13): a paper original awaiting
    # its handover, found by the agreement it came from.
    archivist = token("archivist", "b1")
    query = {"source_service": "complaints", "source_record_id": aid}
    deadline = time.monotonic() + 30
    while not (filed := ok(client.get("/v1/archives/records", params=query, headers=auth(archivist)))["items"]):
        assert time.monotonic() < deadline, "the agreement was not filed in the archives"
        time.sleep(0.2)
    assert len(filed) == 1
    assert (filed[0]["category"], filed[0]["state"], filed[0]["filing_id"]) == (
        "contract",
        "awaiting_original",
        filing.filing_id,
    )

    # The case's clocks kept running; it closes the ordinary way.
    for path, body in (
        ("resolve", {"resolution": "Compensation of 1234.50 CNY paid"}),
        ("return-visits", {"satisfied": True, "satisfaction": 5}),
        ("close", {"summary": "paid and visited"}),
    ):
        ok(post(client, f"/v1/complaints/{cid}/{path}", agent, body))
    assert ok(client.get(f"/v1/complaints/{cid}", headers=auth(agent)))["status"] == "closed"


def test_plt_01_another_branch_cannot_see_the_agreement(client: httpx.Client, token: Token) -> None:
    cid = compensation_case(client, token)
    aid = ok(post(client, f"/v1/complaints/{cid}/agreements", token("agent", "b1"), TEXT), 201)["id"]
    for other in (token("agent", "b2"), token("legal", "b2")):
        assert client.get(f"/v1/agreements/{aid}", headers=auth(other)).status_code == 404
        assert client.get(f"/v1/agreements/{aid}/history", headers=auth(other)).status_code == 404
        assert client.get(f"/v1/complaints/{cid}/agreements", headers=auth(other)).status_code == 404
    assert post(client, f"/v1/agreements/{aid}/confirm", token("legal", "b2")).status_code == 404


def test_cmp_09_amounts_are_decimal_strings_more_than_two_places_refused_with_the_rule(
    client: httpx.Client, token: Token
) -> None:
    cid = compensation_case(client, token)
    agent = token("agent", "b1")
    bad = post(client, f"/v1/complaints/{cid}/agreements", agent, {**TEXT, "amount": "1234.567"})
    assert bad.status_code == 400 or bad.status_code == 422, bad.text
    assert bad.json()["rule"] == "CMP-09"
    as_number = post(client, f"/v1/complaints/{cid}/agreements", agent, {**TEXT, "amount": 1234.5})
    assert as_number.status_code == 422  # a JSON number is refused: no float ever carries money
    exact = ok(post(client, f"/v1/complaints/{cid}/agreements", agent, {**TEXT, "amount": "0.3"}), 201)
    assert exact["amount"] == "0.30"


def listed(client: httpx.Client, who: str, **query: Any) -> list[dict[str, Any]]:
    """Every page of GET /v1/agreements for ``who`` with ``query``."""
    items: list[dict[str, Any]] = []
    token = ""
    while True:
        params = {**query, "page_size": 2, **({"page_token": token} if token else {})}
        page = ok(client.get("/v1/agreements", params=params, headers=auth(who)))
        items += page["items"]
        if not (token := page.get("next_page_token") or ""):
            return items


def test_cmp_09_plt_01_agreements_across_cases_waiting_for_a_role_newest_first_in_the_branch(
    client: httpx.Client, token: Token
) -> None:
    agent, legal = token("agent", "b1"), token("legal", "b1")
    older = ok(post(client, f"/v1/complaints/{compensation_case(client, token)}/agreements", agent, TEXT), 201)["id"]
    newer = ok(post(client, f"/v1/complaints/{compensation_case(client, token)}/agreements", agent, TEXT), 201)["id"]
    ok(post(client, f"/v1/agreements/{older}/confirm", legal))

    # Legal counsel's inbox: drafted, newest first; the manager's: their signature is due.
    drafted = listed(client, legal, status=["drafted"])
    assert newer in [a["id"] for a in drafted] and older not in [a["id"] for a in drafted]
    assert all(a["status"] == "drafted" for a in drafted)
    stamps = [a["created_at"] for a in drafted]
    assert stamps == sorted(stamps, reverse=True)
    manager = token("manager", "b1")
    waiting = listed(client, manager, awaiting_role="manager")
    assert older in [a["id"] for a in waiting] and newer not in [a["id"] for a in waiting]
    assert all(a["next_step"]["role"] == "manager" for a in waiting)
    both = [a["id"] for a in listed(client, manager, status=["drafted", "legal_confirmed"])]
    assert both.index(newer) < both.index(older)

    # PLT-01: another branch lists none of them; head office lists them.
    elsewhere = [a["id"] for a in listed(client, token("manager", "b2"), awaiting_role="manager")]
    assert older not in elsewhere
    assert older in [a["id"] for a in listed(client, token("general_manager", "hq"), awaiting_role="manager")]
    # Unknown statuses are 422 naming the field; a caller without the permission is 403.
    bad = client.get("/v1/agreements", params={"status": "lost"}, headers=auth(legal))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"].startswith("status"), bad.text
    assert client.get("/v1/agreements", headers=auth(token("employee", "b1"))).status_code == 403
