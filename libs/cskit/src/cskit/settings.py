"""Settings from the environment, one prefix per service (``CS_<SERVICE>_<NAME>``).

Every default runs the platform embedded on one machine: SQLite under ./.data and the
local broker on 127.0.0.1:9092. Production overrides by environment (Helm values).
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    log_level: str = "INFO"
    log_json: bool = True
    otlp_endpoint: str | None = Field(None, description="OTLP/gRPC collector; unset: no trace export")


def service_config(service: str) -> SettingsConfigDict:
    return SettingsConfigDict(env_prefix=f"CS_{service.upper()}_", extra="ignore", env_nested_delimiter="__")
