"""The approvals inbox (审批待办): a compensation agreement prepared through the API up to the
manager's signature waits in the inbox of the branch's manager, who signs it there; another
branch's manager never sees it (PLT-01)."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from ..conftest import Token, auth, complaint_body, ok, post
from .conftest import login, shoot

pytestmark = pytest.mark.e2e

AGREEMENT = {
    "amount": "880.00",
    "currency": "CNY",
    "payee": {"name": "Han Meimei", "account": "6222 0000 3333 4444", "contact": "13900000000"},
    "reason": "Water damage to the living-room floor",
    "terms": "One-off payment in full and final settlement",
}


def agreement_awaiting_the_manager(client: httpx.Client, token: Token) -> dict[str, str]:
    """A compensation case, its agreement drafted by the agent and confirmed by legal."""
    agent, legal = token("agent", "b1"), token("legal", "b1")
    complaint = ok(post(client, "/v1/complaints", agent, complaint_body(compensation_involved=True)), 201)
    cid = str(complaint["id"])
    ok(post(client, f"/v1/complaints/{cid}/accept", agent))
    aid = str(ok(post(client, f"/v1/complaints/{cid}/agreements", agent, AGREEMENT), 201)["id"])
    confirmed = ok(post(client, f"/v1/agreements/{aid}/confirm", legal, {"comment": "text checked"}))
    assert confirmed["status"] == "legal_confirmed" and confirmed["next_step"]["role"] == "manager"
    return {"id": aid, "complaint_id": cid, "number": str(complaint["number"])}


def test_a_manager_signs_the_agreement_from_the_inbox(
    page: Page, console_url: str, client: httpx.Client, token: Token
) -> None:
    agreement = agreement_awaiting_the_manager(client, token)
    login(page, console_url, roles=["manager"], branch="b1")
    page.get_by_role("navigation").get_by_role("link", name="审批待办").click()
    expect(page.get_by_role("heading", name="审批待办", level=1)).to_be_visible()

    item = page.get_by_role("article").filter(has_text=agreement["number"])
    expect(item).to_be_visible()
    expect(item).to_contain_text("赔偿协议")
    expect(item).to_contain_text("签署（经理）")
    expect(item).to_contain_text("agent-b1")
    record = item.get_by_role("link", name="查看记录")
    expect(record).to_have_attribute("href", f"/console/complaints/{agreement['complaint_id']}")
    shoot(page, "approvals-inbox")

    item.get_by_label("理由 / 意见").fill("金额与维修报价一致")
    item.get_by_role("button", name="签署").click()
    expect(page.get_by_role("status").filter(has_text="已批准")).to_contain_text(agreement["number"])
    expect(page.get_by_role("article").filter(has_text=agreement["number"])).to_have_count(0)

    signed = ok(client.get(f"/v1/agreements/{agreement['id']}", headers=auth(token("legal", "b1"))))
    assert [(s["role"], s["signed_by"]) for s in signed["signatures"]] == [("manager", "manager-b1")]
    assert signed["signatures"][0]["comment"] == "金额与维修报价一致"
    assert signed["next_step"]["role"] == "director"


def test_another_branchs_manager_never_sees_the_agreement(
    page: Page, console_url: str, client: httpx.Client, token: Token
) -> None:
    agreement = agreement_awaiting_the_manager(client, token)
    login(page, console_url, roles=["manager"], branch="b2")
    # A reload would end the in-memory session: the way in is the navigation.
    page.get_by_role("navigation").get_by_role("link", name="审批待办").click()
    expect(page.get_by_role("heading", name="审批待办", level=1)).to_be_visible()
    sources = page.locator("[data-source=agreements]")
    expect(sources.locator(".badge")).to_be_visible()  # the source finished loading
    expect(page.get_by_role("article").filter(has_text=agreement["number"])).to_have_count(0)
