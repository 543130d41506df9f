"""The console's production login: OpenID Connect, authorization code with PKCE, against a
real provider (the PyPI package ``oidc-provider-mock``, in-process) on a platform of its own
whose gateway verifies RS256 access tokens against that provider's JWKS, so the dev login is
off there. The user logs in on the provider's own page, comes back to /console/callback, works
with the token in the page's memory and logs out; a forged ``state`` is refused visibly.
"""

from __future__ import annotations

import base64
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import flask
import httpx
import jwt
import oidc_provider_mock
import oidc_provider_mock._app as provider_internals
import pytest
import werkzeug.serving
from playwright.sync_api import Browser, Page, Request, Route, expect

from ..conftest import _load_platform_tool
from .conftest import console_tab, shoot

pytestmark = pytest.mark.e2e

AUDIENCE = "cs-gateway"
USER = "zhang.wei@b1"
USER_CLAIMS = {"name": "张伟", "branch_id": "b1", "roles": ["agent"], "grade": 1}
PLATFORM_CLAIMS = ("branch_id", "roles", "grade")

# oidc-provider-mock 0.3.4 (the last release for Python 3.11) refuses public clients at the
# token endpoint; 0.4.3 added "none" exactly like this. Remove once the platform is on 3.12.
provider_internals.AuthorizationCodeGrant.TOKEN_ENDPOINT_AUTH_METHODS = [
    *provider_internals.AuthorizationCodeGrant.TOKEN_ENDPOINT_AUTH_METHODS,
    "none",
]


def access_token(client: Any, grant_type: str, user: provider_internals.User, scope: str) -> str:
    """The access token as the company's provider is configured to issue it: an RS256 JWT for
    the gateway's audience with the platform's claims (a "claim mapping" in any real provider;
    the mock's own tokens are opaque). Signed with the provider's key, so its JWKS verifies it."""
    key = provider_internals.storage.jwk
    now = int(time.time())
    claims = {
        "iss": flask.request.host_url.rstrip("/"),
        "aud": AUDIENCE,
        "sub": user.sub,
        "iat": now,
        "exp": now + 3600,
        "scope": scope,
        **{name: user.claims[name] for name in PLATFORM_CLAIMS if name in user.claims},
    }
    pem = key.as_pem(is_private=True)
    return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": key.as_dict()["kid"]})


def allow_browser_origins(response: flask.Response) -> flask.Response:
    # A browser app calls discovery and the token endpoint across origins: a real provider
    # answers CORS for registered web origins (the mock has it from 0.4.1 on).
    response.headers["Access-Control-Allow-Origin"] = flask.request.headers.get("Origin", "*")
    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Authorization, DPoP"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    return response


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str


@pytest.fixture(scope="module")
def oidc_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Provider]]:
    # Named after the provider's module, as its own app() does: that is where its pages live.
    app = flask.Flask(provider_internals.__name__)
    app.config["OAUTH2_ACCESS_TOKEN_GENERATOR"] = access_token
    oidc_provider_mock.init_app(app, require_client_registration=True, require_nonce=True)
    app.secret_key = b"e2e-only"
    app.after_request(allow_browser_origins)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    issuer = f"http://127.0.0.1:{server.server_port}"

    tool = _load_platform_tool()
    data_dir = tmp_path_factory.mktemp("oidc-platform")
    ports = tool.Ports.free()
    gateway = f"http://127.0.0.1:{ports.gateway}"
    try:
        with httpx.Client(base_url=issuer, timeout=10.0) as idp:
            # The console is a public client; its one redirect URI is registered.
            registered = idp.post(
                "/oauth2/clients",
                json={"redirect_uris": [f"{gateway}/console/callback"], "token_endpoint_auth_method": "none"},
            )
            assert registered.status_code == 201, registered.text
            user = idp.put(f"/users/{quote(USER)}", json=USER_CLAIMS)
            assert user.status_code == 204, user.text
        provider = Provider(issuer=issuer, client_id=registered.json()["client_id"])
        env = {
            "CS_GATEWAY_OIDC_ISSUER": provider.issuer,
            "CS_GATEWAY_OIDC_CLIENT_ID": provider.client_id,
            "CS_GATEWAY_JWT_JWKS_URL": f"{issuer}/jwks",
            "CS_GATEWAY_JWT_ISSUER": issuer,
            "CS_GATEWAY_JWT_AUDIENCE": AUDIENCE,
        }
        started = tool.start_platform(data_dir, ports, extra_env=env)
        try:
            assert started.gateway_url == gateway
            yield started, provider
        finally:
            tool.stop_platform(data_dir, ports)
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture
def oidc_page(browser: Browser, oidc_platform: tuple[Any, Provider]) -> Iterator[Page]:
    platform, _ = oidc_platform
    with console_tab(browser, f"{platform.gateway_url}/console/") as tab:
        yield tab


