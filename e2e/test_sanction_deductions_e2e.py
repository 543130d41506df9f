"""CMP-16 through the gateway on the running platform: two published minor demerits become
deductions of the month they were published in, shown apart from CMP-11's capped penalty
in the month's settlement, in the ledger read and in HR's DeductionSettled."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from cs.complaints.v1 import penalties_pb2
from cskit.messaging.envelope import decode
from cskit.protomap import money_amount

from .conftest import Token, auth, of_record, post, topic_envelopes
from .test_penalties_e2e import TOPIC, accepted_case

pytestmark = pytest.mark.e2e
BRANCH_ZONE = ZoneInfo("Asia/Shanghai")  # the default branch policy's zone (PLT-05)


def test_cmp_16_published_sanctions_are_deducted_beside_the_capped_penalty(
    client: httpx.Client, token: Token, platform: Any
) -> None:
    cid = accepted_case(client, token)
    admin, hr = token("admin", "b1"), token("hr", "b1")
    gm = token("general_manager", "hq", sub="gm-hq", grade=9)
    person = f"emp-{uuid.uuid4().hex[:8]}"
    r = post(client, f"/v1/complaints/{cid}/responsibility", admin, {"person_id": person, "reason": "rude"})
    assert r.status_code == 200, r.text

    published: list[tuple[str, str]] = []
    for _ in range(2):
        r = post(
            client, f"/v1/complaints/{cid}/sanctions", admin,
            {"person_id": person, "kind": "minor_demerit", "reason": "rude to the owner"},
        )  # fmt: skip
        assert r.status_code == 201, r.text
        sid = r.json()["id"]
        assert post(client, f"/v1/sanctions/{sid}/approve", gm).status_code == 200
        done = post(client, f"/v1/sanctions/{sid}/publish", admin)
        assert done.status_code == 200, done.text
        published.append((sid, done.json()["published_at"]))
    # The month they count in: publication on the platform's clock, in the branch's zone.
    month = datetime.fromisoformat(published[0][1]).astimezone(BRANCH_ZONE).strftime("%Y-%m")
    assert datetime.fromisoformat(published[1][1]).astimezone(BRANCH_ZONE).strftime("%Y-%m") == month

    r = post(client, f"/v1/complaints/{cid}/penalties", admin, {"amount": "700.00", "month": month})
    assert r.status_code == 201, r.text
    assert (
        post(client, "/v1/bonuses", hr, {"person_id": person, "month": month, "amount": "1000.00"}).status_code == 200
    )
    pending = client.get(f"/v1/people/{person}/ledger", params={"month": month}, headers=auth(hr)).json()
    [open_month] = pending["months"]
    assert [(d["sanction_id"], d["amount"]) for d in open_month["sanction_deductions"]] == [
        (sid, None) for sid, _ in published
    ]
    assert open_month["sanction_deducted"] is None

    settled = post(client, "/v1/ledger/settlements", hr, {"month": month, "person_id": person})
    assert settled.status_code == 200, settled.text
    [m] = settled.json()["items"]
    # CMP-11: 700 against a cap of 500, 200 carried; CMP-16: 30 % twice on top, uncapped.
    assert (m["cap"], m["deducted"], m["carried_over"]) == ("500.00", "500.00", "200.00")
    assert [(d["kind"], d["percent"], d["amount"]) for d in m["sanction_deductions"]] == [
        ("minor_demerit", "30", "300.00"),
        ("minor_demerit", "30", "300.00"),
    ]
    assert (m["sanction_deducted"], m["total_deducted"]) == ("600.00", "1100.00")

    view = client.get(f"/v1/people/{person}/ledger", params={"month": month}, headers=auth(hr)).json()
    assert view["months"] == [m]

    got = topic_envelopes(platform.bootstrap, TOPIC, of_record(person), expected=3)
    [event] = [decode(e, penalties_pb2.DeductionSettled) for e in got if e.type.endswith(".DeductionSettled")]
    assert [d.sanction_id for d in event.sanction_deductions] == [sid for sid, _ in published]
    assert money_amount(event.sanction_deducted.units, event.sanction_deducted.nanos) == Decimal(600)
    assert money_amount(event.total_deducted.units, event.total_deducted.nanos) == Decimal(1100)
