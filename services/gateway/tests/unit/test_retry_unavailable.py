"""UNAVAILABLE (a service restarting) is retried once, only where a second attempt is safe.

Reads and writes that carry an Idempotency-Key are tried again after a short pause, waiting for
the channel to be ready within the remaining deadline; a write without a key is not: it may
have been applied before the connection broke, and a second attempt could apply it twice.
"""

from __future__ import annotations

import grpc
from fastapi.testclient import TestClient

from .conftest import FakeComplaints, rpc_error
from .test_routes_complaints import FILE_BODY

UNAVAILABLE = grpc.StatusCode.UNAVAILABLE


def test_a_read_is_retried_once_and_waits_for_the_channel(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    fake.GetComplaint.first_errors = [rpc_error(UNAVAILABLE, "connection refused")]
    response = client.get("/v1/complaints/c-1", headers=auth)
    assert response.status_code == 200
    first, second = fake.GetComplaint.calls
    assert first.wait_for_ready is None and second.wait_for_ready is True
    # One deadline for both attempts: the retry gets what is left of it.
    assert first.timeout is not None and second.timeout is not None and second.timeout < first.timeout


def test_a_write_with_an_idempotency_key_is_retried_once(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    fake.FileComplaint.first_errors = [rpc_error(UNAVAILABLE)]
    response = client.post("/v1/complaints", json=FILE_BODY, headers={**auth, "Idempotency-Key": "k-retry"})
    assert response.status_code == 201
    assert [c.metadata["x-cs-idempotency-key"] for c in fake.FileComplaint.calls] == ["k-retry", "k-retry"]


def test_a_write_without_an_idempotency_key_is_not_retried(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    fake.FileComplaint.first_errors = [rpc_error(UNAVAILABLE)]
    response = client.post("/v1/complaints", json=FILE_BODY, headers=auth)
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert len(fake.FileComplaint.calls) == 1


def test_only_one_retry_and_only_for_unavailable(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    fake.GetComplaint.error = rpc_error(UNAVAILABLE)
    assert client.get("/v1/complaints/c-1", headers=auth).status_code == 503
    assert len(fake.GetComplaint.calls) == 2
    fake.ListComplaints.first_errors = [rpc_error(grpc.StatusCode.INTERNAL)]
    assert client.get("/v1/complaints", headers=auth).status_code == 500
    assert len(fake.ListComplaints.calls) == 1


def test_a_call_the_stopping_service_cancelled_is_retried_like_unavailable(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    # Found by the rolling-restart e2e test: a keyed write in flight when complaints stopped
    # came back CANCELLED and was answered 500.
    fake.FileComplaint.first_errors = [rpc_error(grpc.StatusCode.CANCELLED)]
    response = client.post("/v1/complaints", json=FILE_BODY, headers={**auth, "Idempotency-Key": "k-cancel"})
    assert response.status_code == 201
    assert len(fake.FileComplaint.calls) == 2
    fake.GetComplaint.error = rpc_error(grpc.StatusCode.CANCELLED)
    assert client.get("/v1/complaints/c-1", headers=auth).status_code == 503
