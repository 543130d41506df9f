"""``make bench``: the platform's HTTP throughput and event latency, against the floor of its architecture.

In one run, on this machine, interleaved (wrk, same threads, connections and durations for all):

1. **bare**: a FastAPI app with one JSON endpoint on one uvicorn worker (tools/bench/bare_app.py):
   what the web stack alone can do, for information;
2. for each database (SQLite, then PostgreSQL on throwaway databases on the test server):
   - the **chain floor** (tools/bench/chain_app.py + chain_server.py): a minimal FastAPI endpoint
     calling a minimal grpc.aio server over loopback that does one primary-key SELECT (GET) or one
     INSERT plus one outbox-like INSERT in one transaction (POST); no ORM, no auth. No service of this
     architecture can beat it, so the targets are ratios to it;
   - the **platform** (tools/localplatform.py on free ports in a temporary folder):
     GET /v1/complaints/{id} and POST /v1/complaints, each right after the chain's GET and POST;
   - **event pipeline latency** (the event target; tools/bench/pipeline.py): FileComplaint commits
     paced at 200/s through the complaints application layer in this process (no HTTP, no gRPC),
     and bare outbox commits at the same rate, on the platform's database with the platform's relay;
     a Kafka consumer on cs.complaints.v1 measures handled time minus the envelope's ce_time;
3. end-to-end event latency through the gateway, for information (on the last database, PostgreSQL
   by default): POSTs paced at a fixed rate;
4. the staff console (tools/bench/console.py, its own platform on SQLite, Debian's Chromium): the
   JavaScript and CSS each main page transfers from a cold cache, and the complaint queue's first
   render with 1,000 open cases as a ratio to the same API calls made from Python
   (``--console-only``: this alone; ``--no-console``: without it).

Prints a table with each target met or missed and appends a dated section to docs/benchmarks.md
(``--quick``: short runs for a smoke check, printed only). A benchmark, not a test: it exits 0
whatever the numbers (2 when it cannot run at all).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import IO, Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from keys_loans import register_key_sets
from pipeline import (
    PipelineResult,
    latency_consumer,
    measure_pipeline,
    percentile,
    read_events,
)
from punches import BatchResult, attendance_database, measure_batches

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
TOPIC = "cs.complaints.v1"

COMPLAINT_BODY: dict[str, Any] = {
    "channel": "phone",
    "complainant": {"name": "Li Lei", "contact": "13800000000", "address": "Unit 3-402"},
    "target": {"department": "maintenance"},
    "description": "Leaking pipe not fixed",
    "demands": ["compensation"],
    "category": "maintenance",
    "severity": "ordinary",
}

# Targets, as ratios to the chain floor measured in the same run on the same database.
TARGET_GET_RPS = 0.50  # platform GET rps / chain GET rps >= this
TARGET_POST_RPS = 0.25  # platform POST rps / chain POST rps >= this
TARGET_POST_P99 = 4.0  # platform POST p99 / chain POST p99 <= this
TARGET_EVENT_P99_MS = 100.0  # commit -> consumer handled, p99 at 200 events/s
TARGET_PUNCH_POST_RPS = 0.25  # attendance single punch POST rps / chain POST rps >= this (issue 11)
TARGET_LENDING_RPS = 0.25  # keys lend and return POST rps / chain POST rps >= this (issue 12)
TARGET_FILING_RPS = 0.25  # archives: filing a record POST rps / chain POST rps >= this (issue 13)
# An original filed by hand (ARC-01, ARC-02): the archives' commonest write.
FILING_BODY = {
    "title": "2026 年消防演练记录",
    "category": "safety_record",
    "department": "security",
    "handed_over_by": "guard-7",
    "document_date": "2026-10-08",
    "original": True,
    "references": [{"kind": "drill", "value": "FD-2026-10"}],
}
TARGET_WORK_ORDER_RPS = 0.25  # after-sales: opening a work order POST rps / chain POST rps >= this (issue 14)
# A resident's call (AFS-01): the front desk's commonest write.
WORK_ORDER_BODY = {
    "kind": "home_repair",
    "origin": "resident_call",
    "requester_name": "王芳",
    "requester_phone": "13812345678",
    "unit": "3-2-401",
    "fault": "厨房水龙头漏水",
    "warranty": "undecided",
}
BATCHES = 20  # terminal batch upload: requests of 500 punches (--quick: 4)

DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def load_platform() -> ModuleType:
    """tools/localplatform.py, loaded by path: tools/ is a folder of scripts, not a package."""
    name = "cs_platform"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "localplatform.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------------------------
# wrk


@dataclass
class WrkResult:
    label: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int
    raw: str = field(repr=False)
    probe: str = ""  # one request sent after a run with errors: what the server answers now
    # CPU (user + system) per answered request, ms, by process, over the measured run (not the warm-up).
    cpu_ms: dict[str, float] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return self.non_2xx == 0 and self.socket_errors == 0 and self.requests > 0


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _duration_ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(m.group(1)) * _UNITS_MS[m.group(2)]


def parse_wrk(label: str, out: str) -> WrkResult:
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    total = re.search(r"^\s+(\d+) requests in", out, re.M)
    if not (rps and p50 and p99 and total):
        raise RuntimeError(f"could not parse wrk output:\n{out}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return WrkResult(
        label=label,
        rps=float(rps.group(1)),
        p50_ms=_duration_ms(p50.group(1)),
        p99_ms=_duration_ms(p99.group(1)),
        requests=int(total.group(1)),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(x) for x in sock.groups()) if sock else 0,
        raw=out,
    )


@dataclass(frozen=True)
class Load:
    threads: int
    connections: int
    duration: int
    warmup: int


def _probe(url: str, is_get: bool, headers: Sequence[str]) -> str:
    """One request after a run with errors, to show what the server says."""
    if not is_get:
        return ""
    hdrs = dict(h.split(": ", 1) for h in headers)
    try:
        resp = httpx.get(url, headers=hdrs, timeout=5.0)
    except httpx.HTTPError as exc:
        return f"; a GET now fails: {type(exc).__name__}: {exc}"
    return f"; a GET now answers {resp.status_code} {resp.text[:300]}"


def cpu_seconds(pid: int) -> float | None:
    """utime + stime of one process from /proc/PID/stat; None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(
    label: str,
    url: str,
    load: Load,
    *,
    headers: Sequence[str] = (),
    script: Path | None = None,
    env: dict[str, str] | None = None,
    processes: Mapping[str, int] | None = None,
) -> WrkResult:
    """One wrk run after a warm-up; with ``processes`` (name -> pid), their CPU per request too."""
    base = ["wrk", f"-t{load.threads}", f"-c{load.connections}", "--timeout", "10s"]
    for h in headers:
        base += ["-H", h]
    if script is not None:
        base += ["-s", str(script)]
    full_env = {**os.environ, **(env or {})}
    if load.warmup > 0:
        subprocess.run([*base, f"-d{load.warmup}s", url], env=full_env, capture_output=True, check=False)
    print(f"  {label}: wrk {load.threads} threads, {load.connections} connections, {load.duration}s ...", flush=True)
    pids = dict(processes or {})
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    wrk_before = _children_cpu()
    proc = subprocess.run(
        [*base, f"-d{load.duration}s", "--latency", url], env=full_env, capture_output=True, text=True, check=False
    )
    wrk_cpu = _children_cpu() - wrk_before
    after = {name: cpu_seconds(pid) for name, pid in pids.items()}
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr or proc.stdout}")
    result = parse_wrk(label, proc.stdout)
    if result.requests:
        for name, start in before.items():
            end = after[name]
            if start is not None and end is not None:
                result.cpu_ms[name] = (end - start) * 1000 / result.requests
        result.cpu_ms["wrk"] = wrk_cpu * 1000 / result.requests
    if not result.clean:
        result.probe = _probe(url, script is None, headers)
    note = "" if result.clean else f"  (non-2xx {result.non_2xx}, socket errors {result.socket_errors})"
    print(f"    {result.rps:,.0f} req/s, p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms{note}", flush=True)
    if result.cpu_ms:
        print(f"    CPU per request: {cpu_text(result.cpu_ms)}", flush=True)
    return result


