"""Daily count benchmark (issue 12 item 12, KEY-08): count every cabinet of a register of N key
sets on PostgreSQL - open each cabinet's count, record what was found in one call, close it
(the reconciliation and the discrepancy cases in one transaction) - and the daily reminder job
over the whole register.

- seed (not timed): N key sets through the register's own unit of work (events, projections,
  outbox rows), ``--per-cabinet`` to a cabinet (default 250: 20 cabinets for 5,000); every
  100th key set lent (expected out), every 50th not found by the count (a COUNT_MISSING case);
- open / record / close: the count handlers as the gRPC servicer calls them, timed per phase,
  after an untimed count of a warm-up cabinet of the same size (statement compilation warmed);
  the close's SQL statements are counted (set-based: a handful per cabinet, never one per key);
- remind: the daily job's pass (three reads, one outbox row per custodian, the next timer).

    .venv/bin/python tools/bench/keys_count.py --keys 5000 [--per-cabinet 250]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    keys: int
    cabinets: int
    seed_s: float
    open_s: float
    record_s: float
    close_s: float
    close_statements: int
    remind_s: float
    cases: int
    reminders: int

    @property
    def count_s(self) -> float:
        return self.open_s + self.record_s + self.close_s

    def lines(self) -> list[str]:
        per = 1000 / self.keys
        return [
            f"keys count: {self.keys:,} key sets in {self.cabinets} cabinets (seed {self.seed_s:.1f} s, not timed)",
            f"  open    {self.open_s * 1000:9.1f} ms  ({self.open_s * per:.3f} ms per key)",
            f"  record  {self.record_s * 1000:9.1f} ms  ({self.record_s * per:.3f} ms per key)",
            f"  close   {self.close_s * 1000:9.1f} ms  ({self.close_s * per:.3f} ms per key; "
            f"{self.close_statements} SQL statements for {self.cabinets} closes, {self.cases} cases opened)",
            f"  total   {self.count_s * 1000:9.1f} ms  ({self.count_s * per:.3f} ms per key)",
            f"  remind  {self.remind_s * 1000:9.1f} ms  ({self.reminders} reminders over the register)",
        ]


async def seed(sessions: Any, clock: Any, keys: int, per_cabinet: int, prefix: str = "C") -> list[str]:
    from keys.register.domain.model import KeySet
    from keys.register.persistence.uow import SqlRegisterUnitOfWork
    from keys.testing import CUSTODIAN

    now = clock.now()
    cabinets = [f"{prefix}{c:03d}" for c in range((keys + per_cabinet - 1) // per_cabinet)]
    for start in range(0, keys, 1000):
        async with SqlRegisterUnitOfWork(sessions, CUSTODIAN, clock) as uow:
            for n in range(start, min(start + 1000, keys)):
                key_set = KeySet.register(
                    key_set_id=str(uuid.uuid4()),
                    actor=CUSTODIAN.actor,
                    code=f"{prefix}K{n:06d}",
                    unit=f"{n // 100}-{n % 100}",
                    kind="vacant_unit",
                    key_count=2,
                    cabinet=cabinets[n // per_cabinet],
                    hook=f"H{n % per_cabinet:03d}",
                    custodian=CUSTODIAN.actor.subject,
                    now=now,
                )
                if n % 100 == 99:
                    key_set.lend(
                        CUSTODIAN.actor, ref=f"loan-{n}", borrower="agent-1", due_at=now + timedelta(hours=4), now=now
                    )
                uow.key_sets.add(key_set)
            await uow.commit()
    return cabinets


async def run(pg_url: str, keys: int, per_cabinet: int) -> Result:
    from keys.counts.app.handlers import CountHandlers
    from keys.counts.domain.commands import CloseCount, RecordFound, StartCount
    from keys.counts.domain.model import found_item
    from keys.counts.persistence.reminders import send_reminders
    from keys.counts.persistence.uow import SqlCountsUnitOfWork
    from keys.domain.policy import KeysPolicy
    from keys.testing import CUSTODIAN, T0
    from sqlalchemy import event

    from cskit.db.engine import Database
    from cskit.domain import FrozenClock

    database = Database(pg_url, pool_size=5)
    sessions = database.async_sessions()
    clock = FrozenClock(T0)
    policy = KeysPolicy()
    handlers = CountHandlers(lambda call: SqlCountsUnitOfWork(sessions, call, clock), clock, policy)
    try:
        t0 = time.perf_counter()
        cabinets = await seed(sessions, clock, keys, per_cabinet)
        seed_s = time.perf_counter() - t0
        warm = await seed(sessions, clock, per_cabinet, per_cabinet, prefix="W")
        open_s = record_s = close_s = 0.0
        statements = 0
        cases = 0

        def counted(*_: Any) -> None:
            nonlocal statements
            statements += 1

        for cabinet in warm:
            session = await handlers.start_count(StartCount(cabinet=cabinet), CUSTODIAN)
            items = tuple(found_item(e.code, e.hook, e.key_count, "") for e in session.expected if e.state != "lent")
            await handlers.record_found(RecordFound(id=session.id, items=items), CUSTODIAN)
            await handlers.close_count(CloseCount(id=session.id), CUSTODIAN)
        for cabinet in cabinets:
            t0 = time.perf_counter()
            session = await handlers.start_count(StartCount(cabinet=cabinet), CUSTODIAN)
            open_s += time.perf_counter() - t0
            items = tuple(
                found_item(e.code, e.hook, e.key_count, "")
                for n, e in enumerate(session.expected)
                if e.state != "lent" and n % 50 != 7
            )
            t0 = time.perf_counter()
            await handlers.record_found(RecordFound(id=session.id, items=items), CUSTODIAN)
            record_s += time.perf_counter() - t0
            engine = database.async_engine.sync_engine
            event.listen(engine, "before_cursor_execute", counted)
            t0 = time.perf_counter()
            try:
                closed = await handlers.close_count(CloseCount(id=session.id), CUSTODIAN)
            finally:
                close_s += time.perf_counter() - t0
                event.remove(engine, "before_cursor_execute", counted)
            cases += closed.missing + closed.unexpected
        # The next day's reminder, over the whole register (nothing counted that day yet).
        clock.set(policy.at_local(policy.local_day(T0) + timedelta(days=1), policy.daily_count_at))
        t0 = time.perf_counter()
        async with sessions() as db, db.begin():
            reminders = await send_reminders(db, clock, policy)
        remind_s = time.perf_counter() - t0
        return Result(
            keys, len(cabinets), seed_s, open_s, record_s, close_s, statements, remind_s, cases, len(reminders)
        )
    finally:
        await database.dispose()


def one_size(keys: int, per_cabinet: int) -> Result:
    from keys.service import MIGRATIONS

    from cskit.db.migrations import upgrade
    from cskit.testing.postgres import fresh_pg_database

    with fresh_pg_database("cs_bench_keys") as pg_url:
        upgrade(MIGRATIONS, pg_url)
        return asyncio.run(run(pg_url, keys, per_cabinet))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keys", default="5000", help="key sets in the register, comma-separated sizes")
    parser.add_argument("--per-cabinet", type=int, default=250, help="key sets per cabinet")
    parser.add_argument("--no-record", action="store_true", help="do not append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    recorded: list[str] = []
    for size in (int(s) for s in args.keys.split(",") if s.strip()):
        result = one_size(size, args.per_cabinet)
        print("\n".join(result.lines()), flush=True)
        if result.cases == 0:
            print("  no discrepancy case opened: the count did not reconcile", file=sys.stderr)
            return 1
        recorded += result.lines()
    if not args.no_record:
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        text = f"\n## Keys daily count (KEY-08), PostgreSQL, {stamp}\n\n```\n" + "\n".join(recorded) + "\n```\n"
        with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as f:
            f.write(text)
        print("recorded in docs/benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
