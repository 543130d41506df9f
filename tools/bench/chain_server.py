"""The chain floor's gRPC server: one primary-key SELECT per Get, one two-INSERT transaction per Create.

The floor of this architecture: whatever a service built on it does, a read crosses grpc.aio and
one SELECT, a write crosses grpc.aio and one transaction holding the record and its outbox row.
So this server does exactly that and nothing else: no ORM, no interceptors, no auth, no
idempotency, no tracing, no metrics, no validation beyond parsing the JSON body.

Two methods on a generic handler (``/bench.Chain/Get``, ``/bench.Chain/Create``) carry raw bytes
(no serializers), so no proto is needed:

- Get: request = the record id (UTF-8); response = the record's JSON body, or NOT_FOUND.
- Create: request = a JSON object; response = ``{"id": ..., **body}``. One transaction inserts the
  record and one outbox-like row (topic, key, payload).

Databases, each on its honest minimal fast path:

- SQLite: the stdlib driver on one connection in one worker thread (one thread hop per call, the
  whole statement or transaction inside it), with the platform's pragmas (WAL, busy timeout).
- PostgreSQL: psycopg's async driver with one connection pool (``psycopg_pool``; ten connections,
  the platform's default pool size), autocommit, so a Get is one round trip and a Create is
  BEGIN, two INSERTs, COMMIT.

Run by tools/bench/run.py: ``python chain_server.py --port P --database-url URL`` where URL is
``sqlite:///PATH`` or ``postgresql://...`` (``postgresql+psycopg://`` is accepted too).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sqlite3
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

import grpc
import grpc.aio

SERVICE = "bench.Chain"
TOPIC = "bench.records.v1"
PG_POOL_SIZE = 10  # the platform's CS_*_DATABASE_POOL_SIZE default

T = TypeVar("T")


class NotFound(Exception):
    pass


class Store(Protocol):
    async def get(self, record_id: str) -> bytes: ...
    async def create(self, record_id: str, body: str, payload: str) -> None: ...
    async def close(self) -> None: ...


# --------------------------------------------------------------------------------------------
# SQLite


SQLITE_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, "
    "key TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL)",
)


class SqliteStore:
    """One connection, used only from one worker thread: SQLite has one writer anyway, and one hop
    per call is the least an event loop can pay for a blocking driver."""

    def __init__(self, path: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        self._path = path
        self._conn: sqlite3.Connection | None = None

    async def open(self) -> None:
        await self._run(self._connect)

    def _connect(self) -> None:
        conn = sqlite3.connect(self._path, check_same_thread=False)
        # The platform's pragmas (cskit.db.engine): the same durability, so the same commit cost.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA foreign_keys=ON")
        for ddl in SQLITE_SCHEMA:
            conn.execute(ddl)
        conn.commit()
        self._conn = conn

    @property
    def conn(self) -> sqlite3.Connection:
        assert self._conn is not None, "open() first"
        return self._conn

    async def _run(self, fn: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    async def get(self, record_id: str) -> bytes:
        def select() -> bytes:
            row = self.conn.execute("SELECT body FROM records WHERE id = ?", (record_id,)).fetchone()
            if row is None:
                raise NotFound(record_id)
            return str(row[0]).encode()

        return await self._run(select)

    async def create(self, record_id: str, body: str, payload: str) -> None:
        def insert() -> None:
            now = datetime.now(UTC).isoformat()
            with self.conn:  # one transaction: commit on success, roll back on error
                self.conn.execute("INSERT INTO records (id, body, created_at) VALUES (?, ?, ?)", (record_id, body, now))
                self.conn.execute(
                    "INSERT INTO outbox (topic, key, payload, created_at) VALUES (?, ?, ?, ?)",
                    (TOPIC, record_id, payload, now),
                )

        await self._run(insert)

    async def close(self) -> None:
        if self._conn is not None:
            await self._run(self.conn.close)
        self._executor.shutdown(wait=True)


# --------------------------------------------------------------------------------------------
# PostgreSQL


PG_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS records (id uuid PRIMARY KEY, body text NOT NULL, "
    "created_at timestamptz NOT NULL DEFAULT now())",
    "CREATE TABLE IF NOT EXISTS outbox (id bigserial PRIMARY KEY, topic text NOT NULL, key text NOT NULL, "
    "payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
)


class PostgresStore:
    def __init__(self, conninfo: str) -> None:
        from psycopg_pool import AsyncConnectionPool

        # autocommit: a read is one round trip (no BEGIN/COMMIT around it); writes open their own.
        self.pool = AsyncConnectionPool(
            conninfo, min_size=PG_POOL_SIZE, max_size=PG_POOL_SIZE, kwargs={"autocommit": True}, open=False
        )

    async def open(self) -> None:
        await self.pool.open(wait=True, timeout=30.0)
        async with self.pool.connection() as conn:
            for ddl in PG_SCHEMA:
                await conn.execute(ddl)

    async def get(self, record_id: str) -> bytes:
        try:
            key = uuid.UUID(record_id)
        except ValueError:
            raise NotFound(record_id) from None
        async with self.pool.connection() as conn:
            cur = await conn.execute("SELECT body FROM records WHERE id = %s", (key,))
            row = await cur.fetchone()
        if row is None:
            raise NotFound(record_id)
        return str(row[0]).encode()

    async def create(self, record_id: str, body: str, payload: str) -> None:
        async with self.pool.connection() as conn, conn.transaction():
            await conn.execute("INSERT INTO records (id, body) VALUES (%s, %s)", (uuid.UUID(record_id), body))
            await conn.execute(
                "INSERT INTO outbox (topic, key, payload) VALUES (%s, %s, %s)", (TOPIC, record_id, payload)
            )

    async def close(self) -> None:
        await self.pool.close()


def conninfo(url: str) -> str:
    """libpq accepts postgresql:// URLs; drop SQLAlchemy's driver suffix if the caller used one."""
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest if scheme.startswith("postgresql") else url