# --------------------------------------------------------------------------------------------
# Baselines: bare FastAPI and the chain floor


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_http(url: str, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: server exited with {proc.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f}s")


@contextlib.contextmanager
def _processes(
    commands: Sequence[Sequence[str]], log: IO[bytes] | None = None
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Start each command in its own session; terminate them all (last first) on exit."""
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for cmd in commands:
            procs.append(
                subprocess.Popen(
                    list(cmd),
                    cwd=ROOT,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT if log is not None else None,
                    start_new_session=True,
                )
            )
        yield procs
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextlib.contextmanager
def bare_app(python: str) -> Iterator[tuple[str, dict[str, int]]]:
    """Yields the URL and {process name: pid}."""
    port = _free_port()
    with _processes([[python, str(HERE / "bare_app.py"), "--port", str(port)]]) as (proc,):
        url = f"http://127.0.0.1:{port}/ping"
        _wait_http(url, 20.0, proc)
        yield url, {"app": proc.pid}


@contextlib.contextmanager
def chain(python: str, database_url: str, log_path: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """chain_server.py on ``database_url`` and chain_app.py in front of it; yields the app's base URL
    and {process name: pid}."""
    grpc_port, http_port = _free_port(), _free_port()
    commands = [
        [python, str(HERE / "chain_server.py"), "--port", str(grpc_port), "--database-url", database_url],
        [
            python,
            str(HERE / "chain_app.py"),
            "--port",
            str(http_port),
            "--target",
            f"127.0.0.1:{grpc_port}",
        ],
    ]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log, _processes(commands, log) as procs:
        base = f"http://127.0.0.1:{http_port}"
        _wait_http(f"{base}/healthz", 20.0, procs[1])
        if procs[0].poll() is not None:
            raise RuntimeError(f"chain_server.py exited with {procs[0].returncode}; see {log_path}")
        yield base, {"chain app": procs[1].pid, "chain server": procs[0].pid}


def create_record(base: str, timeout: float = 20.0) -> str:
    """One record through the chain; retried while the gRPC server is still opening its database."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            resp = httpx.post(f"{base}/v1/records", json=COMPLAINT_BODY, timeout=5.0)
        except httpx.HTTPError as exc:
            last = f"{type(exc).__name__}: {exc}"
        else:
            if resp.status_code == 201:
                record_id = str(resp.json()["id"])
                check = httpx.get(f"{base}/v1/records/{record_id}", timeout=5.0)
                if check.status_code != 200:
                    raise RuntimeError(f"chain GET /v1/records/{record_id} answered {check.status_code}")
                return record_id
            last = f"{resp.status_code} {resp.text[:300]}"
        time.sleep(0.2)
    raise RuntimeError(f"chain POST /v1/records did not succeed within {timeout:.0f}s: {last}")


# --------------------------------------------------------------------------------------------
# Event latency


@dataclass
class EventResult:
    rate: float
    seconds: float
    sent: int
    accepted: int
    dispatch_rate: float
    completion_rate: float
    http_p50_ms: float
    http_p99_ms: float
    events: int
    matched_by: str
    p50_ms: float
    p99_ms: float
    max_ms: float
    missing: int
    statuses: dict[int, int]
    first_error: str

    @property
    def kept_up(self) -> bool:
        """Did the platform answer as fast as the POSTs were sent (within 5 %)?"""
        return self.completion_rate >= 0.95 * self.rate


_percentile = percentile


@dataclass
class _Paced:
    ids: list[str]
    latencies_ms: list[float]
    statuses: dict[int, int]
    first_error: str
    dispatch_rate: float  # requests started per second (the pacer's own rate)
    completion_rate: float  # responses per second until the last one came back


async def _paced_posts(url: str, token: str, rate: float, seconds: float) -> _Paced:
    total = int(rate * seconds)
    ids: list[str] = []
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    first_error: list[str] = []
    body = json.dumps(COMPLAINT_BODY)
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(timeout=10.0, limits=limits) as client:

        async def one(i: int) -> None:
            headers = {
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Idempotency-Key": f"bench-evt-{start_wall:.0f}-{i}",
            }
            t0 = time.perf_counter()
            try:
                resp = await client.post(url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                statuses[0] = statuses.get(0, 0) + 1
                first_error[:] = first_error or [f"{type(exc).__name__}: {exc}"]
                return
            latencies.append((time.perf_counter() - t0) * 1000)
            statuses[resp.status_code] = statuses.get(resp.status_code, 0) + 1
            if resp.status_code in (200, 201):
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    ids.append(str(resp.json()["id"]))
            elif not first_error:
                first_error.append(f"{resp.status_code} {resp.text[:300]}")

        start_wall = time.time()
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        tasks = []
        for i in range(total):
            delay = t0 + i / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i)))
        dispatched = loop.time() - t0
        await asyncio.gather(*tasks)
        elapsed = loop.time() - t0
    # The last request starts at (total - 1) / rate; count the interval it opens as well.
    dispatch_rate = total / (dispatched + 1 / rate) if total else 0.0
    completion_rate = total / elapsed if elapsed > 0 else 0.0
    return _Paced(ids, latencies, statuses, "".join(first_error), dispatch_rate, completion_rate)


