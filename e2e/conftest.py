"""The whole platform, started as real processes on free ports, driven over HTTP.

One platform per test session (broker, complaints serve + relay, gateway; SQLite in a temp
folder), started the same way `make up` starts it. Branch ``bfast`` has seconds-long
service levels so a breach can be watched happen.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from kafka import KafkaConsumer, TopicPartition

from cskit.messaging.envelope import Envelope
from gateway.auth import mint_dev_token

ROOT = Path(__file__).resolve().parent.parent
FAST_BRANCH = "bfast"
FAST_POLICY = {FAST_BRANCH: {"first_reply_within_minutes": 0.05}}  # 3 seconds


def _load_platform_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cs_local_platform", ROOT / "tools" / "localplatform.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    tool = _load_platform_tool()
    data_dir = tmp_path_factory.mktemp("platform")
    ports = tool.Ports.free()
    env = {"CS_COMPLAINTS_POLICY_OVERRIDES": json.dumps(FAST_POLICY), "CS_COMPLAINTS_TIMERS_MAX_IDLE_SECONDS": "0.2"}
    started = tool.start_platform(data_dir, ports, extra_env=env)
    try:
        yield started
    finally:
        tool.stop_platform(data_dir, ports)


# The platform's test clock (cskit.testclock): on only in this separate platform, so moving
# time never disturbs the tests that share the session platform above. It runs on
# PostgreSQL, where the clock timer and users' commands really race (CMP-04 retry tests).
TEST_CLOCK_ENV = {"CS_TEST_CLOCK_ENABLED": "true", "CS_COMPLAINTS_TIMERS_MAX_IDLE_SECONDS": "0.2"}


def pg_platform(tmp_path_factory: pytest.TempPathFactory, name: str, env: Mapping[str, str]) -> Iterator[Any]:
    """A platform of its own on a fresh PostgreSQL database, with ``env`` (for module fixtures)."""
    from cskit.testing.postgres import fresh_pg_database

    tool = _load_platform_tool()
    data_dir = tmp_path_factory.mktemp(f"{name}-platform")
    ports = tool.Ports.free()
    with fresh_pg_database(f"cs_e2e_{name}") as pg_url:
        started = tool.start_platform(data_dir, ports, database_url=pg_url, extra_env=env)
        try:
            yield started
        finally:
            tool.stop_platform(data_dir, ports)


@pytest.fixture(scope="module")
def clock_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from pg_platform(tmp_path_factory, "clock", TEST_CLOCK_ENV)


@dataclass(frozen=True)
class PlatformClock:
    """The test clock of a platform started with ``TEST_CLOCK_ENV``, read and moved by SRE
    through the gateway. Time there only moves forward, so a test measures every instant from
    the clock as it finds it, never from the machine's own time of day."""

    api: httpx.Client
    sre: str = mint_dev_token("sre-clock", "hq", ["sre"], 1)

    def now(self, service: str) -> datetime:
        readings = ok(self.api.get("/v1/test-clock", headers=auth(self.sre)))["services"]
        return datetime.fromisoformat(next(r["now"] for r in readings if r["service"] == service))

    def advance(self, delta: timedelta) -> None:
        ok(post(self.api, "/v1/test-clock/advance", self.sre, {"by": max(1.0, delta.total_seconds())}))

    def advance_to(self, service: str, at: datetime) -> None:
        """``service``'s clock (and every other) moved on to ``at``, which must lie ahead."""
        by = at - self.now(service)
        assert by > timedelta(0), f"{service}'s clock is already past {at}"
        self.advance(by)

    def morning(self, service: str, zone: str = "Asia/Shanghai") -> datetime:
        """``service``'s clock moved to 09:01 local (today's if it is not past, else tomorrow's),
        so a same-day deadline such as KEY-04's end of the shift lies hours ahead."""
        now = self.now(service).astimezone(ZoneInfo(zone))
        nine = now.replace(hour=9, minute=1, second=0, microsecond=0)
        if now >= nine:
            nine += timedelta(days=1)
        self.advance(nine - now)
        return self.now(service)


# Scale-out (issue 9 item 11): complaints as the chart's autoscaler runs it, two serve
# replicas and two outbox relays on one PostgreSQL database, the gateway balancing between
# the replicas. The test clock is on so timers can be made due while both replicas race.
SCALED_REPLICAS = {"complaints": 2}
SCALED_RELAYS = {"complaints": 2}


@pytest.fixture(scope="module")
def scaled_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from cskit.testing.postgres import fresh_pg_database

    tool = _load_platform_tool()
    data_dir = tmp_path_factory.mktemp("scaled-platform")
    ports = tool.Ports.free(replicas=max([*SCALED_REPLICAS.values(), *SCALED_RELAYS.values()]))
    with fresh_pg_database("cs_e2e_scaled") as pg_url:
        started = tool.start_platform(
            data_dir,
            ports,
            database_url=pg_url,
            extra_env=TEST_CLOCK_ENV,
            replicas=SCALED_REPLICAS,
            relays=SCALED_RELAYS,
        )
        try:
            yield started
        finally:
            tool.stop_platform(data_dir, ports)