async def open_store(url: str) -> Store:
    store: SqliteStore | PostgresStore
    if url.startswith("sqlite:///"):
        store = SqliteStore(url.removeprefix("sqlite:///"))
    elif url.startswith("postgresql"):
        store = PostgresStore(conninfo(url))
    else:
        raise SystemExit(f"unsupported database URL: {url}")
    await store.open()
    return store


# --------------------------------------------------------------------------------------------
# gRPC


def handler(store: Store) -> grpc.GenericRpcHandler:
    async def get(request: bytes, context: grpc.aio.ServicerContext[Any, Any]) -> bytes:
        try:
            return await store.get(request.decode())
        except NotFound:
            await context.abort(grpc.StatusCode.NOT_FOUND, "no such record")
            raise  # abort raises; this line only tells the type checker so

    async def create(request: bytes, context: grpc.aio.ServicerContext[Any, Any]) -> bytes:
        try:
            body = json.loads(request)
        except ValueError:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "body is not JSON")
            raise
        if not isinstance(body, dict):
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "body is not a JSON object")
        record_id = str(uuid.uuid4())
        text = request.decode()
        await store.create(record_id, text, json.dumps({"id": record_id, "body": body}))
        return json.dumps({"id": record_id, **body}).encode()

    # No request/response serializers: the methods see and return raw bytes.
    return grpc.method_handlers_generic_handler(
        SERVICE,
        {
            "Get": grpc.unary_unary_rpc_method_handler(get),
            "Create": grpc.unary_unary_rpc_method_handler(create),
        },
    )


async def serve(port: int, database_url: str) -> None:
    store = await open_store(database_url)
    server = grpc.aio.server()
    server.add_generic_rpc_handlers((handler(store),))
    server.add_insecure_port(f"127.0.0.1:{port}")
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await server.stop(grace=2.0)
        with contextlib.suppress(Exception):
            await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True, help="sqlite:///PATH or postgresql://...")
    args = parser.parse_args()
    # Plain asyncio, as the platform's services run grpc.aio (cskit.grpc.server under asyncio.run).
    asyncio.run(serve(args.port, args.database_url))


if __name__ == "__main__":
    main()
