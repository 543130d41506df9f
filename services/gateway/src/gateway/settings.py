"""The gateway's settings: environment variables ``CS_GATEWAY_*`` plus the shared ``CS_JWT_SECRET``."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from cskit.domain.actor import HEAD_OFFICE_BRANCH, HEAD_OFFICE_ROLES, HeadOffice

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

    # PLT-01: who counts as head office (sees every branch): anyone of the head-office branch,
    # and holders of the explicit head-office roles. A branch's admin and general_manager are
    # branch-scoped (docs/architecture.md "Head office"). Comma-separated in the environment
    # (CS_GATEWAY_HEAD_OFFICE_ROLES=hq_admin,general_manager makes every GM head office).
    head_office_branch: str = HEAD_OFFICE_BRANCH
    head_office_roles: Annotated[frozenset[str], NoDecode] = HEAD_OFFICE_ROLES

    # Caller identity towards services (docs/architecture.md "How callers are authenticated"):
    # the gateway signs a short-lived caller token per user with this Ed25519 private key
    # (PEM); unset: the published development key of issuer "gateway".
    caller_private_key: SecretStr | None = None
    caller_issuer: str = "gateway"
    # Development keys are published; the Helm chart sets this false so they are refused.
    allow_dev_caller_key: bool = True

    # Proxies whose X-Forwarded-For / X-Forwarded-Proto the gateway believes (IPs or CIDRs,
    # comma-separated). Default none: the client address is the TCP peer, so a client cannot
    # write its own "from where" into the audit trail (PLT-04).
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()

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
    # A read, or a write carrying an Idempotency-Key, that fails with UNAVAILABLE (a service
    # restarting) is tried once more after this pause, waiting for the channel to be ready
    # within what is left of the deadline; so a rolling restart is invisible to users.
    unavailable_retry_wait_s: float = Field(default=0.05, ge=0, le=5)
    # CMP-08: the largest evidence file accepted; a bigger upload is refused with 413 before
    # it is read. Services may set a lower limit per branch; never above 15 MiB (the gRPC
    # message limit is 16 MiB and the file travels in one message).
    evidence_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1, le=15 * 1024 * 1024)
    # Request size limits (gateway.limits), checked before parsing or token verification:
    # a JSON body over max_body_bytes is 413, headers over max_header_bytes (or one header over
    # max_header_value_bytes) 431, a bearer token over max_token_bytes 401. Evidence uploads
    # keep their own limit above.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=15 * 1024 * 1024)
    max_header_bytes: int = Field(default=32 * 1024, ge=1024, le=1024 * 1024)
    max_header_value_bytes: int = Field(default=16 * 1024, ge=256, le=1024 * 1024)
    max_token_bytes: int = Field(default=8 * 1024, ge=256, le=1024 * 1024)
    # Deadline of an evidence upload or download (bytes travel to and from the object store).
    evidence_timeout_s: float = Field(default=30.0, gt=0, le=300)
    # Deadline of the /readyz health checks: short, so a probe never hangs.
    readiness_timeout_s: float = Field(default=1.0, gt=0, le=30)

    # The platform's test clock (cskit.testclock): mounts /v1/test-clock. Shared with the
    # services, hence no CS_GATEWAY_ prefix; refused where CS_ENVIRONMENT says production.
    test_clock_enabled: bool = Field(
        default=False, validation_alias=AliasChoices("CS_TEST_CLOCK_ENABLED", "test_clock_enabled")
    )

    # The staff console (gateway.routes.console). Its built files: unset, the repository's
    # console/dist when it exists (make install builds it); the image sets its own folder.
    console_dir: Path | None = None
    # The dev login (POST /console/dev-login) also needs the published dev secret, so it can
    # never mint a token a real deployment accepts; the chart turns it off as well.
    console_dev_login: bool = True
    console_session_minutes: int = Field(default=60, ge=5, le=24 * 60)
    # Dates and times are shown in the branch's zone (JSON {"b1": "Asia/Urumqi"}); default below.
    console_time_zone: str = "Asia/Shanghai"
    console_branch_time_zones: dict[str, str] = Field(default_factory=dict)
    # Production login: OpenID Connect, authorization code with PKCE (a public client).
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_scope: str = "openid profile"

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # OTLP/gRPC collector, e.g. "http://otel-collector:4317"; unset: no span export.
    otlp_endpoint: str | None = None

    @field_validator("head_office_roles", mode="before")
    @classmethod
    def _split_roles(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        parts = value.split(",") if isinstance(value, str) else value
        if not isinstance(parts, (list, tuple, set, frozenset)):
            return value
        proxies = tuple(str(part).strip() for part in parts if str(part).strip())
        for proxy in proxies:
            # uvicorn would take anything else as a literal host name and trust it silently.
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError as exc:
                raise ValueError(f"trusted proxy {proxy!r} is not an IP address or network") from exc
        return proxies

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def head_office(self) -> HeadOffice:
        return HeadOffice(branch=self.head_office_branch, roles=self.head_office_roles)

    @property
    def console_directory(self) -> Path | None:
        if self.console_dir is not None:
            return self.console_dir if (self.console_dir / "index.html").is_file() else None
        built = Path(__file__).resolve().parents[4] / "console" / "dist"
        return built if (built / "index.html").is_file() else None

    @property
    def console_dev_login_enabled(self) -> bool:
        return self.console_dev_login and self.uses_dev_secret

    @property
    def oidc_origin(self) -> str | None:
        if not self.oidc_issuer:
            return None
        parts = urlsplit(self.oidc_issuer)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def uses_jwks(self) -> bool:
        return bool(self.jwt_jwks_url)

    @property
    def uses_dev_secret(self) -> bool:
        return not self.uses_jwks and self.jwt_secret.get_secret_value() == DEV_JWT_SECRET
