"""Settings from the environment, one prefix per service (``CS_<SERVICE>_<NAME>``).

Every default runs the platform embedded on one machine: SQLite under ./.data and the
local broker on 127.0.0.1:9092. Production overrides by environment (Helm values).
"""

from __future__ import annotations

import logging

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from cskit.grpc.caller import (
    CallerTokenMinter,
    CallerTokenVerifier,
    dev_private_pem,
    dev_trusted_keys,
    refuse_dev_key_unless_allowed,
)
from cskit.pagination import DEV_KEY
from cskit.privacy.policy import PersonalDataPolicy

log = logging.getLogger(__name__)


class ServiceSettings(BaseSettings):
    """Fields every service has. Subclass with ``model_config = service_config("name")``."""

    model_config = SettingsConfigDict(extra="ignore")

    database_url: str = Field("sqlite:///.data/service.db", description="SQLAlchemy URL; SQLite or PostgreSQL")
    database_pool_size: int = Field(10, ge=1, le=200)
    kafka_bootstrap: str = Field("127.0.0.1:9092", description="comma-separated host:port list")
    kafka_dev_timeouts: bool = Field(True, description="short group timeouts for dev and tests; false in production")
    bind_host: str = Field(
        "127.0.0.1",
        description="address the gRPC and metrics servers listen on; loopback locally, 0.0.0.0 in a pod (the chart sets it)",
    )
    grpc_port: int = Field(50051, ge=0, le=65535)
    metrics_port: int = Field(9101, ge=0, le=65535, description="Prometheus /metrics of the serve process")
    relay_metrics_port: int = Field(9102, ge=0, le=65535, description="Prometheus /metrics of the relay process")
    consumer_metrics_port: int = Field(
        9103, ge=0, le=65535, description="Prometheus /metrics of the consume process (services that consume)"
    )
    log_level: str = "INFO"
    log_json: bool = True
    otlp_endpoint: str | None = Field(None, description="OTLP/gRPC collector; unset: no trace export")
    # HMAC key for page tokens (cskit.pagination): tokens are opaque and tamper-evident. The
    # default is a development key; production sets its own per service.
    page_token_key: SecretStr = Field(SecretStr(DEV_KEY), min_length=16)
    # The outbox relay (cskit.messaging.relay). Every relay transaction is bounded so a frozen
    # relay loses its buckets within idle_in_transaction seconds; the broker send happens inside
    # the transaction, so relay_send_timeout_s must stay below relay_idle_in_transaction_timeout_s.
    relay_idle_seconds: float = Field(
        1.0, gt=0, description="longest wait between passes (PostgreSQL: NOTIFY safety net; SQLite: idle poll)"
    )
    relay_statement_timeout_s: float = Field(5.0, gt=0, le=300, description="statement_timeout of relay sessions")
    relay_lock_timeout_s: float = Field(2.0, gt=0, le=300, description="lock_timeout of relay sessions")
    relay_idle_in_transaction_timeout_s: float = Field(
        10.0, gt=0, le=600, description="idle_in_transaction_session_timeout: how long a frozen relay keeps its buckets"
    )
    relay_send_timeout_s: float = Field(8.0, gt=0, le=600, description="broker budget for one batch (send + acks)")
    relay_batch_size: int = Field(200, ge=1, le=10_000)
    relay_liveness_s: float = Field(
        60.0, gt=0, description="/healthz of the relay fails when its loop made no iteration for this long"
    )
    outbox_retention_days: float = Field(
        7.0, gt=0, description="published outbox rows are kept this long for `republish`, then pruned"
    )
    relay_prune_interval_s: float = Field(60.0, gt=0)
    relay_prune_batch: int = Field(1_000, ge=1, le=100_000)
    # Per-topic partition counts overriding the service's declaration, e.g. {"cs.complaints.v1": 12}.
    topic_partitions: dict[str, int] = Field(default_factory=dict)
    # Caller identity (docs/architecture.md "How callers are authenticated"). Issuers whose
    # caller tokens this service accepts, with their Ed25519 public keys (PEM; several per
    # issuer while a key rotates), as JSON: {"gateway": ["-----BEGIN PUBLIC KEY-----..."]}.
    trusted_callers: dict[str, list[str]] = Field(default_factory=dev_trusted_keys)
    # This service's own Ed25519 private key (PEM), to sign its calls to other services;
    # unset: its development key.
    caller_private_key: SecretStr | None = None
    # Development keys are published; the Helm chart sets this false so they are refused.
    allow_dev_caller_key: bool = True
    # PLT-06: who reads customer data in clear, who may unmask a record or approve an export
    # (cskit.privacy.policy), as JSON: {"clear": {"legal": ["id_number"]}, "max_grant_hours": 24}.
    personal_data_policy: PersonalDataPolicy = Field(default_factory=PersonalDataPolicy)

    def caller_verifier(self, service: str) -> CallerTokenVerifier:
        """The verifier of calls to ``service``; refuses development keys unless allowed."""
        self._check_dev_keys(service, trusted=True)
        return CallerTokenVerifier(service, self.trusted_callers)

    def caller_minter(self, service: str) -> CallerTokenMinter:
        """Signs this service's outbound calls (service to service) as ``service``."""
        self._check_dev_keys(service, trusted=False)
        return CallerTokenMinter(service, self._private_pem(service))

    def _private_pem(self, service: str) -> str:
        key = self.caller_private_key
        return key.get_secret_value() if key is not None else dev_private_pem(service)

    def _check_dev_keys(self, service: str, *, trusted: bool) -> None:
        if refuse_dev_key_unless_allowed(
            allow=self.allow_dev_caller_key,
            process=service,
            private_pem=None if trusted else self._private_pem(service),
            trusted=self.trusted_callers if trusted else None,
        ):
            log.warning("%s uses published development caller keys; configure real ones outside development", service)


def service_config(service: str) -> SettingsConfigDict:
    return SettingsConfigDict(env_prefix=f"CS_{service.upper()}_", extra="ignore", env_nested_delimiter="__")