def measure_events(python: str, gateway: str, bootstrap: str, token: str, rate: float, seconds: float) -> EventResult:
    work = Path(tempfile.mkdtemp(prefix="cs-bench-events-"))
    print("  event latency: waiting for the consumer group to join ...", flush=True)
    with latency_consumer(python, bootstrap, work / "events.jsonl") as out:
        print(f"  event latency: POST at {rate:.0f}/s for {seconds:.0f}s ...", flush=True)
        started = time.time()
        paced = asyncio.run(_paced_posts(f"{gateway}/v1/complaints", token, rate, seconds))
        wanted = set(paced.ids)
        deadline = time.monotonic() + 15.0
        events: list[dict[str, Any]] = []
        while time.monotonic() < deadline:
            events = read_events(out)
            if wanted and wanted <= {e["subject"] for e in events}:
                break
            time.sleep(0.2)
        time.sleep(0.3)  # the tail of multi-event commits
        events = read_events(out)
    matched = [e for e in events if e["subject"] in wanted]
    matched_by = "subject = complaint id"
    if not matched:
        matched = [e for e in events if e["ce_time"] >= started - 0.001]
        matched_by = "ce_time within the run"
    lat = [(e["handled"] - e["ce_time"]) * 1000 for e in matched]
    seen = {e["subject"] for e in matched}
    shutil.rmtree(work, ignore_errors=True)
    return EventResult(
        rate=rate,
        seconds=seconds,
        sent=sum(paced.statuses.values()),
        accepted=len(paced.ids),
        dispatch_rate=paced.dispatch_rate,
        completion_rate=paced.completion_rate,
        http_p50_ms=_percentile(paced.latencies_ms, 50),
        http_p99_ms=_percentile(paced.latencies_ms, 99),
        events=len(matched),
        matched_by=matched_by,
        p50_ms=_percentile(lat, 50),
        p99_ms=_percentile(lat, 99),
        max_ms=max(lat) if lat else float("nan"),
        missing=len(wanted - seen),
        statuses=paced.statuses,
        first_error=paced.first_error,
    )


# --------------------------------------------------------------------------------------------
# Machine and report


