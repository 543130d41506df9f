"""/v1/complaints/{id}/evidence against a fake EvidenceService: multipart mapping, the early 413,
CMP-08 refusals as 413/415 problems, the download's type, ETag and 304, permissions."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import grpc
import pytest
from fastapi.testclient import TestClient
from google.protobuf.timestamp_pb2 import Timestamp

from cs.common.v1 import common_pb2
from cs.complaints.v1 import evidence_pb2 as pb
from cskit.domain import InvalidInput
from cskit.grpc.caller import CallerTokenVerifier, dev_trusted_keys
from cskit.grpc.errors import STATUS_DETAILS_KEY, to_rpc_status
from gateway.app import create_app
from gateway.clients import Downstreams, downstreams
from gateway.settings import GatewaySettings

from .conftest import FakeComplaints, FakeRpc, TokenFactory, rpc_error

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
SHA = hashlib.sha256(PNG).hexdigest()


def sample_evidence() -> pb.Evidence:
    at = Timestamp()
    at.FromSeconds(1_790_000_000)
    return pb.Evidence(
        id="e-1",
        complaint_id="c-1",
        branch_id="b1",
        kind=pb.EVIDENCE_KIND_SITE_PHOTO,
        filename="现场 photo.png",
        content_type="image/png",
        size=len(PNG),
        sha256=SHA,
        attached_by="u1",
        attached_at=at,
    )


class FakeEvidence:
    def __init__(self) -> None:
        e = sample_evidence()
        self.AttachEvidence = FakeRpc(pb.AttachEvidenceResponse(evidence=e))
        self.ListEvidence = FakeRpc(
            pb.ListEvidenceResponse(evidence=[e], page=common_pb2.PageResponse(next_page_token="next"))
        )
        self.GetEvidenceContent = FakeRpc(
            pb.GetEvidenceContentResponse(evidence=e, content=PNG, content_type="image/png", sha256=SHA)
        )


LIMIT = 1000


@pytest.fixture
def evidence() -> FakeEvidence:
    return FakeEvidence()


@pytest.fixture
def client(settings: GatewaySettings, fake: FakeComplaints, evidence: FakeEvidence) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"evidence_max_bytes": LIMIT}))
    app.dependency_overrides[downstreams] = lambda: Downstreams(complaints=fake, evidence=evidence)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def upload(client: TestClient, auth: dict[str, str], content: bytes = PNG, **form: str) -> object:
    data = {"kind": "site_photo", **form}
    files = {"file": ("site.png", content, "image/png")}
    return client.post("/v1/complaints/c-1/evidence", data=data, files=files, headers={**auth, "Idempotency-Key": "k1"})


def test_upload_maps_the_multipart_form_to_the_request(
    client: TestClient, auth: dict[str, str], evidence: FakeEvidence
) -> None:
    response = upload(client, auth, note="by the lift")
    assert response.status_code == 201, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["kind"] == "site_photo" and body["sha256"] == SHA and body["content_type"] == "image/png"
    assert response.headers["location"] == "/v1/complaints/c-1/evidence/e-1/content"  # type: ignore[attr-defined]
    sent: pb.AttachEvidenceRequest = evidence.AttachEvidence.calls[0].request
    assert (sent.complaint_id, sent.filename, sent.content_type, sent.content) == ("c-1", "site.png", "image/png", PNG)
    assert sent.kind == pb.EVIDENCE_KIND_SITE_PHOTO and sent.note == "by the lift"
    metadata = evidence.AttachEvidence.calls[0].metadata
    caller = CallerTokenVerifier("complaints", dev_trusted_keys()).verify_metadata(list(metadata.items()))
    assert metadata["x-cs-idempotency-key"] == "k1" and caller.actor.branch_id == "b1"
    assert evidence.AttachEvidence.calls[0].timeout == 30.0


def test_cmp_08_an_oversize_upload_is_a_413_problem_and_never_reaches_the_service(
    client: TestClient, auth: dict[str, str], evidence: FakeEvidence
) -> None:
    just_over = upload(client, auth, content=PNG + b"\x00" * (LIMIT + 1 - len(PNG)))
    assert just_over.status_code == 413  # type: ignore[attr-defined]
    problem = just_over.json()  # type: ignore[attr-defined]
    assert just_over.headers["content-type"].startswith("application/problem+json")  # type: ignore[attr-defined]
    assert problem["status"] == 413 and problem["rule"] == "CMP-08"
    far_over = upload(client, auth, content=b"\x00" * (LIMIT * 100))  # refused by the body limit, unread
    assert far_over.status_code == 413  # type: ignore[attr-defined]
    assert far_over.headers["content-type"].startswith("application/problem+json")  # type: ignore[attr-defined]
    assert evidence.AttachEvidence.calls == []


def test_cmp_08_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(
    client: TestClient, auth: dict[str, str], evidence: FakeEvidence
) -> None:
    response = client.post(
        "/v1/complaints/c-1/evidence",
        content=b"--x--\r\n",
        headers={
            **auth,
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(LIMIT * 1000),
        },
    )
    assert response.status_code == 413
    assert evidence.AttachEvidence.calls == []


@pytest.mark.parametrize(
    ("code", "status"),
    [("evidence_too_large", 413), ("unsupported_evidence_type", 415), ("evidence_type_mismatch", 415)],
)
def test_cmp_08_service_refusals_keep_their_rule_with_the_exact_http_status(
    client: TestClient, auth: dict[str, str], evidence: FakeEvidence, code: str, status: int
) -> None:
    rich = to_rpc_status(InvalidInput("content_type: the file is image/gif", code=code, rule_id="CMP-08"))
    evidence.AttachEvidence.error = rpc_error(
        grpc.StatusCode.INVALID_ARGUMENT, "refused", ((STATUS_DETAILS_KEY, rich.SerializeToString()),)
    )
    response = upload(client, auth)
    assert response.status_code == status  # type: ignore[attr-defined]
    problem = response.json()  # type: ignore[attr-defined]
    assert (problem["code"], problem["rule"], problem["status"]) == (code, "CMP-08", status)


def test_upload_needs_a_file_and_a_known_kind(client: TestClient, auth: dict[str, str], evidence: FakeEvidence) -> None:
    no_file = client.post("/v1/complaints/c-1/evidence", data={"kind": "site_photo"}, headers=auth)
    assert no_file.status_code == 422
    bad_kind = upload(client, auth, kind="selfie")
    assert bad_kind.status_code == 422  # type: ignore[attr-defined]
    assert evidence.AttachEvidence.calls == []


def test_list_is_paginated(client: TestClient, auth: dict[str, str], evidence: FakeEvidence) -> None:
    response = client.get("/v1/complaints/c-1/evidence", params={"page_size": 5, "page_token": "t"}, headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert [e["id"] for e in body["items"]] == ["e-1"] and body["next_page_token"] == "next"
    sent: pb.ListEvidenceRequest = evidence.ListEvidence.calls[0].request
    assert (sent.complaint_id, sent.page.page_size, sent.page.page_token) == ("c-1", 5, "t")


def test_download_has_the_stored_type_the_sha256_etag_and_a_safe_disposition(
    client: TestClient, auth: dict[str, str]
) -> None:
    response = client.get("/v1/complaints/c-1/evidence/e-1/content", headers=auth)
    assert response.status_code == 200
    assert response.content == PNG
    assert response.headers["content-type"] == "image/png"
    assert response.headers["etag"] == f'"{SHA}"'
    assert response.headers["x-content-type-options"] == "nosniff"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="__ photo.png"')
    assert "filename*=UTF-8''%E7%8E%B0%E5%9C%BA%20photo.png" in disposition


def test_download_answers_304_when_the_client_has_this_version(client: TestClient, auth: dict[str, str]) -> None:
    response = client.get("/v1/complaints/c-1/evidence/e-1/content", headers={**auth, "If-None-Match": f'"{SHA}"'})
    assert response.status_code == 304 and response.content == b""
    assert response.headers["etag"] == f'"{SHA}"'
    stale = client.get("/v1/complaints/c-1/evidence/e-1/content", headers={**auth, "If-None-Match": '"other"'})
    assert stale.status_code == 200


def test_another_branch_gets_a_plain_404(client: TestClient, auth: dict[str, str], evidence: FakeEvidence) -> None:
    evidence.GetEvidenceContent.error = rpc_error(grpc.StatusCode.NOT_FOUND, "evidence e-1 not found")
    response = client.get("/v1/complaints/c-1/evidence/e-1/content", headers=auth)
    assert response.status_code == 404
    assert response.json()["detail"] == "The requested resource does not exist."


def test_a_store_outage_is_a_503(client: TestClient, auth: dict[str, str], evidence: FakeEvidence) -> None:
    evidence.AttachEvidence.error = rpc_error(grpc.StatusCode.UNAVAILABLE, "evidence store unavailable")
    assert upload(client, auth).status_code == 503  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", ["hr", "finance", "engineer"])
def test_only_staff_attach_and_read_evidence(
    client: TestClient, token: TokenFactory, evidence: FakeEvidence, role: str
) -> None:
    auth = {"Authorization": f"Bearer {token(roles=(role,))}"}
    assert upload(client, auth).status_code == 403  # type: ignore[attr-defined]
    assert client.get("/v1/complaints/c-1/evidence", headers=auth).status_code == 403
    assert client.get("/v1/complaints/c-1/evidence/e-1/content", headers=auth).status_code == 403
    assert evidence.AttachEvidence.calls == [] and evidence.ListEvidence.calls == []


def test_cmp_08_a_streamed_upload_is_stopped_once_it_passes_the_limit(
    client: TestClient, auth: dict[str, str], evidence: FakeEvidence
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\nsite_photo\r\n'
        yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n'
        for _ in range(200):  # no Content-Length: chunked, 200 KiB in all
            yield b"\x00" * 1024
        yield b"\r\n--x--\r\n"

    response = client.post(
        "/v1/complaints/c-1/evidence",
        content=chunks(),
        headers={**auth, "Content-Type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert (response.json()["code"], response.json()["rule"]) == ("evidence_too_large", "CMP-08")
    assert evidence.AttachEvidence.calls == []


def test_cmp_08_upload_and_list_answer_the_same_contract_mapped_evidence(
    client: TestClient, auth: dict[str, str], evidence: FakeEvidence
) -> None:
    """The upload (hand-written) and the list (transcoded) show one record the same way, with
    the JSON the hand-written mapper gave: every member, an empty note null, the size a number."""
    uploaded = upload(client, auth).json()  # type: ignore[attr-defined]
    listed = client.get("/v1/complaints/c-1/evidence", headers=auth).json()["items"][0]
    assert uploaded == listed
    assert list(listed) == [
        "id", "complaint_id", "branch_id", "kind", "filename", "content_type", "size", "sha256", "note",
        "attached_by", "attached_at",
    ]  # fmt: skip
    assert (listed["note"], listed["size"], listed["kind"]) == (None, len(PNG), "site_photo")
    assert listed["attached_at"] == "2026-09-21T14:13:20Z"
