"""The staff console's page weight and first render (issue 15), in Debian's Chromium.

Started by ``make bench`` (tools/bench/run.py, after the HTTP runs) or alone with
``run.py --console-only``; on its own platform (tools/localplatform.py, SQLite, free ports):

1. **Page weight**: for each main page (the routes of console/src/sections.ts), a fresh browser
   context (cold cache) opens the console, logs in through the dev login form and reaches the
   page by clicking the app's own links (the token lives in the page's memory: no reload after
   login). The Resource Timing entries of the one document give, per page, the JavaScript and
   CSS bodies as transferred (``encodedBodySize``: compressed only if the gateway compressed)
   and the number of requests; each asset is also fetched once more and gzipped here (level 6),
   which is what a compressing gateway or proxy would send. "cold" is everything the browser
   fetched from the first byte to the page settled (login included); "own" is what this page
   added after the page it was reached from.
2. **First render of the queue**: ``--cases`` open complaints (default 1,000) filed in branch b1
   through the gateway, then, in a fresh context per run, the time from the click on the
   投诉台 link to the queue's table holding its first screen (the first page of 100, nearest
   deadline first, in the DOM, and the next frame after it), and to its first row. The floor,
   measured in the same run: the same API call the page makes (GET /v1/complaints, the page's
   status filter, order=next_deadline, page_size 100) from Python with httpx on one keep-alive
   connection. The target is a ratio to that floor.

    .venv/bin/python tools/bench/run.py --console-only [--quick] [--no-record]
"""

from __future__ import annotations

import asyncio
import gzip
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

CHROMIUM = "/usr/bin/chromium"
BRANCH = "b1"
# One user who sees every section of the navigation (sections.ts: manager is in each list).
ROLES = ["agent", "manager"]
SUB = "bench-manager"
# The queue's filter, order and page size (console/src/pages/complaints/queue.tsx: OPEN,
# order, PAGE_SIZE): its first screen is one page, the rest comes on "load more".
OPEN = ["received", "accepted", "in_progress", "resolved", "visited"]
ORDER = "next_deadline"
PAGE_SIZE = 100
GZIP_LEVEL = 6

TARGET_JS_GZIP_KB = 100.0  # JavaScript per page, cold (login included), gzip, kB (1,000 bytes) <= this
TARGET_QUEUE_RATIO = 2.0  # queue first render (click -> first screen, cold) / API floor <= this

COMPLAINT_BODY: dict[str, Any] = {
    "channel": "phone",
    "complainant": {"name": "李雷", "contact": "13800000000", "address": "3-402"},
    "target": {"department": "maintenance"},
    "description": "厨房水管漏水 两次上门仍未修好",
    "demands": ["compensation"],
    "category": "maintenance",
    "severity": "ordinary",
}


# --------------------------------------------------------------------------------------------
# Measuring in the browser

# Resource Timing keeps 250 entries by default; a settled page can make more than that.
INIT_SCRIPT = "performance.setResourceTimingBufferSize(10000)"
ENTRIES_JS = """() => [
  ...performance.getEntriesByType('navigation'),
  ...performance.getEntriesByType('resource'),
].map(e => ({name: e.name, start: e.startTime, end: e.responseEnd, encoded: e.encodedBodySize,
             decoded: e.decodedBodySize, transfer: e.transferSize}))"""

# Marks for the queue's first render: the click, the first row, the first screen of rows (DOM), the next frame.
WATCH_ROWS_JS = """(want) => {
  const marks = {};
  window.__bench = marks;
  document.addEventListener('click', () => { marks.click ??= performance.now(); }, {capture: true});
  const observer = new MutationObserver(() => {
    const rows = document.querySelectorAll('table tbody tr').length;
    if (rows > 0 && marks.first === undefined) marks.first = performance.now();
    if (rows >= want && marks.all === undefined) {
      marks.all = performance.now();
      marks.rows = rows;
      observer.disconnect();
      // After the next frame's rendering: a task queued from its animation frame callback.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { marks.frame = performance.now(); };
        channel.port2.postMessage(null);
      });
    }
  });
  observer.observe(document.body, {childList: true, subtree: true});
}"""


def kind_of(url: str) -> str:
    path = urlsplit(url).path
    if path.startswith("/v1/") or path in ("/console/config.json", "/console/dev-login"):
        return "api"
    if path.endswith(".js"):
        return "js"
    if path.endswith(".css"):
        return "css"
    if path.startswith("/console"):
        return "html" if "." not in path.rsplit("/", 1)[-1] else "other"
    return "other"


