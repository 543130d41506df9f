"""The unit of work of one call: the caller's branch scope, where the call came from (for the
audit trail) and its idempotency key, which commits in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Generic, Self, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.intake.app.ports import CallContext
from cskit.audit import RequestContext
from cskit.db.batch import WriteBatch
from cskit.db.uow import UnitOfWork, conflicts_translated
from cskit.domain import BranchScope, Clock
from cskit.idempotency import IdempotencyGuard, IdempotencyKeyRow


class JoinsOuterSession(UnitOfWork):
    """With ``_outer`` set (the timer runner's session), join that transaction and leave
    committing to its owner; otherwise open and close a transaction of its own."""

    _outer: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        if self._outer is None:
            await super().__aenter__()
        else:
            self._session = self._outer
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._outer is None:
            await super().__aexit__(exc_type, exc, tb)
        else:
            self._session = None


R = TypeVar("R")


class Scoped(Generic[R]):
    """A unit of work's repository, made with its session and the caller's branch scope the
    first time a transaction uses it, and afresh in each transaction (a retry re-enters the
    unit of work): ``agreements = Scoped(SqlAgreementRepository)``."""

    def __init__(self, make: Callable[[AsyncSession, BranchScope], R]) -> None:
        self._make = make
        self._slot = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_scoped_{name}"

    def __get__(self, uow: CallUnitOfWork, owner: type | None = None) -> R:
        made: tuple[AsyncSession, R] | None = uow.__dict__.get(self._slot)
        if made is None or made[0] is not uow.session:
            made = (uow.session, self._make(uow.session, uow._context.scope))
            uow.__dict__[self._slot] = made
        return made[1]


class CallUnitOfWork(UnitOfWork):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], context: CallContext, clock: Clock) -> None:
        super().__init__(sessions)
        self._context = context
        self._clock = clock
        guard = context.idempotency
        self._guard = guard if isinstance(guard, IdempotencyGuard) else None

    @property
    def request_context(self) -> RequestContext:
        return RequestContext(self._context.actor, self._context.request_id, self._context.client_ip)

    async def claim(self) -> str | None:
        """Claim the call's idempotency key first in this transaction (``cskit.calls.once``)."""
        return None if self._guard is None else await self._guard.claim(self.session)

    async def recall(self) -> str | None:
        """What an earlier call with the same idempotency key produced, if any."""
        return None if self._guard is None else await self._guard.recall(self.session)

    async def commit(self, *, result_ref: str | None = None) -> None:
        """Stage this call's changes (``stage_changes``) and its idempotency key in one write
        batch (on PostgreSQL one statement) and commit them in one transaction (PLT-03)."""
        context = self.request_context
        async with conflicts_translated(self.session):
            batch = WriteBatch()
            await self.stage_changes(batch, context)
            self.remember(result_ref, self._clock.now(), batch)
            await batch.flush(self.session)
            await self.session.commit()

    async def stage_changes(self, batch: WriteBatch, context: RequestContext) -> None:
        """A sub-domain's unit of work writes its records and stages their outbox rows here."""
        raise NotImplementedError

    def remember(self, result_ref: str | None, now: datetime, batch: WriteBatch | None = None) -> None:
        """Stage the idempotency key with this call's result (commits with the change), as a
        row of ``batch`` when given (sent with the change in one statement)."""
        if self._guard is None or result_ref is None:
            return
        if batch is None:
            self._guard.remember(self.session, result_ref, now)
        else:
            batch.insert(IdempotencyKeyRow.__table__, [self._guard.row(result_ref, now)])  # type: ignore[arg-type]
