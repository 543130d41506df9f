"""The service's declaration agrees with platform.toml (ports, topics) and offers the kit's commands."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from aftersales.service import DECLARATION, TOPICS
from aftersales.settings import AftersalesSettings

from cskit.service import parser

REPO = Path(__file__).resolve().parents[4]


def test_ports_and_topics_are_the_ones_platform_toml_lists() -> None:
    listed = tomllib.loads((REPO / "platform.toml").read_text(encoding="utf-8"))
    (entry,) = (s for s in listed["service"] if s["name"] == "aftersales")
    settings = AftersalesSettings()
    assert entry["ports"] == {
        "grpc": settings.grpc_port,
        "metrics": settings.metrics_port,
        "relay_metrics": settings.relay_metrics_port,
    }
    assert {(t["name"], t["partitions"]) for t in entry["topics"]} == {(t.name, t.partitions) for t in TOPICS}


@pytest.mark.parametrize("command", ["serve", "relay", "topics", "migrate", "replay-dlt --group g"])
def test_the_kit_gives_every_command(command: str) -> None:
    assert parser(DECLARATION).parse_args(command.split()).command == command.split()[0]