@dataclass
class Weight:
    """What the browser fetched over some span: bodies by kind and the number of requests."""

    js: int = 0  # bytes as transferred (encodedBodySize)
    css: int = 0
    html: int = 0
    api: int = 0
    other: int = 0
    js_gzip: int = 0  # the same assets gzipped here
    css_gzip: int = 0
    js_files: int = 0
    css_files: int = 0
    requests: int = 0
    api_requests: int = 0

    def add(self, entry: dict[str, Any], gz: Callable[[str], int]) -> None:
        kind = kind_of(entry["name"])
        size = int(entry["encoded"] or 0)
        self.requests += 1
        setattr(self, kind, getattr(self, kind) + size)
        if kind == "api":
            self.api_requests += 1
        elif kind == "js":
            self.js_files += 1
            self.js_gzip += gz(entry["name"])
        elif kind == "css":
            self.css_files += 1
            self.css_gzip += gz(entry["name"])


@dataclass
class PageWeight:
    name: str
    route: str
    cold: Weight
    own: Weight
    note: str = ""


@dataclass
class Step:
    """One page reached by clicks from the previous one; ``click`` does the clicking."""

    name: str
    route: str
    click: Callable[[Any], None]


def _nav(label: str) -> Callable[[Any], None]:
    return lambda page: page.get_by_role("navigation").get_by_role("link", name=label, exact=True).click()


def _link(label: str) -> Callable[[Any], None]:
    return lambda page: page.locator("main").get_by_role("link", name=label, exact=True).first.click()


def _first_case(page: Any) -> None:
    page.locator("table tbody tr a").first.click()


# Each path starts on the home page after login; the last step is the page measured.
PATHS: dict[str, list[Step]] = {
    "home": [],
    "complaint queue": [Step("complaint queue", "/complaints", _nav("投诉台"))],
    "intake": [
        Step("complaint queue", "/complaints", _nav("投诉台")),
        Step("intake", "/complaints/new", _link("登记投诉")),
    ],
    "case": [
        Step("complaint queue", "/complaints", _nav("投诉台")),
        Step("case", "/complaints/:id", _first_case),
    ],
    "approvals inbox": [Step("approvals inbox", "/approvals", _nav("审批待办"))],
    "attendance": [Step("attendance", "/attendance", _nav("考勤"))],
    "archives": [Step("archives", "/archives", _nav("档案管理"))],
    "statistics": [Step("statistics", "/statistics", _nav("投诉统计"))],
    "keys": [Step("keys", "/keys", _nav("钥匙管理"))],
    "after-sales": [Step("after-sales", "/aftersales", _nav("售后服务"))],
}


