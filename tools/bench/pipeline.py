"""The event pipeline's own latency: commits through the complaints application layer, no HTTP.

The bench process builds the complaints service (``complaints.bootstrap.build``) and calls
``handlers.file_complaint`` at a fixed rate; each call commits the new complaint, its history,
its outbox row, its clock timer and its idempotency key in one transaction, exactly as a
FileComplaint request does, minus HTTP and gRPC. The platform's relay process (``python -m
complaints relay``) runs against the same database and a consumer process
(``tools/bench/consumer.py``) records, per event, the time it handled it; latency is that time
minus the envelope's ``ce_time`` (the handler's clock reading, taken before the transaction).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TOPIC = "cs.complaints.v1"
# Pace is "held" when both the pacer and the commits kept within this share of the rate.
PACE_TOLERANCE = 0.95


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (what wrk and most latency reports use)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-pct * len(ordered) // 100))))
    return ordered[rank - 1]


# --------------------------------------------------------------------------------------------
# The latency consumer (shared with the HTTP-driven measurement)


def read_events(path: Path) -> list[dict[str, Any]]:
    events = []
    with contextlib.suppress(OSError), path.open(encoding="utf-8") as f:
        for line in f:
            if line.endswith("\n"):
                events.append(json.loads(line))
    return events


@contextlib.contextmanager
def latency_consumer(python: str, bootstrap: str, out: Path) -> Iterator[Path]:
    """A consumer process in a fresh group at the end of the topic; yields its output file once READY."""
    consumer = subprocess.Popen(
        [python, str(HERE / "consumer.py"), "--bootstrap", bootstrap, "--topic", TOPIC, "--out", str(out)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert consumer.stdout is not None
        ready = consumer.stdout.readline().strip()
        if ready != "READY":
            raise RuntimeError(f"consumer did not get ready (exit {consumer.poll()}, said {ready!r})")
        time.sleep(0.5)
        yield out
    finally:
        consumer.send_signal(signal.SIGTERM)
        try:
            consumer.wait(15)
        except subprocess.TimeoutExpired:
            consumer.kill()
            consumer.wait()


def wait_for_subjects(out: Path, wanted: set[str], timeout: float = 15.0) -> list[dict[str, Any]]:
    """Every event recorded once all ``wanted`` subjects were seen (or the timeout passed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if wanted <= {e["subject"] for e in read_events(out)}:
            break
        time.sleep(0.2)
    time.sleep(0.3)  # the tail of multi-event commits
    return read_events(out)


# --------------------------------------------------------------------------------------------
# A relay process for a database the platform does not use


def _wait_metrics(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"relay exited with {proc.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"relay metrics at {url} did not answer within {timeout:.0f}s")


@contextlib.contextmanager
def relay_process(python: str, database_url: str, bootstrap: str, metrics_port: int, log: Path) -> Iterator[None]:
    """``python -m complaints migrate`` then ``relay`` on ``database_url``: the platform's own command."""
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "CS_COMPLAINTS_DATABASE_URL": database_url,
        "CS_COMPLAINTS_KAFKA_BOOTSTRAP": bootstrap,
        "CS_COMPLAINTS_RELAY_METRICS_PORT": str(metrics_port),
    }
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        subprocess.run(
            [python, "-m", "complaints", "migrate"], cwd=ROOT, env=env, stdout=out, stderr=out, check=True, timeout=120
        )
        proc = subprocess.Popen(
            [python, "-m", "complaints", "relay"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:
        _wait_metrics(f"http://127.0.0.1:{metrics_port}/metrics", proc, 30.0)
        yield
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --------------------------------------------------------------------------------------------
# Paced commits through the application layer


@dataclass
class _Commits:
    ids: list[str]
    call_ms: list[float]
    failures: int
    first_error: str
    dispatch_rate: float
    completion_rate: float


CommitOne = Callable[[int], Awaitable[str]]


async def _pace(commit_one: CommitOne, rate: float, seconds: float, lead_in: float) -> _Commits:
    """Call ``commit_one(i)`` (returns the event's subject) at ``rate`` per second, each in its own task.

    The first ``lead_in`` seconds run at the same pace but are not counted: they bring connections,
    caches and the relay (which polls slowly while idle on SQLite) to the steady state measured.
    """
    ids: list[str] = []
    call_ms: list[float] = []
    failures = 0
    first_error: list[str] = []
    total = int(rate * seconds)
    lead = int(rate * lead_in)
    await commit_one(-1)  # connections and caches, before the clock starts

    async def warm(i: int) -> None:
        with contextlib.suppress(Exception):
            await commit_one(i)

    loop = asyncio.get_running_loop()
    t_lead = loop.time()
    warming = []
    for i in range(lead):
        delay = t_lead + i / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        warming.append(asyncio.create_task(warm(-2 - i)))

    async def one(i: int) -> None:
        nonlocal failures
        t0 = time.perf_counter()
        try:
            subject = await commit_one(i)
        except Exception as exc:
            failures += 1
            first_error[:] = first_error or [f"{type(exc).__name__}: {exc}"]
            return
        call_ms.append((time.perf_counter() - t0) * 1000)
        ids.append(subject)

    t0 = t_lead + lead / rate
    tasks = []
    for i in range(total):
        delay = t0 + i / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i)))
    dispatched = loop.time() - t0
    await asyncio.gather(*tasks, *warming)
    elapsed = loop.time() - t0
    dispatch_rate = total / (dispatched + 1 / rate) if total else 0.0
    completion_rate = total / elapsed if elapsed > 0 else 0.0
    return _Commits(ids, call_ms, failures, "".join(first_error), dispatch_rate, completion_rate)


