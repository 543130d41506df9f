"""Key incidents through the gateway (KEY-09, KEY-10, KEY-11, KEY-15, KEY-16): a lost repair
key reported, asked about by the lead, approved by the manager, agreed by the owner, the unit
protected and the lock changed with its cost for finance, all the same day; the
hazardous-materials cabinet key issued in person and returned with the unused stock; a loss
left unresolved raising LossResolutionOverdue when the platform's test clock passes the end
of its local day; copies, lock changes and an office opening in their order.

Runs on a platform of its own (PostgreSQL, test clock on). Time there only moves forward,
so every time is measured from the clock as the test finds it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from cs.keys.v1 import incidents_events_pb2 as events_pb
from cskit.messaging.envelope import decode
from cskit.protomap import money_of

from .conftest import TEST_CLOCK_ENV, PlatformClock, Token, auth, of_record, ok, pg_platform, post, topic_envelopes

pytestmark = pytest.mark.e2e
SH = ZoneInfo("Asia/Shanghai")
TOPIC = "cs.keys.v1"


@pytest.fixture(scope="module")
def keys_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from pg_platform(tmp_path_factory, "keysinc", TEST_CLOCK_ENV)


@pytest.fixture
def api(keys_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(keys_platform.gateway_url), timeout=20.0) as c:
        yield c


def staff(token: Token) -> dict[str, str]:
    return {
        "custodian": token("key_custodian", "b1", "kc-1"),
        "agent": token("agent", "b1", "ag-1"),
        "lead": token("team_lead", "b1", "tl-1"),
        "manager": token("manager", "b1", "mg-1"),
        "other": token("agent", "b2", "ag-2"),
        "sre": token("sre", "hq", "sre-1"),
    }


def key_set(api: httpx.Client, custodian: str, kind: str) -> dict[str, Any]:
    code = f"{kind[:2].upper()}-{uuid.uuid4().hex[:6]}"
    body = {
        "code": code,
        "unit": "3-1-1201",
        "kind": kind,
        "key_count": 2,
        "cabinet": "C1",
        "hook": f"H-{code}",
        "custodian": "kc-1",
    }
    if kind == "owner_entrusted":
        body["owner_name"] = "Owner Wang"
    return ok(post(api, "/v1/keys/key-sets", custodian, body), 201)


def wait_for(check: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_KEY_09_a_lost_repair_key_is_resolved_the_same_day_with_the_lock_change_cost(
    api: httpx.Client, token: Token, keys_platform: Any
) -> None:
    t = staff(token)
    keys = key_set(api, t["custodian"], "repair")
    loss = ok(
        post(
            api,
            "/v1/keys/losses",
            t["agent"],
            {"key_set_id": keys["id"], "damage": "lost", "circumstances": "lost on site"},
        ),
        201,
    )
    lid = loss["id"]
    assert ok(api.get(f"/v1/keys/key-sets/{keys['id']}", headers=auth(t["agent"])))["state"] == "lost"
    # The agent cannot ask the manager; the lead can; the lead cannot approve (PLT-02, a lead is no manager).
    assert post(api, f"/v1/keys/losses/{lid}/request-approval", t["agent"], {}).status_code == 403
    ok(post(api, f"/v1/keys/losses/{lid}/request-approval", t["lead"], {"note": "change the lock?"}))
    assert post(api, f"/v1/keys/losses/{lid}/approve", t["lead"], {}).status_code == 403
    ok(post(api, f"/v1/keys/losses/{lid}/approve", t["manager"], {"note": "yes"}))
    created = datetime.fromisoformat(loss["created_at"])
    early = {"contacted_at": (created - timedelta(minutes=5)).isoformat()}
    assert post(api, f"/v1/keys/losses/{lid}/owner-agreement", t["custodian"], early).status_code == 422
    ok(post(api, f"/v1/keys/losses/{lid}/owner-agreement", t["custodian"], {"contacted_at": created.isoformat()}))
    resolve = {
        "resolution": "lock_changed",
        "key_count": 3,
        "duty_log_entry": "lock changed by the locksmith; 3 new keys in the cabinet",
        "cost": "350.00",
        "currency": "CNY",
        "borne_by": "company",
    }
    unprotected = post(api, f"/v1/keys/losses/{lid}/resolve", t["lead"], resolve)
    assert unprotected.status_code == 422 and unprotected.json()["rule"] == "KEY-09"
    ok(post(api, f"/v1/keys/losses/{lid}/protection", t["custodian"], {"measure": "guard posted at the door"}))
    done = ok(post(api, f"/v1/keys/losses/{lid}/resolve", t["lead"], resolve))
    assert (done["status"], done["cost"], done["currency"], done["overdue"]) == ("resolved", "350.00", "CNY", False)
    assert done["resolved_at"] < done["due_at"]
    after = ok(api.get(f"/v1/keys/key-sets/{keys['id']}", headers=auth(t["agent"])))
    assert (after["state"], after["key_count"]) == ("in_cabinet", 3)
    history = ok(api.get(f"/v1/keys/losses/{lid}/history", headers=auth(t["agent"])))["items"]
    assert [h["event_type"] for h in history][-2:] == ["LossResolved", "LockChangeCostIncurred"]
    assert api.get(f"/v1/keys/losses/{lid}", headers=auth(t["other"])).status_code == 404
    envelopes = topic_envelopes(keys_platform.bootstrap, TOPIC, of_record(lid), expected=7)
    cost = decode(
        next(e for e in envelopes if e.type.endswith("LockChangeCostIncurred")), events_pb.LockChangeCostIncurred
    )
    assert money_of(cost.amount) == (Decimal("350"), "CNY") and cost.borne_by == "company"


def test_KEY_15_the_hazardous_key_is_issued_in_person_and_returned_with_the_stock(
    api: httpx.Client, token: Token
) -> None:
    t = staff(token)
    keys = key_set(api, t["custodian"], "hazardous")
    body = {
        "key_set_id": keys["id"],
        "recipient": "cleaner-1",
        "purpose": "lobby floor",
        "in_person": True,
        "taken": [
            {"item": "bleach", "quantity": "2", "unit": "L"},
            {"item": "degreaser", "quantity": "1", "unit": "bottle"},
        ],
    }
    assert post(api, "/v1/keys/hazardous-issues", t["agent"], body).status_code == 403
    assert post(api, "/v1/keys/hazardous-issues", t["lead"], {**body, "recipient": "tl-1"}).status_code == 403
    issue = ok(post(api, "/v1/keys/hazardous-issues", t["lead"], body), 201)
    lent = ok(api.get(f"/v1/keys/key-sets/{keys['id']}", headers=auth(t["agent"])))
    assert (lent["state"], lent["ref"], lent["borrower"]) == ("lent", issue["id"], "cleaner-1")
    too_much = {"returned": [{"item": "bleach", "quantity": "3", "unit": "L"}]}
    assert post(api, f"/v1/keys/hazardous-issues/{issue['id']}/return", t["custodian"], too_much).status_code == 422
    back = ok(
        post(
            api,
            f"/v1/keys/hazardous-issues/{issue['id']}/return",
            t["custodian"],
            {"returned": [{"item": "bleach", "quantity": "0.5", "unit": "L"}]},
        )
    )
    assert back["status"] == "returned" and back["returned"] == [{"item": "bleach", "quantity": "0.5", "unit": "L"}]
    assert ok(api.get(f"/v1/keys/key-sets/{keys['id']}", headers=auth(t["agent"])))["state"] == "in_cabinet"


def test_KEY_10_KEY_11_KEY_16_copies_lock_changes_and_an_office_opening_in_their_order(
    api: httpx.Client, token: Token
) -> None:
    t = staff(token)
    vacant = key_set(api, t["custodian"], "vacant_unit")
    copy = ok(
        post(api, "/v1/keys/copies", t["agent"], {"key_set_id": vacant["id"], "copies": 1, "reason": "viewings"}), 201
    )
    assert post(api, f"/v1/keys/copies/{copy['id']}/made", t["agent"], {}).status_code == 409
    ok(post(api, f"/v1/keys/copies/{copy['id']}/approve", t["lead"], {}))
    ok(post(api, f"/v1/keys/copies/{copy['id']}/made", t["agent"], {}))
    assert ok(api.get(f"/v1/keys/key-sets/{vacant['id']}", headers=auth(t["agent"])))["key_count"] == 3

    owner = key_set(api, t["custodian"], "owner_entrusted")
    today = PlatformClock(api).now("keys").astimezone(SH).date().isoformat()
    change = ok(post(api, "/v1/keys/lock-changes", t["agent"], {"key_set_id": owner["id"], "changed_on": today}), 201)
    assert change["status"] == "open"
    closed = ok(post(api, f"/v1/keys/lock-changes/{change['id']}/hand-in", t["custodian"], {"key_count": 1}))
    assert closed["status"] == "closed"

    opening = ok(
        post(
            api,
            "/v1/keys/office-openings",
            t["agent"],
            {
                "requester_name": "Zhang San",
                "office": "12F-1203",
                "reason": "forgot the key",
                "request_document_ref": "scan/1.pdf",
            },
        ),
        201,
    )
    oid = opening["id"]
    assert post(api, f"/v1/keys/office-openings/{oid}/perform", t["agent"], {}).status_code == 409
    confirmed = {"head_name": "Head Li", "confirmed_at": opening["created_at"]}
    ok(post(api, f"/v1/keys/office-openings/{oid}/head-confirmation", t["agent"], confirmed))
    ok(post(api, f"/v1/keys/office-openings/{oid}/consent", t["manager"], {}))
    ok(post(api, f"/v1/keys/office-openings/{oid}/perform", t["agent"], {}))
    filed = ok(post(api, f"/v1/keys/office-openings/{oid}/file", t["agent"], {"filing_ref": "ARCH-118"}))
    assert filed["status"] == "filed"


def test_KEY_09_an_unresolved_loss_is_overdue_when_the_test_clock_passes_its_local_day(
    api: httpx.Client, token: Token, keys_platform: Any
) -> None:
    t = staff(token)
    keys = key_set(api, t["custodian"], "vacant_unit")
    loss = ok(
        post(
            api, "/v1/keys/losses", t["agent"], {"key_set_id": keys["id"], "damage": "damaged", "circumstances": "bent"}
        ),
        201,
    )
    due = datetime.fromisoformat(loss["due_at"])
    now = PlatformClock(api).now("keys")
    before = int((due - now).total_seconds()) - 60
    ok(post(api, "/v1/test-clock/advance", t["sre"], {"by": f"PT{before}S"}))
    time.sleep(1.5)  # the runner had its chance: nothing is due yet
    assert ok(api.get(f"/v1/keys/losses/{loss['id']}", headers=auth(t["agent"])))["overdue"] is False
    ok(post(api, "/v1/test-clock/advance", t["sre"], {"by": "PT2M"}))
    overdue = wait_for(lambda: ok(api.get(f"/v1/keys/losses/{loss['id']}", headers=auth(t["agent"])))["overdue"])
    assert overdue is True
    envelopes = topic_envelopes(keys_platform.bootstrap, TOPIC, of_record(loss["id"]), expected=2)
    assert [e.type.rsplit(".", 1)[-1] for e in envelopes] == ["LossReported", "LossResolutionOverdue"]
