"""The console's frame: served on the gateway's origin with a strict CSP, Chinese by default
with an English switch, a dev login that mints an in-memory token, logout, keyboard access."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login, shoot

pytestmark = pytest.mark.e2e


def test_console_is_served_with_a_strict_policy_and_client_routes_fall_back(console_url: str) -> None:
    page = httpx.get(console_url + "complaints/123")
    assert page.status_code == 200 and 'id="app"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-cache"
    missing = httpx.get(console_url + "assets/nothing.js")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("application/problem+json")


def test_dev_login_refuses_unknown_roles_with_a_problem(console_url: str) -> None:
    answer = httpx.post(console_url + "dev-login", json={"sub": "x", "branch_id": "b1", "roles": ["emperor"]})
    assert answer.status_code == 422 and "unknown role" in answer.text


def test_login_language_switch_logout_and_no_token_in_storage(page: Page, console_url: str) -> None:
    login(page, console_url, roles=["agent"])
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    shoot(page, "home")
    storage = page.evaluate("() => JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage})")
    assert "eyJ" not in storage  # no JWT anywhere but memory
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Home")).to_be_visible()
    page.get_by_role("button", name="中文").click()
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("form", name="开发登录")).to_be_visible()
    # A reload ends the session: the token was only ever in memory.
    login(page, console_url, roles=["agent"])
    page.reload()
    expect(page.get_by_role("form", name="开发登录")).to_be_visible()
