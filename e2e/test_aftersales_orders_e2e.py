"""Work orders through the gateway (AFS-01, AFS-02, AFS-03, AFS-11, AFS-13): the front desk
opens and dispatches, the engineer accepts, leaves, works and records the sign-off; a minor's
signature and a chargeable job without a quote are problems naming the rule and change
nothing; each party reads its own copy; the phone is masked for the front desk's lists but
not for the engineer; another branch sees nothing; the history is the order's register."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import Token, auth, ok, post

pytestmark = pytest.mark.e2e
ORDERS = "/v1/aftersales/work-orders"


def body(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "home_repair",
        "origin": "resident_call",
        "requester_name": "王芳",
        "requester_phone": "13812345678",
        "unit": "3-2-401",
        "fault": "厨房水龙头漏水",
        "warranty": "in_warranty",
        **changes,
    }


def dispatched(client: httpx.Client, desk: str, engineer: str, **changes: Any) -> dict[str, Any]:
    order = ok(post(client, ORDERS, desk, body(**changes)), 201)
    ok(post(client, f"{ORDERS}/{order['id']}/assign", desk, {"engineer": "engineer-b1", "basis": "on_duty"}))
    ok(post(client, f"{ORDERS}/{order['id']}/accept", engineer))
    return ok(post(client, f"{ORDERS}/{order['id']}/depart", engineer, {"tools_and_parts": "扳手, 阀芯"}))


def test_afs_01_to_afs_03_a_repair_from_the_call_to_the_sign_off(client: httpx.Client, token: Token) -> None:
    desk, engineer = token("agent", "b1"), token("engineer", "b1")
    created = post(client, ORDERS, desk, body())
    order = ok(created, 201)
    assert created.headers["location"].endswith(f"{ORDERS}/{order['id']}")
    assert (order["state"], order["kind"], order["number"][:2]) == ("opened", "home_repair", "WO")
    assert order["requester_phone"] != "13812345678"  # PLT-06: masked for the front desk
    ok(post(client, f"{ORDERS}/{order['id']}/acknowledge", desk, {"note": "已电话确认"}))  # AFS-13
    ok(post(client, f"{ORDERS}/{order['id']}/assign", desk, {"engineer": "engineer-b1", "basis": "on_duty"}))
    accepted = ok(post(client, f"{ORDERS}/{order['id']}/accept", engineer))
    assert accepted["departure_due"] is not None and accepted["requester_phone"] == "13812345678"
    ok(post(client, f"{ORDERS}/{order['id']}/depart", engineer, {"tools_and_parts": "扳手"}))
    ok(post(client, f"{ORDERS}/{order['id']}/start", engineer))
    minor = post(
        client, f"{ORDERS}/{order['id']}/sign-off", engineer,
        {"signer_name": "小明", "signer_department": "household", "signer_age": 12},
    )  # fmt: skip
    assert minor.status_code == 409 and minor.json()["rule"] == "AFS-03", minor.text
    assert ok(client.get(f"{ORDERS}/{order['id']}", headers=auth(desk)))["state"] == "working"
    done = ok(
        post(
            client, f"{ORDERS}/{order['id']}/sign-off", engineer,
            {"signer_name": "王芳", "signer_department": "household", "signer_age": 35},
        )
    )  # fmt: skip
    assert (done["state"], done["signer_name"]) == ("completed", "王芳")
    history = ok(client.get(f"{ORDERS}/{order['id']}/history", headers=auth(desk)))["items"]
    assert [h["event_type"] for h in history] == [
        "WorkOrderOpened", "WorkOrderAcknowledged", "WorkOrderAssigned", "WorkOrderAccepted",
        "EngineerDeparted", "WorkStarted", "WorkOrderSignedOff",
    ]  # fmt: skip


def test_afs_03_a_public_facility_is_signed_by_the_reporting_department(client: httpx.Client, token: Token) -> None:
    desk, engineer = token("agent", "b1"), token("engineer", "b1")
    order = dispatched(
        client, desk, engineer, kind="public_facility", origin="staff_report", unit="",
        facility="2号楼电梯厅照明", area="north", reporting_department="security",
    )  # fmt: skip
    ok(post(client, f"{ORDERS}/{order['id']}/start", engineer))
    sign = {"signer_name": "李四", "signer_department": "customer_service", "signer_position": "manager"}
    wrong = post(client, f"{ORDERS}/{order['id']}/sign-off", engineer, sign)
    assert wrong.status_code == 409 and wrong.json()["code"] == "signer_wrong_department", wrong.text
    guard = post(
        client,
        f"{ORDERS}/{order['id']}/sign-off",
        engineer,
        {**sign, "signer_department": "security", "signer_position": "guard"},
    )
    assert guard.status_code == 409 and guard.json()["code"] == "signer_not_qualified", guard.text
    lead = {**sign, "signer_department": "security", "signer_position": "shift_lead"}
    assert ok(post(client, f"{ORDERS}/{order['id']}/sign-off", engineer, lead))["state"] == "completed"


def test_afs_11_an_undecided_warranty_and_an_unquoted_chargeable_job_block_the_work(
    client: httpx.Client, token: Token
) -> None:
    desk, engineer = token("agent", "b1"), token("engineer", "b1")
    order = dispatched(client, desk, engineer, warranty="undecided")
    start = post(client, f"{ORDERS}/{order['id']}/start", engineer)
    assert start.status_code == 409 and start.json()["rule"] == "AFS-11", start.text
    decided = {"warranty": "out_of_warranty", "diagnosis": "阀芯老化, 已过保"}
    ok(post(client, f"{ORDERS}/{order['id']}/warranty", engineer, decided))
    unquoted = post(client, f"{ORDERS}/{order['id']}/start", engineer)
    assert unquoted.status_code == 409 and unquoted.json()["code"] == "quote_required", unquoted.text


def test_afs_01_each_party_reads_its_copy_and_another_branch_sees_nothing(client: httpx.Client, token: Token) -> None:
    desk, engineer = token("agent", "b1"), token("engineer", "b1")
    order = ok(post(client, ORDERS, desk, body()), 201)
    resident = ok(client.get(f"{ORDERS}/{order['id']}/copies/resident", headers=auth(desk)))
    assert resident["fault"] == "厨房水龙头漏水" and resident["requester_phone"] is None
    assert resident["acknowledge_due"] is None and resident["key_loan"] == ""
    engineering = ok(client.get(f"{ORDERS}/{order['id']}", headers=auth(engineer)))
    assert engineering["requester_phone"] == "13812345678" and engineering["acknowledged_by"] is None
    bad = client.get(f"{ORDERS}/{order['id']}/copies/landlord", headers=auth(desk))
    assert bad.status_code in (400, 422) and bad.headers["content-type"].startswith("application/problem+json")
    assert client.get(f"{ORDERS}/{order['id']}", headers=auth(token("agent", "b2"))).status_code == 404
    assert post(client, ORDERS, engineer, body()).status_code == 403  # the front desk opens orders
    empty = post(client, ORDERS, desk, body(fault="  "))
    assert empty.status_code == 422 and "fault" in empty.text
