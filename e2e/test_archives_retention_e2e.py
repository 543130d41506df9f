"""Retention through the gateway on the platform's test clock (ARC-04, ARC-11, ARC-13): a file
is not sealed before its sealing day and is listed as due and sealed into its bag once the
clock has moved onto it; a work order destroyed one day before its two years end is refused
and, a day later, goes through hold, proposal, approval (never by the proposer) and a
witnessed execution whose record names it; a confidential file is refused anything but
shredding at the proposal; a complaint file is kept its full year.

Runs on a platform of its own (PostgreSQL, test clock on). Time there only moves forward, so
every date is measured from the archives' clock as the test finds it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from gateway.auth import mint_dev_token

from .conftest import TEST_CLOCK_ENV, PlatformClock, auth, ok, pg_platform, post

pytestmark = pytest.mark.e2e
SH = ZoneInfo("Asia/Shanghai")
SRE = mint_dev_token("sre-1", "hq", ["sre"], 1)
ARCHIVIST = mint_dev_token("ar-1", "b1", ["archivist"], 1)
MANAGER = mint_dev_token("mg-1", "b1", ["manager"], 3)
LEGAL = mint_dev_token("lg-1", "b1", ["legal"], 2)
LEAD = mint_dev_token("tl-1", "b1", ["team_lead"], 2)


@pytest.fixture(scope="module")
def archives_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    env = {**TEST_CLOCK_ENV, "CS_ARCHIVES_TIMERS_MAX_IDLE_SECONDS": "0.2"}
    yield from pg_platform(tmp_path_factory, "archives_retention", env)


@pytest.fixture
def api(archives_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(archives_platform.gateway_url), timeout=20.0) as c:
        yield c


def archives_today(api: httpx.Client) -> date:
    return PlatformClock(api).now("archives").astimezone(SH).date()


def next_day(api: httpx.Client) -> None:
    """The archives' clock onto the next local day (at least one day on)."""
    PlatformClock(api).advance(timedelta(days=1, minutes=1))


def years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years) if not (day.month == 2 and day.day == 29) else day.replace(day=28)


def file(api: httpx.Client, category: str, document_date: date, confidentiality: str = "internal") -> dict[str, Any]:
    body = {
        "title": f"{category} filed {document_date.isoformat()}",
        "category": category,
        "confidentiality": confidentiality,
        "department": "customer_service",
        "handed_over_by": "clerk-1",
        "document_date": document_date.isoformat(),
        "original": True,
    }
    return ok(post(api, "/v1/archives/records", ARCHIVIST, body), 201)


def propose(api: httpx.Client, record_ids: list[str], method: str = "pulping") -> httpx.Response:
    body = {"method": method, "reason": "past retention", "record_ids": record_ids}
    return post(api, "/v1/archives/destructions", ARCHIVIST, body)


def test_ARC_04_a_file_is_listed_and_sealed_into_its_bag_from_its_sealing_day(api: httpx.Client) -> None:
    tomorrow = archives_today(api) + timedelta(days=1)
    record = file(api, "quality_record", years_before(tomorrow, 1))
    assert record["seal_due"] == tomorrow.isoformat()
    due = ok(api.get("/v1/archives/sealing-due", headers=auth(ARCHIVIST)))
    assert record["id"] not in [r["id"] for r in due["items"]]
    early = post(api, "/v1/archives/sealings", ARCHIVIST, {"bag_number": "BAG-1", "record_ids": [record["id"]]})
    assert early.status_code == 409 and "ARC-04" in early.text, early.text
    next_day(api)
    due = ok(api.get("/v1/archives/sealing-due", params={"page_size": 100}, headers=auth(ARCHIVIST)))
    assert record["id"] in [r["id"] for r in due["items"]]
    assert (
        post(api, "/v1/archives/sealings", LEAD, {"bag_number": "BAG-1", "record_ids": [record["id"]]}).status_code
        == 403
    )
    sealing = ok(
        post(api, "/v1/archives/sealings", ARCHIVIST, {"bag_number": "BAG-1", "record_ids": [record["id"]]}), 201
    )
    assert sealing["record_ids"] == [record["id"]] and sealing["sealed_by"] == "ar-1"
    sealed = ok(api.get(f"/v1/archives/records/{record['id']}", headers=auth(ARCHIVIST)))
    assert sealed["bag_number"] == "BAG-1"
    due = ok(api.get("/v1/archives/sealing-due", params={"page_size": 100}, headers=auth(ARCHIVIST)))
    assert record["id"] not in [r["id"] for r in due["items"]]


