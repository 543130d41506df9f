"""The local platform's replicas and relays (issue 9 item 11), as planned from the service list.

The processes themselves are started by e2e/test_scale_out_e2e.py; these check the plan:
names, ports, the gateway's balanced target, the refusal on SQLite, the environment knobs.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .conftest import load_platform_tool

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/unused"


def complaints_and_front(names: list[str]) -> list[str]:
    """The processes these tests plan: the broker, complaints' and the gateway (other services
    of the list, e.g. one from make new-service, keep their defaults and are not asserted)."""
    return [n for n in names if n in ("broker", "gateway") or n.split("-")[0] == "complaints"]


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return load_platform_tool()


def test_one_replica_and_one_relay_stay_the_default(tool: ModuleType, tmp_path: Path) -> None:
    cfg = tool.make_config(tmp_path, tool.Ports())
    plan = [s.name for s in tool.services(cfg)]
    assert complaints_and_front(plan) == ["broker", "complaints", "complaints-relay", "complaints-consumer", "gateway"]
    gateway = tool.services(cfg)[-1]
    assert gateway.env["CS_GATEWAY_COMPLAINTS_TARGET"] == "127.0.0.1:50051"


def test_replicas_and_relays_get_their_own_ports_and_the_gateway_balances(tool: ModuleType, tmp_path: Path) -> None:
    ports = tool.Ports()
    cfg = tool.make_config(tmp_path, ports, database_url=PG, replicas={"complaints": 3}, relays={"complaints": 2})
    plan = {s.name: s for s in tool.services(cfg)}
    assert complaints_and_front(list(plan)) == [
        "broker",
        "complaints",
        "complaints-2",
        "complaints-3",
        "complaints-relay",
        "complaints-relay-2",
        "complaints-consumer",
        "gateway",
    ]
    stride = tool.REPLICA_PORT_STRIDE
    for k, name in enumerate(["complaints", "complaints-2", "complaints-3"]):
        grpc_port, metrics_port = ports.complaints_grpc + k * stride, ports.complaints_metrics + k * stride
        assert plan[name].ports == (grpc_port, metrics_port)
        assert plan[name].env["CS_COMPLAINTS_GRPC_PORT"] == str(grpc_port)
        assert plan[name].env["CS_COMPLAINTS_METRICS_PORT"] == str(metrics_port)
        assert plan[name].env["CS_COMPLAINTS_DATABASE_URL"] == PG
        assert plan[name].health.target == f"127.0.0.1:{grpc_port}"
    # Migrations run once, before the first replica.
    assert [len(plan[n].before) for n in ("complaints", "complaints-2", "complaints-3")] == [1, 0, 0]
    assert plan["complaints-relay-2"].env["CS_COMPLAINTS_RELAY_METRICS_PORT"] == str(ports.relay_metrics + stride)
    assert plan["gateway"].env["CS_GATEWAY_COMPLAINTS_TARGET"] == (
        f"ipv4:127.0.0.1:{ports.complaints_grpc},127.0.0.1:{ports.complaints_grpc + stride},"
        f"127.0.0.1:{ports.complaints_grpc + 2 * stride}"
    )


@pytest.mark.parametrize("scale", [{"replicas": {"complaints": 2}}, {"relays": {"complaints": 2}}])
def test_sqlite_refuses_a_second_process_with_a_clear_error(
    tool: ModuleType, tmp_path: Path, scale: dict[str, dict[str, int]]
) -> None:
    with pytest.raises(tool.PlatformError, match=r"need PostgreSQL \(set CS_COMPLAINTS_DATABASE_URL\).*SQLite"):
        tool.make_config(tmp_path, tool.Ports(), **scale)
    # start_platform checks before it starts anything.
    with pytest.raises(tool.PlatformError, match="need PostgreSQL"):
        tool.start_platform(tmp_path, tool.Ports.free(), **scale)
    assert not (tmp_path / "run" / "ports.json").exists()


@pytest.mark.parametrize(
    ("scale", "message"),
    [
        ({"replicas": {"nope": 2}}, "no such service"),
        ({"replicas": {"gateway": 2}}, "runs no serve process"),
        ({"replicas": {"complaints": 0}}, "from 1 to 16"),
        ({"relays": {"complaints": 17}}, "from 1 to 16"),
    ],
)
def test_impossible_counts_are_refused(tool: ModuleType, tmp_path: Path, scale: dict[str, Any], message: str) -> None:
    with pytest.raises(tool.PlatformError, match=message):
        tool.make_config(tmp_path, tool.Ports(), database_url=PG, **scale)


def test_replica_ports_that_collide_are_refused(tool: ModuleType, tmp_path: Path) -> None:
    # The second replica's gRPC port would be the first one's metrics port.
    ports = tool.Ports(complaints_grpc=20000, complaints_metrics=20000 + tool.REPLICA_PORT_STRIDE)
    cfg = tool.make_config(tmp_path, ports, database_url=PG, replicas={"complaints": 2})
    with pytest.raises(tool.PlatformError, match="would both listen on port"):
        tool.services(cfg)


def test_counts_come_from_the_environment(tool: ModuleType) -> None:
    env = {"CS_PLATFORM_COMPLAINTS_REPLICAS": "2", "CS_PLATFORM_COMPLAINTS_RELAYS": " 3 "}
    assert tool.scale_from_env(env) == ({"complaints": 2}, {"complaints": 3})
    assert tool.scale_from_env({}) == ({}, {})
    with pytest.raises(tool.PlatformError, match="CS_PLATFORM_COMPLAINTS_REPLICAS='two' is not a whole number"):
        tool.scale_from_env({"CS_PLATFORM_COMPLAINTS_REPLICAS": "two"})


def test_status_and_down_find_the_replicas_the_platform_was_started_with(tool: ModuleType, tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / tool.REPLICAS_FILE).write_text(json.dumps({"replicas": {"complaints": 2}, "relays": {"complaints": 2}}))
    names = [row.name for row in tool.platform_status(tmp_path, tool.Ports(), health=False)]
    assert complaints_and_front(names) == [
        "broker",
        "complaints",
        "complaints-2",
        "complaints-relay",
        "complaints-relay-2",
        "complaints-consumer",
        "gateway",
    ]


def test_free_ports_for_replicas_skip_a_base_whose_replica_port_is_taken(
    tool: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The e2e scale-out fixture once got a base port whose +100 another process held.
    real, refused = tool._bound, []

    def bound(port: int) -> Any:
        if port and not refused:
            refused.append(port)
            return None  # the first replica port asked for is "taken"
        return real(port)

    monkeypatch.setattr(tool, "_bound", bound)
    ports = tool.Ports.free(replicas=2)
    assert refused
    assert refused[0] - tool.REPLICA_PORT_STRIDE not in ports.as_dict().values()
    assert len(set(ports.as_dict().values())) == len(ports.as_dict())


def test_a_service_gets_the_targets_it_calls_and_its_callees_trust_its_dev_key(
    tool: ModuleType, tmp_path: Path
) -> None:
    from cskit.grpc.caller import dev_trusted_keys

    # platform.toml: aftersales calls = ["keys"] (issue 14 item 2, repair keys).
    cfg = tool.make_config(tmp_path, tool.Ports())
    listed = cfg.service_list
    aftersales = tool.service_env(cfg, listed.get("aftersales"))
    assert aftersales["CS_AFTERSALES_KEYS_TARGET"] == cfg.gateway_target(listed.get("keys"))
    keys = tool.service_env(cfg, listed.get("keys"))
    assert json.loads(keys["CS_KEYS_TRUSTED_CALLERS"]) == dev_trusted_keys(("gateway", "aftersales"))
    assert "CS_COMPLAINTS_TRUSTED_CALLERS" not in tool.service_env(cfg, listed.get("complaints"))
