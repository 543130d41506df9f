"""The archives catalogue through the gateway (issue 13 items 1 and 9; ARC-02, ARC-03, ARC-05),
on the session platform (SQLite, as ``make up`` runs it): the archivist files records, opens a
volume and places them (archive numbers in date order); an external record is refused from
an internal volume (409, ARC-02); the general, volume and in-volume catalogues list; the
exports are CSV (BOM, Chinese headers) and printable HTML; the search finds by text and
reference, and hides a confidential title from an agent while the archivist and the manager
see it (ARC-05)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from gateway.auth import mint_dev_token

from .conftest import auth, ok, post

pytestmark = pytest.mark.e2e
RUN = uuid.uuid4().hex[:6]
ARCHIVIST = mint_dev_token("arc-1", "b1", ["archivist"], 1)
AGENT = mint_dev_token("agt-1", "b1", ["agent"], 1)
MANAGER = mint_dev_token("mgr-1", "b1", ["manager"], 3)
# Each run its own unit: the session platform's catalogue is shared with other runs.
UNIT = f"客服部-{RUN}"


def file(client: httpx.Client, title: str, **extra: Any) -> dict[str, Any]:
    body = {
        "title": title,
        "category": "company_document",
        "department": UNIT,
        "handed_over_by": "clerk-1",
        "document_date": "2026-10-08",
        "original": True,
        **extra,
    }
    return ok(post(client, "/v1/archives/records", ARCHIVIST, body), 201)


def test_arc_02_arc_03_arc_05_volumes_catalogues_exports_and_search(client: httpx.Client) -> None:
    later = file(client, f"关于物业费调整的通知 {RUN}", document_date="2026-10-08", notes="张贴于各楼栋")
    earlier = file(client, f"关于春节值班安排的通知 {RUN}", document_date="2026-02-01")
    letter = file(client, f"市住建局来函 {RUN}", external=True, counterparty="市住建局")
    secret = file(
        client,
        f"投诉赔偿协议 {RUN}",
        category="complaint_record",
        confidentiality="confidential",
        references=[{"kind": "complaint_number", "value": f"C-{RUN}"}],
        notes=f"漏水赔偿 {RUN}",
    )

    volume = ok(
        post(
            client,
            "/v1/archives/volumes",
            ARCHIVIST,
            {
                "title": f"2026年{UNIT}公司文件",
                "category": "company_document",
                "year": 2026,
                "department": UNIT,
                "shelf": "A柜-1层-01",
            },
        ),
        201,
    )
    assert volume["volume_no"].startswith("WS-2026-") and volume["item_count"] == 0
    no = volume["volume_no"]
    placed = ok(post(client, f"/v1/archives/volumes/{volume['id']}/records", ARCHIVIST, {"record_id": later["id"]}))
    assert placed["archive_no"] == f"{no}-1" and placed["volume_id"] == volume["id"]
    early = ok(post(client, f"/v1/archives/volumes/{volume['id']}/records", ARCHIVIST, {"record_id": earlier["id"]}))
    assert early["archive_no"] == f"{no}-0.1"  # older than item 1: numbered before it (date order)

    refused = post(client, f"/v1/archives/volumes/{volume['id']}/records", ARCHIVIST, {"record_id": letter["id"]})
    assert refused.status_code == 409, refused.text
    assert refused.json()["rule"] == "ARC-02"
    assert post(client, "/v1/archives/volumes", AGENT, {"title": "x"}).status_code in (403, 422)

    # The three catalogues (ARC-03).
    contracts = {
        "title": f"{UNIT}物业服务合同",
        "category": "contract",
        "year": 2026,
        "department": UNIT,
        "shelf": "B柜",
    }
    second = ok(post(client, "/v1/archives/volumes", ARCHIVIST, contracts), 201)
    assert second["volume_no"].startswith("HT-2026-")
    # The general catalogue a volume per page: the shelving order, company documents before contracts.
    listed: list[str] = []
    token = ""
    while True:
        params = {"page_size": 1, **({"page_token": token} if token else {})}
        got = ok(client.get("/v1/archives/volumes", params=params, headers=auth(AGENT)))
        listed += [v["id"] for v in got["items"]]
        if not (token := got.get("next_page_token") or ""):
            break
    assert listed.index(volume["id"]) < listed.index(second["id"]) and len(listed) == len(set(listed))
    cover = ok(client.get(f"/v1/archives/volumes/{volume['id']}", headers=auth(AGENT)))
    assert (cover["item_count"], cover["first_date"], cover["last_date"]) == (2, "2026-02-01", "2026-10-08")
    items = ok(client.get(f"/v1/archives/volumes/{volume['id']}/items", headers=auth(AGENT)))["items"]
    assert [i["archive_no"] for i in items] == [f"{no}-0.1", f"{no}-1"]
    assert [i["position"] for i in items] == [1, 2]

    csv = client.get(
        "/v1/archives/catalogue/export",
        params={"catalogue": "items", "volume_id": volume["id"]},
        headers=auth(AGENT),
    )
    assert csv.status_code == 200, csv.text
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv.headers["content-disposition"].startswith("attachment; filename*=UTF-8''volume-items-")
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeff顺序号,件号,档号,文件日期,题名") and f"{no}-0.1" in text
    page = client.get(
        "/v1/archives/catalogue/export", params={"catalogue": "general", "format": "html"}, headers=auth(AGENT)
    )
    assert page.status_code == 200, page.text
    html = page.content.decode("utf-8")
    assert page.headers["content-type"] == "text/html; charset=utf-8" and "案卷总目录" in html and no in html
    assert "@media print" in html
    bad = client.get("/v1/archives/catalogue/export", params={"catalogue": "items"}, headers=auth(AGENT))
    assert bad.status_code == 422, bad.text

    # Search (item 9) within clearance (ARC-05).
    def titles(token: str, **params: Any) -> list[str]:
        found = ok(client.get("/v1/archives/search", params=params, headers=auth(token)))["items"]
        return sorted(r["title"] for r in found)

    assert titles(AGENT, text=RUN) == sorted([later["title"], earlier["title"], letter["title"]])
    assert secret["title"] in titles(ARCHIVIST, text=RUN)
    assert titles(MANAGER, reference_kind="complaint_number", reference_value=f"C-{RUN}") == [secret["title"]]
    assert titles(AGENT, reference_kind="complaint_number", reference_value=f"C-{RUN}") == []
    assert titles(AGENT, text=f"漏水赔偿 {RUN}") == []
    assert titles(AGENT, text="张贴于各楼栋", date_from="2026-10-01", date_to="2026-10-31") != []
    assert titles(AGENT, title=RUN, category="company_document", date_to="2026-03-01") == [earlier["title"]]
