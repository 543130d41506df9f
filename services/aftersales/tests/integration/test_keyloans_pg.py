"""Issue 14 item 2 on PostgreSQL with a real keys service in process (its own database and
grpc.aio server): a work order borrows its repair key through keys' gRPC API, signed with
aftersales' own caller key for the engineer; with keys down the return is retried by its
timer and the order stays RETURNING (no sign-off); keys back, the key is returned, once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from aftersales.bootstrap import build
from aftersales.domain.kinds import KeyLoan
from aftersales.keyloans.app.handlers import RETURN, KeyLoanHandlers
from aftersales.keyloans.domain.commands import AskForRepairKey, ReturnRepairKey
from aftersales.keyloans.persistence.uow import SqlKeyLoansUnitOfWork
from aftersales.observability import ORDERS_WITH_KEY_OUT
from aftersales.orders.app.handlers import OrderHandlers
from aftersales.orders.domain import commands as oc
from aftersales.orders.domain.model import WorkOrder
from aftersales.orders.persistence.uow import SqlOrdersUnitOfWork
from aftersales.service import MIGRATIONS
from aftersales.settings import AftersalesSettings
from aftersales.testing import ENGINEER, FRONT_DESK, POLICY, T0
from aftersales.wiring import AftersalesParts
from keys import SERVICE as KEYS
from keys.bootstrap import build as build_keys
from keys.register.app.handlers import RegisterHandlers
from keys.register.domain.commands import RegisterKeySet
from keys.register.persistence.uow import SqlRegisterUnitOfWork
from keys.service import MIGRATIONS as KEYS_MIGRATIONS
from keys.settings import KeysSettings
from keys.testing import CUSTODIAN
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from cskit.db.engine import async_url
from cskit.db.migrations import upgrade
from cskit.domain import FrozenClock
from cskit.grpc.caller import generate_private_pem, public_pem
from cskit.grpc.server import GrpcServer
from cskit.messaging.outbox import OutboxRow
from cskit.records import ServiceParts
from cskit.testing.postgres import fresh_pg_database
from cskit.timers.rows import TimerRow

pytestmark = pytest.mark.integration


class NoKeys:
    """The commands never call keys (their timers do)."""

    async def lend(self, work_order_id: str, request: object) -> tuple[str, str]:
        raise AssertionError("called keys from a command")

    async def give_back(self, work_order_id: str, request: object) -> str:
        raise AssertionError("called keys from a command")


@dataclass
class Keys:
    app: ServiceParts
    settings: KeysSettings
    url: str
    server: GrpcServer | None = None
    port: int = 0

    async def start(self) -> None:
        self.server = GrpcServer(
            service_name=KEYS,
            register=self.app.register,
            service_full_names=self.app.service_names,
            callers=self.settings.caller_verifier(KEYS),
            host="127.0.0.1",
        )
        self.port = await self.server.start(self.port)

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.stop(0)
            self.server = None

    async def loan_state(self, loan_id: str) -> str:
        engine = create_async_engine(async_url(self.url))
        try:
            async with engine.connect() as conn:
                found = await conn.scalar(text("SELECT state FROM keys_loans WHERE id = :id"), {"id": loan_id})
        finally:
            await engine.dispose()
        return str(found)


@dataclass
class World:
    app: AftersalesParts
    keys: Keys
    orders: OrderHandlers
    key_loans: KeyLoanHandlers
    clock: FrozenClock


@pytest.fixture
async def world(pg_url: str) -> AsyncIterator[World]:
    private = generate_private_pem()
    with fresh_pg_database() as keys_url:
        upgrade(KEYS_MIGRATIONS, keys_url)
        keys_settings = KeysSettings(
            database_url=keys_url, trusted_callers={"aftersales": [public_pem(private)]}, allow_dev_caller_key=False
        )
        keys = Keys(build_keys(keys_settings, clock=FrozenClock(T0), test_clock=False), keys_settings, keys_url)
        await keys.start()
        upgrade(MIGRATIONS, pg_url)
        clock = FrozenClock(T0)
        settings = AftersalesSettings(
            database_url=pg_url,
            keys_target=f"127.0.0.1:{keys.port}",
            caller_private_key=private,
            allow_dev_caller_key=False,
            keys_call_timeout_seconds=2.0,
        )
        app = build(settings, clock=clock, test_clock=False)
        sessions = app.database.async_sessions()
        orders = OrderHandlers(lambda c: SqlOrdersUnitOfWork(sessions, c, clock), clock, POLICY)
        key_loans = KeyLoanHandlers(lambda c: SqlKeyLoansUnitOfWork(sessions, c, clock), NoKeys(), clock)
        try:
            yield World(app, keys, orders, key_loans, clock)
        finally:
            await keys.stop()
            await app.stop()  # closes the channel the timers' calls to keys opened, as serve does
            await app.database.dispose()
            await keys.app.database.dispose()


async def repair_key_set(keys: ServiceParts, code: str) -> str:
    sessions = keys.database.async_sessions()
    handlers = RegisterHandlers(lambda c: SqlRegisterUnitOfWork(sessions, c, keys.clock), keys.clock)
    made = await handlers.register_key_set(
        RegisterKeySet(code=code, unit="3-2-401", kind="repair", key_count=2, cabinet="C1", hook=f"H-{code}", custodian="custodian-1"),
        CUSTODIAN,
    )  # fmt: skip
    return made.id


async def dispatched(w: World) -> WorkOrder:
    opened = await w.orders.open_work_order(
        oc.OpenWorkOrder(
            kind="home_repair",
            origin="resident_call",
            requester_name="王芳",
            requester_phone="13812345678",
            unit="3-2-401",
            fault="厨房水龙头漏水",
            warranty="in_warranty",
        ),
        FRONT_DESK,
    )
    await w.orders.assign_work_order(
        oc.AssignWorkOrder(id=opened.id, engineer="engineer-1", basis="on_duty"), FRONT_DESK
    )
    return await w.orders.accept_work_order(oc.AcceptWorkOrder(id=opened.id), ENGINEER)


async def order(w: World, order_id: str) -> WorkOrder:
    sessions = w.app.database.async_sessions()
    async with SqlOrdersUnitOfWork(sessions, FRONT_DESK, w.clock) as uow:
        return await uow.orders.get(order_id)


async def event_types(w: World) -> list[str]:
    async with w.app.database.async_sessions()() as session:
        types = (await session.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    return [t.rsplit(".", 1)[-1] for t in types]


async def pending_returns(w: World) -> list[TimerRow]:
    async with w.app.database.async_sessions()() as session:
        found = await session.scalars(select(TimerRow).where(TimerRow.kind == RETURN, TimerRow.fired_at.is_(None)))
        return list(found.all())


async def test_issue_14_repair_key_borrowed_and_returned_through_the_real_keys_service_retried_while_it_is_down(
    world: World,
) -> None:
    w = world
    key_set_id = await repair_key_set(w.keys.app, "R-401")
    wo = await dispatched(w)
    asked = await w.key_loans.ask_for_repair_key(AskForRepairKey(id=wo.id, key_set_id=key_set_id), ENGINEER)
    assert asked.key_loan is KeyLoan.REQUESTED
    assert await w.app.timers.run_once() >= 1
    lent = await order(w, wo.id)
    assert lent.key_loan is KeyLoan.LENT and lent.key_loan_id
    assert await w.keys.loan_state(lent.key_loan_id) == "open"
    assert "KeyLent" in await event_types(w)
    await w.app.refresh_gauges()
    assert ORDERS_WITH_KEY_OUT.labels("b1")._value.get() == 1

    # Keys goes down: the return is recorded on the order, its call is retried by the timer.
    await w.keys.stop()
    back = ReturnRepairKey(id=wo.id, key_count=2, key_set_code="R-401", note="both keys")
    assert (await w.key_loans.return_repair_key(back, ENGINEER)).key_loan is KeyLoan.RETURNING
    await w.app.timers.run_once()
    assert (await order(w, wo.id)).key_loan is KeyLoan.RETURNING
    [retry] = await pending_returns(w)
    assert retry.due_at == w.clock.now() + timedelta(seconds=5) and retry.payload["attempt"] == 1
    assert retry.payload["key_set_code"] == "R-401"
    assert (await order(w, wo.id)).key_loan.out  # so no sign-off (WorkOrder.sign_off, tested with AFS-03)

    # Keys is back: the retried return goes through (the channel may take a moment to reconnect).
    await w.keys.start()
    for _ in range(40):
        w.clock.advance(timedelta(minutes=5))
        await w.app.timers.run_once()
        if (await order(w, wo.id)).key_loan is KeyLoan.RETURNED:
            break
        await asyncio.sleep(0.25)
    returned = await order(w, wo.id)
    assert returned.key_loan.value == "returned"
    assert await w.keys.loan_state(lent.key_loan_id) == "returned"
    assert await pending_returns(w) == []
    await w.app.refresh_gauges()
    assert ("b1",) not in ORDERS_WITH_KEY_OUT._metrics
    types = await event_types(w)
    assert types.count("KeyLent") == 1 and types.count("KeyReturned") == 1
