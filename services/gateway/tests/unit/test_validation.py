"""Bad input is a 422 problem with field errors, rejected before any downstream call."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import FakeComplaints
from .test_routes_complaints import FILE_BODY


def _problem(response: Any, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def _fields(body: dict[str, Any]) -> set[str]:
    return {e["field"] for e in body["errors"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "CHANNEL_PHONE"}, "channel"),
        ({"channel": "fax"}, "channel"),
        ({"category": None}, "category"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"complainant": {"name": "a"}}, "complainant.contact"),
        ({"complainant": {"name": "a", "contact": "b", "age": 3}}, "complainant.age"),
        ({"demands": ["refund"]}, "demands.0"),
        ({"received_at": "2026-11-02T09:30:00"}, "received_at"),  # naive: no zone
        ({"compensation_involved": "yes"}, "compensation_involved"),
        ({"unexpected": 1}, "unexpected"),
        ({"branch_id": "../etc"}, "branch_id"),
    ],
)
def test_file_body_is_strict(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints, change: dict[str, Any], field: str
) -> None:
    body = {**FILE_BODY, **change}
    problem = _problem(client.post("/v1/complaints", json=body, headers=auth))
    assert problem["code"] == "validation_failed"
    assert field in _fields(problem)
    assert not fake.FileComplaint.calls


def test_invalid_json_is_422(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post("/v1/complaints", content=b"{not json", headers={**auth, "Content-Type": "application/json"})
    _problem(response)


@pytest.mark.parametrize("satisfaction", [0, 6, "5", 4.5])
def test_return_visit_satisfaction_is_1_to_5(client: TestClient, auth: dict[str, str], satisfaction: Any) -> None:
    response = client.post(
        "/v1/complaints/c-1/return-visits", json={"satisfied": True, "satisfaction": satisfaction}, headers=auth
    )
    assert "satisfaction" in _fields(_problem(response))


@pytest.mark.parametrize("page_size", ["0", "201", "-1", "ten"])
def test_page_size_bounds(client: TestClient, auth: dict[str, str], fake: FakeComplaints, page_size: str) -> None:
    problem = _problem(client.get(f"/v1/complaints?page_size={page_size}", headers=auth))
    assert "page_size" in _fields(problem)
    assert not fake.ListComplaints.calls


@pytest.mark.parametrize("page_size", ["1", "200"])
def test_page_size_edges_are_accepted(client: TestClient, auth: dict[str, str], page_size: str) -> None:
    assert client.get(f"/v1/complaints?page_size={page_size}", headers=auth).status_code == 200


def test_history_page_size_bounds(client: TestClient, auth: dict[str, str]) -> None:
    assert "page_size" in _fields(_problem(client.get("/v1/complaints/c-1/history?page_size=500", headers=auth)))


def test_list_rejects_unknown_query_parameters_and_bad_enums(client: TestClient, auth: dict[str, str]) -> None:
    assert "sort" in _fields(_problem(client.get("/v1/complaints?sort=asc", headers=auth)))
    assert "status.0" in _fields(_problem(client.get("/v1/complaints?status=open", headers=auth)))


def test_list_rejects_inverted_time_range(client: TestClient, auth: dict[str, str]) -> None:
    response = client.get(
        "/v1/complaints?received_after=2026-12-01T00:00:00Z&received_before=2026-11-01T00:00:00Z", headers=auth
    )
    assert "received_before" in _fields(_problem(response))


@pytest.mark.parametrize("value", ["1700000000", "2026-11-02", "2026-11-02T09:30:00"])
def test_timestamps_must_be_rfc3339_with_zone(client: TestClient, auth: dict[str, str], value: str) -> None:
    assert "received_after" in _fields(_problem(client.get(f"/v1/complaints?received_after={value}", headers=auth)))


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("", id="empty"),
        pytest.param("k" * 256, id="too-long"),
        pytest.param("caf\u00e9", id="non-ascii"),
        pytest.param("tab\tinside", id="control-char"),
    ],
)
def test_idempotency_key_is_validated(client: TestClient, auth: dict[str, str], fake: FakeComplaints, key: str) -> None:
    response = client.post(
        "/v1/complaints", json=FILE_BODY, headers=[*auth.items(), ("Idempotency-Key", key.encode("utf-8"))]
    )
    problem = _problem(response)
    assert "Idempotency-Key" in _fields(problem) or "idempotency-key" in _fields(problem)
    assert not fake.FileComplaint.calls


@pytest.mark.parametrize("key", ["a", "k" * 255, "2026-11-02 file #1", "f3b1c6e2-9a4d-4c1e-8f00-1a2b3c4d5e6f"])
def test_idempotency_key_accepted(client: TestClient, auth: dict[str, str], fake: FakeComplaints, key: str) -> None:
    response = client.post("/v1/complaints", json=FILE_BODY, headers={**auth, "Idempotency-Key": key})
    assert response.status_code == 201
    assert fake.FileComplaint.calls[0].metadata["x-cs-idempotency-key"] == key


def test_bad_path_id_is_422(client: TestClient, auth: dict[str, str]) -> None:
    _problem(client.get("/v1/complaints/%20bad", headers=auth))


def test_auth_is_checked_before_the_body(client: TestClient) -> None:
    # A caller without credentials learns nothing about the body's shape.
    _problem(client.post("/v1/complaints", json={"bogus": 1}), status=401)


def test_a_405_allows_every_method_of_the_path_even_across_routers(client: TestClient) -> None:
    """The evidence list is transcoded and its upload hand-written: both methods are allowed."""
    response = client.options("/v1/complaints/0/evidence")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) >= {"GET", "POST"}


def test_a_single_valued_query_parameter_given_twice_is_a_422_not_the_last_one(
    client: TestClient, auth: dict[str, str], fake: FakeComplaints
) -> None:
    response = client.get("/v1/complaints", params=[("nature", "valid"), ("nature", "invalid")], headers=auth)
    problem = _problem(response)
    assert (problem["code"], _fields(problem)) == ("validation_failed", {"nature"})
    assert not fake.ListComplaints.calls
    # A repeated field takes every value given (status -> statuses).
    listed = client.get("/v1/complaints", params=[("status", "received"), ("status", "closed")], headers=auth)
    assert listed.status_code == 200, listed.text
