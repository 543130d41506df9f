"""Archive records through the gateway (ARC-01, ARC-02, ARC-05, ARC-12): the archivist files
an original with its handover record; staff read within their clearance (a confidential
record is a 404 to an agent, titles included); another branch sees nothing; bad input is a
problem+json naming the field and changes nothing; the history is the file's register."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import Token, auth, ok, post

pytestmark = pytest.mark.e2e


def body(**changes: Any) -> dict[str, Any]:
    return {
        "title": "2026 年消防演练记录",
        "category": "safety_record",
        "department": "security",
        "handed_over_by": "guard-7",
        "document_date": "2026-10-08",
        "original": True,
        **changes,
    }


def test_arc_01_arc_02_the_archivist_files_an_original_with_its_handover_record(
    client: httpx.Client, token: Token
) -> None:
    archivist, agent = token("archivist", "b1"), token("agent", "b1")
    created = post(client, "/v1/archives/records", archivist, body())
    record = ok(created, 201)
    assert created.headers["location"].endswith(f"/v1/archives/records/{record['id']}")
    assert (record["state"], record["custodian"], record["handed_over_by"], record["received_by"]) == (
        "on_shelf",
        "security",
        "guard-7",
        "archivist-b1",
    )
    assert (record["retain_until"], record["seal_due"], record["confidentiality"]) == (
        "2036-10-08",
        "2027-10-08",
        "internal",
    )
    # ARC-01: only originals; ARC-02: a handover record; only the archivist files.
    copy = post(client, "/v1/archives/records", archivist, body(original=False))
    assert copy.status_code == 422 and copy.json()["rule"] == "ARC-01", copy.text
    assert post(client, "/v1/archives/records", agent, body()).status_code == 403
    external = post(client, "/v1/archives/records", archivist, body(category="contract", external=True))
    assert external.status_code == 422 and external.json()["rule"] == "ARC-02", external.text

    seen = ok(client.get(f"/v1/archives/records/{record['id']}", headers=auth(agent)))
    assert seen["title"] == "2026 年消防演练记录"
    history = ok(client.get(f"/v1/archives/records/{record['id']}/history", headers=auth(agent)))["items"]
    assert [(h["event_type"], h["actor"]) for h in history] == [("RecordFiled", "archivist-b1")]


def test_arc_05_a_confidential_record_is_invisible_below_its_level(client: httpx.Client, token: Token) -> None:
    archivist, agent, manager = token("archivist", "b1"), token("agent", "b1"), token("manager", "b1")
    secret = ok(
        post(client, "/v1/archives/records", archivist, body(title="机密: 董事会和解", confidentiality="confidential")),
        201,
    )
    assert client.get(f"/v1/archives/records/{secret['id']}", headers=auth(agent)).status_code == 404
    listed = ok(client.get("/v1/archives/records", params={"page_size": 100}, headers=auth(agent)))["items"]
    assert secret["id"] not in {r["id"] for r in listed}
    assert all(r["confidentiality"] in ("public", "internal") for r in listed)
    assert ok(client.get(f"/v1/archives/records/{secret['id']}", headers=auth(manager)))["title"] == "机密: 董事会和解"


def test_plt_01_another_branch_sees_nothing_and_bad_input_changes_nothing(client: httpx.Client, token: Token) -> None:
    archivist = token("archivist", "b1")
    record = ok(post(client, "/v1/archives/records", archivist, body()), 201)
    other = token("archivist", "b2")
    assert client.get(f"/v1/archives/records/{record['id']}", headers=auth(other)).status_code == 404
    assert (
        post(
            client, f"/v1/archives/records/{record['id']}/transfer", other, {"department": "x", "handed_over_by": "y"}
        ).status_code
        == 404
    )
    for bad in (body(document_date="2026-13-40"), body(category="receipts"), body(title="")):
        answer = post(client, "/v1/archives/records", archivist, bad)
        assert answer.status_code in (400, 422), answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
    history = ok(client.get(f"/v1/archives/records/{record['id']}/history", headers=auth(archivist)))["items"]
    assert len(history) == 1
    moved = ok(
        post(
            client,
            f"/v1/archives/records/{record['id']}/transfer",
            archivist,
            {"department": "legal", "handed_over_by": "guard-7"},
        )
    )
    assert (moved["department"], moved["custodian"]) == ("legal", "legal")
