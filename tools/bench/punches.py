"""The attendance benchmarks of ``make bench`` (issue 11, item 12), beside the chain floor:

- **single punch POST**: wrk POSTs terminal punches (``punch.lua``) to /v1/attendance/punches
  through the gateway, right after the chain's POST; its rate is judged as a ratio to the chain's.
- **terminal batch upload**: one terminal uploads its day, 500 punches a request, batch after
  batch, through the gateway (/v1/attendance/terminals/{device}/punch-batches), in punches/s;
  then the very rows it stored (read back from attendance_punches) are INSERTed bare, 500 a
  statement, one transaction each, into a scratch copy of the table on the same database with
  the plain driver: the floor of "store 500 rows". Both are punches/s on the same database in
  the same run; the ratio is reported (the issue sets no target for it).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

BATCH_SIZE = 500
SCRATCH = "bench_bare_punches"
COLUMNS = ("id", "branch_id", "employee_id", "punched_at", "created_at", "version", "document")


@dataclass
class BatchResult:
    database: str
    batches: int
    punches: int
    seconds: float
    bare_seconds: float
    recorded: int
    p50_ms: float
    p99_ms: float
    first_error: str = ""

    @property
    def rate(self) -> float:
        return self.punches / self.seconds if self.seconds else 0.0

    @property
    def bare_rate(self) -> float:
        return self.punches / self.bare_seconds if self.bare_seconds else 0.0

    def lines(self) -> list[str]:
        if self.first_error:
            return [f"Terminal batch upload on {self.database}: failed: {self.first_error}"]
        return [
            f"Terminal batch upload on {self.database}: {self.batches} requests of {BATCH_SIZE} new punches "
            f"through the gateway, one after another: {self.recorded} recorded in {self.seconds:.2f} s = "
            f"{self.rate:,.0f} punches/s (request p50 {self.p50_ms:.0f} ms, p99 {self.p99_ms:.0f} ms); "
            f"the same rows INSERTed bare ({BATCH_SIZE} a statement, one transaction each): "
            f"{self.bare_seconds:.2f} s = {self.bare_rate:,.0f} punches/s; ratio {self.rate / self.bare_rate:.3f}."
            if self.bare_rate
            else f"Terminal batch upload on {self.database}: {self.rate:,.0f} punches/s; no bare baseline."
        ]


def _stamp(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def upload_batches(gateway: str, token: str, batches: int) -> tuple[float, int, list[float]]:
    """``batches`` requests of 500 new punches from one terminal; (seconds, recorded, latencies)."""
    run = uuid.uuid4().hex[:8]
    device = f"T-bench-{run}"
    bodies = []
    for b in range(batches):
        now = datetime.now(UTC)
        bodies.append(
            json.dumps(
                {
                    "punches": [
                        {
                            "employee_id": f"emp-{i}",
                            "source_punch_id": f"{run}-{b}-{i}",
                            "device_time": _stamp(now - timedelta(seconds=i % 120)),
                        }
                        for i in range(BATCH_SIZE)
                    ]
                }
            )
        )
    url = f"{gateway}/v1/attendance/terminals/{device}/punch-batches"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    recorded, latencies = 0, []
    with httpx.Client(timeout=60.0) as client:
        # One warm-up request (connections, statement caches) that is not counted.
        warm = client.post(url, content=bodies[0].replace(run, f"{run}w"), headers=headers)
        if warm.status_code != 200:
            raise RuntimeError(f"batch upload answered {warm.status_code}: {warm.text[:300]}")
        started = time.perf_counter()
        for body in bodies:
            t0 = time.perf_counter()
            resp = client.post(url, content=body, headers=headers)
            latencies.append((time.perf_counter() - t0) * 1000)
            if resp.status_code != 200:
                raise RuntimeError(f"batch upload answered {resp.status_code}: {resp.text[:300]}")
            recorded += int(resp.json().get("recorded", 0))
        return time.perf_counter() - started, recorded, latencies


def _bare_pg(url: str, limit: int) -> float:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        conn.execute(f"CREATE TABLE {SCRATCH} (LIKE attendance_punches INCLUDING ALL)")
        rows = conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM attendance_punches ORDER BY created_at, id LIMIT %s", (limit,)
        ).fetchall()
        conn.commit()
        chunks = [rows[i : i + BATCH_SIZE] for i in range(0, len(rows), BATCH_SIZE)]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s::json)"] * BATCH_SIZE)
        full = f"INSERT INTO {SCRATCH} ({', '.join(COLUMNS)}) VALUES {values}"
        started = time.perf_counter()
        for chunk in chunks:
            stmt = (
                full
                if len(chunk) == BATCH_SIZE
                else full.rsplit("VALUES", 1)[0]
                + "VALUES "
                + ", ".join(["(%s, %s, %s, %s, %s, %s, %s::json)"] * len(chunk))
            )
            params = [json.dumps(v) if isinstance(v, dict) else v for row in chunk for v in row]
            conn.execute(stmt, params)
            conn.commit()
        elapsed = time.perf_counter() - started
        conn.execute(f"DROP TABLE {SCRATCH}")
        conn.commit()
    return elapsed


def _bare_sqlite(url: str, limit: int) -> float:
    conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        conn.execute(f"CREATE TABLE {SCRATCH} AS SELECT * FROM attendance_punches WHERE 0")
        rows = conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM attendance_punches ORDER BY created_at, id LIMIT ?", (limit,)
        ).fetchall()
        conn.commit()
        started = time.perf_counter()
        for i in range(0, len(rows), BATCH_SIZE):
            chunk = rows[i : i + BATCH_SIZE]
            marks = ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(chunk))
            conn.execute(f"INSERT INTO {SCRATCH} VALUES {marks}", [v for row in chunk for v in row])
            conn.commit()
        elapsed = time.perf_counter() - started
        conn.execute(f"DROP TABLE {SCRATCH}")
        conn.commit()
        return elapsed
    finally:
        conn.close()


def measure_batches(gateway: str, token: str, database_url: str, database: str, batches: int) -> BatchResult:
    try:
        seconds, recorded, latencies = upload_batches(gateway, token, batches)
        punches = batches * BATCH_SIZE
        # The rows the platform stored (the warm-up's too, read in order; only as many as measured).
        bare = _bare_sqlite if database_url.startswith("sqlite") else _bare_pg
        bare_seconds = bare(database_url, punches)
    except Exception as exc:
        return BatchResult(database, batches, 0, 0.0, 0.0, 0, 0.0, 0.0, first_error=f"{type(exc).__name__}: {exc}")
    return BatchResult(
        database,
        batches,
        punches,
        seconds,
        bare_seconds,
        recorded,
        _percentile(latencies, 0.5),
        _percentile(latencies, 0.99),
    )


@contextlib.contextmanager
def attendance_database(kind: str) -> Iterator[str | None]:
    """On PostgreSQL, a throwaway database of attendance's own (the platform gives every other
    service SQLite otherwise); None on SQLite (its default file in the platform's folder)."""
    if kind != "postgresql":
        yield None
        return
    from cskit.testing.postgres import fresh_pg_database

    with fresh_pg_database("cs_bench_att") as url:
        yield url
