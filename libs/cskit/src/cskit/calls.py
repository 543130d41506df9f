"""The call pipeline every service shares: one call context, and ``once()``.

The kit's gRPC server interceptor verifies the caller token and sets one ``Call`` for the
RPC being served (``current_call()``): the method, the verified actor and address, the
request id and the idempotency key (scoped to the caller and the method, with the request's
hash). A servicer decodes the request and hands the call to an application handler; the
handler holds only domain calls, wrapped in ``once``:

    return await once(self._uow(ctx), work, ref=lambda c: c.id, replay=lambda uow, ref: uow.cases.get(ref))

``once`` opens the unit of work, claims the idempotency key first in that transaction
(``IdempotencyGuard.claim``), runs ``work``, commits the change with the key and the
result's reference, and re-runs the whole thing when the commit loses a write race
(``cskit.retry``).
A repeated key replays the first result; a concurrent duplicate waits for the first call's
transaction and then replays it (never a 409); the same key with a different request is a
409 ``idempotency_key_reused``. ``act`` is ``once`` for the commonest command (load one
record, let the domain change it, answer with it). No pure-domain code imports this module.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self, TypeVar

from cskit.domain.actor import Actor, BranchScope, branch_scope_of
from cskit.domain.errors import Unauthenticated
from cskit.retry import DEFAULT_RETRY, RetryPolicy, retry_write_conflicts

R = TypeVar("R")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Call:
    """One call: who (verified), from where, which method, and its idempotency key.

    ``idempotency`` is opaque here (the unit of work's ``IdempotencyGuard``); ``system`` is
    set only for the service's own work (timers), whose scope is a named all-branches one;
    a caller's scope always comes from its actor (PLT-01).
    """

    actor: Actor
    request_id: str | None = None
    client_ip: str | None = None
    idempotency: object | None = None
    system: BranchScope | None = None
    method: str = ""

    @property
    def scope(self) -> BranchScope:
        return self.system if self.system is not None else branch_scope_of(self.actor)


_current: ContextVar[Call | None] = ContextVar("cs_call", default=None)


def current_call() -> Call:
    """The call being served, as the kit's server interceptor verified and set it."""
    call = _current.get()
    if call is None:
        # Only reachable when a servicer runs without the kit's interceptor: fail closed.
        raise Unauthenticated("no verified caller for this call", code="caller_unauthenticated")
    return call


def set_current_call(call: Call | None) -> object:
    return _current.set(call)


def reset_current_call(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


class OnceUnitOfWork(Protocol):
    """What ``once`` needs of a unit of work (re-entered afresh on each attempt)."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def claim(self) -> str | None:
        """Claim the call's idempotency key in this transaction: None when this call does the
        work (or has no key), else the reference an earlier call with that key recorded."""
        ...

    async def commit(self, *, result_ref: str | None = None) -> None: ...


U = TypeVar("U", bound=OnceUnitOfWork)


async def once(
    uow: U,
    work: Callable[[U], Awaitable[R]],
    *,
    ref: Callable[[R], str],
    replay: Callable[[U, str], Awaitable[R]],
    retry: RetryPolicy | None = DEFAULT_RETRY,
) -> R:
    """Run ``work`` once per idempotency key and commit it with ``ref(result)``; answer a
    repeat with ``replay(uow, ref)``. ``retry=None`` for work that runs inside a transaction
    someone else retries (the timer runner's)."""

    async def attempt() -> R:
        async with uow:
            prior = await uow.claim()
            if prior is not None:
                return await replay(uow, prior)
            result = await work(uow)
            await uow.commit(result_ref=ref(result))
            return result

    return await (attempt() if retry is None else retry_write_conflicts(attempt, retry))


async def act(
    uow: U,
    record_id: str,
    *,
    load: Callable[[U, str], Awaitable[T]],
    change: Callable[[T], None],
    ref: Callable[[T], str],
    retry: RetryPolicy | None = DEFAULT_RETRY,
) -> T:
    """The commonest command: load one record in the caller's scope, let the domain
    ``change`` it, commit once per idempotency key; a repeat answers with the record as it
    now stands (``load`` by the recorded reference)."""

    async def work(uow: U) -> T:
        record = await load(uow, record_id)
        change(record)
        return record

    return await once(uow, work, ref=ref, replay=load, retry=retry)
