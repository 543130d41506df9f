"""Archives loans through the gateway on the platform's test clock (ARC-05 ... ARC-08): a
document archive is read in place, never lent; a contract is lent after approval once the
archivist and the borrower have both confirmed the joint count; the clock moved past its due
time shows it overdue and chased, again an hour later; a short count at return is refused
until the damage is reported; the return closes when both confirm, and a manager decides the
responsibility. The record's own history shows the loan and the return.

Runs on a platform of its own (PostgreSQL, test clock on). Time there only moves forward, so
every instant is measured from the clock as the test finds it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from gateway.auth import mint_dev_token

from .conftest import TEST_CLOCK_ENV, PlatformClock, auth, ok, pg_platform, post

pytestmark = pytest.mark.e2e
SRE = mint_dev_token("sre-1", "hq", ["sre"], 1)
ARCHIVIST = mint_dev_token("ar-1", "b1", ["archivist"], 1)
AGENT = mint_dev_token("ag-1", "b1", ["agent"], 1)
LEAD = mint_dev_token("tl-1", "b1", ["team_lead"], 2)
MANAGER = mint_dev_token("mg-1", "b1", ["manager"], 3)


@pytest.fixture(scope="module")
def archives_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    env = {**TEST_CLOCK_ENV, "CS_ARCHIVES_TIMERS_MAX_IDLE_SECONDS": "0.2", "CS_ARCHIVES_LOAN_CHASE_EVERY_HOURS": "1"}
    yield from pg_platform(tmp_path_factory, "archives_loans", env)


@pytest.fixture
def api(archives_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(archives_platform.gateway_url), timeout=20.0) as c:
        yield c


def file_record(api: httpx.Client, category: str) -> dict[str, Any]:
    body = {
        "title": f"{category} of unit 3-1-1201",
        "category": category,
        "confidentiality": "internal",
        "medium": "paper",
        "department": "customer_service",
        "handed_over_by": "clerk-1",
        "document_date": "2025-03-01",
        "original": True,
    }
    return ok(post(api, "/v1/archives/records", ARCHIVIST, body), 201)


def until(api: httpx.Client, path: str, done: Any, seconds: float = 15.0) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        body = ok(api.get(path, headers=auth(ARCHIVIST)))
        if done(body) or time.monotonic() > deadline:
            return body
        time.sleep(0.2)


def test_arc_05_a_document_archive_is_read_in_place_never_lent(api: httpx.Client) -> None:
    document = file_record(api, "company_document")
    due = (PlatformClock(api).now("archives") + timedelta(days=2)).isoformat()
    refused = post(
        api,
        "/v1/archives/loans",
        AGENT,
        {"record_id": document["id"], "kind": "lend", "purpose": "read", "due_at": due},
    )
    assert refused.status_code == 409, refused.text
    assert (refused.json()["rule"], refused.json()["code"]) == ("ARC-05", "document_read_in_place")
    loan = ok(
        post(
            api, "/v1/archives/loans", AGENT, {"record_id": document["id"], "kind": "read_in_place", "purpose": "read"}
        ),
        201,
    )
    assert (loan["state"], loan["borrower"], loan["kind"]) == ("requested", "ag-1", "read_in_place")
    self_approval = post(api, f"/v1/archives/loans/{loan['id']}/approve", AGENT, {})
    assert self_approval.status_code == 403, self_approval.text  # not an approver (archives.approve)


def test_arc_06_arc_07_arc_08_a_lent_file_counted_by_both_chased_when_overdue_and_returned_with_a_report(
    api: httpx.Client,
) -> None:
    contract = file_record(api, "contract")
    due = PlatformClock(api).now("archives") + timedelta(days=2)
    loan = ok(post(api, "/v1/archives/loans", AGENT, {"record_id": contract["id"], "kind": "lend", "purpose": "check the terms", "due_at": due.isoformat()}), 201)  # fmt: skip
    path = f"/v1/archives/loans/{loan['id']}"
    ok(post(api, f"{path}/approve", LEAD, {"note": "ok"}))

    # ARC-06: the archivist counts, the borrower confirms; only then is the record out.
    counted = ok(post(api, f"{path}/lend", ARCHIVIST, {"items": 1, "pages": 12}))
    assert counted["state"] == "counted_out"
    record_path = f"/v1/archives/records/{contract['id']}"
    assert ok(api.get(record_path, headers=auth(AGENT)))["state"] == "on_shelf"
    not_me = post(api, f"{path}/confirm", LEAD, {"items": 1, "pages": 12})
    assert not_me.status_code == 403, not_me.text
    disagreed = post(api, f"{path}/confirm", AGENT, {"items": 1, "pages": 11})
    assert disagreed.status_code == 409 and disagreed.json()["code"] == "count_not_agreed"
    out = ok(post(api, f"{path}/confirm", AGENT, {"items": 1, "pages": 12}))
    assert out["state"] == "out"
    rec = ok(api.get(record_path, headers=auth(AGENT)))
    assert (rec["state"], rec["borrower"], rec["ref"]) == ("lent", "ag-1", loan["id"])

    # ARC-07: past its due time the loan is chased, and again an hour later.
    PlatformClock(api).advance(
        datetime.fromisoformat(out["due_at"]) - PlatformClock(api).now("archives") + timedelta(minutes=2)
    )
    overdue = until(api, path, lambda b: b["chases"] >= 1)
    assert (overdue["overdue"], overdue["chases"]) == (True, 1)
    listed = ok(api.get("/v1/archives/loans", params={"overdue": "true"}, headers=auth(ARCHIVIST)))["items"]
    assert [x["id"] for x in listed] == [loan["id"]]
    PlatformClock(api).advance(timedelta(minutes=61))
    assert until(api, path, lambda b: b["chases"] >= 2)["chases"] == 2

    # ARC-06, ARC-08: two pages short - refused until the damage is reported in writing.
    short = post(api, f"{path}/return", ARCHIVIST, {"items": 1, "pages": 10, "condition": "damaged"})
    assert short.status_code == 409, short.text
    assert (short.json()["rule"], short.json()["code"]) == ("ARC-06", "count_mismatch")
    reported = ok(post(api, f"{path}/incidents", AGENT, {"incident": "damaged", "description": "two pages torn out by accident"}))  # fmt: skip
    assert reported["open_reports"] == 1 and reported["reports"][0]["reported_by"] == "ag-1"
    assert ok(api.get(record_path, headers=auth(AGENT)))["condition"] == "damaged"
    ok(post(api, f"{path}/return", ARCHIVIST, {"items": 1, "pages": 10, "condition": "damaged"}))
    returned = ok(post(api, f"{path}/confirm", AGENT, {"items": 1, "pages": 10}))
    assert returned["state"] == "returned"
    rec = ok(api.get(record_path, headers=auth(AGENT)))
    assert (rec["state"], rec["borrower"]) == ("on_shelf", None)

    # ARC-08: the responsibility is pursued - the report stays open until a manager decides.
    decided = ok(post(api, f"{path}/incidents/decide", MANAGER, {"report_no": 1, "decision": "repair at the borrower's cost", "responsible": "ag-1"}))  # fmt: skip
    assert decided["open_reports"] == 0 and decided["reports"][0]["responsible"] == "ag-1"

    history = ok(api.get(f"{path}/history", headers=auth(ARCHIVIST)))["items"]
    assert [h["event_type"].rsplit(".", 1)[-1] for h in history] == [
        "LoanRequested", "LoanApproved", "LoanCounted", "LoanLent", "LoanOverdue", "LoanOverdue",
        "IncidentReported", "LoanCounted", "LoanReturned", "ResponsibilityDecided",
    ]  # fmt: skip
    record_history = ok(api.get(f"{record_path}/history", headers=auth(ARCHIVIST)))["items"]
    kinds = [h["event_type"].rsplit(".", 1)[-1] for h in record_history]
    assert kinds[-3:] == ["RecordLent", "RecordConditionNoted", "RecordReturned"]