@pytest.fixture(scope="session")
def base_url(platform: Any) -> str:
    return str(platform.gateway_url)


Token = Callable[..., str]


@pytest.fixture(scope="session")
def token() -> Token:
    def make(role: str = "agent", branch: str = "b1", sub: str | None = None, grade: int = 1) -> str:
        return mint_dev_token(sub or f"{role}-{branch}", branch, [role], grade)

    return make


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10.0) as c:
        yield c


def auth(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}


def complaint_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "phone",
        "complainant": {"name": "Li Lei", "contact": "13800000000", "address": "Unit 3-402"},
        "target": {"department": "maintenance"},
        "description": "Leaking pipe in the kitchen not fixed after two visits",
        "demands": ["compensation"],
        "category": "maintenance",
        "severity": "ordinary",
    }
    body.update(changes)
    return body


def topic_envelopes(
    bootstrap: str, topic: str, match: Callable[[Envelope], bool], expected: int, timeout: float = 20.0
) -> list[Envelope]:
    """The matching envelopes on ``topic``, in partition order, once ``expected`` arrived."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10)
    try:
        deadline = time.monotonic() + timeout
        partitions: set[int] = set()
        while not partitions and time.monotonic() < deadline:
            partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        found: list[Envelope] = []
        while time.monotonic() < deadline and len(found) < expected:
            for batch in consumer.poll(timeout_ms=100).values():
                found.extend(e for e in (Envelope.from_kafka(r.headers, r.value) for r in batch) if match(e))
        # Linger a moment: more than expected (a duplicate, a stray) must show too.
        for batch in consumer.poll(timeout_ms=300).values():
            found.extend(e for e in (Envelope.from_kafka(r.headers, r.value) for r in batch) if match(e))
        return found
    finally:
        consumer.close()


def of_record(subject: str) -> Callable[[Envelope], bool]:
    return lambda e: e.subject == subject


def of_branch(branch_id: str) -> Callable[[Envelope], bool]:
    return lambda e: e.branch_id == branch_id


def new_key() -> str:
    return uuid.uuid4().hex


def post(client: httpx.Client, path: str, token: str, body: dict[str, Any] | None = None) -> httpx.Response:
    """A JSON POST with a fresh Idempotency-Key."""
    return client.post(path, json=body or {}, headers=auth(token, **{"Idempotency-Key": new_key()}))


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    """The body of a response that must have ``status``."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def employee(id: str, grade: str, manager: str | None, *, branch: str, department: str) -> dict[str, Any]:
    """One row for ``hire``: an agent of ``department`` since 2020, past probation."""
    return {
        "id": id,
        "branch_id": branch,
        "department_id": department,
        "post": "agent",
        "grade": grade,
        "hire_date": "2020-01-06",
        "probation_end": "2020-04-05",
        "manager_id": manager,
    }


def hire(client: httpx.Client, employees: list[dict[str, Any]]) -> None:
    """Employees as HR records them (attendance's people import, issue 11): each branch's
    departments first, then its employees as a JSON file, managers before their reports (the
    import checks a manager is on record). A row needs ``id`` and ``branch_id``; ``name``,
    ``department_id`` ("general"), ``post`` ("staff"), ``grade`` ("staff") and ``hire_date``
    (2020-01-01) default; any other import column is passed as given."""
    defaults = {"department_id": "general", "post": "staff", "grade": "staff", "hire_date": "2020-01-01"}
    by_branch: dict[str, list[dict[str, Any]]] = {}
    for raw in employees:
        row = {**defaults, **{k: v for k, v in raw.items() if v is not None}}
        row.setdefault("name", row["id"])
        by_branch.setdefault(str(row.pop("branch_id")), []).append(row)
    for branch, rows in by_branch.items():
        hr = mint_dev_token(f"hr-seed-{branch}", branch, ["hr"], 1)
        for department in sorted({str(r["department_id"]) for r in rows}):
            path = f"/v1/attendance/people/departments/{department}"
            ok(client.put(path, json={"name": department}, headers=auth(hr)))
        done: set[str] = set()
        while len(done) < len(rows):
            ready = [r for r in rows if r["id"] not in done and (not r.get("manager_id") or r["manager_id"] in done)]
            assert ready, f"a manager is missing or the chain loops: {rows}"
            body = {"format": "json", "content": json.dumps(ready, ensure_ascii=False)}
            ok(client.post("/v1/attendance/people/employee-imports", json=body, headers=auth(hr)))
            done |= {r["id"] for r in ready}
