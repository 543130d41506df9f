"""Measure what each platform process really uses, to set the chart's requests and limits.

Not a test (pytest does not collect it). Run by hand; the result table goes to docs/deploy.md:

    .venv/bin/python tests/deploy/measure_resources.py [--seconds 60] [--workers 8] \
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/cs_measure]

Starts the local platform exactly as ``make up`` does (tools/localplatform.py ``start_platform``,
free ports, a temporary folder), samples each process's RSS and CPU time from /proc while idle,
then drives a mixed POST/GET load through the gateway with a dev token, and prints, per
process: idle RSS, peak RSS under load, mean CPU and the peak 1-second CPU (in cores).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cs_local_platform", ROOT / "tools" / "localplatform.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def group_pids(leader: int) -> list[int]:
    """The leader and every process in its session (start_platform starts each in its own)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == leader or int(entry.name) == leader:  # fields[3] = session id
            pids.append(int(entry.name))
    return pids


def sample(leader: int) -> tuple[int, float]:
    """(RSS bytes, CPU seconds) summed over the process's session."""
    rss, cpu = 0, 0.0
    for pid in group_pids(leader):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            statm = Path(f"/proc/{pid}/statm").read_text().split()
        except OSError:
            continue
        cpu += (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
        rss += int(statm[1]) * PAGE
    return rss, cpu


class Sampler(threading.Thread):
    def __init__(self, pids: dict[str, int], interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.pids, self.interval = pids, interval
        self.rows: dict[str, list[tuple[float, int, float]]] = defaultdict(list)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            now = time.monotonic()
            for name, pid in self.pids.items():
                rss, cpu = sample(pid)
                self.rows[name].append((now, rss, cpu))
            self.stop.wait(self.interval)

    def window(self, since: float, until: float) -> dict[str, dict[str, float]]:
        out = {}
        for name, rows in self.rows.items():
            sel = [r for r in rows if since <= r[0] <= until]
            if len(sel) < 2:
                continue
            rates = [(b[2] - a[2]) / (b[0] - a[0]) for a, b in itertools.pairwise(sel)]
            out[name] = {
                "rss_mib": max(r[1] for r in sel) / 2**20,
                "cpu_mean": (sel[-1][2] - sel[0][2]) / (sel[-1][0] - sel[0][0]),
                "cpu_peak": max(rates),
            }
        return out


def drive(base_url: str, token: str, seconds: float, workers: int) -> dict[str, Any]:
    counts: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    body = {
        "channel": "phone",
        "category": "maintenance",
        "severity": "ordinary",
        "complainant": {"name": "Li Lei", "contact": "13800000000", "address": "Unit 3-402"},
        "target": {"department": "maintenance"},
        "demands": ["compensation"],
        "description": "Leaking pipe not fixed",
    }

    def worker() -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base_url, timeout=10.0, headers=headers) as client:
            while time.monotonic() < deadline:
                r = client.post("/v1/complaints", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
                key = f"POST {r.status_code}"
                if r.status_code == 201:
                    cid = r.json()["id"]
                    for _ in range(3):  # reads dominate in the branches' real use
                        g = client.get(f"/v1/complaints/{cid}")
                        with lock:
                            counts[f"GET {g.status_code}"] += 1
                    g = client.get("/v1/complaints", params={"page_size": 20})
                    with lock:
                        counts[f"LIST {g.status_code}"] += 1
                with lock:
                    counts[key] += 1

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    total = sum(counts.values())
    return {"counts": dict(counts), "requests": total, "rps": total / elapsed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--database-url", default=None, help="default: SQLite in the temp folder")
    args = parser.parse_args()

    tool = load_tool()
    from gateway.auth import mint_dev_token

    with tempfile.TemporaryDirectory(prefix="cs-measure-") as tmp:
        data_dir, ports = Path(tmp), tool.Ports.free()
        platform = tool.start_platform(data_dir, ports, database_url=args.database_url, progress=print)
        try:
            cfg = platform.config
            pids = {
                svc.name: int(cfg.pid_path(svc.name).read_text().split()[0])
                for svc in tool.services(cfg)
                if svc.name != "broker"
            }
            sampler = Sampler(pids)
            sampler.start()
            t0 = time.monotonic()
            time.sleep(args.idle)
            t1 = time.monotonic()
            load = drive(
                platform.gateway_url, mint_dev_token("agent-b1", "b1", ["agent"], 1), args.seconds, args.workers
            )
            t2 = time.monotonic()
            time.sleep(3)  # the relay drains the backlog after the load
            sampler.stop.set()
            sampler.join()
            idle, busy = sampler.window(t0, t1), sampler.window(t1, time.monotonic())
        finally:
            tool.stop_platform(data_dir, ports)

    print(f"\nload: {load['requests']} requests in {t2 - t1:.0f}s = {load['rps']:.0f} req/s, {args.workers} workers")
    print(f"      {load['counts']}")
    print(f"database: {args.database_url or 'SQLite'}; {os.cpu_count()} CPUs")
    print(
        "\n| process | idle RSS (MiB) | peak RSS under load (MiB) | mean CPU under load (cores) | peak 1-s CPU (cores) |"
    )
    print("|---|---|---|---|---|")
    for name in pids:
        i, b = idle.get(name, {}), busy.get(name, {})
        print(
            f"| {name} | {i.get('rss_mib', 0):.0f} | {b.get('rss_mib', 0):.0f} | "
            f"{b.get('cpu_mean', 0):.2f} | {b.get('cpu_peak', 0):.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
