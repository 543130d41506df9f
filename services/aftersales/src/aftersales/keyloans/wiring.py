"""The repair keys' part of the composition root: the RepairKeyService, the keys client (this
service's caller key, ``settings.keys_target``; its channel closed at shutdown), the key-call
timers and the gauge."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from aftersales import SERVICE
from aftersales.keyloans.api import servicer as api
from aftersales.keyloans.app.handlers import LEND, RETURN, KeyLoanHandlers
from aftersales.keyloans.app.ports import KeysPort
from aftersales.keyloans.client import GrpcKeys
from aftersales.keyloans.domain.policy import KeyLoanPolicy
from aftersales.keyloans.domain.requests import KeyCall
from aftersales.keyloans.persistence.gauges import refresh_key_gauges
from aftersales.keyloans.persistence.uow import SqlKeyLoansUnitOfWork
from aftersales.wiring import Parts, Wiring, system_call
from cskit.composition import Hook
from cskit.records import registration
from cskit.timers import Timer, TimerHandler

SYSTEM = system_call("repair-key calls to the keys service (issue 14 item 2)")


def policy(w: Wiring) -> KeyLoanPolicy:
    s = w.settings
    return KeyLoanPolicy(
        retry_base=timedelta(seconds=s.keys_retry_base_seconds), retry_max=timedelta(seconds=s.keys_retry_max_seconds)
    )


def parts(w: Wiring, keys: KeysPort | None = None) -> Parts:
    s = w.settings
    stops: list[Hook] = []
    if keys is None:
        client = GrpcKeys(s.keys_target, s.caller_minter(SERVICE), timeout=s.keys_call_timeout_seconds)
        # The channel to keys is this service's to close; a port handed in is its giver's.
        stops.append(client.close)
        keys = client
    handlers = KeyLoanHandlers(lambda call: SqlKeyLoansUnitOfWork(w.sessions, call, w.clock), keys, w.clock, policy(w))

    def call(kind: str) -> TimerHandler:
        async def fire(session: AsyncSession, timer: Timer) -> None:
            # Joins the runner's transaction: the order's answer (or the retry) commits with the timer.
            uow = SqlKeyLoansUnitOfWork(w.sessions, SYSTEM, w.clock, session)
            request = KeyCall.of(timer.payload)
            if kind == LEND:
                await handlers.lend_due(timer.subject, request, uow)
            else:
                await handlers.return_due(timer.subject, request, uow)

        return fire

    servicer = api.RepairKeyServicer(handlers, None)
    return Parts(
        [registration(api.SERVICE_DESCRIPTOR, api.add_to_server, servicer)],
        {LEND: call(LEND), RETURN: call(RETURN)},
        stops=stops,
        gauges=[refresh_key_gauges],
    )
