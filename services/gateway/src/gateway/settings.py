"""The gateway's settings: environment variables ``CS_GATEWAY_*`` plus the shared ``CS_JWT_SECRET``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Local development only. At least 32 bytes so PyJWT's HMAC key-length check stays quiet;
# the gateway logs a warning at start-up when it is still in use.
DEV_JWT_SECRET = "dev-secret-change-me-please-0123456789"


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CS_GATEWAY_", extra="ignore", populate_by_name=True)

    # Loopback unless configured: a developer's machine must not expose the API to the
    # network; the Helm chart sets 0.0.0.0 for pods.
    host: str = "127.0.0.1"
    # One port serves the API, /healthz, /readyz and /metrics.
    port: int = Field(default=8080, ge=1, le=65535)
    complaints_target: str = "127.0.0.1:50051"

    # PLT-01: who counts as head office (sees every branch).
    head_office_branch: str = "hq"
    # Comma-separated in the environment (CS_GATEWAY_HEAD_OFFICE_ROLES=general_manager,admin).
    head_office_roles: Annotated[frozenset[str], NoDecode] = frozenset({"general_manager", "admin"})

    jwt_issuer: str = "cs-platform"
    jwt_audience: str = "cs-gateway"
    # When set, tokens are RS256 and verified against this JWKS; otherwise HS256 with the secret.
    jwt_jwks_url: str | None = None
    # The name is shared with other tools (token minting in CI), hence no CS_GATEWAY_ prefix.
    jwt_secret: SecretStr = Field(
        default=SecretStr(DEV_JWT_SECRET), validation_alias=AliasChoices("CS_JWT_SECRET", "jwt_secret")
    )
    # Clock skew tolerated on exp/nbf/iat.
    jwt_leeway_s: int = Field(default=30, ge=0, le=300)

    # Deadline put on every downstream gRPC call.
    request_timeout_s: float = Field(default=5.0, gt=0, le=120)
    # CMP-08: the largest evidence file accepted; a bigger upload is refused with 413 before
    # it is read. Services may set a lower limit per branch; never above 15 MiB (the gRPC
    # message limit is 16 MiB and the file travels in one message).
    evidence_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1, le=15 * 1024 * 1024)
    # Deadline of an evidence upload or download (bytes travel to and from the object store).
    evidence_timeout_s: float = Field(default=30.0, gt=0, le=300)
    # Deadline of the /readyz health checks: short, so a probe never hangs.
    readiness_timeout_s: float = Field(default=1.0, gt=0, le=30)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # OTLP/gRPC collector, e.g. "http://otel-collector:4317"; unset: no span export.
    otlp_endpoint: str | None = None

    @field_validator("head_office_roles", mode="before")
    @classmethod
    def _split_roles(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def uses_jwks(self) -> bool:
        return bool(self.jwt_jwks_url)

    @property
    def uses_dev_secret(self) -> bool:
        return not self.uses_jwks and self.jwt_secret.get_secret_value() == DEV_JWT_SECRET
