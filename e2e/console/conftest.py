"""The console in Debian's Chromium, driven by Playwright, against the e2e platform.

Every test logs in through the console's own dev login (tokens live in the page's memory
only), takes screenshots of the pages it passes into ``build/console-screenshots`` (the
artifacts CI keeps) and checks each with axe-core, which must report no serious or critical
WCAG 2.1 AA violation.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CS_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "console" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "console-screenshots"
# Headless, and quiet: the machine's closed network refuses Chromium's background calls.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = pytest.mark.e2e


# Per module, not per session: the sync API keeps an event loop running on this thread, and
# every later test that calls asyncio.run (the gateway's, the kit's) would fail beside it.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make system-tools` installs Debian's chromium")
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def console_url(platform: Any) -> str:
    return f"{platform.gateway_url}/console/"


@contextmanager
def console_tab(browser: Browser, console_url: str) -> Iterator[Page]:
    """A fresh browser context on the console (no cookies, no storage); fails if a script threw."""
    context = browser.new_context(base_url=console_url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"the console threw: {errors}"


@pytest.fixture
def page(browser: Browser, console_url: str) -> Iterator[Page]:
    with console_tab(browser, console_url) as tab:
        yield tab


def login(
    page: Page,
    console_url: str,
    *,
    roles: list[str],
    branch: str = "b1",
    sub: str | None = None,
    grade: int = 1,
    path: str = "",
) -> None:
    """Opens ``path`` of the console and logs in through its dev login form, as a user would.

    The token lives in the page's memory only, so ``page.goto`` (a reload) ends the session:
    after logging in, move by the console's own links, or log in again at a deep link.
    """
    page.goto(console_url + path)
    form = page.get_by_role("form", name="开发登录")
    form.get_by_label("用户编号").fill(sub or f"{roles[0]}-{branch}")
    for box in form.locator("input[name=roles]").all():
        box.set_checked(box.get_attribute("value") in roles)
    form.get_by_label("职级").fill(str(grade))
    form.get_by_label("分支机构").fill(branch)
    form.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("who")).to_contain_text(sub or f"{roles[0]}-{branch}")


def shoot(page: Page, name: str) -> None:
    """A screenshot of the whole page for the artifacts, then the accessibility check."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert_accessible(page, name)


def assert_accessible(page: Page, name: str) -> None:
    # Evaluated over the DevTools protocol: the console's CSP (rightly) refuses inline scripts.
    page.evaluate(AXE.read_text())
    result = page.evaluate("tags => axe.run(document, { runOnly: { type: 'tag', values: tags } })", WCAG_AA)
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    described = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in serious]
    assert not serious, f"axe-core on {name}: {described}"


def number_of(text: str) -> str:
    found = re.search(r"[A-Za-z0-9_-]+-\d{8}-[A-Za-z0-9]+", text)
    assert found, text
    return found.group(0)


def fresh_screenshots() -> None:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