def test_config_offers_oidc_and_no_dev_login(oidc_platform: tuple[Any, Provider]) -> None:
    platform, provider = oidc_platform
    with httpx.Client(base_url=platform.gateway_url, timeout=10.0) as client:
        config = client.get("/console/config.json").json()
        assert config["dev_login"] is False
        assert config["oidc"] == {"issuer": provider.issuer, "client_id": provider.client_id, "scope": "openid profile"}
        # No dev-login route: the console's static files answer (a POST is not allowed there).
        assert client.post("/console/dev-login", json={}).status_code in (404, 405)
        csp = client.get("/console/").headers["Content-Security-Policy"]
        assert f"connect-src 'self' {provider.issuer}" in csp


def log_in_at_provider(page: Page) -> tuple[Request, Request]:
    """Clicks the company login, authorizes on the provider's page; the two browser requests
    that carry PKCE (the authorization request and the token request)."""
    page.goto("")
    expect(page.get_by_role("form", name="开发登录")).to_have_count(0)
    with page.expect_request(lambda r: "/oauth2/authorize" in r.url) as authorize:
        page.get_by_role("button", name="使用公司账号登录").click()
    page.wait_for_url("**/oauth2/authorize**")
    page.get_by_placeholder("sub").fill(USER)
    with page.expect_request(lambda r: "/oauth2/token" in r.url and r.method == "POST") as token:
        page.get_by_role("button", name="Authorize").click()
    return authorize.value, token.value


def test_oidc_login_queue_and_logout(oidc_page: Page, oidc_platform: tuple[Any, Provider]) -> None:
    platform, provider = oidc_platform
    page = oidc_page
    with page.expect_response(lambda r: r.url.startswith(f"{platform.gateway_url}/v1/me")) as me:
        authorize, token = log_in_at_provider(page)
    assert me.value.status == 200

    # PKCE S256 as the console sends it: the verifier in the token request hashes to the
    # challenge of the authorization request, the redirect URI is the registered one. (The
    # mock accepts PKCE but does not check it: this is the console's half of the contract.)
    asked = parse_qs(urlsplit(authorize.url).query)
    assert asked["client_id"] == [provider.client_id]
    assert asked["redirect_uri"] == [f"{platform.gateway_url}/console/callback"]
    assert asked["code_challenge_method"] == ["S256"]
    sent = parse_qs(token.post_data or "")
    digest = hashlib.sha256(sent["code_verifier"][0].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == asked["code_challenge"][0]
    assert "client_secret" not in sent

    # Back from the callback to the console's home, logged in; the callback left the history.
    expect(page.get_by_test_id("who")).to_contain_text(USER)
    expect(page.get_by_test_id("who")).to_contain_text("分支机构 b1")
    assert urlsplit(page.url).path == "/console/"

    # The queue loads with the RS256 access token the provider issued.
    with page.expect_response(lambda r: "/v1/complaints" in r.url and r.request.method == "GET") as queue:
        page.get_by_role("navigation").get_by_role("link", name="投诉台").click()
    assert queue.value.status == 200
    bearer = queue.value.request.headers["authorization"].removeprefix("Bearer ")
    assert jwt.get_unverified_header(bearer)["alg"] == "RS256"
    assert jwt.decode(bearer, options={"verify_signature": False})["branch_id"] == "b1"
    expect(page.get_by_role("heading", name="我的投诉队列")).to_be_visible()
    shoot(page, "oidc-queue")
    # Never in storage: only the one-time PKCE record lived in sessionStorage, and it is gone.
    stored = page.evaluate("() => JSON.stringify([{...localStorage}, {...sessionStorage}])")
    assert bearer not in stored and "oidc-pending" not in stored

    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_test_id("who")).to_have_count(0)
    expect(page.get_by_role("button", name="使用公司账号登录")).to_be_visible()


def forge_state(route: Route) -> None:
    if route.request.method != "POST":
        route.continue_()
        return
    answer = route.fetch(max_redirects=0)
    location = answer.headers["location"].replace("state=", "state=forged-")
    route.fulfill(status=answer.status, headers={**answer.headers, "location": location})


def test_forged_state_is_refused_visibly(oidc_page: Page) -> None:
    page = oidc_page
    page.goto("")
    page.get_by_role("button", name="使用公司账号登录").click()
    page.wait_for_url("**/oauth2/authorize**")
    page.get_by_placeholder("sub").fill(USER)
    # The provider redirects back with a good code; the state is swapped on its way.
    page.route("**/oauth2/authorize?*", forge_state)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url("**/console/**")
    expect(page.get_by_role("alert")).to_contain_text("登录回调与本次登录不符")
    assert urlsplit(page.url).path == "/console/"
    expect(page.get_by_test_id("who")).to_have_count(0)
    shoot(page, "oidc-forged-state")
    # The user can start again from there.
    expect(page.get_by_role("button", name="使用公司账号登录")).to_be_visible()