def machine() -> dict[str, str]:
    info = {
        "cpus": str(len(os.sched_getaffinity(0))),
        "cpu": "unknown",
        "memory": "unknown",
        "kernel": os.uname().release,
        "python": sys.version.split()[0],
        "wrk": "unknown",
        "commit": "unknown",
        "loadavg": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    with contextlib.suppress(OSError):
        out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
        m = re.search(r"wrk (\S+)", out.stdout + out.stderr)
        if m:
            info["wrk"] = m.group(1)
    with contextlib.suppress(OSError):
        out = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        )
        if out.returncode == 0:
            dirty = subprocess.run(
                ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            info["commit"] = out.stdout.strip() + (" + uncommitted changes" if dirty else "")
    return info


def database_kind(url: str | None) -> str:
    if not url or url.startswith("sqlite"):
        return "SQLite (file in a temporary folder)"
    if url.startswith("postgresql"):
        from sqlalchemy.engine import make_url

        version = "unknown version"
        with contextlib.suppress(Exception):
            import psycopg

            libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
            with psycopg.connect(libpq, connect_timeout=5) as conn:
                row = conn.execute("SHOW server_version").fetchone()
                version = str(row[0]).split()[0] if row else version
        u = make_url(url)
        local = u.host in (None, "127.0.0.1", "localhost")  # None: a Unix socket (the embedded server)
        return f"PostgreSQL {version} (same machine)" if local else f"PostgreSQL {version}"
    return url.split(":", 1)[0]


@contextlib.contextmanager
def database_pair(kind: str, work: Path) -> Iterator[tuple[str, str | None]]:
    """(chain URL, platform URL) on one kind of database, each its own and empty.

    SQLite: a file for the chain; the platform's default file in its own folder (None).
    PostgreSQL: two throwaway databases on the test server (``CS_TEST_PG_URL``, as the tests use),
    dropped afterwards.
    """
    if kind == "sqlite":
        yield f"sqlite:///{work / 'chain.db'}", None
        return
    from cskit.testing.postgres import fresh_pg_database

    with fresh_pg_database("cs_bench_chain") as chain_url, fresh_pg_database("cs_bench") as platform_url:
        yield chain_url, platform_url


@dataclass
class DbRuns:
    """The interleaved wrk runs on one database: chain GET, platform GET, chain POST, platform POST."""

    name: str  # "SQLite", "PostgreSQL"
    kind: str  # database_kind(...), for the section's header
    chain_get: WrkResult | None = None
    get: WrkResult | None = None
    chain_post: WrkResult | None = None
    post: WrkResult | None = None
    punch_post: WrkResult | None = None  # attendance: one terminal punch per POST
    batch: BatchResult | None = None  # attendance: a terminal's 500-punch uploads
    lending: WrkResult | None = None  # keys: loans and returns through the gateway
    filing: WrkResult | None = None  # archives: an original filed by hand
    work_order: WrkResult | None = None  # after-sales: a work order opened

    def runs(self) -> list[WrkResult]:
        listed = (
            self.chain_get,
            self.get,
            self.chain_post,
            self.post,
            self.punch_post,
            self.lending,
            self.filing,
            self.work_order,
        )
        return [w for w in listed if w is not None]


@dataclass
class Report:
    bare: WrkResult | None = None
    dbs: list[DbRuns] = field(default_factory=list)
    pipelines: list[PipelineResult] = field(default_factory=list)  # the event pipeline, no HTTP
    events: EventResult | None = None  # at the target rate
    events_light: EventResult | None = None  # at a rate the platform sustains, when it did not keep up
    errors: list[str] = field(default_factory=list)


Row = tuple[str, str, str, str]


def _flag(ok: bool | None) -> str:
    return "-" if ok is None else ("ok" if ok else "MISSED")


def _ratio_row(
    measure: str, a: WrkResult | None, b: WrkResult | None, attr: str, target: tuple[str, float] | None
) -> Row:
    """a.attr / b.attr against ``target`` (">=" or "<=", bound), or for information when None.

    A run with errors measured failures, not the service: no ratio, flagged INVALID. A judged
    ratio that could not be measured at all is NOT RUN (a miss, not a pass)."""
    shown = "(info)" if target is None else f"{target[0]} {target[1]:g}"
    if a is None or b is None:
        return (measure, "n/a", shown, "-" if target is None else "NOT RUN")
    base = getattr(b, attr)
    value = getattr(a, attr) / base if base else None
    if not (a.clean and b.clean):
        # Shown, but not judged: a rate that includes failed requests is not the service's rate.
        return (measure, f"{_fmt(value)} (with errors)", shown, "INVALID")
    if target is None or value is None:
        return (measure, _fmt(value), shown, "-")
    op, bound = target
    return (measure, _fmt(value), shown, _flag(value >= bound if op == ">=" else value <= bound))


def _batch_row(d: DbRuns) -> Row:
    measure = f"batch upload punches/s / bare batch INSERT punches/s, {d.name}"
    b = d.batch
    if b is None or b.first_error or not b.bare_rate:
        return (measure, "n/a", "(info)", "-")
    return (measure, f"{_fmt(b.rate / b.bare_rate)} ({b.rate:,.0f} / {b.bare_rate:,.0f})", "(info)", "-")


def ratio_rows(r: Report) -> list[Row]:
    rows: list[Row] = []
    for d in r.dbs:
        rows += [
            _ratio_row(f"GET rps / chain GET rps, {d.name}", d.get, d.chain_get, "rps", (">=", TARGET_GET_RPS)),
            _ratio_row(f"POST rps / chain POST rps, {d.name}", d.post, d.chain_post, "rps", (">=", TARGET_POST_RPS)),
            _ratio_row(f"POST p99 / chain POST p99, {d.name}", d.post, d.chain_post, "p99_ms", ("<=", TARGET_POST_P99)),
            _ratio_row(
                f"punch POST rps / chain POST rps, {d.name}",
                d.punch_post,
                d.chain_post,
                "rps",
                (">=", TARGET_PUNCH_POST_RPS),
            ),
            _batch_row(d),
            _ratio_row(
                f"keys lend/return POST rps / chain POST rps, {d.name}",
                d.lending,
                d.chain_post,
                "rps",
                (">=", TARGET_LENDING_RPS),
            ),
            _ratio_row(
                f"archives filing POST rps / chain POST rps, {d.name}",
                d.filing,
                d.chain_post,
                "rps",
                (">=", TARGET_FILING_RPS),
            ),
            _ratio_row(
                f"after-sales work order POST rps / chain POST rps, {d.name}",
                d.work_order,
                d.chain_post,
                "rps",
                (">=", TARGET_WORK_ORDER_RPS),
            ),
        ]
    for d in r.dbs:
        rows += [
            _ratio_row(f"GET p99 / chain GET p99, {d.name}", d.get, d.chain_get, "p99_ms", None),
            _ratio_row(f"chain GET rps / bare rps, {d.name}", d.chain_get, r.bare, "rps", None),
        ]
    rows += pipeline_rows(r.pipelines)
    e = r.events
    e99 = e.p99_ms if e and e.events else None
    rows.append(
        (
            f"end-to-end via gateway: commit->handled p99 @ {e.rate:.0f} POST/s"
            if e
            else "end-to-end via gateway: commit->handled p99",
            "n/a" if e99 is None else f"{e99:.1f} ms" + ("" if e and e.kept_up else " (overloaded)"),
            f"(info) <= {TARGET_EVENT_P99_MS:.0f} ms",
            "-",
        )
    )
    light = r.events_light
    if light is not None and light.events:
        rows.append(
            (
                f"end-to-end via gateway: commit->handled p99 @ {light.rate:.0f} POST/s",
                f"{light.p99_ms:.1f} ms" + ("" if light.kept_up else " (overloaded)"),
                f"(info) <= {TARGET_EVENT_P99_MS:.0f} ms",
                "-",
            )
        )
    return rows


def pipeline_rows(results: Sequence[PipelineResult]) -> list[Row]:
    """The target is judged on PostgreSQL (production); another database's rows are information."""
    judged_db = "PostgreSQL" if any(p.database == "PostgreSQL" for p in results) else None
    target_rate = max((p.rate for p in results), default=0.0)
    rows = []
    for p in results:
        # Reruns at a lower rate (a rate the writer sustains) are information, like other databases.
        judged = (p.database == judged_db or judged_db is None) and p.rate >= target_rate
        ok = None if not p.events else p.p99_ms <= TARGET_EVENT_P99_MS
        pace = "" if p.held_pace else f" (pace not held: {p.completion_rate:.0f}/s)"
        rows.append(
            (
                f"pipeline commit->handled p99 @ {p.rate:.0f}/s, {p.database}, {p.writer} writer",
                "n/a" if not p.events else f"{p.p99_ms:.1f} ms{pace}",
                f"<= {TARGET_EVENT_P99_MS:.0f} ms" if judged else f"(info) <= {TARGET_EVENT_P99_MS:.0f} ms",
                _flag(ok if judged and p.held_pace else (False if judged else None)),
            )
        )
    return rows


def cpu_text(cpu_ms: Mapping[str, float]) -> str:
    """ "gateway 1.10 + complaints 1.55 + ... = 2.90 ms": each process's CPU per request, and the sum."""
    if not cpu_ms:
        return "-"
    parts = " + ".join(f"{name} {ms:.2f}" for name, ms in cpu_ms.items())
    return f"{parts} = {sum(cpu_ms.values()):.2f}"


def _fmt(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:.3f}" if abs(x) < 0.1 else f"{x:.2f}"


def wrk_rows(r: Report) -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    for w in [r.bare, *(w for d in r.dbs for w in d.runs())]:
        if w is None:
            continue
        errors = "0" if w.clean else f"non-2xx {w.non_2xx}, socket {w.socket_errors}"
        rows.append((w.label, f"{w.rps:,.0f}", f"{w.p50_ms:.2f}", f"{w.p99_ms:.2f}", errors, cpu_text(w.cpu_ms)))
    return rows


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*header), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in rows])


