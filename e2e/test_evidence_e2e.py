"""CMP-08 evidence through the gateway over HTTP, against the running platform: a real PNG
made here is uploaded, listed, downloaded byte for byte; another branch sees nothing; an
engineering complaint is resolved only once a site photo is kept with it."""

from __future__ import annotations

import hashlib
import struct
import zlib
from typing import Any

import httpx
import pytest

from cs.complaints.v1 import evidence_events_pb2, evidence_pb2
from cskit.messaging.envelope import decode

from .conftest import Token, auth, complaint_body, new_key, of_record, topic_envelopes

pytestmark = pytest.mark.e2e
TOPIC = "cs.complaints.v1"


def make_png(width: int = 16, height: int = 12) -> bytes:
    """A real PNG: signature, IHDR, zlib-compressed scanlines (a gradient), IEND."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    def pixel(x: int, y: int) -> bytes:
        return bytes((x * 255 // max(width - 1, 1), y * 255 // max(height - 1, 1), 128))

    rows = b"".join(b"\x00" + b"".join(pixel(x, y) for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def accepted_case(client: httpx.Client, agent: str, **changes: Any) -> str:
    created = client.post(
        "/v1/complaints", json=complaint_body(**changes), headers=auth(agent, **{"Idempotency-Key": new_key()})
    )
    assert created.status_code == 201, created.text
    cid = str(created.json()["id"])
    accepted = client.post(f"/v1/complaints/{cid}/accept", json={}, headers=auth(agent))
    assert accepted.status_code == 200, accepted.text
    return cid


def upload(
    client: httpx.Client,
    agent: str,
    cid: str,
    data: bytes,
    *,
    kind: str = "site_photo",
    name: str = "site.png",
    content_type: str = "image/png",
) -> httpx.Response:
    return client.post(
        f"/v1/complaints/{cid}/evidence",
        data={"kind": kind, "note": "taken at the lift shaft"},
        files={"file": (name, data, content_type)},
        headers=auth(agent, **{"Idempotency-Key": new_key()}),
    )


def test_cmp_08_photo_upload_list_download_round_trip_with_event(
    client: httpx.Client, token: Token, platform: Any
) -> None:
    agent = token("agent", "b1")
    cid = accepted_case(client, agent)
    data = make_png()
    digest = hashlib.sha256(data).hexdigest()

    created = upload(client, agent, cid, data)
    assert created.status_code == 201, created.text
    evidence = created.json()
    assert (evidence["kind"], evidence["content_type"], evidence["size"], evidence["sha256"]) == (
        "site_photo",
        "image/png",
        len(data),
        digest,
    )
    assert evidence["branch_id"] == "b1" and evidence["filename"] == "site.png"

    listed = client.get(f"/v1/complaints/{cid}/evidence", headers=auth(agent))
    assert listed.status_code == 200
    assert [e["id"] for e in listed.json()["items"]] == [evidence["id"]]

    content_url = f"/v1/complaints/{cid}/evidence/{evidence['id']}/content"
    assert created.headers["location"] == content_url
    download = client.get(content_url, headers=auth(agent))
    assert download.status_code == 200
    assert download.content == data
    assert hashlib.sha256(download.content).hexdigest() == digest
    assert download.headers["content-type"] == "image/png"
    assert download.headers["etag"] == f'"{digest}"'
    again = client.get(content_url, headers=auth(agent, **{"If-None-Match": f'"{digest}"'}))
    assert again.status_code == 304

    [envelope] = [
        e for e in topic_envelopes(platform.bootstrap, TOPIC, of_record(cid), expected=3) if "Evidence" in e.type
    ]
    payload = decode(envelope, evidence_events_pb2.EvidenceAttached)
    assert (payload.evidence_id, payload.sha256, payload.size) == (evidence["id"], digest, len(data))
    assert payload.kind == evidence_pb2.EVIDENCE_KIND_SITE_PHOTO and envelope.branch_id == "b1"


def test_plt_01_another_branch_gets_404_for_the_list_and_the_content(client: httpx.Client, token: Token) -> None:
    agent = token("agent", "b1")
    cid = accepted_case(client, agent)
    evidence_id = upload(client, agent, cid, make_png()).json()["id"]
    other = token("agent", "b2")
    for response in (
        client.get(f"/v1/complaints/{cid}/evidence", headers=auth(other)),
        client.get(f"/v1/complaints/{cid}/evidence/{evidence_id}/content", headers=auth(other)),
        upload(client, other, cid, make_png()),
    ):
        assert response.status_code == 404, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"] == "The requested resource does not exist."
    head_office = token("general_manager", "hq", grade=9)
    assert (
        client.get(f"/v1/complaints/{cid}/evidence/{evidence_id}/content", headers=auth(head_office)).status_code == 200
    )


def test_cmp_08_engineering_complaint_resolves_only_after_a_site_photo(client: httpx.Client, token: Token) -> None:
    agent = token("agent", "b1")
    cid = accepted_case(client, agent, category="engineering", description="Balcony drain laid against the slope")
    resolve = {"resolution": "Drain re-laid with the right fall"}

    refused = client.post(f"/v1/complaints/{cid}/resolve", json=resolve, headers=auth(agent))
    assert refused.status_code == 409, refused.text
    assert (refused.json()["rule"], refused.json()["code"]) == ("CMP-08", "site_photo_required")

    assert upload(client, agent, cid, make_png()).status_code == 201
    resolved = client.post(f"/v1/complaints/{cid}/resolve", json=resolve, headers=auth(agent))
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["status"] == "resolved"


def test_cmp_08_a_renamed_file_is_a_415_problem_and_nothing_is_kept(client: httpx.Client, token: Token) -> None:
    agent = token("agent", "b1")
    cid = accepted_case(client, agent)
    fake_photo = b"MZ\x90\x00" + b"\x00" * 200  # a program, named and typed as a photo
    refused = upload(client, agent, cid, fake_photo, name="holiday.jpg", content_type="image/jpeg")
    assert refused.status_code == 415, refused.text
    assert refused.json()["rule"] == "CMP-08"
    mismatch = upload(client, agent, cid, make_png(), name="site.png", content_type="image/jpeg")
    assert mismatch.status_code == 415 and mismatch.json()["code"] == "evidence_type_mismatch"
    assert client.get(f"/v1/complaints/{cid}/evidence", headers=auth(agent)).json()["items"] == []


def test_cmp_08_an_upload_over_10_mib_is_a_413_problem(client: httpx.Client, token: Token) -> None:
    agent = token("agent", "b1")
    cid = accepted_case(client, agent)
    oversize = make_png() + b"\x00" * (10 * 1024 * 1024)
    refused = upload(client, agent, cid, oversize)
    assert refused.status_code == 413, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["rule"] == "CMP-08"
    assert client.get(f"/v1/complaints/{cid}/evidence", headers=auth(agent)).json()["items"] == []
