"""Complaints settings: ``CS_COMPLAINTS_*`` environment variables."""

from __future__ import annotations

from typing import Any

from pydantic import Field, SecretStr

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
    # Workflow roles and grades (CMP-05..07) as JSON, e.g. {"administration": {"roles": ["admin", "hr"]}};
    # see complaints.workflow.domain.policy. Unset values keep the defaults.
    workflow_policy: dict[str, Any] = Field(default_factory=dict)
    # Penalty policy (CMP-11, CMP-16) as JSON, e.g. {"deduction_cap_percent": 50, "sanction_approver_min_grade": 5,
    # "warning_deduction_percent": 100} (the seed's warning = 100 % awaits the customer's confirmation);
    # see complaints.penalties.domain.rules.penalty_policy. Unset values keep the rulebook's defaults.
    penalty_policy: dict[str, Any] = Field(default_factory=dict)
    # Per-branch compensation policy overrides (CMP-09, CMP-13) as JSON, e.g.
    # {"b2": {"sign_chain": [{"role": "director", "min_grade": 5}, {"role": "general_manager"}]}};
    # see complaints.compensation.domain.policy. Unset values keep the rulebook's defaults.
    compensation_policy: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # Where evidence files live (CMP-08): file:RELATIVE/PATH (against the working directory, like
    # the SQLite default), file:///ABSOLUTE/PATH, or s3://BUCKET[/PREFIX]?endpoint=URL[&region=R].
    object_store_url: str = "file:.data/objects"
    # S3 credentials; unset: boto3's default chain (environment, a pod's web identity, ...).
    object_store_access_key: str | None = None
    object_store_secret_key: SecretStr | None = None
    object_store_region: str = "us-east-1"
    # Per-branch evidence policy overrides (CMP-08) as JSON, e.g. {"b2": {"max_bytes": 5242880}};
    # see complaints.evidence.domain.policy. Unset values keep the defaults.
    evidence_policy: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # Per-branch statistics policy overrides (CMP-12, CMP-13) as JSON, e.g. {"b2": {"freeze_day": 5}};
    # see complaints.statistics.domain.policy. Unset values keep the rulebook's defaults.
    statistics_policy: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # Per-branch answering-standards overrides (CMP-14) as JSON, e.g. {"b2": {"answer_within_rings": 3}};
    # see complaints.contacts.domain.policy. Unset values keep the rulebook's defaults.
    contact_policy: dict[str, dict[str, Any]] = Field(default_factory=dict)
    timers_max_idle_seconds: float = Field(1.0, gt=0)
    gauges_interval_seconds: float = Field(15.0, gt=0, description="how often case gauges are recomputed")
    # The relay's settings (relay_idle_seconds, timeouts, liveness, outbox retention, topic
    # partitions) are the kit's: cskit.settings.ServiceSettings.
