"""Branch calendars, named shifts and attendance cards through the gateway (issue 11): HR
overrides a date and the month shows it as the branch's; a supervisor rosters a named night
shift ending at midnight; HR replaces a lost card and clears a departing employee whose card
did not come back, and finance's events are on "cs.attendance.v1" keyed by the employee
(PLT-05, ATT-13)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from cskit.messaging.envelope import decode

from .conftest import Token, auth, ok, post, topic_envelopes

pytestmark = pytest.mark.e2e
TOPIC = "cs.attendance.v1"


def put(client: httpx.Client, path: str, token: str, body: dict[str, Any]) -> httpx.Response:
    return client.put(path, json=body, headers=auth(token, **{"Idempotency-Key": uuid.uuid4().hex}))


def test_plt_05_hr_overrides_a_date_and_the_month_lists_it_as_the_branchs(client: httpx.Client, token: Token) -> None:
    hr = token("hr", "b7", sub="hr-cal")
    override = ok(put(client, "/v1/attendance/calendar/days/2026-02-28", hr, {"kind": "holiday", "note": "停电"}))
    assert (override["branch_id"], override["kind"], override["cleared"]) == ("b7", "holiday", False)
    month = ok(client.get("/v1/attendance/calendar/2026", params={"month": 2}, headers=auth(hr)))
    days = {d["day"]: d for d in month["days"]}
    assert (month["announced"], len(days)) == (True, 28)
    assert (days["2026-02-28"]["status"], days["2026-02-28"]["source"], days["2026-02-28"]["note"]) == (
        "holiday",
        "override",
        "停电",
    )
    assert (days["2026-02-14"]["status"], days["2026-02-14"]["working"], days["2026-02-14"]["source"]) == (
        "makeup",
        True,
        "official",
    )
    assert days["2026-02-17"]["status"] == "statutory"
    cleared = client.delete(
        "/v1/attendance/calendar/days/2026-02-28", headers=auth(hr, **{"Idempotency-Key": uuid.uuid4().hex})
    )
    assert ok(cleared)["cleared"] is True
    again = ok(client.get("/v1/attendance/calendar/2026", params={"month": 2}, headers=auth(hr)))
    assert next(d for d in again["days"] if d["day"] == "2026-02-28")["status"] == "makeup"
    agent = token("agent", "b7", sub="agent-cal")
    refused = put(client, "/v1/attendance/calendar/days/2026-03-02", agent, {"kind": "holiday"})
    assert refused.status_code == 403, refused.text
    bad = put(client, "/v1/attendance/calendar/days/2026-03-02", hr, {"kind": "vacation"})
    assert bad.status_code in (400, 422), bad.text


def test_a_roster_day_names_the_branchs_late_shift_ending_at_midnight(client: httpx.Client, token: Token) -> None:
    lead = token("team_lead", "b7", sub="lead-shift")
    shift = ok(put(client, "/v1/attendance/shifts/晚班", lead, {"start": "16:00", "end": "24:00"}))
    assert (shift["name"], shift["start"], shift["end"]) == ("晚班", "16:00", "00:00")
    employee = f"emp-{uuid.uuid4().hex[:8]}"
    day = ok(put(client, f"/v1/attendance/employees/{employee}/roster/2026-11-02", lead, {"shift_name": "晚班"}))
    assert (day["shift_start"], day["shift_end"]) == ("16:00", "00:00")
    listed = ok(client.get("/v1/attendance/shifts", headers=auth(lead)))
    assert "晚班" in [s["name"] for s in listed["shifts"]]


def test_att_13_a_lost_card_and_an_unreturned_one_reach_finance(
    client: httpx.Client, token: Token, platform: Any
) -> None:
    from cs.attendance.v1 import cards_events_pb2

    hr = token("hr", "b7", sub="hr-cards")
    employee = f"emp-{uuid.uuid4().hex[:8]}"
    base = f"/v1/attendance/employees/{employee}/card"
    ok(put(client, base, hr, {"card_number": "K-1"}))
    replaced = ok(post(client, f"{base}/replacement", hr, {"card_number": "K-2", "reason": "lost"}))
    assert (replaced["card_number"], replaced["replacements"]) == ("K-2", 1)
    cleared = ok(post(client, f"{base}/clearance", hr, {"returned": False}))
    assert cleared["status"] == "deducted"
    lead = token("team_lead", "b7", sub="lead-cards")
    assert client.get(base, headers=auth(lead)).status_code == 403
    envelopes = topic_envelopes(platform.bootstrap, TOPIC, lambda e: e.subject == employee, expected=3)
    assert [e.type.rsplit(".", 1)[-1] for e in envelopes] == ["CardIssued", "CardFeeCharged", "CardDeductionRaised"]
    fee = decode(envelopes[1], cards_events_pb2.CardFeeCharged)
    assert (fee.card_number, fee.replaced_card_number, fee.amount.units, fee.amount.currency_code) == (
        "K-2",
        "K-1",
        20,
        "CNY",
    )
