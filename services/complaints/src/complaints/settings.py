"""Complaints settings: ``CS_COMPLAINTS_*`` environment variables."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from cskit.settings import ServiceSettings, service_config


class ComplaintsSettings(ServiceSettings):
    model_config = service_config("complaints")

    database_url: str = "sqlite:///.data/complaints.db"
    grpc_port: int = 50051
    metrics_port: int = 9101
    relay_metrics_port: int = 9102
    # Per-branch policy overrides as JSON, e.g. {"b2": {"first_reply_within_minutes": 60}}.
    # Unset values keep the rulebook's defaults (CMP-03, CMP-04, CMP-10).
    policy_overrides: dict[str, dict[str, Any]] = Field(default_factory=dict)
    timers_max_idle_seconds: float = Field(1.0, gt=0)
    gauges_interval_seconds: float = Field(15.0, gt=0, description="how often case gauges are recomputed")
    # The outbox relay's longest wait between passes: on PostgreSQL it wakes on NOTIFY and this
    # is only the safety net; on SQLite it is the polling interval once idle.
    relay_idle_seconds: float = Field(1.0, gt=0)
