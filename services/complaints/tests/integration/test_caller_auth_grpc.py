"""The real complaints gRPC server trusts only callers it can verify (PLT-01, PLT-02).

Every RPC of every registered service is called straight on the gRPC port, the way an
attacker inside the network would: with no identity, with the old plain identity headers,
with a caller token signed by a key the service does not trust, and with a token whose
claims break the grammar. Each answers UNAUTHENTICATED. The methods come from the service
descriptors, so a new RPC is covered without touching this file.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import grpc
import grpc.aio
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import MethodDescriptor

from complaints import SERVICE
from complaints.__main__ import MIGRATIONS
from complaints.bootstrap import Complaints, build
from complaints.settings import ComplaintsSettings
from cs.complaints.v1 import complaints_pb2 as pb
from cskit.db.migrations import upgrade
from cskit.domain import Actor, FrozenClock, HeadOffice
from cskit.grpc.caller import CallerTokenMinter, generate_private_pem, public_pem
from cskit.grpc.server import GrpcServer, channel

HQ = HeadOffice()
AGENT_B1 = HQ.actor("agent-1", "b1", ["agent"], 1)
AGENT_B2 = HQ.actor("agent-2", "b2", ["agent"], 1)
ADMIN_B1 = HQ.actor("admin-1", "b1", ["admin"], 3)
HQ_ADMIN = HQ.actor("hq-admin", "b1", ["hq_admin"], 5)
# The old plain identity headers a service used to believe: head office, every branch.
FORGED_HEADERS = (
    ("x-cs-subject", "gm"),
    ("x-cs-branch", "hq"),
    ("x-cs-roles", "general_manager,admin"),
    ("x-cs-grade", "9"),
    ("x-cs-head-office", "1"),
)


@dataclass
class Running:
    app: Complaints
    port: int
    gateway: CallerTokenMinter
    gateway_pem: str
    stranger: CallerTokenMinter

    def token(self, actor: Actor, *, minter: CallerTokenMinter | None = None) -> tuple[tuple[str, str], ...]:
        return ((minter or self.gateway).metadata(actor, SERVICE),)


@pytest.fixture
async def running(pg_url: str, frozen_clock: FrozenClock) -> AsyncIterator[Running]:
    upgrade(MIGRATIONS, pg_url)
    gateway_key = generate_private_pem()
    settings = ComplaintsSettings(
        database_url=pg_url, trusted_callers={"gateway": [public_pem(gateway_key)]}, allow_dev_caller_key=False
    )
    app = build(settings, clock=frozen_clock)
    server = GrpcServer(
        service_name=SERVICE,
        register=app.register,
        service_full_names=app.service_names,
        callers=settings.caller_verifier(SERVICE),
        host="127.0.0.1",
    )
    port = await server.start(0)
    try:
        yield Running(
            app,
            port,
            CallerTokenMinter("gateway", gateway_key),
            gateway_key,
            CallerTokenMinter("gateway", generate_private_pem()),
        )
    finally:
        await server.stop(0)
        await app.database.dispose()


def every_method(app: Complaints) -> list[MethodDescriptor]:
    pool = descriptor_pool.Default()
    methods = [m for name in app.service_names for m in pool.FindServiceByName(name).methods]
    assert len(methods) > 30  # all six services of the process, not a hand-picked few
    return methods


async def invoke(chan: grpc.aio.Channel, method: MethodDescriptor, metadata: tuple[tuple[str, Any], ...]) -> Any:
    request = message_factory.GetMessageClass(method.input_type)()
    response = message_factory.GetMessageClass(method.output_type)
    path = f"/{method.containing_service.full_name}/{method.name}"
    if method.server_streaming:
        stream = chan.unary_stream(path, type(request).SerializeToString, response.FromString)
        return [item async for item in stream(request, timeout=5, metadata=metadata)]
    call = chan.unary_unary(path, type(request).SerializeToString, response.FromString)
    return await call(request, timeout=5, metadata=metadata)


def malformed_token(running: Running) -> tuple[tuple[str, str], ...]:
    """A token the trusted key signed, but whose role smuggles a second one ("x,director")."""
    # The minter refuses to sign it (the grammar), so it is signed by hand with the trusted key.
    key = serialization.load_pem_private_key(running.gateway_pem.encode(), password=None)
    kid = jwt.get_unverified_header(running.gateway.mint(AGENT_B1, SERVICE))["kid"]
    now = int(time.time())
    claims = {
        "iss": "gateway",
        "aud": SERVICE,
        "iat": now,
        "exp": now + 60,
        "sub": "u1",
        "branch_id": "b1",
        "roles": ["x,director"],
        "grade": 9,
        "head_office": False,
    }
    return (("authorization", "Bearer " + jwt.encode(claims, key, "EdDSA", {"kid": kid})),)  # type: ignore[arg-type]


async def test_every_rpc_refuses_a_caller_it_cannot_verify_PLT_01(running: Running) -> None:
    attempts = {
        "no identity": (),
        "old plain headers": FORGED_HEADERS,
        "another key": running.token(HQ_ADMIN, minter=running.stranger),
        "another audience": ((running.gateway.metadata(HQ_ADMIN, "keys")),),
        "smuggled role": malformed_token(running),
    }
    async with channel(f"127.0.0.1:{running.port}") as chan:
        for method in every_method(running.app):
            for what, metadata in attempts.items():
                with pytest.raises(grpc.aio.AioRpcError) as caught:
                    await invoke(chan, method, metadata)
                assert caught.value.code() is grpc.StatusCode.UNAUTHENTICATED, (method.full_name, what)


async def test_a_verified_caller_reads_only_its_branch_and_head_office_reads_all_PLT_01(running: Running) -> None:
    async with channel(f"127.0.0.1:{running.port}") as chan:
        stub_file = chan.unary_unary(
            "/cs.complaints.v1.ComplaintsService/FileComplaint",
            pb.FileComplaintRequest.SerializeToString,
            pb.FileComplaintResponse.FromString,
        )
        get = chan.unary_unary(
            "/cs.complaints.v1.ComplaintsService/GetComplaint",
            pb.GetComplaintRequest.SerializeToString,
            pb.GetComplaintResponse.FromString,
        )
        listing = chan.unary_unary(
            "/cs.complaints.v1.ComplaintsService/ListComplaints",
            pb.ListComplaintsRequest.SerializeToString,
            pb.ListComplaintsResponse.FromString,
        )
        filed = await stub_file(file_request(), timeout=5, metadata=running.token(AGENT_B2))
        case = filed.complaint.id
        assert filed.complaint.branch_id == "b2"

        # b1's administration is a department of b1: b2's case does not exist for it.
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await get(pb.GetComplaintRequest(id=case), timeout=5, metadata=running.token(ADMIN_B1))
        assert caught.value.code() is grpc.StatusCode.NOT_FOUND
        assert (await listing(pb.ListComplaintsRequest(), timeout=5, metadata=running.token(ADMIN_B1))).complaints == []
        # Head-office administration reads every branch.
        seen = await get(pb.GetComplaintRequest(id=case), timeout=5, metadata=running.token(HQ_ADMIN))
        assert seen.complaint.id == case
        everything = await listing(pb.ListComplaintsRequest(), timeout=5, metadata=running.token(HQ_ADMIN))
        assert [c.id for c in everything.complaints] == [case]


async def test_an_idempotency_key_belongs_to_the_callers_branch_and_subject(running: Running) -> None:
    """The same subject in another branch replaying a key gets its own execution, learning nothing."""
    same_person_b1 = HQ.actor("shared-sub", "b1", ["agent"], 1)
    same_person_b2 = HQ.actor("shared-sub", "b2", ["agent"], 1)
    async with channel(f"127.0.0.1:{running.port}") as chan:
        file_it = chan.unary_unary(
            "/cs.complaints.v1.ComplaintsService/FileComplaint",
            pb.FileComplaintRequest.SerializeToString,
            pb.FileComplaintResponse.FromString,
        )
        key = ("x-cs-idempotency-key", "k-2026-0001")
        first = await file_it(file_request(), timeout=5, metadata=(*running.token(same_person_b1), key))
        replay = await file_it(file_request(), timeout=5, metadata=(*running.token(same_person_b1), key))
        assert replay.complaint.id == first.complaint.id  # the key works within its scope
        other = await file_it(file_request(), timeout=5, metadata=(*running.token(same_person_b2), key))
        assert other.complaint.id != first.complaint.id
        assert other.complaint.branch_id == "b2"
        # And a different request under the key in b2 is that scope's own conflict, not b1's.
        different = file_request(description="Another complaint entirely, about the car park.")
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await file_it(different, timeout=5, metadata=(*running.token(same_person_b2), key))
        assert caught.value.code() is grpc.StatusCode.ABORTED or caught.value.code() is grpc.StatusCode.ALREADY_EXISTS


def file_request(**changes: Any) -> pb.FileComplaintRequest:
    data: dict[str, Any] = {
        "channel": pb.CHANNEL_PHONE,
        "complainant": pb.Complainant(name="Wang Li", contact="+86 138 0000 0000", address="Unit 3-1201"),
        "target": pb.Target(department="maintenance"),
        "description": "The lift in block 3 has been broken for two days.",
        "demands": [pb.DEMAND_COMPENSATION],
        "category": pb.CATEGORY_MAINTENANCE,
        "severity": pb.SEVERITY_ORDINARY,
    }
    data.update(changes)
    return pb.FileComplaintRequest(**data)


async def test_ten_concurrent_duplicates_of_one_call_file_one_complaint_and_answer_alike(running: Running) -> None:
    """The call pipeline: the interceptor's call context carries the key, ``once`` claims it
    first in the change's transaction, so parallel retries of one request (a client that
    timed out and retried ten times) file ONE complaint and all get the same answer, no 409."""
    agent = HQ.actor("retrying-agent", "b3", ["agent"], 1)
    key = ("x-cs-idempotency-key", "k-parallel-0001")
    async with channel(f"127.0.0.1:{running.port}") as chan:
        file_it = chan.unary_unary(
            "/cs.complaints.v1.ComplaintsService/FileComplaint",
            pb.FileComplaintRequest.SerializeToString,
            pb.FileComplaintResponse.FromString,
        )
        answers = await asyncio.gather(
            *(file_it(file_request(), timeout=10, metadata=(*running.token(agent), key)) for _ in range(10))
        )
        assert len({a.SerializeToString(deterministic=True) for a in answers}) == 1
        listed = await chan.unary_unary(
            "/cs.complaints.v1.ComplaintsService/ListComplaints",
            pb.ListComplaintsRequest.SerializeToString,
            pb.ListComplaintsResponse.FromString,
        )(pb.ListComplaintsRequest(), timeout=5, metadata=running.token(agent))
        assert [c.id for c in listed.complaints] == [answers[0].complaint.id]
        # The same key on a different request is still the caller's own 409.
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await file_it(
                file_request(description="A different complaint, about the car park."),
                timeout=5,
                metadata=(*running.token(agent), key),
            )
        assert caught.value.code() in (grpc.StatusCode.ABORTED, grpc.StatusCode.ALREADY_EXISTS)
        assert "different request" in (caught.value.details() or "")
