"""The staff console (issue 15): its built files, its configuration and the dev login.

The console is a static single-page app (``console/``, built by Vite) served on the API's
own origin, so it calls the public REST API with the same bearer tokens and no CORS. What
the server adds is small and lives here:

- ``/console/*``: the built files; a path that names no file is a client route and gets
  ``index.html``. Hashed assets are cached for a year, ``index.html`` never; every answer
  carries a strict Content-Security-Policy (scripts and styles from this origin only).
- ``GET /console/config.json``: what the app needs before login (the OIDC provider, whether
  the dev login exists, the session length, the branches' time zones, the role names).
- ``GET /v1/me``: who the token says the caller is and which permissions of the gateway's
  one table (gateway.permissions) they hold, so the console offers only the actions the
  gateway would allow (the gateway and the services still decide every call).
- ``POST /console/dev-login``: mints a dev token for the role, grade and branch the user
  picks. It exists only while tokens are verified with the published development secret
  and ``CS_GATEWAY_CONSOLE_DEV_LOGIN`` is on, so it can never mint a token that a real
  deployment (its own secret or JWKS) would accept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from cskit.domain.actor import ROLES, IdentityGrammar, require_role
from cskit.domain.errors import Forbidden
from gateway.auth import CurrentActor, mint_dev_token
from gateway.permissions import PERMISSIONS
from gateway.problems import problem_responses
from gateway.settings import GatewaySettings

PREFIX = "/console"
DEV_LOGIN = "dev-login"
ASSET_CACHE = "public, max-age=31536000, immutable"


def content_security_policy(settings: GatewaySettings) -> str:
    # connect-src: the API (same origin) and, with OIDC, the provider's token endpoint.
    connect = " ".join(["'self'", *([settings.oidc_origin] if settings.oidc_origin else [])])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' blob: data:",
            f"connect-src {connect}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ConsoleFiles(StaticFiles):
    """The built app; unknown paths without a file extension are the app's own routes."""

    def __init__(self, directory: Path, settings: GatewaySettings) -> None:
        super().__init__(directory=directory, html=True)
        self._headers = {
            "Content-Security-Policy": content_security_policy(settings),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
        }

    async def get_response(self, path: str, scope: Scope) -> Response:
        if path == DEV_LOGIN:  # a route of its own (POST); any other method is not the app
            raise HTTPException(status_code=405, headers={"Allow": "POST"})
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or "." in path.rsplit("/", 1)[-1]:
                raise
            response = await super().get_response("index.html", scope)
        response.headers.update(self._headers)
        hashed_asset = path.startswith("assets/")
        response.headers["Cache-Control"] = ASSET_CACHE if hashed_asset else "no-cache"
        return response


class OidcConfig(BaseModel):
    issuer: str = Field(description="The identity provider's issuer URL (its discovery document lives below it).")
    client_id: str
    scope: str


class ConsoleConfig(BaseModel):
    dev_login: bool = Field(description="Whether POST /console/dev-login exists (local development only).")
    oidc: OidcConfig | None = Field(description="Production login: authorization code with PKCE.")
    session_minutes: int = Field(description="How long a dev-login session lasts.")
    time_zone: str = Field(description="The time zone of a branch not listed in branch_time_zones.")
    branch_time_zones: dict[str, str]
    roles: list[str] = Field(description="The platform's role names (PLT-02).")


class DevLoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    sub: Annotated[str, Field(description="The user id the token names.", examples=["agent-b1"])]
    branch_id: Annotated[str, Field(examples=["b1"])]
    roles: Annotated[list[str], Field(min_length=1, max_length=IdentityGrammar.MAX_ROLES)]
    grade: Annotated[StrictInt, Field(ge=0, le=IdentityGrammar.MAX_GRADE)] = 1

    @field_validator("sub")
    @classmethod
    def _subject(cls, value: str) -> str:
        if not IdentityGrammar.subject_ok(value):
            raise ValueError("letters, digits and ._-@ only, at most 128 characters")
        return value

    @field_validator("branch_id")
    @classmethod
    def _branch(cls, value: str) -> str:
        if not IdentityGrammar.branch_ok(value):
            raise ValueError("letters, digits and ._- only, at most 64 characters")
        return value

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - ROLES)
        if unknown:
            raise ValueError(f"unknown role(s): {', '.join(unknown)}")
        return value


class DevLoginOut(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int


class MeOut(BaseModel):
    sub: str
    branch_id: str
    roles: list[str]
    grade: int
    head_office: bool = Field(description="Sees every branch (PLT-01).")
    permissions: list[str] = Field(description="The gateway permissions this caller holds, by name.")


router = APIRouter(prefix=PREFIX, tags=["console"])
me_router = APIRouter(tags=["session"], responses=problem_responses(401))


@me_router.get("/v1/me", response_model=MeOut)
async def me(actor: CurrentActor) -> MeOut:
    """The caller as the gateway sees them, with the permissions they hold."""
    held = []
    for name, permission in PERMISSIONS.items():
        try:
            require_role(actor, permission.roles, min_grade=permission.min_grade, action=name)
        except Forbidden:
            continue
        held.append(name)
    return MeOut(
        sub=actor.subject,
        branch_id=actor.branch_id,
        roles=sorted(actor.roles),
        grade=actor.grade,
        head_office=actor.head_office,
        permissions=sorted(held),
    )


@router.get("/config.json", response_model=ConsoleConfig)
async def console_config(request: Request) -> ConsoleConfig:
    settings: GatewaySettings = request.app.state.settings
    oidc = (
        OidcConfig(issuer=settings.oidc_issuer, client_id=settings.oidc_client_id, scope=settings.oidc_scope)
        if settings.oidc_issuer and settings.oidc_client_id
        else None
    )
    return ConsoleConfig(
        dev_login=settings.console_dev_login_enabled,
        oidc=oidc,
        session_minutes=settings.console_session_minutes,
        time_zone=settings.console_time_zone,
        branch_time_zones=settings.console_branch_time_zones,
        roles=sorted(ROLES),
    )


def _dev_login_route() -> APIRouter:
    dev = APIRouter(prefix=PREFIX, tags=["console"], responses=problem_responses(400, 404, 413, 422))

    @dev.post(f"/{DEV_LOGIN}", response_model=DevLoginOut)
    async def dev_login(body: DevLoginIn, request: Request) -> DevLoginOut:
        """Local development only: a token for the picked role, grade and branch."""
        settings: GatewaySettings = request.app.state.settings
        ttl = settings.console_session_minutes * 60
        token = mint_dev_token(body.sub, body.branch_id, body.roles, body.grade, ttl, settings=settings)
        return DevLoginOut(access_token=token, expires_in=ttl)

    return dev


def install(app: FastAPI, settings: GatewaySettings) -> None:
    app.include_router(router)
    app.include_router(me_router)
    if settings.console_dev_login_enabled:
        app.include_router(_dev_login_route())
    directory = settings.console_directory
    if directory is None:
        return

    @app.get(PREFIX, include_in_schema=False)
    async def console_root() -> RedirectResponse:
        return RedirectResponse(f"{PREFIX}/", status_code=308)

    # Compressed here only: the app's scripts shrink to a third; the API's JSON is left alone.
    app.mount(PREFIX, GZipMiddleware(ConsoleFiles(directory, settings), minimum_size=1024), name="console")
