"""The unit of work: the only place that commits.

A service subclasses it, opens its repositories on ``session`` and, in ``commit``, writes
its aggregates' changes and their events (as outbox rows) before calling ``super().commit()``,
so a state change and its events commit in one transaction (PLT-03).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Self
from weakref import WeakKeyDictionary

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from cskit.domain.errors import WriteConflict


@asynccontextmanager
async def conflicts_translated(session: AsyncSession) -> AsyncIterator[None]:
    """Lost races (a stale version, a duplicate key) become a ``WriteConflict``, rolled back.

    Flushes happen early (autoflush before a query), so the whole write path is guarded,
    not just the final COMMIT.
    """
    try:
        yield
    except StaleDataError as exc:
        await session.rollback()
        raise WriteConflict("the record changed meanwhile; reload and try again", code="concurrent_change") from exc
    except IntegrityError as exc:
        await session.rollback()
        raise WriteConflict("a conflicting write happened meanwhile; try again", code="write_conflict") from exc
    except DBAPIError as exc:
        if _sqlstate(exc) not in _RACE_SQLSTATES:
            raise
        await session.rollback()
        raise WriteConflict("a conflicting write happened meanwhile; try again", code="write_conflict") from exc


# PostgreSQL's verdicts on two transactions that cannot both go on: a deadlock (e.g. a user's
# command and the timer runner locking a case and its timer in opposite orders) and a
# serialization failure. Either loser may simply run again.
_RACE_SQLSTATES = frozenset({"40P01", "40001"})


def _sqlstate(exc: DBAPIError) -> str | None:
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code if isinstance(code, str) else None


_sqlite_writers: WeakKeyDictionary[AsyncEngine, asyncio.Lock] = WeakKeyDictionary()


def _writer_lock(sessions: async_sessionmaker[AsyncSession]) -> asyncio.Lock | None:
    """SQLite takes one writer at a time and makes the others poll with sleeps that grow to
    100 ms; queueing a process's units of work on a lock instead keeps them in order and
    quick. PostgreSQL locks rows, so it needs none."""
    engine = sessions.kw.get("bind")
    if not isinstance(engine, AsyncEngine) or engine.dialect.name != "sqlite":
        return None
    return _sqlite_writers.setdefault(engine, asyncio.Lock())


class UnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        self._writer = _writer_lock(sessions)

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work used outside `async with`")
        return self._session

    async def __aenter__(self) -> Self:
        if self._writer is not None:
            await self._writer.acquire()
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
            if self._writer is not None:
                self._writer.release()

    async def commit(self) -> None:
        async with conflicts_translated(self.session):
            await self.session.commit()