class Tab:
    """A fresh context (cold cache) with one page, counting requests in flight."""

    def __init__(self, browser: Any, console_url: str) -> None:
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(60_000)
        self.context.add_init_script(INIT_SCRIPT)
        self.page = self.context.new_page()
        self.console_url = console_url
        self.inflight = 0
        self.errors: list[str] = []
        self.page.on("request", lambda _r: self._count(1))
        self.page.on("requestfinished", lambda _r: self._count(-1))
        self.page.on("requestfailed", lambda _r: self._count(-1))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _count(self, delta: int) -> None:
        self.inflight += delta

    def close(self) -> None:
        self.context.close()

    def settle(self, quiet_ms: int = 500, timeout_s: float = 60.0) -> None:
        """Until nothing is loading: no request in flight for ``quiet_ms`` and no busy marker."""
        deadline = time.monotonic() + timeout_s
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
            busy = self.inflight > 0 or self.page.locator("[aria-busy=true]").count() > 0
            if busy:
                quiet_since = time.monotonic()
            elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                return
        raise RuntimeError(f"{self.page.url} did not settle within {timeout_s:.0f}s")

    def entries(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.page.evaluate(ENTRIES_JS)
        return found

    def open_login(self) -> None:
        self.page.goto(self.console_url)
        self.page.get_by_role("form", name="开发登录").wait_for()
        self.settle()

    def login(self) -> None:
        """The dev login form, as e2e/console/conftest.py's ``login`` fills it."""
        from playwright.sync_api import expect

        form = self.page.get_by_role("form", name="开发登录")
        form.get_by_label("用户编号").fill(SUB)
        for box in form.locator("input[name=roles]").all():
            box.set_checked(box.get_attribute("value") in ROLES)
        form.get_by_label("职级").fill("3")
        form.get_by_label("分支机构").fill(BRANCH)
        form.get_by_role("button", name="登录").click()
        expect(self.page.get_by_test_id("who")).to_contain_text(SUB)
        self.settle()


def page_weights(browser: Any, console_url: str, gz: Callable[[str], int]) -> list[PageWeight]:
    results: list[PageWeight] = []
    for name, steps in PATHS.items():
        tab = Tab(browser, console_url)
        try:
            tab.open_login()
            at_login = tab.entries()
            if not results:  # the login page itself, once
                results.append(PageWeight("login", "/ (not logged in)", _weigh(at_login, gz), _weigh(at_login, gz)))
            tab.login()
            before = tab.entries()
            for step in steps:
                before = tab.entries()
                step.click(tab.page)
                tab.settle()
            after = tab.entries()
            route = steps[-1].route if steps else "/"
            own = after[len(before) :] if steps else after[len(at_login) :]
            results.append(PageWeight(name, route, _weigh(after, gz), _weigh(own, gz)))
            if tab.errors:
                results[-1].note = f"the page threw: {tab.errors[0][:200]}"
        except Exception as exc:  # one page that cannot be reached does not hide the others
            route = steps[-1].route if steps else "/"
            results.append(PageWeight(name, route, Weight(), Weight(), f"not measured: {type(exc).__name__}: {exc}"))
        finally:
            tab.close()
    return results


def _weigh(entries: Sequence[dict[str, Any]], gz: Callable[[str], int]) -> Weight:
    w = Weight()
    for e in entries:
        w.add(e, gz)
    return w


class Gzipped:
    """Each asset's size gzipped here (fetched once more by URL), and the gateway's own encoding."""

    def __init__(self) -> None:
        self.sizes: dict[str, int] = {}
        self.encodings: dict[str, str] = {}
        self.client = httpx.Client(timeout=30.0, headers={"Accept-Encoding": "gzip, deflate, br"})

    def __call__(self, url: str) -> int:
        if url not in self.sizes:
            resp = self.client.get(url)
            resp.raise_for_status()
            self.encodings[url] = resp.headers.get("content-encoding", "identity")
            self.sizes[url] = len(gzip.compress(resp.content, GZIP_LEVEL))
        return self.sizes[url]

    def gateway_encoding(self) -> str:
        found = sorted(set(self.encodings.values()))
        return ", ".join(found) or "unknown"


# --------------------------------------------------------------------------------------------
# The queue's first render


@dataclass
class Render:
    first_ms: float  # click -> the first row in the DOM
    all_ms: float  # click -> the first screen in the DOM
    frame_ms: float  # click -> the frame after the first screen was in the DOM
    before_api_ms: float  # click -> the first GET /v1/complaints started (the page's chunk, mounting)
    api_ms: float  # first GET started -> last GET answered
    after_api_ms: float  # last GET answered -> the first screen in the DOM (JSON, render)
    calls: int
    rows: int

    @property
    def paint_ms(self) -> float:
        """Script after the commit (effects, re-renders), style, layout and paint of that frame."""
        return self.frame_ms - self.all_ms


@dataclass
class QueueResult:
    cases: int
    seed_s: float
    floor_ms: list[float]
    floor_calls: int
    cold: list[Render]
    warm: list[Render]

    @staticmethod
    def median(runs: Sequence[Render], attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in runs) if runs else float("nan")

    @property
    def floor(self) -> float:
        return statistics.median(self.floor_ms)


def seed_cases(gateway: str, token: str, count: int, concurrency: int = 16) -> float:
    """``count`` complaints filed in branch b1 through the gateway, ``concurrency`` at a time."""

    async def go() -> None:
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        gate = asyncio.Semaphore(concurrency)
        async with httpx.AsyncClient(base_url=gateway, timeout=60.0, limits=limits) as client:

            async def one(i: int) -> None:
                async with gate:
                    body = {**COMPLAINT_BODY, "complainant": {**COMPLAINT_BODY["complainant"], "name": f"住户{i:04d}"}}
                    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"bench-console-{uuid.uuid4()}"}
                    resp = await client.post("/v1/complaints", json=body, headers=headers)
                    if resp.status_code not in (200, 201):
                        raise RuntimeError(f"POST /v1/complaints answered {resp.status_code}: {resp.text[:300]}")

            await asyncio.gather(*(one(i) for i in range(count)))

    t0 = time.perf_counter()
    asyncio.run(go())
    return time.perf_counter() - t0


