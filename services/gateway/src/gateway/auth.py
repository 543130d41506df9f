"""Bearer JWT authentication and the caller's identity (PLT-01, PLT-02).

The algorithm is pinned by configuration, never read from the token: HS256 with the
shared secret locally, RS256 against a JWKS in deployments. Every failure is the same
401 problem with ``WWW-Authenticate: Bearer`` so a client learns nothing about which
check failed beyond "expired" (which it can act on).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Annotated, Any, Protocol

import jwt
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, field_validator

from cskit.domain.actor import Actor, IdentityGrammar
from gateway.problems import ProblemError
from gateway.settings import GatewaySettings

_REALM = 'Bearer realm="cs-gateway"'
VERIFIED_TTL_S = 300.0
VERIFIED_MAX = 10_000


class SigningKeySource(Protocol):
    """What we need of ``jwt.PyJWKClient``; tests pass a fake."""

    def get_signing_key_from_jwt(self, token: str) -> jwt.PyJWK: ...


class TokenClaims(BaseModel):
    """The claims the platform relies on; anything else in the token is ignored.

    Each must match the kit's ``IdentityGrammar`` exactly (PLT-01, PLT-02): nothing is
    stripped or split, so " b1" is refused rather than read as "b1", "x,director" is refused
    rather than split into "director" downstream, and non-ASCII or control characters
    (which gRPC metadata cannot carry) are a 401 here instead of a hung call.
    """

    model_config = ConfigDict(extra="ignore", strict=True)

    sub: str
    branch_id: str
    roles: Annotated[list[str], Field(max_length=IdentityGrammar.MAX_ROLES)]
    grade: Annotated[StrictInt, Field(ge=0, le=IdentityGrammar.MAX_GRADE)]

    @field_validator("sub")
    @classmethod
    def _subject(cls, value: str) -> str:
        if not IdentityGrammar.subject_ok(value):
            raise ValueError("sub is not a valid subject")
        return value

    @field_validator("branch_id")
    @classmethod
    def _branch(cls, value: str) -> str:
        if not IdentityGrammar.branch_ok(value):
            raise ValueError("branch_id is not a valid branch id")
        return value

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str]) -> list[str]:
        if not all(IdentityGrammar.role_ok(role) for role in value):
            raise ValueError("roles holds a malformed role")
        return value


def _unauthorized(detail: str, *, error: str | None = "invalid_token") -> ProblemError:
    # RFC 6750 §3: no error code when the request carried no credentials at all.
    challenge = f'{_REALM}, error="{error}"' if error else _REALM
    code = "invalid_token" if error else "unauthenticated"
    return ProblemError(status=401, code=code, detail=detail, headers={"WWW-Authenticate": challenge})


class TokenVerifier:
    def __init__(self, settings: GatewaySettings, *, jwks_client: SigningKeySource | None = None) -> None:
        self._settings = settings
        if settings.jwt_jwks_url:
            self._algorithm = "RS256"
            self._jwks: SigningKeySource | None = jwks_client or jwt.PyJWKClient(settings.jwt_jwks_url)
        else:
            self._algorithm = "HS256"
            self._jwks = jwks_client
        self._secret = settings.jwt_secret.get_secret_value()
        # Verified tokens, so a client's every request does not re-run HMAC/RSA and claim checks.
        self._verified: OrderedDict[str, tuple[float, TokenClaims]] = OrderedDict()

    @property
    def algorithm(self) -> str:
        return self._algorithm

    @property
    def needs_io(self) -> bool:
        """JWKS lookups may fetch over the network: run them off the event loop."""
        return self._algorithm == "RS256"

    def verify(self, token: str) -> TokenClaims:
        now = time.time()
        hit = self._verified.get(token)
        if hit is not None and now < hit[0]:
            return hit[1]
        claims, expires = self._verify(token)
        # Kept until the token expires, and never longer than the cache TTL, which bounds how
        # long a rotated-out signing key keeps working.
        self._verified[token] = (min(expires, now + VERIFIED_TTL_S), claims)
        self._verified.move_to_end(token)
        while len(self._verified) > VERIFIED_MAX:
            self._verified.popitem(last=False)
        return claims

    def _verify(self, token: str) -> tuple[TokenClaims, float]:
        key: Any
        try:
            if self._algorithm == "RS256":
                assert self._jwks is not None
                key = self._jwks.get_signing_key_from_jwt(token).key
            else:
                key = self._secret
            payload = jwt.decode(
                token,
                key,
                algorithms=[self._algorithm],  # pinned: "none" and the other family are refused
                audience=self._settings.jwt_audience,
                issuer=self._settings.jwt_issuer,
                leeway=self._settings.jwt_leeway_s,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.PyJWKClientConnectionError as exc:
            raise ProblemError(
                status=503, code="unavailable", detail="The identity provider's keys are unavailable."
            ) from exc
        except jwt.ExpiredSignatureError as exc:
            raise _unauthorized("The access token has expired.") from exc
        except jwt.PyJWTError as exc:
            raise _unauthorized("The access token is not valid.") from exc
        try:
            return TokenClaims.model_validate(payload), float(payload["exp"])
        except ValidationError as exc:
            raise _unauthorized("The access token's claims are missing or malformed.") from exc


def actor_from_claims(claims: TokenClaims, settings: GatewaySettings) -> Actor:
    # PLT-01: head office is decided once, by the kit's one definition with this gateway's
    # configuration, and travels to services inside the signed caller token.
    return settings.head_office.actor(claims.sub, claims.branch_id, claims.roles, claims.grade)


_bearer = HTTPBearer(auto_error=False, description="JWT issued by the platform's identity provider")


async def current_actor(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Actor:
    """FastAPI dependency: the authenticated caller, or a 401 problem."""
    if credentials is None or not credentials.credentials:
        raise _unauthorized("A bearer token is required.", error=None)
    verifier: TokenVerifier = request.app.state.verifier
    token = credentials.credentials
    claims = await run_in_threadpool(verifier.verify, token) if verifier.needs_io else verifier.verify(token)
    actor = actor_from_claims(claims, request.app.state.settings)
    request.state.actor = actor  # for access logs
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def mint_dev_token(
    sub: str,
    branch_id: str,
    roles: list[str] | tuple[str, ...],
    grade: int = 0,
    ttl: int = 3600,
    *,
    settings: GatewaySettings | None = None,
    now: int | None = None,
) -> str:
    """An HS256 token the local gateway accepts (dev and tests only; never for JWKS mode)."""
    settings = settings or GatewaySettings()
    issued = int(time.time()) if now is None else now
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": sub,
        "branch_id": branch_id,
        "roles": list(roles),
        "grade": grade,
        "iat": issued,
        "exp": issued + ttl,
    }
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")
