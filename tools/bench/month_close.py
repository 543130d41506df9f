"""Month close benchmark (issue 11 item 12, ATT-11): close a branch's month for N employees,
each with a month of roster days and punches, on PostgreSQL, then relay the outbox to a real
broker and read every PayrollRecord back with a consumer.

Per size (each on a fresh database and a fresh broker):
- seed: N employees x every weekday of October 2026 (22 days), a 09:00-18:00 shift, two
  punches a day; every 10th employee 12 minutes late once (a deduction), every 50th with no
  record for 3 days in a row (a termination case). Written with COPY straight into the
  people tables (one department, each employee hired and placed in it before the month: the
  close counts the directory's employees), the roster (its days set for that department, so
  ATT-09 counts them) and punch read models (what the close reads), not timed;
- close: ``MonthCloser.run`` as the timer runs it (bulk reads, the engine, chunked writes of
  the records and their outbox rows), timed, after an untimed close of a 50-employee branch
  in the same process (statement compilation warmed); ms per employee-month = close s / N;
- relay: the kit's outbox relay until the outbox is empty, timed;
- read back: a consumer reads the topic from the beginning until all N PayrollRecord events
  (and the others) arrived, checks each employee once, timed.

Target: ms per employee-month flat within +-25 % of their mean across the sizes (linear).

    .venv/bin/python tools/bench/month_close.py --sizes 1000,5000,20000 [--no-record]
    make bench BENCH_ARGS="--month-close-only --month-close 1000,5000,20000"
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "benchmarks.md"
SH = ZoneInfo("Asia/Shanghai")
MONTH = date(2026, 10, 1)
HIRED = date(2026, 1, 5)
BRANCH = "bench-b1"
WARM_BRANCH = "bench-warm"
WARM_EMPLOYEES = 50
TOLERANCE = 0.25


@dataclass
class SizeResult:
    employees: int
    seed_s: float
    close_s: float
    # The closing process's own CPU seconds (Python: reads decoded, the engine, events built);
    # PostgreSQL's work is in its own processes. Less sensitive than wall time to a busy machine.
    close_cpu_s: float
    load: str
    relay_s: float
    read_s: float
    records_read: int
    cases: int
    events: int

    @property
    def ms_per_employee(self) -> float:
        return self.close_s * 1000 / self.employees

    @property
    def cpu_ms_per_employee(self) -> float:
        return self.close_cpu_s * 1000 / self.employees


def weekdays() -> list[date]:
    d, out = MONTH, []
    while d.month == MONTH.month:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def seed(pg_url: str, n: int, branch: str = BRANCH) -> int:
    """COPY the people rows, roster days and punches of n employees; returns the expected
    termination cases."""
    import uuid

    import psycopg

    days = weekdays()
    now = datetime(2026, 9, 30, tzinfo=UTC).isoformat()
    department = f"{branch}-cs"
    employees = io.StringIO()
    placements = io.StringIO()
    roster = io.StringIO()
    punches = io.StringIO()
    cases = 0
    for i in range(n):
        employee = f"{branch}-emp-{i:06d}"
        # Hired and placed before the month (Grade.STAFF is 1); no probation, no leaving.
        employees.write(f"{employee}\t{branch}\t{employee}\t{HIRED.isoformat()}\t\\N\tt\t\\N\t\t{now}\n")
        placements.write(f"{employee}\t{HIRED.isoformat()}\t{department}\tagent\t1\t\\N\n")
        late_day = days[i % len(days)] if i % 10 == 0 else None
        absent = set(days[5:8]) if i % 50 == 0 else set()
        cases += 1 if absent else 0
        for day in days:
            rid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{employee}/{day}"))
            doc = {
                "id": rid,
                "branch_id": branch,
                "employee_id": employee,
                "department_id": department,
                "day": day.isoformat(),
                "shift_start": "09:00",
                "shift_end": "18:00",
                "rest_day": False,
                "cleared": False,
                "updated_by": "bench",
                "created_at": now,
                "updated_at": now,
            }
            roster.write(
                f"{rid}\t{branch}\t{employee}\t{department}\t{day.isoformat()}\tf\t{now}\t1\t{json.dumps(doc)}\n"
            )
            if day in absent:
                continue
            start = datetime.combine(day, datetime.min.time(), tzinfo=SH).replace(
                hour=9, minute=12 if day == late_day else 0
            )
            end = start.replace(hour=18, minute=0)
            for moment in (start, end):
                pid = str(uuid.uuid4())
                at = moment.astimezone(UTC).isoformat()
                pdoc = {"id": pid, "branch_id": branch, "employee_id": employee, "punched_at": at}
                punches.write(f"{pid}\t{branch}\t{employee}\t{at}\t{now}\t1\t{json.dumps(pdoc)}\n")
    with psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://")) as conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO attendance_departments (id, branch_id, name, head_employee_id, updated_at)"
            " VALUES (%s, %s, %s, NULL, %s)",
            (department, branch, "Customer service", now),
        )
        with cur.copy(
            "COPY attendance_employees (id, branch_id, name, hire_date, probation_end, customer_service, left_on,"
            " left_reason, updated_at) FROM STDIN"
        ) as copy:
            copy.write(employees.getvalue())
        with cur.copy(
            "COPY attendance_placements (employee_id, effective, department_id, post, grade, manager_id) FROM STDIN"
        ) as copy:
            copy.write(placements.getvalue())
        with cur.copy(
            "COPY attendance_roster_days (id, branch_id, employee_id, department_id, day, cleared, created_at, version,"
            " document) FROM STDIN"
        ) as copy:
            copy.write(roster.getvalue())
        with cur.copy(
            "COPY attendance_punches (id, branch_id, employee_id, punched_at, created_at, version, document) FROM STDIN"
        ) as copy:
            copy.write(punches.getvalue())
        for table in ("attendance_employees", "attendance_placements", "attendance_roster_days"):
            cur.execute(f"ANALYZE {table}")
        cur.execute("ANALYZE attendance_punches")
        conn.commit()
    return cases


def read_back(bootstrap: str, topic: str, expected_records: int, timeout: float) -> tuple[int, int]:
    from kafka import KafkaConsumer, TopicPartition

    from cskit.messaging.envelope import Envelope

    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10, max_poll_records=5000
    )
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or set())]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        seen: set[str] = set()
        events = 0
        deadline = time.monotonic() + timeout
        while len(seen) < expected_records:
            if time.monotonic() > deadline:
                raise RuntimeError(f"read {len(seen)} of {expected_records} payroll records within {timeout}s")
            for batch in consumer.poll(timeout_ms=200).values():
                for record in batch:
                    events += 1
                    envelope = Envelope.from_kafka(record.headers, record.value)
                    if envelope.branch_id == BRANCH and envelope.type.endswith(".PayrollRecord"):
                        if envelope.subject in seen:
                            raise RuntimeError(f"payroll record of {envelope.subject} read twice")
                        seen.add(envelope.subject)
        return len(seen), events
    finally:
        consumer.close()


async def close_month(pg_url: str, n: int, cases: int) -> tuple[float, float]:
    from attendance.bootstrap import build
    from attendance.settings import AttendanceSettings

    from cskit.audit import RequestContext
    from cskit.domain import Actor, FrozenClock

    parts = build(
        AttendanceSettings(database_url=pg_url),
        clock=FrozenClock(datetime(2026, 11, 2, 2, tzinfo=UTC)),
        test_clock=False,
    )
    try:
        assert parts.closer is not None
        # Warm-up (untimed): a small branch's close first, so the timed one measures the work
        # per employee, not the process's first statement compilations.
        warm = RequestContext(Actor(subject="hr-bench", branch_id=WARM_BRANCH, roles=frozenset({"hr"})))
        await parts.closer.start(warm, MONTH.strftime("%Y-%m"))
        await parts.closer.run(WARM_BRANCH, MONTH)
        hr = RequestContext(Actor(subject="hr-bench", branch_id=BRANCH, roles=frozenset({"hr"})))
        await parts.closer.start(hr, MONTH.strftime("%Y-%m"))
        started, cpu = time.perf_counter(), time.process_time()
        job = await parts.closer.run(BRANCH, MONTH)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert job is not None and job.state == "closed", job
        # Every seeded employee counted (the directory's), every case opened.
        assert (job.done, job.total, job.termination_cases) == (n, n, cases), job
        return elapsed, cpu
    finally:
        await parts.database.dispose()


def one_size(n: int) -> SizeResult:
    from attendance import TOPIC
    from attendance.service import MIGRATIONS

    from cskit.db.engine import Database
    from cskit.db.migrations import upgrade
    from cskit.dev.broker import TansuBroker, free_port
    from cskit.messaging.relay import OutboxRelay
    from cskit.messaging.topics import ensure_topics
    from cskit.testing.postgres import fresh_pg_database

    with fresh_pg_database("cs_bench_month") as pg_url:
        upgrade(MIGRATIONS, pg_url)
        t0 = time.perf_counter()
        cases = seed(pg_url, n)
        seed_s = time.perf_counter() - t0
        seed(pg_url, WARM_EMPLOYEES, WARM_BRANCH)
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        close_s, close_cpu_s = asyncio.run(close_month(pg_url, n, cases))
        broker = TansuBroker(free_port())
        broker.start()
        try:
            ensure_topics(broker.bootstrap, [TOPIC], partitions=4)
            database = Database(pg_url)
            relay = OutboxRelay(database, bootstrap_servers=broker.bootstrap, service="attendance", batch_size=1000)
            t0 = time.perf_counter()
            try:
                while relay.relay_once() > 0:
                    pass
            finally:
                relay.close()
                asyncio.run(database.dispose())
            relay_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            records, events = read_back(broker.bootstrap, TOPIC, n, timeout=120 + n / 100)
            read_s = time.perf_counter() - t0
        finally:
            broker.stop()
    return SizeResult(n, seed_s, close_s, close_cpu_s, load, relay_s, read_s, records, cases, events)


def verdict(results: list[SizeResult], cpu: bool = False) -> tuple[float, bool]:
    per = [r.cpu_ms_per_employee if cpu else r.ms_per_employee for r in results]
    mean = sum(per) / len(per)
    spread = max(abs(p - mean) / mean for p in per)
    return spread, spread <= TOLERANCE


def section(results: list[SizeResult]) -> str:
    spread, flat = verdict(results)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## Month close (ATT-11), {stamp}",
        "",
        "tools/bench/month_close.py: one branch, October 2026 (22 weekdays, two punches a day), on PostgreSQL;",
        "the close as the timer runs it, the relay to a fresh Tansu broker, a consumer reading every record back.",
        "",
        "| employees | close s | ms / employee-month | closer CPU ms / employee-month | load avg at close (1/5/15 min) "
        "| relay s | read back s | PayrollRecords read | events read | termination cases |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.employees:,} | {r.close_s:.2f} | {r.ms_per_employee:.3f} | {r.cpu_ms_per_employee:.3f} | {r.load} "
            f"| {r.relay_s:.2f} | {r.read_s:.2f} | {r.records_read:,} | {r.events:,} | {r.cases:,} |"
        )
    cpu_spread, cpu_flat = verdict(results, cpu=True)
    lines += [
        "",
        f"Time per employee-month (wall): largest deviation from the mean {spread * 100:.1f} % "
        f"(target within {TOLERANCE * 100:.0f} %): {'MET' if flat else 'MISSED'}. "
        f"The closer's CPU per employee-month: {cpu_spread * 100:.1f} % ({'flat' if cpu_flat else 'not flat'}).",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,5000,20000", help="employees per run, comma-separated")
    parser.add_argument("--no-record", action="store_true", help=f"do not append to {DOCS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = []
    for n in sizes:
        print(f"month close: {n:,} employees ...", flush=True)
        r = one_size(n)
        print(
            f"  close {r.close_s:.2f} s ({r.ms_per_employee:.3f} ms/employee-month, CPU {r.cpu_ms_per_employee:.3f}; "
            f"load {r.load}), relay {r.relay_s:.2f} s, "
            f"read back {r.records_read:,} records in {r.read_s:.2f} s (seed {r.seed_s:.1f} s)",
            flush=True,
        )
        if r.records_read != n:
            print(f"  only {r.records_read} of {n} payroll records read back", file=sys.stderr)
            return 1
        results.append(r)
    text = section(results)
    print("\n" + text)
    if not args.no_record:
        with DOCS.open("a", encoding="utf-8") as f:
            f.write(text + "\n")
        print(f"recorded in {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