def api_floor(gateway: str, token: str) -> tuple[float, int, int]:
    """The queue's call from Python: (ms, calls, complaints) for one pass, keep-alive."""
    with httpx.Client(base_url=gateway, timeout=60.0, headers={"Authorization": f"Bearer {token}"}) as client:
        params: list[tuple[str, str | int | float | bool | None]] = [("status", s) for s in OPEN]
        params += [("order", ORDER), ("page_size", PAGE_SIZE)]
        t0 = time.perf_counter()
        resp = client.get("/v1/complaints", params=params)
        resp.raise_for_status()
        items = len(resp.json()["items"])
        return (time.perf_counter() - t0) * 1000, 1, items


def _render(tab: Tab, cases: int, entries_before: int) -> Render:
    tab.page.evaluate(WATCH_ROWS_JS, min(cases, PAGE_SIZE))
    tab.page.get_by_role("navigation").get_by_role("link", name="投诉台", exact=True).click()
    tab.page.wait_for_function("() => window.__bench && window.__bench.frame !== undefined", timeout=120_000)
    marks: dict[str, float] = tab.page.evaluate("() => window.__bench")
    calls = [
        e
        for e in tab.entries()[entries_before:]
        if urlsplit(e["name"]).path == "/v1/complaints" and e["start"] >= marks["click"]
    ]
    first_start = min(e["start"] for e in calls)
    last_end = max(e["end"] for e in calls)
    click = marks["click"]
    return Render(
        first_ms=marks["first"] - click,
        all_ms=marks["all"] - click,
        frame_ms=marks["frame"] - click,
        before_api_ms=first_start - click,
        api_ms=last_end - first_start,
        after_api_ms=marks["all"] - last_end,
        calls=len(calls),
        rows=int(marks["rows"]),
    )


def queue_renders(browser: Any, console_url: str, cases: int, runs: int) -> tuple[list[Render], list[Render]]:
    """Per run a fresh context: the first click on 投诉台 (cold: the page's code not loaded yet),
    then home and 投诉台 again (warm: code cached, the data fetched again)."""
    cold: list[Render] = []
    warm: list[Render] = []
    for i in range(runs):
        tab = Tab(browser, console_url)
        try:
            tab.open_login()
            tab.login()
            cold.append(_render(tab, cases, len(tab.entries())))
            tab.settle()
            _home(tab)
            tab.settle()
            warm.append(_render(tab, cases, len(tab.entries())))
            print(
                f"    run {i + 1}: cold {cold[-1].frame_ms:.0f} ms, warm {warm[-1].frame_ms:.0f} ms "
                f"({cold[-1].rows} rows, {cold[-1].calls} calls)",
                flush=True,
            )
            if tab.errors:
                raise RuntimeError(f"the console threw: {tab.errors[0][:300]}")
        finally:
            tab.close()
    return cold, warm


def _home(tab: Tab) -> None:
    tab.page.locator("header.top a.brand").click()
    tab.page.wait_for_url("**/console/")


# --------------------------------------------------------------------------------------------
# Report


@dataclass
class ConsoleReport:
    weights: list[PageWeight] = field(default_factory=list)
    encoding: str = "unknown"
    queue: QueueResult | None = None
    errors: list[str] = field(default_factory=list)


def kb(n: int) -> str:
    return f"{n / 1000:.1f}"


WEIGHT_HEADER = (
    "page",
    "route",
    "JS kB cold (gzip)",
    "CSS kB cold (gzip)",
    "requests cold (API)",
    "JS kB own (gzip)",
    "files own (JS + CSS)",
    "API calls own",
)


def weight_rows(r: ConsoleReport) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for p in r.weights:
        c, o = p.cold, p.own
        rows.append(
            (
                p.name,
                p.route,
                f"{kb(c.js)} ({kb(c.js_gzip)})",
                f"{kb(c.css)} ({kb(c.css_gzip)})",
                f"{c.requests} ({c.api_requests})",
                f"{kb(o.js)} ({kb(o.js_gzip)})",
                f"{o.js_files} + {o.css_files}",
                str(o.api_requests),
            )
        )
    return rows


