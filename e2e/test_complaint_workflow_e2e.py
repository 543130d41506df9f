"""Routing, investigation and escalation (CMP-05..07) through the gateway over HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cs.complaints.v1 import workflow_pb2
from cskit.messaging.envelope import decode

from .conftest import Token, auth, complaint_body, of_record, post, topic_envelopes

pytestmark = pytest.mark.e2e
TOPIC = "cs.complaints.v1"
REPORT = {
    "cause": "Tiles from batch 42 were fired too short",
    "course_of_events": "Delivered 1 Nov, cracks found 3 Nov, batch inspected 4 Nov",
    "responsible_people": [{"person_id": "e-17", "name": "Zhao Gang", "team": "kiln 2", "department": "production"}],
    "conclusion": "Justified: the batch is defective",
    "countermeasures": "Replace the tiles; kiln timer checked every shift",
}


def ok(r: httpx.Response) -> dict[str, Any]:
    assert r.status_code in (200, 201), r.text
    body: dict[str, Any] = r.json()
    return body


def test_cmp_05_06_route_assign_report_three_approvals_answer_resolve(
    client: httpx.Client, token: Token, platform: Any
) -> None:
    agent, engineer = token("agent", "b1"), token("engineer", "b1")
    lead, admin = token("team_lead", "b1", grade=2), token("admin", "hq", grade=3)
    gm = token("general_manager", "hq", grade=5)
    body = complaint_body(category="product_quality", target={"department": "production"})
    cid = ok(post(client, "/v1/complaints", agent, body))["id"]
    ok(post(client, f"/v1/complaints/{cid}/accept", agent))
    base = f"/v1/complaints/{cid}"

    routed = ok(post(client, f"{base}/routing", agent, {"route": "administration", "opinion": "Card: cracked tiles"}))
    assert routed["routing"]["route"] == "administration"
    ok(post(client, f"{base}/handling-department", admin, {"department": "production"}))
    submitted = ok(post(client, f"{base}/investigation-report", engineer, REPORT))
    assert submitted["report"]["status"] == "in_approval" and submitted["report"]["next_step"] == "supervisor"

    self_approval = post(client, f"{base}/investigation-report/approve", token("engineer", "b1"), {})
    assert self_approval.status_code == 403, self_approval.text  # not a reviewer, let alone the author
    early = post(client, f"{base}/resolve", agent, {"resolution": "Replaced"})
    assert early.status_code == 409 and early.json()["rule"] == "CMP-06", early.text

    for who in (lead, admin, gm):
        last = ok(post(client, f"{base}/investigation-report/approve", who, {"comment": "ok"}))
    assert last["report"]["status"] == "approved" and last["resolution_allowed"] is False
    assert [a["step"] for a in last["report"]["approvals"]] == ["supervisor", "administration", "general_manager"]
    answered = ok(post(client, f"{base}/customer-answer", agent, {"method": "written", "summary": "Letter sent"}))
    assert answered["resolution_allowed"] is True
    assert ok(post(client, f"{base}/resolve", agent, {"resolution": "Tiles replaced"}))["status"] == "resolved"

    history = ok(client.get(f"{base}/history", headers=auth(agent)))["items"]
    types = [h["event_type"] for h in history]
    assert types.count("InvestigationReportApproved") == 3 and "HandlingDepartmentAssigned" in types
    expected = [
        "ComplaintFiled",
        "ComplaintNotified",  # CMP-15: a product-quality complaint
        "ComplaintAccepted",
        "ComplaintRouted",
        "HandlingDepartmentAssigned",
        "InvestigationReportSubmitted",
        *["InvestigationReportApproved"] * 3,
        "CustomerAnswerRecorded",
        "ComplaintResolved",
        "VisitTaskOpened",  # CMP-17
    ]
    envelopes = topic_envelopes(platform.bootstrap, TOPIC, of_record(cid), expected=len(expected))
    assert [e.type.removeprefix("cs.complaints.v1.") for e in envelopes] == expected
    assert decode(envelopes[8], workflow_pb2.InvestigationReportApproved).final


def test_cmp_07_escalation_up_two_levels_with_acknowledgements(client: httpx.Client, token: Token) -> None:
    agent, manager = token("agent", "b1"), token("manager", "b1", grade=2)
    hq_agent = token("agent", "hq", sub="hq-desk")
    cid = ok(post(client, "/v1/complaints", agent, complaint_body()))["id"]
    ok(post(client, f"/v1/complaints/{cid}/accept", agent))
    base = f"/v1/complaints/{cid}"

    skipped = post(client, f"{base}/escalations", agent, {"to_level": "head_office_customer_service", "reason": "x"})
    assert skipped.status_code == 409 and skipped.json()["rule"] == "CMP-07", skipped.text
    up = ok(post(client, f"{base}/escalations", agent, {"to_level": "operations_supervisor", "reason": "Cannot agree"}))
    assert up["escalation"]["pending_level"] == "operations_supervisor"
    wrong = post(client, f"{base}/escalations/acknowledge", hq_agent, {})
    assert wrong.status_code == 403 and wrong.json()["rule"] == "CMP-07", wrong.text
    ok(post(client, f"{base}/escalations/acknowledge", manager, {"note": "on it"}))
    ok(post(client, f"{base}/escalations", manager, {"to_level": "head_office_customer_service", "reason": "Policy"}))
    done = ok(post(client, f"{base}/escalations/acknowledge", hq_agent, {}))
    assert done["escalation"]["level"] == "head_office_customer_service"
    assert done["escalation"]["pending_level"] is None
    assert [s["acknowledged_by"] for s in done["escalation"]["steps"]] == ["manager-b1", "hq-desk"]

    complaint = ok(client.get(base, headers=auth(agent)))
    assert {c["kind"]: c["state"] for c in complaint["clocks"]}["resolution"] == "running"
    workflow = ok(client.get(f"{base}/workflow", headers=auth(agent)))
    assert workflow == done


def test_plt_01_another_branch_gets_404_on_the_workflow(client: httpx.Client, token: Token) -> None:
    agent = token("agent", "b1")
    cid = ok(post(client, "/v1/complaints", agent, complaint_body()))["id"]
    ok(post(client, f"/v1/complaints/{cid}/accept", agent))
    other = token("agent", "b2")
    for r in (
        client.get(f"/v1/complaints/{cid}/workflow", headers=auth(other)),
        post(client, f"/v1/complaints/{cid}/routing", other, {"route": "administration"}),
        post(client, f"/v1/complaints/{cid}/escalations", other, {"to_level": "operations_supervisor", "reason": "x"}),
    ):
        assert r.status_code == 404, r.text
        assert r.headers["content-type"].startswith("application/problem+json")


def waiting(client: httpx.Client, who: str, **query: Any) -> list[str]:
    """The case ids of every page of GET /v1/investigation-reports for ``who``."""
    found: list[str] = []
    page_token = ""
    while True:
        params = {**query, "page_size": 2, **({"page_token": page_token} if page_token else {})}
        page = ok(client.get("/v1/investigation-reports", params=params, headers=auth(who)))
        found += [w["complaint_id"] for w in page["items"]]
        if not (page_token := page.get("next_page_token") or ""):
            return found


def test_cmp_06_plt_01_reports_awaiting_approval_by_step_newest_case_first_in_the_branch(
    client: httpx.Client, token: Token
) -> None:
    agent, engineer = token("agent", "b1"), token("engineer", "b1")
    lead, admin = token("team_lead", "b1", grade=2), token("admin", "hq", grade=3)
    cases = []
    for _ in range(2):
        body = complaint_body(category="product_quality", target={"department": "production"})
        cid = ok(post(client, "/v1/complaints", agent, body))["id"]
        ok(post(client, f"/v1/complaints/{cid}/accept", agent))
        ok(post(client, f"/v1/complaints/{cid}/routing", agent, {"route": "administration", "opinion": "Card"}))
        ok(post(client, f"/v1/complaints/{cid}/handling-department", admin, {"department": "production"}))
        ok(post(client, f"/v1/complaints/{cid}/investigation-report", engineer, REPORT))
        cases.append(cid)
    older, newer = cases
    ok(post(client, f"/v1/complaints/{older}/investigation-report/approve", lead, {}))

    supervisor = waiting(client, lead, awaiting_step="supervisor")
    assert newer in supervisor and older not in supervisor
    administration = waiting(client, admin, awaiting_step="administration")
    assert older in administration and newer not in administration
    anything = waiting(client, lead)
    assert anything.index(newer) < anything.index(older)  # newest case first
    items = ok(client.get("/v1/investigation-reports", params={"awaiting_step": "supervisor"}, headers=auth(lead)))
    assert all(w["report"]["next_step"] == "supervisor" for w in items["items"])
    # PLT-01: another branch lists none of them; unknown steps are 422 naming the field.
    assert newer not in waiting(client, token("team_lead", "b2", grade=2))
    bad = client.get("/v1/investigation-reports", params={"awaiting_step": "nobody"}, headers=auth(lead))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "awaiting_step", bad.text
