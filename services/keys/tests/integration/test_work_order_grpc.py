"""Item 8 through a real grpc.aio server: after-sales borrows and returns a repair key for a
work order with its own caller token (the verified issuer and the engineer it acts for); a
repeat answers the same loan, another key set under the same work order is a Conflict (ABORTED),
a service outside CS_KEYS_WORK_ORDER_CALLERS is PERMISSION_DENIED, a user without a role that
borrows repair keys too."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import grpc
import grpc.aio
import pytest
from keys import SERVICE
from keys.bootstrap import build
from keys.register.app.handlers import RegisterHandlers
from keys.register.domain.commands import RegisterKeySet
from keys.register.persistence.uow import SqlRegisterUnitOfWork
from keys.service import MIGRATIONS
from keys.settings import KeysSettings
from keys.testing import CUSTODIAN, T0

from cs.keys.v1 import loans_pb2 as pb
from cs.keys.v1 import loans_pb2_grpc
from cskit.db.migrations import upgrade
from cskit.domain import Actor, FrozenClock, HeadOffice
from cskit.grpc.caller import CallerTokenMinter, generate_private_pem, public_pem
from cskit.grpc.server import GrpcServer, channel
from cskit.records import ServiceParts

pytestmark = pytest.mark.integration
HQ = HeadOffice()
ENGINEER = HQ.actor("eng-1", "b1", ["engineer"], 1)
AGENT = HQ.actor("agent-1", "b1", ["agent"], 1)


@dataclass
class Running:
    app: ServiceParts
    port: int
    aftersales: CallerTokenMinter
    billing: CallerTokenMinter

    def as_(self, actor: Actor, minter: CallerTokenMinter | None = None) -> tuple[tuple[str, str], ...]:
        return ((minter or self.aftersales).metadata(actor, SERVICE),)


@pytest.fixture
async def running(pg_url: str) -> AsyncIterator[Running]:
    upgrade(MIGRATIONS, pg_url)
    aftersales, billing = generate_private_pem(), generate_private_pem()
    settings = KeysSettings(
        database_url=pg_url,
        trusted_callers={"aftersales": [public_pem(aftersales)], "billing": [public_pem(billing)]},
        allow_dev_caller_key=False,
    )
    app = build(settings, clock=FrozenClock(T0), test_clock=False)
    server = GrpcServer(
        service_name=SERVICE,
        register=app.register,
        service_full_names=app.service_names,
        callers=settings.caller_verifier(SERVICE),
        host="127.0.0.1",
    )
    port = await server.start(0)
    try:
        yield Running(app, port, CallerTokenMinter("aftersales", aftersales), CallerTokenMinter("billing", billing))
    finally:
        await server.stop(0)
        await app.database.dispose()


async def repair_key(app: ServiceParts, code: str) -> str:
    sessions = app.database.async_sessions()
    handlers = RegisterHandlers(lambda c: SqlRegisterUnitOfWork(sessions, c, app.clock), app.clock)
    made = await handlers.register_key_set(
        RegisterKeySet(code=code, unit="3-1-1201", kind="repair", key_count=2, cabinet="C1", hook=f"H-{code}", custodian="custodian-1"),
        CUSTODIAN,
    )  # fmt: skip
    return made.id


async def test_KEY_12_after_sales_borrows_and_returns_a_repair_key_for_a_work_order(running: Running) -> None:
    key_set_id, other = await repair_key(running.app, "R-1"), await repair_key(running.app, "R-2")
    async with channel(f"127.0.0.1:{running.port}") as chan:
        stub = loans_pb2_grpc.LoanServiceStub(chan)
        lend = pb.LendForWorkOrderRequest(
            work_order_id="WO-1", key_set_id=key_set_id, purpose="replace the valve",
            contractor_name="Worker Zhao", contractor_company="Fix Co", developer_paperwork_ref="DEV-118",
        )  # fmt: skip
        first = (await stub.LendForWorkOrder(lend, metadata=running.as_(ENGINEER), timeout=5)).loan
        again = (await stub.LendForWorkOrder(lend, metadata=running.as_(ENGINEER), timeout=5)).loan
        assert again.id == first.id
        assert (first.borrower, first.borrower_kind, first.caller_service, first.external_ref) == (
            "eng-1",
            "contractor",
            "aftersales",
            "WO-1",
        )
        clash = pb.LendForWorkOrderRequest(work_order_id="WO-1", key_set_id=other, purpose="x")
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.LendForWorkOrder(clash, metadata=running.as_(ENGINEER), timeout=5)
        assert err.value.code() is grpc.StatusCode.ABORTED  # the kit's Conflict
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.LendForWorkOrder(lend, metadata=running.as_(ENGINEER, running.billing), timeout=5)
        assert err.value.code() is grpc.StatusCode.PERMISSION_DENIED
        fresh = pb.LendForWorkOrderRequest(work_order_id="WO-2", key_set_id=other, purpose="x")
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.LendForWorkOrder(fresh, metadata=running.as_(AGENT), timeout=5)
        assert err.value.code() is grpc.StatusCode.PERMISSION_DENIED
        wrong = pb.ReturnForWorkOrderRequest(work_order_id="WO-1", key_count=1, key_set_code="R-1")
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.ReturnForWorkOrder(wrong, metadata=running.as_(ENGINEER), timeout=5)
        assert err.value.code() is grpc.StatusCode.FAILED_PRECONDITION  # KEY-07: refused, a case opened
        back = pb.ReturnForWorkOrderRequest(work_order_id="WO-1", key_count=2, key_set_code="R-1")
        returned = (await stub.ReturnForWorkOrder(back, metadata=running.as_(ENGINEER), timeout=5)).loan
        assert (returned.state, returned.refused_returns) == ("returned", 1)
        repeat = (await stub.ReturnForWorkOrder(back, metadata=running.as_(ENGINEER), timeout=5)).loan
        assert repeat.id == returned.id