def target_rows(r: ConsoleReport) -> list[tuple[str, str, str, str]]:
    from run import _flag, _fmt

    rows: list[tuple[str, str, str, str]] = []
    if r.weights:
        heaviest = max(r.weights, key=lambda p: p.cold.js_gzip)
        rows.append(
            (
                f"JS per page, cold, gzip (heaviest: {heaviest.name})",
                f"{kb(heaviest.cold.js_gzip)} kB",
                f"<= {TARGET_JS_GZIP_KB:g} kB",
                _flag(heaviest.cold.js_gzip / 1000 <= TARGET_JS_GZIP_KB),
            )
        )
        if r.encoding != "gzip":  # what the browser really received
            rows.append(
                (
                    f"JS per page, cold, as transferred ({r.encoding}; heaviest: {heaviest.name})",
                    f"{kb(heaviest.cold.js)} kB",
                    f"(info) <= {TARGET_JS_GZIP_KB:g} kB",
                    "-",
                )
            )
    else:
        rows.append(("JS per page, cold, gzip", "n/a", f"<= {TARGET_JS_GZIP_KB:g} kB", "NOT RUN"))
    q = r.queue
    label = f"queue first render ({q.cases:,} cases, cold) / API floor" if q else "queue first render / API floor"
    if q and q.cold:
        ratio = q.median(q.cold, "frame_ms") / q.floor
        rows.append((label, _fmt(ratio), f"<= {TARGET_QUEUE_RATIO:g}", _flag(ratio <= TARGET_QUEUE_RATIO)))
        warm = q.median(q.warm, "frame_ms") / q.floor
        rows.append((label.replace("cold", "warm"), _fmt(warm), "(info)", "-"))
    else:
        rows.append((label, "n/a", f"<= {TARGET_QUEUE_RATIO:g}", "NOT RUN"))
    return rows


RENDER_HEADER = ("queue, median of runs", "cold ms", "warm ms")


def render_rows(q: QueueResult) -> list[tuple[str, str, str]]:
    def both(attr: str) -> tuple[str, str]:
        return f"{q.median(q.cold, attr):.0f}", f"{q.median(q.warm, attr):.0f}"

    return [
        ("click -> first row in the DOM", *both("first_ms")),
        (f"click -> the first screen ({min(q.cases, PAGE_SIZE)} rows) in the DOM", *both("all_ms")),
        ("click -> the next frame rendered (first render)", *both("frame_ms")),
        ("  of which: click -> first GET /v1/complaints", *both("before_api_ms")),
        ("  of which: first GET -> last answer", *both("api_ms")),
        ("  of which: last answer -> the rows in the DOM", *both("after_api_ms")),
        ("  of which: rows in the DOM -> the next frame", *both("paint_ms")),
        (
            f"API floor: the same GET{'s' if q.floor_calls > 1 else ''} ({q.floor_calls}) from httpx",
            f"{q.floor:.0f}",
            "-",
        ),
    ]


def render_section(r: ConsoleReport, info: dict[str, str], runs: int) -> str:
    from run import markdown_table

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    la = os.getloadavg()
    parts = [
        "",  # the section before may end without a blank line
        f"## Console: page weight and first render, {now} (commit {info['commit']})",
        "",
        f"- Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']} memory; Chromium {info.get('chromium', '?')} "
        "headless (Playwright); platform on SQLite (tools/localplatform.py)",
        f"- Load average (1/5/15 min): {info.get('loadavg', 'unknown')} at the start, "
        f"{la[0]:.2f} / {la[1]:.2f} / {la[2]:.2f} at the end",
        f"- Gateway's Content-Encoding for the console's assets: {r.encoding}; sizes are bodies as transferred "
        f"(Resource Timing encodedBodySize), in parentheses gzipped here at level {GZIP_LEVEL}",
        "- cold: a fresh context (empty cache), the login page, the dev login, then the app's links to the page; "
        "own: what the page fetched after the page it was reached from (home, or the queue for intake and case)",
        "",
        markdown_table(WEIGHT_HEADER, weight_rows(r)),
        "",
    ]
    q = r.queue
    if q is not None:
        parts += [
            f"- Queue: {q.cases:,} open complaints in branch {BRANCH} (seeded through the gateway in {q.seed_s:.1f} s); "
            f"median of {runs} runs, each in a fresh context (cold: first visit, the page's code fetched; warm: "
            f"home and back, code cached, data fetched again)",
            "",
            markdown_table(RENDER_HEADER, render_rows(q)),
            "",
        ]
    parts += [markdown_table(("measure", "value", "target", ""), target_rows(r)), ""]
    notes = [*(f"{p.name}: {p.note}" for p in r.weights if p.note), *r.errors]
    parts += [f"- {n}" for n in notes] + [""]
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------------------------
# The run


