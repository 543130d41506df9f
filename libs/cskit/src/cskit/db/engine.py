"""Engines and session factories from one URL: async for request handling, sync for workers.

The same database URL serves both: ``sqlite:///x.db`` or ``postgresql+psycopg://...``.
SQLite is the embedded default; PostgreSQL is used by URL.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker


def async_url(url: str) -> str:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u.set(drivername="sqlite+aiosqlite").render_as_string(hide_password=False)
    if u.get_backend_name() == "postgresql":
        return u.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def sync_url(url: str) -> str:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u.set(drivername="sqlite").render_as_string(hide_password=False)
    if u.get_backend_name() == "postgresql":
        return u.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the one writer; busy_timeout waits instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# A pooled connection idle this long is pinged before use (see ``ping_when_idle``).
PING_AFTER_IDLE_S = 5.0
_IDLE_SINCE = "cs_idle_since"


def ping_when_idle(engine: Engine, after_s: float = PING_AFTER_IDLE_S) -> None:
    """Ping a pooled connection on checkout only when it sat idle ``after_s`` or longer.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout: one more round trip per
    transaction (a GET, each step of a write, each relay pass). Connections go stale while
    idle (a restarted server, a NAT or proxy dropping quiet connections); one handed back
    milliseconds ago by a busy service is alive. A dead one found here is replaced
    transparently (``DisconnectionError``: the pool discards it and connects again).
    """

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is None or time.monotonic() - since < after_s:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise DisconnectionError("pooled connection failed its ping") from exc
        if not alive:
            raise DisconnectionError("pooled connection failed its ping")


class Database:
    """Owns a service's engines; build one per process in ``bootstrap``."""

    def __init__(
        self, url: str, *, pool_size: int = 10, echo: bool = False, ping_after_idle_s: float = PING_AFTER_IDLE_S
    ) -> None:
        self.url = url
        self.sqlite = is_sqlite(url)
        pool: dict[str, Any] = {} if self.sqlite else {"pool_size": pool_size}
        self._ping_after_idle_s = ping_after_idle_s
        self._async_engine: AsyncEngine | None = None
        self._side_engine: AsyncEngine | None = None
        self._sync_engine: Engine | None = None
        self._pool = pool
        self._echo = echo

    @property
    def async_engine(self) -> AsyncEngine:
        if self._async_engine is None:
            self._async_engine = create_async_engine(async_url(self.url), echo=self._echo, **self._pool)
            if self.sqlite:
                event.listen(self._async_engine.sync_engine, "connect", _sqlite_pragmas)
            else:
                ping_when_idle(self._async_engine.sync_engine, self._ping_after_idle_s)
        return self._async_engine

    @property
    def side_engine(self) -> AsyncEngine | None:
        """PostgreSQL only: a small pool of its own for one-statement transactions that must not
        wait behind the request pool (a counter's UPSERT while its callers hold request
        connections); None on SQLite, whose single writer makes such a pool pointless."""
        if self.sqlite:
            return None
        if self._side_engine is None:
            self._side_engine = create_async_engine(async_url(self.url), echo=self._echo, pool_size=2, max_overflow=2)
            ping_when_idle(self._side_engine.sync_engine, self._ping_after_idle_s)
        return self._side_engine

    @property
    def sync_engine(self) -> Engine:
        if self._sync_engine is None:
            self._sync_engine = create_engine(sync_url(self.url), echo=self._echo, **self._pool)
            if self.sqlite:
                event.listen(self._sync_engine, "connect", _sqlite_pragmas)
            else:
                ping_when_idle(self._sync_engine, self._ping_after_idle_s)
        return self._sync_engine

    def async_sessions(self) -> async_sessionmaker[AsyncSession]:
        return async_sessionmaker(self.async_engine, expire_on_commit=False)

    def read_sessions(self) -> async_sessionmaker[AsyncSession]:
        """Sessions for reads that are one statement: in autocommit on PostgreSQL, so the read is
        that statement alone, without the BEGIN and ROLLBACK round trips around it. Not for writes,
        nor for a read whose statements must agree (each would see its own snapshot)."""
        engine = self.async_engine
        if not self.sqlite:
            engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        return async_sessionmaker(engine, expire_on_commit=False)

    def sync_sessions(self) -> sessionmaker[Session]:
        return sessionmaker(self.sync_engine, expire_on_commit=False)

    async def dispose(self) -> None:
        if self._async_engine is not None:
            await self._async_engine.dispose()
        if self._side_engine is not None:
            await self._side_engine.dispose()
        if self._sync_engine is not None:
            self._sync_engine.dispose()
