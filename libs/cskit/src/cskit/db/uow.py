"""The unit of work: the only place that commits.

A service subclasses it, opens its repositories on ``session`` and, in ``commit``, writes
its aggregates' changes and their events (as outbox rows) before calling ``super().commit()``,
so a state change and its events commit in one transaction (PLT-03).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from cskit.domain.errors import Conflict


@asynccontextmanager
async def conflicts_translated(session: AsyncSession) -> AsyncIterator[None]:
    """Lost races (a stale version, a duplicate key) become a domain Conflict, rolled back.

    Flushes happen early (autoflush before a query), so the whole write path is guarded,
    not just the final COMMIT.
    """
    try:
        yield
    except StaleDataError as exc:
        await session.rollback()
        raise Conflict("the record changed meanwhile; reload and try again", code="concurrent_change") from exc
    except IntegrityError as exc:
        await session.rollback()
        raise Conflict("a conflicting write happened meanwhile; try again", code="write_conflict") from exc


class UnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work used outside `async with`")
        return self._session

    async def __aenter__(self) -> Self:
        self._session = self._sessions()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, self._session = self.session, None
        try:
            await session.rollback()
        finally:
            await session.close()

    async def commit(self) -> None:
        async with conflicts_translated(self.session):
            await self.session.commit()