def console_test_flags() -> list[str]:
    """CHROMIUM_ARGS of e2e/console/conftest.py (loaded by path): the browser the tests use."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("cs_console_conftest", ROOT / "e2e" / "console" / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.CHROMIUM_ARGS)


def chromium_version() -> str:
    import subprocess

    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"Chromium (\S+)", out)
    return found.group(1) if found else "unknown"


def start(plat: Any, data_dir: Path, attempts: int = 3) -> tuple[Any, Any]:
    """The platform on free ports; again on others when one was taken meanwhile (other runs share
    the machine)."""
    for attempt in range(1, attempts + 1):
        ports = plat.Ports.free()
        print(f"console: platform starting in {data_dir} (gateway port {ports.gateway})", flush=True)
        try:
            return plat.start_platform(data_dir, ports, progress=lambda m: print("  " + m)), ports
        except plat.PlatformError as exc:
            if "was taken" not in str(exc) or attempt == attempts:
                raise
            print(f"  {exc}: again on other ports", flush=True)
    raise AssertionError("unreachable")


def main(*, quick: bool = False, no_record: bool = False, cases: int | None = None, runs: int | None = None) -> int:
    chromium_args = console_test_flags()
    from playwright.sync_api import sync_playwright
    from run import NOT_MET, load_platform, machine, record, text_table

    from gateway.auth import mint_dev_token

    cases = cases if cases is not None else (200 if quick else 1000)
    runs = runs if runs is not None else (2 if quick else 5)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: `make system-tools` installs Debian's chromium", file=sys.stderr)
        return 2
    info = machine()
    info["chromium"] = chromium_version()
    plat = load_platform()
    data_dir = Path(tempfile.mkdtemp(prefix="cs-bench-console-"))
    report = ConsoleReport()
    p, ports = start(plat, data_dir)
    failed = False
    try:
        gateway: str = p.gateway_url
        console_url = f"{gateway}/console/"
        token = mint_dev_token(SUB, BRANCH, ROLES, 3)
        print(f"console: filing {cases:,} complaints in branch {BRANCH} ...", flush=True)
        seed_s = seed_cases(gateway, token, cases)
        print(f"    {seed_s:.1f} s", flush=True)
        gz = Gzipped()
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=chromium_args)
            try:
                print("console: page weight, one fresh context per page ...", flush=True)
                report.weights = page_weights(browser, console_url, gz)
                report.encoding = gz.gateway_encoding()
                print(f"console: queue first render, {runs} runs ...", flush=True)
                api_floor(gateway, token)  # warm-up: the first pass opens the database's pages
                floor = [api_floor(gateway, token) for _ in range(runs)]
                cold, warm = queue_renders(browser, console_url, cases, runs)
                floor += [api_floor(gateway, token) for _ in range(runs)]  # before and after the browser
                report.queue = QueueResult(cases, seed_s, [f[0] for f in floor], floor[0][1], cold, warm)
                if floor[0][2] != min(cases, PAGE_SIZE):
                    report.errors.append(f"the queue's first page listed {floor[0][2]} of {cases} open complaints")
            finally:
                browser.close()
    except Exception as exc:
        failed = True
        report.errors.append(f"{type(exc).__name__}: {exc}")
        print(f"console run failed: {type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        print("platform: stopping", flush=True)
        plat.stop_platform(data_dir, ports)
        if failed:
            print(f"  logs kept in {data_dir / 'logs'}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)

    print()
    print(f"gateway Content-Encoding for the console's assets: {report.encoding}")
    print(text_table(WEIGHT_HEADER, weight_rows(report)))
    if report.queue is not None:
        print()
        print(text_table(RENDER_HEADER, render_rows(report.queue)))
    print()
    targets = target_rows(report)
    print(text_table(("measure", "value", "target", ""), targets))
    problems = [*(f"{p.name}: {p.note}" for p in report.weights if p.note), *report.errors]
    if problems:
        print("\nproblems:\n" + "\n".join(f"  - {e}" for e in problems))
    missed = [row[0] for row in targets if row[3] in NOT_MET]
    print("\n" + (f"targets not met: {', '.join(missed)}" if missed else "all measured targets met"))
    if not (no_record or quick):
        record(render_section(report, info, runs))
        print("recorded in docs/benchmarks.md")
    return 0