def test_ARC_11_destruction_one_day_early_is_refused_then_held_proposed_approved_and_witnessed(
    api: httpx.Client,
) -> None:
    tomorrow = archives_today(api) + timedelta(days=1)
    order = file(api, "work_order", years_before(tomorrow, 2))  # ARC-04: work orders 2 years
    assert order["retain_until"] == tomorrow.isoformat()
    early = propose(api, [order["id"]])
    assert early.status_code == 409 and "under_retention" in early.text and "ARC-11" in early.text, early.text
    next_day(api)
    hold = ok(post(api, "/v1/archives/holds", LEGAL, {"reason": "owner dispute", "record_ids": [order["id"]]}), 201)
    assert hold["placed_as"] == "legal"
    held = propose(api, [order["id"]])
    assert held.status_code == 409 and "on_hold" in held.text, held.text
    ok(post(api, f"/v1/archives/holds/{hold['id']}/release", MANAGER, {"note": "settled"}))
    proposal = ok(propose(api, [order["id"]]), 201)
    assert proposal["state"] == "proposed"
    path = f"/v1/archives/destructions/{proposal['id']}"
    assert post(api, f"{path}/approve", LEAD, {}).status_code == 403  # below manager
    assert post(api, f"{path}/execute", ARCHIVIST, {"witnesses": ["clerk-2"]}).status_code == 409  # not approved
    approved = ok(post(api, f"{path}/approve", MANAGER, {"note": "checked the list"}))
    assert (approved["state"], approved["approved_by"]) == ("approved", "mg-1")
    alone = post(api, f"{path}/execute", ARCHIVIST, {"witnesses": ["ar-1"]})
    assert alone.status_code == 422, alone.text
    done = ok(post(api, f"{path}/execute", ARCHIVIST, {"witnesses": ["clerk-2"]}))
    assert (done["state"], done["destroyed_by"], done["witnesses"]) == ("executed", "ar-1", ["clerk-2"])
    assert [line["record_id"] for line in done["destroyed"]] == [order["id"]]
    gone = ok(api.get(f"/v1/archives/records/{order['id']}", headers=auth(ARCHIVIST)))
    assert (gone["state"], gone["destruction_method"]) == ("destroyed", "pulping")
    history = ok(api.get(f"/v1/archives/records/{order['id']}/history", headers=auth(ARCHIVIST)))["items"]
    assert [e["event_type"] for e in history][-3:] == ["RecordHeld", "RecordReleased", "RecordDestroyed"]
    assert history[-1]["details"]["ref"] == proposal["id"]
    steps = ok(api.get(f"{path}/history", headers=auth(MANAGER)))["items"]
    assert [e["event_type"] for e in steps] == ["DestructionProposed", "DestructionApproved", "DestructionExecuted"]


def test_ARC_11_a_confidential_file_is_refused_anything_but_shredding(api: httpx.Client) -> None:
    secret = file(api, "contract", years_before(archives_today(api), 11), confidentiality="confidential")
    refused = propose(api, [secret["id"]], method="pulping")
    assert refused.status_code == 409 and "shredding_required" in refused.text, refused.text
    assert ok(propose(api, [secret["id"]], method="shredding"), 201)["method"] == "shredding"


def test_ARC_13_a_complaint_file_is_kept_its_full_year(api: httpx.Client) -> None:
    tomorrow = archives_today(api) + timedelta(days=1)
    complaint = file(api, "complaint_record", years_before(tomorrow, 1))
    assert complaint["retention_years"] == 1
    early = propose(api, [complaint["id"]], method="shredding")
    assert early.status_code == 409 and "ARC-13" in early.text, early.text
    next_day(api)
    assert ok(propose(api, [complaint["id"]], method="shredding"), 201)["state"] == "proposed"