WRK_HEADER = ("run", "req/s", "p50 ms", "p99 ms", "errors", "CPU ms per request, by process")
RATIO_HEADER = ("measure", "value", "target", "")
NOT_MET = ("MISSED", "INVALID", "NOT RUN")


def event_lines(e: EventResult) -> list[str]:
    codes = ", ".join(f"{k}: {v}" for k, v in sorted(e.statuses.items()))
    lines = [
        f"POSTs paced at {e.rate:.0f}/s for {e.seconds:.0f} s: {e.sent} sent ({e.dispatch_rate:.0f}/s), "
        f"{e.accepted} accepted (statuses {codes}), answered at {e.completion_rate:.0f}/s; "
        f"HTTP p50 {e.http_p50_ms:.1f} ms, p99 {e.http_p99_ms:.1f} ms.",
        f"Events handled: {e.events} (matched by {e.matched_by}), complaints with no event seen: {e.missing}; "
        f"commit -> handled p50 {e.p50_ms:.1f} ms, p99 {e.p99_ms:.1f} ms, max {e.max_ms:.1f} ms.",
    ]
    if not e.kept_up:
        lines.append(
            f"The platform did not keep up with {e.rate:.0f} POSTs/s (answered {e.completion_rate:.0f}/s): "
            "the event latency was measured on an overloaded platform."
        )
    return lines


def render_section(r: Report, info: dict[str, str], load: Load) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    la = os.getloadavg()
    dbs = "; ".join(d.kind for d in r.dbs) or "none"
    parts = [
        f"## {now} (commit {info['commit']})",
        "",
        f"- Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']} memory, Linux {info['kernel']}, "
        f"Python {info['python']}",
        f"- Databases: {dbs}; broker: Tansu (memory), consumer kafka-python with fetch_max_wait_ms=5",
        f"- Load: wrk {info['wrk']} on the same machine, {load.threads} threads, {load.connections} connections, "
        f"{load.duration} s after a {load.warmup} s warm-up, keep-alive; per database chain GET, platform GET, "
        "chain POST, platform POST in that order",
        f"- Load average (1/5/15 min): {info.get('loadavg', 'unknown')} at the start, "
        f"{la[0]:.2f} / {la[1]:.2f} / {la[2]:.2f} at the end (2 cores: above 2 means something waited for CPU)",
        "",
        markdown_table(WRK_HEADER, wrk_rows(r)),
        "",
        markdown_table(RATIO_HEADER, ratio_rows(r)),
        "",
    ]
    for d in r.dbs:
        if d.batch is not None:
            parts += [*d.batch.lines(), ""]
    for pipe in r.pipelines:
        parts += [*pipe.lines(), ""]
    for e in (r.events, r.events_light):
        if e is not None:
            parts += [*event_lines(e), ""]
    if r.errors:
        parts += ["Problems during the run:", "", *[f"- {e}" for e in r.errors], ""]
    return "\n".join(parts) + "\n"


# Only for a missing file: the prose that explains the numbers lives at the top of docs/benchmarks.md.
DOCS_HEADER = """# Benchmarks

`make bench` (tools/bench/run.py; its docstring says what it measures) appends a section per run
(newest last).

"""


def record(section: str, path: Path = DOCS) -> None:
    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DOCS_HEADER, encoding="utf-8")
    with path.open("a", encoding="utf-8") as f:
        f.write(section.rstrip("\n") + "\n\n")


# --------------------------------------------------------------------------------------------
# The run


