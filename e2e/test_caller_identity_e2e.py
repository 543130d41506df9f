"""Caller identity end to end (PLT-01, PLT-02, PLT-04): the running platform, as `make up` starts it.

The gRPC port trusts only signed caller tokens; the gateway refuses malformed claims at once
(never a hang); branch administration is branch-scoped and head-office administration is
not; a client cannot write its own address into the audit trail.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import grpc
import grpc.aio
import httpx
import pytest
from google.protobuf import descriptor_pool, message_factory
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

import cs.complaints.v1 as contracts
from cs.complaints.v1 import complaints_pb2 as pb
from cskit.domain import HeadOffice
from cskit.grpc.caller import CallerTokenMinter, dev_private_pem, generate_private_pem
from cskit.grpc.server import channel
from gateway.auth import mint_dev_token

from .conftest import Token, auth, complaint_body

pytestmark = pytest.mark.e2e

OPEN = {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection"}
FORGED = (("x-cs-subject", "gm"), ("x-cs-branch", "hq"), ("x-cs-roles", "general_manager"), ("x-cs-head-office", "1"))


async def _served(chan: grpc.aio.Channel) -> list[str]:
    """What the running server says it serves (reflection), not a list kept by hand."""
    for module in pkgutil.iter_modules(contracts.__path__):
        if module.name.endswith("_pb2"):
            importlib.import_module(f"{contracts.__name__}.{module.name}")
    names: set[str] = set()
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    async for answer in reflection_pb2_grpc.ServerReflectionStub(chan).ServerReflectionInfo(iter([request]), timeout=5):
        names |= {s.name for s in answer.list_services_response.service}
    return sorted(names - OPEN)


async def _refused_everywhere(target: str) -> None:
    stranger = CallerTokenMinter("gateway", generate_private_pem())
    hq = HeadOffice().actor("gm", "hq", ["general_manager"], 9)
    pool = descriptor_pool.Default()
    async with channel(target) as chan:
        services = await _served(chan)
        assert len(services) >= 6, services
        for service in services:
            for method in pool.FindServiceByName(service).methods:
                request = message_factory.GetMessageClass(method.input_type)()
                response = message_factory.GetMessageClass(method.output_type)
                path = f"/{service}/{method.name}"
                for metadata in ((), FORGED, (stranger.metadata(hq, "complaints"),)):
                    if method.server_streaming:
                        stream = chan.unary_stream(path, type(request).SerializeToString, response.FromString)
                        with pytest.raises(grpc.aio.AioRpcError) as caught:
                            async for _ in stream(request, timeout=5, metadata=metadata):
                                pass
                    else:
                        call = chan.unary_unary(path, type(request).SerializeToString, response.FromString)
                        with pytest.raises(grpc.aio.AioRpcError) as caught:
                            await call(request, timeout=5, metadata=metadata)
                    assert caught.value.code() is grpc.StatusCode.UNAUTHENTICATED, (path, metadata[:1])


async def test_the_grpc_port_refuses_unverified_callers_on_every_rpc_PLT_01(platform: Any) -> None:
    await _refused_everywhere(platform.config.complaints_target)


async def test_the_grpc_port_serves_a_caller_signed_with_a_trusted_key(platform: Any, base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        headers = auth(mint_dev_token("a", "b1", ["agent"]))
        filed = await client.post("/v1/complaints", json=complaint_body(), headers=headers)
    assert filed.status_code == 201
    gateway = CallerTokenMinter("gateway", dev_private_pem("gateway"))  # what `make up` runs with
    agent = HeadOffice().actor("a", "b1", ["agent"], 1)
    async with channel(platform.config.complaints_target) as chan:
        get = chan.unary_unary(
            "/cs.complaints.v1.ComplaintsService/GetComplaint",
            pb.GetComplaintRequest.SerializeToString,
            pb.GetComplaintResponse.FromString,
        )
        got = await get(
            pb.GetComplaintRequest(id=filed.json()["id"]), timeout=5, metadata=(gateway.metadata(agent, "complaints"),)
        )
        assert got.complaint.branch_id == "b1"
        listing = chan.unary_unary(
            "/cs.complaints.v1.ComplaintsService/ListComplaints",
            pb.ListComplaintsRequest.SerializeToString,
            pb.ListComplaintsResponse.FromString,
        )
        seen = await listing(pb.ListComplaintsRequest(), timeout=5, metadata=(gateway.metadata(agent, "complaints"),))
        assert {c.branch_id for c in seen.complaints} == {"b1"}


@pytest.mark.parametrize(
    ("sub", "branch", "roles"),
    [
        ("lead-b1", "b1", ["team_lead", "x,director"]),  # role smuggling
        ("李雷", "b1", ["agent"]),  # non-ASCII subject
        ("agent-b1", "b1é", ["agent"]),  # non-ASCII branch
        ("agent-b1", "b1\n", ["agent"]),  # control character
        ("agent-b1", "b1", ["agent\n"]),
        ("agent-b1", " b1", ["agent"]),  # surrounding whitespace: refused, never stripped
    ],
    ids=["comma-role", "non-ascii-sub", "non-ascii-branch", "newline-branch", "newline-role", "spaced-branch"],
)
def test_malformed_claims_get_401_at_once_PLT_02(base_url: str, sub: str, branch: str, roles: list[str]) -> None:
    """Each used to hang forever (gRPC metadata cannot carry them) or to be split or stripped."""
    bad = mint_dev_token(sub, branch, roles, 4)
    with httpx.Client(base_url=base_url, timeout=3.0) as quick:  # a hang fails the test
        for method, path, body in (
            ("GET", "/v1/complaints", None),
            ("POST", "/v1/complaints", complaint_body()),
        ):
            response = quick.request(method, path, json=body, headers=auth(bad))
            assert response.status_code == 401, (path, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")


def test_a_spaced_branch_cannot_read_that_branchs_records(client: httpx.Client, token: Token) -> None:
    case = client.post("/v1/complaints", json=complaint_body(), headers=auth(token("agent", "b1")))
    assert case.status_code == 201
    spaced = mint_dev_token("agent-b1", " b1", ["agent"], 1)
    assert client.get(f"/v1/complaints/{case.json()['id']}", headers=auth(spaced)).status_code == 401
    assert client.get("/v1/complaints", headers=auth(spaced)).status_code == 401


def test_branch_admin_is_branch_scoped_and_hq_admin_sees_every_branch_PLT_01(
    client: httpx.Client, token: Token
) -> None:
    case = client.post("/v1/complaints", json=complaint_body(), headers=auth(token("agent", "b2")))
    assert case.status_code == 201
    cid = case.json()["id"]
    b1_admin = token("admin", "b1", grade=5)
    assert client.get(f"/v1/complaints/{cid}", headers=auth(b1_admin)).status_code == 404
    listed = client.get("/v1/complaints", headers=auth(b1_admin), params={"page_size": 200})
    assert listed.status_code == 200
    assert cid not in {c["id"] for c in listed.json()["items"]}
    b1_gm = token("general_manager", "b1", grade=9)
    assert client.get(f"/v1/complaints/{cid}", headers=auth(b1_gm)).status_code == 404
    hq_admin = token("hq_admin", "b1", grade=5)
    seen = client.get(f"/v1/complaints/{cid}", headers=auth(hq_admin))
    assert seen.status_code == 200
    assert seen.json()["branch_id"] == "b2"


def test_a_clients_x_forwarded_for_is_not_its_recorded_address_PLT_04(client: httpx.Client, token: Token) -> None:
    forged = {"X-Forwarded-For": "203.0.113.9"}
    case = client.post("/v1/complaints", json=complaint_body(), headers=auth(token("agent", "b1"), **forged))
    assert case.status_code == 201
    trail = client.get(f"/v1/complaints/{case.json()['id']}/audit", headers=auth(token("team_lead", "b1", grade=3)))
    assert trail.status_code == 200, trail.text
    assert {e["client_ip"] for e in trail.json()["items"]} == {"127.0.0.1"}
