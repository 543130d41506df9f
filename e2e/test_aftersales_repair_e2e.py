"""A repair from the resident's call to the archives, through the gateway (issue 14, "done
when"): the front desk opens the order, the engineer accepts and leaves, borrows the unit's
repair key through the keys service (aftersales' own caller identity, on its timer), diagnoses
the job out of warranty and quotes it from the price list, the resident accepts, the key goes
back, the resident signs; then finance's charge, the archives' filing request and the return
visit follow by themselves, and the finance and archive events are on the broker, once.

On a platform of its own with the test clock, set to a working morning first: keys lends a
repair key only before the end of the shift (KEY-04), whatever the machine's time of day."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from cs.aftersales.v1 import charges_events_pb2
from cs.filing.v1 import filing_pb2
from cskit.messaging.envelope import decode

from .conftest import TEST_CLOCK_ENV, PlatformClock, Token, auth, of_record, ok, pg_platform, post, topic_envelopes

pytestmark = pytest.mark.e2e
ORDERS = "/v1/aftersales/work-orders"
FAST_TIMERS = {f"CS_{s}_TIMERS_MAX_IDLE_SECONDS": "0.2" for s in ("AFTERSALES", "KEYS", "ARCHIVES")}


@pytest.fixture(scope="module")
def repair_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from pg_platform(tmp_path_factory, "repair", {**TEST_CLOCK_ENV, **FAST_TIMERS})


@pytest.fixture
def client(repair_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(repair_platform.gateway_url), timeout=20.0) as c:
        yield c


def until(
    client: httpx.Client, path: str, token: str, done: Callable[[dict[str, Any]], bool], **params: Any
) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        response = client.get(path, params=params, headers=auth(token))
        body: dict[str, Any] = response.json()
        if response.status_code == 200 and done(body):
            return body
        assert time.monotonic() < deadline, f"{path}: {body}"
        time.sleep(0.2)


def test_afs_01_to_afs_06_a_repair_from_the_call_through_the_key_charge_visit_and_filing(
    client: httpx.Client, token: Token, repair_platform: Any
) -> None:
    clock = PlatformClock(client)
    clock.morning("keys")
    desk, engineer, finance = token("agent", "b1"), token("engineer", "b1"), token("finance", "b1")
    custodian, archivist = token("key_custodian", "b1"), token("archivist", "b1")
    code = f"R-{uuid.uuid4().hex[:6]}"
    key_set = ok(
        post(
            client, "/v1/keys/key-sets", custodian,
            {"code": code, "unit": "3-2-401", "kind": "repair", "key_count": 2, "cabinet": "C1",
             "hook": f"H-{code}", "custodian": "key_custodian-b1"},
        ),
        201,
    )  # fmt: skip
    item = ok(
        post(client, "/v1/aftersales/price-list", finance,
             {"code": f"PLB-{uuid.uuid4().hex[:5]}", "name": "更换阀芯", "unit_price": "80.00", "unit": "piece"}),
        201,
    )  # fmt: skip

    # AFS-01, AFS-02: the resident's call, dispatch, departure.
    order = ok(
        post(client, ORDERS, desk, {
            "kind": "home_repair", "origin": "resident_call", "requester_name": "王芳",
            "requester_phone": "13812345678", "unit": "3-2-401", "fault": "卫生间阀门漏水", "warranty": "undecided",
        }),
        201,
    )  # fmt: skip
    oid = order["id"]
    ok(post(client, f"{ORDERS}/{oid}/acknowledge", desk, {"note": "已电话确认"}))
    ok(post(client, f"{ORDERS}/{oid}/assign", desk, {"engineer": "engineer-b1", "basis": "on_duty"}))
    ok(post(client, f"{ORDERS}/{oid}/accept", engineer))
    ok(post(client, f"{ORDERS}/{oid}/depart", engineer, {"tools_and_parts": "扳手, 阀芯"}))

    # The repair key, borrowed through the keys service on aftersales' timer.
    asked = ok(post(client, f"{ORDERS}/{oid}/key", engineer, {"key_set_id": key_set["id"]}))
    assert asked["key_loan"] == "requested"
    lent = until(client, f"{ORDERS}/{oid}", engineer, lambda o: o["key_loan"] != "requested")
    assert lent["key_loan"] == "lent", lent
    assert ok(client.get(f"/v1/keys/key-sets/{key_set['id']}", headers=auth(custodian)))["state"] == "lent"

    # AFS-11, AFS-09, AFS-05: diagnosed out of warranty, quoted from the price list, accepted.
    ok(post(client, f"{ORDERS}/{oid}/warranty", engineer, {"warranty": "out_of_warranty", "diagnosis": "阀芯老化"}))
    quote = ok(
        post(client, f"{ORDERS}/{oid}/quotes", engineer, {"lines": [{"code": item["code"], "quantity": "1"}]}), 201
    )
    accepted_at = clock.now("aftersales").isoformat()
    ok(post(client, f"/v1/aftersales/quotes/{quote['id']}/accept", engineer,
            {"customer": "王芳", "channel": "in_person", "accepted_at": accepted_at}))  # fmt: skip
    ok(post(client, f"{ORDERS}/{oid}/start", engineer))

    # AFS-03: not signed while the key is out; back through keys, then the adult signs.
    sign = {"signer_name": "王芳", "signer_department": "household", "signer_age": 35}
    out = post(client, f"{ORDERS}/{oid}/sign-off", engineer, sign)
    assert out.status_code == 409 and out.json()["code"] == "key_out", out.text
    ok(post(client, f"{ORDERS}/{oid}/key/return", engineer, {"key_count": 2, "key_set_code": code}))
    back = until(client, f"{ORDERS}/{oid}", engineer, lambda o: o["key_loan"] != "returning")
    assert back["key_loan"] == "returned", back
    done = ok(post(client, f"{ORDERS}/{oid}/sign-off", engineer, sign))
    assert done["state"] == "completed"

    # AFS-06: the return visit, due within 2 working days.
    visit = until(client, f"/v1/aftersales/return-visits/{oid}", desk, lambda v: bool(v.get("due_at")))
    assert visit["order_id"] == oid

    # AFS-05: finance's charge; AFS-04: the filing request, each once, on the broker.
    # The charge is published after the sign-off's timer fires: read until it is there (or 30 s).
    deadline = time.monotonic() + 30
    while True:
        events = topic_envelopes(repair_platform.bootstrap, "cs.aftersales.v1", of_record(oid), expected=100, timeout=2)
        charges = [e for e in events if e.type == "cs.aftersales.v1.ChargeRaised"]
        if charges or time.monotonic() > deadline:
            break
    assert len(charges) == 1, [e.type for e in events]
    charge = decode(charges[0], charges_events_pb2.ChargeRaised)
    assert (charge.order_id, charge.quote_id, charge.total, charge.branch_id) == (oid, quote["id"], "80.00", "b1")
    filings = topic_envelopes(repair_platform.bootstrap, "cs.filing.v1", of_record(oid), expected=1, timeout=30)
    assert len(filings) == 1
    filing = decode(filings[0], filing_pb2.FilingRequested)
    assert (filing.source_service, filing.category, filing.retention_years) == (
        "aftersales", filing_pb2.CATEGORY_WORK_ORDER, 2,
    )  # fmt: skip

    # The archives file the work order by themselves (AFS-04: 2 years).
    filed = until(
        client, "/v1/archives/records", archivist, lambda r: bool(r["items"]),
        source_service="aftersales", source_record_id=oid,
    )["items"]  # fmt: skip
    assert len(filed) == 1 and (filed[0]["category"], filed[0]["retention_years"]) == ("work_order", 2)