async def _app_commits(database_url: str, rate: float, seconds: float, lead_in: float) -> _Commits:
    """FileComplaint through the complaints handlers: the whole write path minus HTTP and gRPC."""
    from google.protobuf.wrappers_pb2 import StringValue

    from complaints.bootstrap import build
    from complaints.domain.values import Category, Channel, Complainant, Demand, Intake, Severity, Target
    from complaints.intake.app.ports import CallContext
    from complaints.intake.domain.commands import FileComplaint
    from complaints.settings import ComplaintsSettings
    from cskit.domain import Actor
    from cskit.idempotency import IdempotencyGuard

    app = build(ComplaintsSettings(database_url=database_url))
    actor = Actor(subject="bench-agent", branch_id="b1", roles=frozenset({"agent"}), grade=1)
    command = FileComplaint(
        intake=Intake(
            channel=Channel.PHONE,
            complainant=Complainant(name="Li Lei", contact="13800000000", address="Unit 3-402"),
            target=Target(department="maintenance"),
            description="Leaking pipe not fixed",
            demands=(Demand.COMPENSATION,),
            category=Category.MAINTENANCE,
            severity=Severity.ORDINARY,
        )
    )
    run_id = f"{time.time_ns():x}"

    async def commit_one(i: int) -> str:
        # An idempotency key as the gateway sends one: a lookup before, a row written with the change.
        guard = IdempotencyGuard(scope="bench-agent:FileComplaint", key=f"pipe-{run_id}-{i}", request=StringValue())
        ctx = CallContext(actor=actor, request_id=f"bench-{run_id}-{i}", client_ip="127.0.0.1", idempotency=guard)
        return (await app.handlers.file_complaint(command, ctx)).id

    try:
        return await _pace(commit_one, rate, seconds, lead_in)
    finally:
        await app.database.dispose()


async def _outbox_commits(database_url: str, rate: float, seconds: float, lead_in: float) -> _Commits:
    """One outbox row per transaction through the kit's ``stage``: the event pipeline alone."""
    from google.protobuf.wrappers_pb2 import StringValue

    from cskit.db import Database
    from cskit.messaging.envelope import Envelope
    from cskit.messaging.outbox import stage

    database = Database(database_url)
    sessions = database.async_sessions()
    payload = StringValue(value="x" * 400)  # about a ComplaintFiled's size

    async def commit_one(_i: int) -> str:
        subject = str(uuid.uuid4())
        async with sessions() as session:
            envelope = Envelope.new(payload, source="complaints", subject=subject, branch_id="b1", time=_now())
            stage(session, TOPIC, envelope)
            await session.commit()
        return subject

    try:
        return await _pace(commit_one, rate, seconds, lead_in)
    finally:
        await database.dispose()


