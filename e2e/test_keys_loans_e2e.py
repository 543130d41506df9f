"""Lending through the gateway on the platform's test clock (KEY-04, KEY-05, KEY-07, KEY-13):
a vacant-unit key is lent until the end of the shift; the clock moved past it shows the loan
overdue and escalated to the team lead, again an hour later; a return with another unit's key
is refused (409, KEY-07) and opens a discrepancy pinned on the lender; the right keys close
the loan, and its history tells the whole story (PLT-04).

Runs on a platform of its own (PostgreSQL, test clock on). Time there only moves forward, so
every instant is measured from the clock as the test finds it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from gateway.auth import mint_dev_token

from .conftest import TEST_CLOCK_ENV, PlatformClock, auth, ok, pg_platform, post

pytestmark = pytest.mark.e2e
SH = ZoneInfo("Asia/Shanghai")
CUSTODIAN = mint_dev_token("kc-1", "b1", ["key_custodian"], 1)
LEAD = mint_dev_token("kl-1", "b1", ["team_lead"], 2)
AGENT = mint_dev_token("ka-1", "b1", ["agent"], 1)


@pytest.fixture(scope="module")
def keys_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from pg_platform(tmp_path_factory, "keys_loans", {**TEST_CLOCK_ENV, "CS_KEYS_TIMERS_MAX_IDLE_SECONDS": "0.2"})


@pytest.fixture
def api(keys_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(keys_platform.gateway_url), timeout=20.0) as c:
        yield c


def register(api: httpx.Client, kind: str = "vacant_unit", unit: str = "3-1-1201") -> dict[str, Any]:
    body = {
        "code": f"K-{uuid.uuid4().hex[:8]}",
        "unit": unit,
        "kind": kind,
        "key_count": 2,
        "cabinet": "C1",
        "hook": f"H-{uuid.uuid4().hex[:6]}",
        "custodian": "kc-1",
    }
    if kind == "owner_entrusted":
        body |= {"owner_name": "Owner Wang", "owner_phone": "13800138000"}
    return ok(post(api, "/v1/keys/key-sets", CUSTODIAN, body), 201)


def staff_loan(key_set_id: str, role: str = "engineer", **extra: Any) -> dict[str, Any]:
    return {
        "key_set_id": key_set_id,
        "borrower_kind": "staff",
        "borrower": "eng-7",
        "borrower_role": role,
        "purpose": "show the unit to a buyer",
        **extra,
    }


def until(api: httpx.Client, path: str, done: Any, seconds: float = 15.0) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        body = ok(api.get(path, headers=auth(AGENT)))
        if done(body) or time.monotonic() > deadline:
            return body
        time.sleep(0.2)


def test_KEY_04_KEY_07_a_same_day_key_kept_past_the_shift_end_escalates_and_a_wrong_return_is_refused(
    api: httpx.Client,
) -> None:
    PlatformClock(api).morning("keys")
    mine, other = register(api), register(api, unit="5-2-0801")
    loan = ok(post(api, "/v1/keys/loans", LEAD, staff_loan(mine["id"])), 201)
    due = datetime.fromisoformat(loan["due_at"]).astimezone(SH)
    assert (due.hour, due.minute, loan["state"], loan["lender"]) == (18, 0, "open", "kl-1")
    assert ok(api.get(f"/v1/keys/key-sets/{mine['id']}", headers=auth(AGENT)))["state"] == "lent"

    PlatformClock(api).advance(
        datetime.fromisoformat(loan["due_at"]) - PlatformClock(api).now("keys") + timedelta(minutes=2)
    )
    path = f"/v1/keys/loans/{loan['id']}"
    overdue = until(api, path, lambda b: b["escalations"] >= 1)
    assert (overdue["overdue"], overdue["escalations"]) == (True, 1)
    listed = ok(api.get("/v1/keys/loans", params={"overdue": "true"}, headers=auth(AGENT)))["items"]
    assert [x["id"] for x in listed] == [loan["id"]]
    PlatformClock(api).advance(timedelta(minutes=61))
    assert until(api, path, lambda b: b["escalations"] >= 2)["escalations"] == 2

    wrong = post(api, f"{path}/return", CUSTODIAN, {"key_count": 2, "key_set_code": other["code"]})
    assert wrong.status_code == 409, wrong.text
    assert wrong.json()["rule"] == "KEY-07"
    cases = ok(api.get("/v1/keys/discrepancies", params={"key_set_id": mine["id"]}, headers=auth(AGENT)))["items"]
    assert [(c["kind"], c["pinned_on"], c["status"]) for c in cases] == [("return_mismatch", "kl-1", "open")]
    assert ok(api.get(path, headers=auth(AGENT)))["state"] == "open"

    back = ok(post(api, f"{path}/return", CUSTODIAN, {"key_count": 2, "key_set_code": mine["code"]}))
    assert (back["state"], back["returned_by"]) == ("returned", "kc-1")
    assert ok(api.get(f"/v1/keys/key-sets/{mine['id']}", headers=auth(AGENT)))["state"] == "in_cabinet"
    history = ok(api.get(f"{path}/history", headers=auth(AGENT)))["items"]
    assert [h["event_type"] for h in history] == [
        "LoanOpened", "LoanOverdue", "LoanEscalated", "LoanEscalated", "LoanReturnRefused", "LoanReturned",
    ]  # fmt: skip


def test_KEY_05_KEY_13_identity_and_plant_room_refusals_through_the_gateway(api: httpx.Client) -> None:
    now = PlatformClock(api).morning("keys")
    entrusted = register(api, kind="owner_entrusted")
    helper = {
        "key_set_id": entrusted["id"],
        "borrower_kind": "owner_collector",
        "borrower_name": "Helper Li",
        "purpose": "the owner's helper cleans the flat",
        "due_at": (now + timedelta(hours=3)).isoformat(),
        "collector_relation": "helper",
        "proof_kind": "access_pass",
        "proof_document_id": "doc-77",
        "owner_call_at": (now - timedelta(minutes=5)).isoformat(),
        "owner_consent_at": (now - timedelta(minutes=9)).isoformat(),  # before the call was made
    }
    early = post(api, "/v1/keys/loans", CUSTODIAN, helper)
    assert early.status_code in (400, 422) and early.json()["rule"] == "KEY-05", early.text
    helper["owner_consent_at"] = (now - timedelta(minutes=3)).isoformat()
    lent = ok(post(api, "/v1/keys/loans", CUSTODIAN, helper), 201)
    assert (lent["borrower_kind"], lent["collector_relation"]) == ("owner_collector", "helper")
    plant = register(api, kind="plant_room", unit="B2 pump room")
    due = (now + timedelta(hours=2)).isoformat()
    refused = post(api, "/v1/keys/loans", CUSTODIAN, staff_loan(plant["id"], "customer_service", due_at=due))
    assert refused.status_code == 403 and refused.json()["rule"] == "KEY-13", refused.text
    special = staff_loan(
        plant["id"],
        "customer_service",
        due_at=due,
        special_case_reason="water alarm in the pump room",
        special_case_approver="mgr-1",
    )
    ok(post(api, "/v1/keys/loans", CUSTODIAN, special), 201)
    assert post(api, "/v1/keys/loans", AGENT, staff_loan(plant["id"])).status_code == 403
