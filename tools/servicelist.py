"""The platform's service list (``platform.toml`` at the repo root), read into typed values.

tools/localplatform.py derives its processes, ports, health checks and topics from it, and
tools/genplatform.py writes the ops files from it. Both read the same file, so a service that
runs locally is also scraped, alerted on, charted, dashboarded and built.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
SERVICE_LIST = ROOT / "platform.toml"
NAME = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
KINDS = ("grpc", "gateway")
PORTS = {"grpc": ("grpc", "metrics"), "gateway": ("http",)}
RELAY_PORT = "relay_metrics"
CONSUMER_PORT = "consumer_metrics"
# A latency SLO threshold must be a bucket boundary of the duration histograms (the
# prometheus_client defaults the kit uses), in milliseconds.
LATENCY_BUCKETS_MS = (5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000)
# The default thresholds: a gRPC call in the service, an HTTP request at the gateway.
DEFAULT_LATENCY_MS = {"grpc": 250, "gateway": 500}


class ServiceListError(ValueError):
    """platform.toml says something impossible; the message names the entry and the field."""


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int


@dataclass(frozen=True)
class Process:
    """One long-running process of a service, as the local platform and the chart run it.

    ``job`` is its Prometheus job (the chart's workload name without the release prefix).
    """

    service: str
    role: Literal["serve", "relay", "consume", "http"]
    job: str
    metrics_port: str  # the port name (in ServiceSpec.ports) serving /metrics
    metrics_path: str = "/metrics"


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    kind: Literal["grpc", "gateway"]
    summary: str
    ports: Mapping[str, int]
    port_keys: Mapping[str, str]
    relay: bool = False
    # Runs its declared event consumers (``python -m <name> consume``, one process for every group).
    consumer: bool = False
    database: bool = False
    object_store: bool = False
    topics: tuple[Topic, ...] = ()
    impact: str = ""
    latency_slo_ms: int = 250
    chart: Mapping[str, Any] = field(default_factory=dict)
    # What the gateway mounts from the contracts (gateway/backend_list.py, generated): the gRPC
    # services' full names, and the permissions their (cs.platform.v1.http) rules name.
    gateway_services: tuple[str, ...] = ()
    permissions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The services whose gRPC APIs it calls with its own caller key (service to service): it
    # gets their targets, they trust its key, and their network policies let it in.
    calls: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        """``python -m <module>``: the package name (hyphens are not allowed in modules)."""
        return self.name.replace("-", "_")

    @property
    def image(self) -> str:
        return f"cs-{self.name}"

    @property
    def env_prefix(self) -> str:
        """Its settings' prefix, as the chart's ``cs-lib.envPrefix`` writes it."""
        return f"CS_{self.name.upper().replace('-', '_')}_"

    @property
    def gateway_target_env(self) -> str:
        """The gateway setting naming this service's gRPC address (chart: templates/gateway.yaml)."""
        return f"CS_GATEWAY_{self.name.upper().replace('-', '_')}_TARGET"

    @property
    def title(self) -> str:
        return self.name.replace("-", " ").title().replace(" ", "")

    def port_key(self, port: str) -> str:
        """The attribute of ``localplatform.Ports`` (and CS_PLATFORM_<KEY>_PORT) for one port."""
        return self.port_keys.get(port, f"{self.name.replace('-', '_')}_{port}")

    @property
    def processes(self) -> tuple[Process, ...]:
        if self.kind == "gateway":
            return (Process(self.name, "http", self.name, "http"),)
        out = [Process(self.name, "serve", self.name, "metrics")]
        if self.relay:
            out.append(Process(self.name, "relay", f"{self.name}-relay", RELAY_PORT))
        if self.consumer:
            out.append(Process(self.name, "consume", f"{self.name}-consumer", CONSUMER_PORT))
        return tuple(out)


@dataclass(frozen=True)
class ServiceList:
    broker_port: int
    services: tuple[ServiceSpec, ...]

    @property
    def backends(self) -> tuple[ServiceSpec, ...]:
        """The gRPC services (everything the gateway fronts)."""
        return tuple(s for s in self.services if s.kind == "grpc")

    @property
    def gateway(self) -> ServiceSpec:
        (found,) = (s for s in self.services if s.kind == "gateway")
        return found

    def get(self, name: str) -> ServiceSpec:
        for s in self.services:
            if s.name == name:
                return s
        raise KeyError(name)

    def port_defaults(self) -> dict[str, int]:
        """Every local port by key, broker first, in list order."""
        out = {"broker": self.broker_port}
        for s in self.services:
            for port, number in s.ports.items():
                out[s.port_key(port)] = number
        return out


def _want(entry: Mapping[str, Any], key: str, kind: type, where: str, default: Any = None) -> Any:
    value = entry.get(key, default)
    if value is None:
        raise ServiceListError(f"{where}: `{key}` is required")
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ServiceListError(f"{where}: `{key}` must be a {kind.__name__}, not {value!r}")
    return value


def _port(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 65536:
        raise ServiceListError(f"{where}: {value!r} is not a port number")
    return value


def parse(doc: Mapping[str, Any]) -> ServiceList:
    broker = _port(doc.get("broker", {}).get("port", 9092), "[broker] port")
    entries = doc.get("service", [])
    if not isinstance(entries, list) or not entries:
        raise ServiceListError("platform.toml lists no [[service]]")
    services: list[ServiceSpec] = []
    for i, entry in enumerate(entries):
        where = f"[[service]] #{i + 1}"
        name = _want(entry, "name", str, where)
        where = f"[[service]] {name}"
        if not NAME.match(name):
            raise ServiceListError(f"{where}: the name must match {NAME.pattern}")
        kind = _want(entry, "kind", str, where, "grpc")
        if kind not in KINDS:
            raise ServiceListError(f"{where}: kind must be one of {KINDS}")
        ports = {k: _port(v, f"{where} ports.{k}") for k, v in _want(entry, "ports", dict, where).items()}
        relay = bool(_want(entry, "relay", bool, where, False))
        consumer = bool(_want(entry, "consumer", bool, where, False))
        needed = set(PORTS[kind]) | ({RELAY_PORT} if relay else set()) | ({CONSUMER_PORT} if consumer else set())
        if set(ports) != needed:
            raise ServiceListError(f"{where}: ports must be exactly {sorted(needed)}, not {sorted(ports)}")
        topics = tuple(
            Topic(_want(t, "name", str, f"{where} topic"), _want(t, "partitions", int, f"{where} topic"))
            for t in _want(entry, "topics", list, where, [])
        )
        latency = _want(entry, "latency_slo_ms", int, where, DEFAULT_LATENCY_MS[kind])
        if latency not in LATENCY_BUCKETS_MS:
            raise ServiceListError(f"{where}: latency_slo_ms must be a histogram bucket: one of {LATENCY_BUCKETS_MS}")
        services.append(
            ServiceSpec(
                name=name,
                kind=kind,
                summary=_want(entry, "summary", str, where, ""),
                ports=ports,
                port_keys=dict(_want(entry, "port_keys", dict, where, {})),
                relay=relay,
                consumer=consumer,
                database=bool(_want(entry, "database", bool, where, False)),
                object_store=bool(_want(entry, "object_store", bool, where, False)),
                topics=topics,
                impact=_want(entry, "impact", str, where, ""),
                latency_slo_ms=latency,
                chart=dict(_want(entry, "chart", dict, where, {})),
                calls=tuple(_want(entry, "calls", list, where, [])),
                **_gateway(_want(entry, "gateway", dict, where, {}), f"{where} gateway"),
            )
        )
    _check_unique(services, broker)
    return ServiceList(broker, tuple(services))


def _gateway(table: Mapping[str, Any], where: str) -> dict[str, Any]:
    services = _want(table, "services", list, where, [])
    permissions = _want(table, "permissions", dict, where, {})
    if not all(isinstance(s, str) and s.count(".") >= 2 for s in services):
        raise ServiceListError(f"{where}: services are gRPC full names like cs.<pkg>.v1.<Name>Service")
    for name, roles in permissions.items():
        if not isinstance(roles, list) or not roles or not all(isinstance(r, str) for r in roles):
            raise ServiceListError(f"{where}: permission {name!r} must list roles (or role groups)")
    return {
        "gateway_services": tuple(services),
        "permissions": {name: tuple(roles) for name, roles in permissions.items()},
    }


def _check_unique(services: Sequence[ServiceSpec], broker: int) -> None:
    names = [s.name for s in services]
    if len(set(names)) != len(names):
        raise ServiceListError(f"service names repeat: {names}")
    if sum(s.kind == "gateway" for s in services) != 1:
        raise ServiceListError("exactly one service has kind = 'gateway'")
    keys: dict[str, str] = {"broker": "[broker]"}
    numbers: dict[int, str] = {broker: "[broker] port"}
    for s in services:
        for port, number in s.ports.items():
            key, where = s.port_key(port), f"{s.name} ports.{port}"
            if key in keys:
                raise ServiceListError(f"{where}: port key {key!r} is also {keys[key]}")
            if number in numbers:
                raise ServiceListError(f"{where}: port {number} is also {numbers[number]}")
            keys[key], numbers[number] = where, where
    for s in services:
        for callee in s.calls:
            if callee not in names or callee == s.name or callee == "gateway":
                raise ServiceListError(f"[[service]] {s.name}: calls names {callee!r}, not another gRPC service")
    topics = [t.name for s in services for t in s.topics]
    if len(set(topics)) != len(topics):
        raise ServiceListError(f"a topic is declared by two services: {topics}")


def load(path: Path = SERVICE_LIST) -> ServiceList:
    with path.open("rb") as f:
        return parse(tomllib.load(f))