def _now() -> datetime:
    return datetime.now(UTC)


WRITERS = {"app": _app_commits, "outbox": _outbox_commits}
WRITER_LABELS = {
    "app": "FileComplaint commits through the complaints application layer",
    "outbox": "bare outbox commits (one row per transaction, kit's stage())",
}


@dataclass
class PipelineResult:
    database: str  # "PostgreSQL" or "SQLite"
    writer: str  # a key of WRITERS
    rate: float
    seconds: float
    committed: int
    failures: int
    dispatch_rate: float
    completion_rate: float
    call_p50_ms: float
    call_p99_ms: float
    events: int
    missing: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    first_error: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]

    @property
    def held_pace(self) -> bool:
        return (
            self.dispatch_rate >= PACE_TOLERANCE * self.rate
            and self.completion_rate >= PACE_TOLERANCE * self.rate
            and self.failures == 0
        )

    def lines(self) -> list[str]:
        pace = "held" if self.held_pace else "NOT held"
        out = [
            f"Pipeline on {self.database}, {WRITER_LABELS[self.writer]}, paced at "
            f"{self.rate:.0f}/s for {self.seconds:.0f} s: {self.committed} committed, {self.failures} failed; "
            f"started at {self.dispatch_rate:.0f}/s, completed at {self.completion_rate:.0f}/s (pace {pace}); "
            f"commit call p50 {self.call_p50_ms:.1f} ms, p99 {self.call_p99_ms:.1f} ms.",
            f"Events handled: {self.events}, committed complaints with no event seen: {self.missing}; "
            f"commit -> handled p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, max {self.max_ms:.1f} ms. "
            f"Load average before/after: {self.load_before[0]:.2f} / {self.load_after[0]:.2f} (1 min).",
        ]
        if self.first_error:
            out.append(f"First failed commit: {self.first_error}")
        return out


def measure_pipeline(
    python: str,
    database_url: str,
    bootstrap: str,
    rate: float,
    seconds: float,
    work: Path,
    *,
    writer: str = "app",
    lead_in: float = 1.0,
) -> PipelineResult:
    """Needs a relay already running on ``database_url`` and ``bootstrap``."""
    database = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    out = work / f"pipeline-{database.lower()}-{writer}-{time.time_ns()}.jsonl"
    load_before = os.getloadavg()
    with latency_consumer(python, bootstrap, out):
        commits = asyncio.run(WRITERS[writer](database_url, rate, seconds, lead_in))
        wanted = set(commits.ids)
        events = wait_for_subjects(out, wanted)
    load_after = os.getloadavg()
    matched = [e for e in events if e["subject"] in wanted]
    lat = [(e["handled"] - e["ce_time"]) * 1000 for e in matched]
    with contextlib.suppress(OSError):
        out.unlink()
    return PipelineResult(
        database=database,
        writer=writer,
        rate=rate,
        seconds=seconds,
        committed=len(commits.ids),
        failures=commits.failures,
        dispatch_rate=commits.dispatch_rate,
        completion_rate=commits.completion_rate,
        call_p50_ms=percentile(commits.call_ms, 50),
        call_p99_ms=percentile(commits.call_ms, 99),
        events=len(matched),
        missing=len(wanted - {e["subject"] for e in matched}),
        p50_ms=percentile(lat, 50),
        p99_ms=percentile(lat, 99),
        max_ms=max(lat) if lat else float("nan"),
        first_error=commits.first_error,
        load_before=load_before,
        load_after=load_after,
    )


if __name__ == "__main__":  # pragma: no cover - a quick manual run beside a running relay
    import argparse

    parser = argparse.ArgumentParser(description="event pipeline latency beside a running relay")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--writer", choices=sorted(WRITERS), default="app")
    args = parser.parse_args()
    result = measure_pipeline(
        sys.executable,
        args.database_url,
        args.bootstrap,
        args.rate,
        args.seconds,
        Path(tempfile.gettempdir()),
        writer=args.writer,
    )
    print("\n".join(result.lines()))