def dev_token(python: str, env: dict[str, str], role: str = "agent") -> str:
    proc = subprocess.run(
        [python, "-m", "gateway", "token", "--role", role, "--branch", "b1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"gateway token failed: {proc.stderr.strip() or proc.stdout.strip()}")
    token = proc.stdout.strip().splitlines()[-1].strip() if proc.stdout.strip() else ""
    if token.lower().startswith("bearer "):
        token = token.split(None, 1)[1]
    if token.count(".") != 2:
        raise RuntimeError(f"gateway token printed something that is not a JWT: {proc.stdout!r}")
    return token


def create_complaint(gateway: str, token: str) -> str:
    resp = httpx.post(
        f"{gateway}/v1/complaints",
        json=COMPLAINT_BODY,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"bench-setup-{time.time_ns()}"},
        timeout=10.0,
    )
    if resp.status_code not in (200, 201):
        raise RuntimeError(f"POST /v1/complaints answered {resp.status_code}: {resp.text[:500]}")
    complaint_id = str(resp.json()["id"])
    check = httpx.get(f"{gateway}/v1/complaints/{complaint_id}", headers={"Authorization": f"Bearer {token}"})
    if check.status_code != 200:
        raise RuntimeError(f"GET /v1/complaints/{complaint_id} answered {check.status_code}: {check.text[:500]}")
    return complaint_id


def _databases(text: str) -> list[str]:
    kinds = [k.strip().lower() for k in text.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in DATABASES]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(DATABASES)} (comma-separated), not {text!r}")
    return kinds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Platform HTTP throughput and event latency against the chain floor and a bare FastAPI app."
    )
    parser.add_argument("--duration", type=int, default=None, help="seconds per wrk run (default 15; --quick 3)")
    parser.add_argument(
        "--warmup", type=int, default=None, help="seconds of wrk warm-up before each run (default 3; --quick 1)"
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--event-rate", type=float, default=200.0, help="events (commits, POSTs) per second for event latency"
    )
    parser.add_argument("--event-seconds", type=float, default=None, help="default 10; --quick 3")
    parser.add_argument(
        "--databases",
        type=_databases,
        default=list(DATABASES),
        help="comma-separated, in this order: sqlite,postgresql (default both)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke check: 3 s wrk runs after 1 s warm-up, 3 s of events; prints only, records nothing",
    )
    parser.add_argument("--no-record", action="store_true", help=f"do not append to {DOCS.relative_to(ROOT)}")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders (logs) afterwards")
    parser.add_argument(
        "--month-close",
        default="",
        metavar="SIZES",
        help="also benchmark attendance's month close for these employee counts (e.g. 1000,5000,20000; tools/bench/month_close.py)",
    )
    parser.add_argument(
        "--month-close-only",
        action="store_true",
        help="run only the month close benchmark (default sizes 1000,5000,20000)",
    )
    parser.add_argument(
        "--keys-count",
        default="",
        metavar="SIZES",
        help="also benchmark the keys daily count over registers of these sizes (e.g. 5000; tools/bench/keys_count.py)",
    )
    parser.add_argument(
        "--keys-count-only", action="store_true", help="run only the keys daily count benchmark (default 5000)"
    )
    parser.add_argument(
        "--console-only",
        action="store_true",
        help="run only the staff console's page weight and queue first render (tools/bench/console.py)",
    )
    parser.add_argument("--no-console", action="store_true", help="skip the console's page weight and first render")
    parser.add_argument(
        "--console-cases", type=int, default=None, help="open complaints behind the queue (default 1000; --quick 200)"
    )
    args = parser.parse_args(argv)
    if args.console_only:
        return console_bench(args)
    if args.month_close_only:
        return month_close_bench(args.month_close or "1000,5000,20000", args.no_record or args.quick)
    if args.keys_count_only:
        return keys_count_bench(args.keys_count or "5000", args.no_record or args.quick)
    duration = args.duration if args.duration is not None else (3 if args.quick else 15)
    warmup = args.warmup if args.warmup is not None else (1 if args.quick else 3)
    args.event_seconds = args.event_seconds if args.event_seconds is not None else (3.0 if args.quick else 10.0)
    args.no_record = args.no_record or args.quick

    if shutil.which("wrk") is None:
        print(
            "wrk is not installed. Install it with `apt-get install -y wrk` (Debian/Ubuntu; as root),\n"
            "or run `make bench`, which installs it.",
            file=sys.stderr,
        )
        return 2

    plat = load_platform()
    python: str = plat.default_python()
    load = Load(args.threads, args.connections, duration, warmup)
    info = machine()
    status = _bench(args, plat, python, load, info)
    if args.month_close and status == 0:
        status = month_close_bench(args.month_close, args.no_record)
    if args.keys_count and status == 0:
        status = keys_count_bench(args.keys_count, args.no_record)
    if not args.no_console and status == 0:
        status = console_bench(args)
    return status


def console_bench(args: argparse.Namespace) -> int:
    """The staff console in Chromium: page weight and the queue's first render (tools/bench/console.py)."""
    import console

    return console.main(quick=args.quick, no_record=args.no_record or args.quick, cases=args.console_cases)


def keys_count_bench(sizes: str, no_record: bool) -> int:
    """The keys daily count (KEY-08) over a register of each size (tools/bench/keys_count.py)."""
    import keys_count

    return int(keys_count.main(["--keys", sizes, *(["--no-record"] if no_record else [])]))


def month_close_bench(sizes: str, no_record: bool) -> int:
    """Attendance's month close (ATT-11) at each size, in this run (tools/bench/month_close.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import month_close

    return int(month_close.main(["--sizes", sizes, *(["--no-record"] if no_record else [])]))


def _pipeline_runs(
    args: argparse.Namespace, python: str, bootstrap: str, database_url: str, work: Path
) -> list[PipelineResult]:
    """Application-layer commits at the target rate, again at a rate they sustain if they did not
    keep up, and bare outbox commits at the target rate; a relay must be running on the database."""
    results: list[PipelineResult] = []
    for writer in ("app", "outbox"):
        rate = args.event_rate
        print(f"  pipeline: {writer} writer at {rate:.0f}/s for {args.event_seconds:.0f}s ...", flush=True)
        result = measure_pipeline(python, database_url, bootstrap, rate, args.event_seconds, work, writer=writer)
        results.append(result)
        for line in result.lines():
            print("    " + line, flush=True)
        if writer == "app" and not result.held_pace and result.completion_rate >= 4:
            light = float(max(1, int(result.completion_rate * 0.6)))
            print(f"  pipeline: {writer} writer again at {light:.0f}/s (a rate it sustains) ...", flush=True)
            again = measure_pipeline(python, database_url, bootstrap, light, args.event_seconds, work, writer=writer)
            results.append(again)
            for line in again.lines():
                print("    " + line, flush=True)
    return results


def _events(args: argparse.Namespace, python: str, gateway: str, bootstrap: str, token: str, report: Report) -> None:
    """End-to-end event latency through the gateway (information), again at half the rate the platform
    answered when it did not keep up, to separate the pipeline's own latency from overload."""
    try:
        report.events = measure_events(python, gateway, bootstrap, token, args.event_rate, args.event_seconds)
        for line in event_lines(report.events):
            print("    " + line, flush=True)
        if not report.events.kept_up and report.events.accepted and report.events.completion_rate >= 2:
            light_rate = float(max(1, int(report.events.completion_rate / 2)))
            report.events_light = measure_events(python, gateway, bootstrap, token, light_rate, args.event_seconds)
            for line in event_lines(report.events_light):
                print("    " + line, flush=True)
    except Exception as exc:
        report.errors.append(f"event latency: {type(exc).__name__}: {exc}")
        print(f"    failed: {exc}", flush=True)


def _one_database(
    args: argparse.Namespace,
    plat: ModuleType,
    python: str,
    load: Load,
    token: str,
    kind: str,
    report: Report,
    *,
    with_events: bool,
) -> None:
    """Chain and platform on one kind of database, interleaved; then the pipeline on the platform's
    database (and, when asked, end-to-end event latency)."""
    name = DATABASES[kind]
    data_dir = Path(tempfile.mkdtemp(prefix=f"cs-bench-{kind}-"))
    ports = plat.Ports.free()
    runs = DbRuns(name=name, kind=name)
    report.dbs.append(runs)
    try:
        with database_pair(kind, data_dir) as (chain_url, platform_url), attendance_database(kind) as attendance_url:
            runs.kind = database_kind(platform_url)
            print(f"{name}: platform starting in {data_dir} (gateway port {ports.gateway})", flush=True)
            # start_platform stops what it started when it fails; once it returned, stop it here,
            # before the database is dropped under it.
            p = plat.start_platform(
                data_dir,
                ports,
                database_url=platform_url,
                database_urls={"attendance": attendance_url} if attendance_url else None,
                progress=lambda m: print("  " + m),
            )
            try:
                _measure_database(
                    args, plat, python, load, token, p, ports, chain_url, data_dir, runs, report, with_events
                )
            finally:
                _stop_platform(plat, data_dir, ports, report)
    except Exception as exc:
        report.errors.append(f"{name}: {type(exc).__name__}: {exc}")
        print(f"\n{name} run failed: {exc}", file=sys.stderr)
    finally:
        troubled = any(not w.clean for w in runs.runs()) or any(p.first_error for p in report.pipelines)
        if args.keep or report.errors or troubled:
            print(f"  logs kept in {data_dir / 'logs'}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def _measure_database(
    args: argparse.Namespace,
    plat: ModuleType,
    python: str,
    load: Load,
    token: str,
    p: Any,
    ports: Any,
    chain_url: str,
    data_dir: Path,
    runs: DbRuns,
    report: Report,
    with_events: bool,
) -> None:
    name = runs.name
    auth = f"Authorization: Bearer {token}"
    post_env = {"BENCH_TOKEN": token, "BENCH_BODY": json.dumps(COMPLAINT_BODY)}
    gateway: str = p.gateway_url
    complaint_id = create_complaint(gateway, token)
    print(f"{name}: chain floor starting", flush=True)
    # The platform's own processes (gateway, complaints, its relay, the broker) for CPU per request;
    # the database server's backends are not counted (they serve other work on this machine too).
    platform_pids = {
        row.name: row.pid for row in plat.platform_status(data_dir, ports, health=False) if row.alive and row.pid
    }
    with chain(python, chain_url, data_dir / "logs" / "chain.log") as (chain_base, chain_pids):
        record_id = create_record(chain_base)
        # Interleaved, so both sides of each ratio see the same machine at nearly the same time.
        runs.chain_get = run_wrk(
            f"chain GET /v1/records/{{id}}, {name}",
            f"{chain_base}/v1/records/{record_id}",
            load,
            processes=chain_pids,
        )
        runs.get = run_wrk(
            f"platform GET /v1/complaints/{{id}}, {name}",
            f"{gateway}/v1/complaints/{complaint_id}",
            load,
            headers=[auth],
            processes=platform_pids,
        )
        runs.chain_post = run_wrk(
            f"chain POST /v1/records, {name}",
            f"{chain_base}/v1/records",
            load,
            script=HERE / "post.lua",
            env=post_env,
            processes=chain_pids,
        )
        runs.post = run_wrk(
            f"platform POST /v1/complaints, {name}",
            f"{gateway}/v1/complaints",
            load,
            script=HERE / "post.lua",
            env=post_env,
            processes=platform_pids,
        )
        runs.punch_post = run_wrk(
            f"platform POST /v1/attendance/punches, {name}",
            f"{gateway}/v1/attendance/punches",
            load,
            script=HERE / "punch.lua",
            env=post_env,
            processes=platform_pids,
        )
        keys_token = dev_token(python, {**os.environ}, role="key_custodian")
        runs.lending = lending_run(gateway, keys_token, load, data_dir, platform_pids, name)
        archivist = dev_token(python, {**os.environ}, role="archivist")
        runs.filing = run_wrk(
            f"platform POST /v1/archives/records, {name}",
            f"{gateway}/v1/archives/records",
            load,
            script=HERE / "post.lua",
            env={"BENCH_TOKEN": archivist, "BENCH_BODY": json.dumps(FILING_BODY, ensure_ascii=False)},
            processes=platform_pids,
        )
        runs.work_order = run_wrk(
            f"platform POST /v1/aftersales/work-orders, {name}",
            f"{gateway}/v1/aftersales/work-orders",
            load,
            script=HERE / "post.lua",
            env={"BENCH_TOKEN": post_env["BENCH_TOKEN"], "BENCH_BODY": json.dumps(WORK_ORDER_BODY, ensure_ascii=False)},
            processes=platform_pids,
        )
    batches = 4 if args.quick else BATCHES
    print(f"{name}: terminal batch upload, {batches} x 500 punches, and the bare INSERT of the same rows", flush=True)
    terminal = dev_token(python, {**os.environ}, role="terminal")
    runs.batch = measure_batches(gateway, terminal, p.config.database_urls["attendance"], name, batches)
    for line in runs.batch.lines():
        print("    " + line, flush=True)
    if runs.batch.first_error:
        report.errors.append(f"batch upload on {name}: {runs.batch.first_error}")
    print(f"{name}: event pipeline on the platform's database ({runs.kind})", flush=True)
    try:
        report.pipelines += _pipeline_runs(args, python, p.bootstrap, p.config.database_url, data_dir)
    except Exception as exc:
        report.errors.append(f"pipeline on {name}: {type(exc).__name__}: {exc}")
        print(f"    failed: {type(exc).__name__}: {exc}", flush=True)
    if with_events:
        print(f"{name}: end-to-end event latency through the gateway (information)", flush=True)
        _events(args, python, gateway, p.bootstrap, token, report)


def lending_run(gateway: str, token: str, load: Load, work: Path, pids: Mapping[str, int], name: str) -> WrkResult:
    """wrk through ``lend.lua`` on key sets of its own (3 a connection): a warm-up on one
    register, the measured run on a fresh one (a warm-up's loans still out would refuse)."""
    per_run = 3 * max(load.connections, load.threads)
    script = HERE / "lend.lua"
    env = {"BENCH_TOKEN": token, "BENCH_THREADS": str(load.threads)}
    if load.warmup > 0:
        warm = register_key_sets(gateway, token, per_run, work / "keysets-warmup.txt")
        subprocess.run(
            ["wrk", f"-t{load.threads}", f"-c{load.connections}", "-s", str(script), f"-d{load.warmup}s", gateway],
            env={**os.environ, **env, "BENCH_KEYSETS": str(warm)},
            capture_output=True,
            check=False,
        )
    pool = register_key_sets(gateway, token, per_run, work / "keysets.txt")
    return run_wrk(
        f"platform POST /v1/keys/loans and /return, {name}",
        f"{gateway}/v1/keys/loans",
        replace(load, warmup=0),
        script=script,
        env={**env, "BENCH_KEYSETS": str(pool)},
        processes=pids,
    )


def _stop_platform(plat: ModuleType, data_dir: Path, ports: Any, report: Report) -> None:
    # A service that died under load explains a run full of 5xx: say which, with its log.
    for row in plat.platform_status(data_dir, ports, health=False):
        if not row.alive:
            tail = plat._tail(data_dir / "logs" / f"{row.name}.log", 15)
            report.errors.append(f"{row.name} was not running at the end of the run; its log ends:\n{tail}")
    print("platform: stopping", flush=True)
    plat.stop_platform(data_dir, ports)


def _bench(args: argparse.Namespace, plat: ModuleType, python: str, load: Load, info: dict[str, str]) -> int:
    print(f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']}, Python {info['python']}")
    print(f"load average at the start: {info['loadavg']}", flush=True)
    report = Report()
    print("baseline: bare FastAPI", flush=True)
    try:
        with bare_app(python) as (url, pids):
            report.bare = run_wrk("bare FastAPI GET /ping", url, load, processes=pids)
        token = dev_token(python, {**os.environ})
    except Exception as exc:
        print(f"cannot run: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    for i, kind in enumerate(args.databases):
        _one_database(args, plat, python, load, token, kind, report, with_events=i == len(args.databases) - 1)

    for w in (w for d in report.dbs for w in d.runs()):
        if not w.clean:
            report.errors.append(
                f"{w.label}: {w.non_2xx} non-2xx responses and {w.socket_errors} socket errors: "
                f"its rate is not a rate of successful requests{w.probe}"
            )
    for pipe in report.pipelines:
        if pipe.first_error:
            report.errors.append(
                f"pipeline on {pipe.database} ({pipe.writer}): first failed commit: {pipe.first_error}"
            )
    for e in (report.events, report.events_light):
        if e is not None and e.first_error:
            report.errors.append(f"event latency at {e.rate:.0f}/s: first failed POST: {e.first_error}")

    print()
    print(text_table(WRK_HEADER, wrk_rows(report)))
    print()
    rows = ratio_rows(report)
    print(text_table(RATIO_HEADER, rows))
    for pipe in report.pipelines:
        print()
        for line in pipe.lines():
            print(line)
    for e in (report.events, report.events_light):
        if e is not None:
            print()
            for line in event_lines(e):
                print(line)
    missed = [row[0] for row in rows if row[3] in NOT_MET]
    if report.errors:
        print("\nproblems:\n" + "\n".join(f"  - {e}" for e in report.errors))
    print("\n" + (f"targets not met: {', '.join(missed)}" if missed else "all measured targets met"))
    if not args.no_record:
        record(render_section(report, info, load))
        print(f"recorded in {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
