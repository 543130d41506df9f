"""The console's statistics (CMP-12): complaints seeded through the API in a branch of the
test's own, months frozen by administration as the API allows (a month that has ended); a
manager picks a month, reads the charts' tables, the compliance over the frozen months, and
downloads the CSV (fetched with the bearer token, saved as a file). A director freezes a
month from the console after a confirmation; a manager is not offered the freeze."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Page, expect

from ..conftest import Token, complaint_body, ok, post
from .conftest import login, shoot

pytestmark = pytest.mark.e2e

CSV_HEADER = "branch_id,month,frozen,content_hash,section,key,value"


def months_back(n: int) -> str:
    """The branch-local month ``n`` months before this one (the branch's default zone)."""
    day = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).replace(day=1)
    for _ in range(n):
        day = (day - timedelta(days=1)).replace(day=1)
    return day.strftime("%Y-%m")


def file_case(client: httpx.Client, agent: str, **changes: Any) -> str:
    return str(ok(post(client, "/v1/complaints", agent, complaint_body(**changes)), 201)["id"])


def close_case(client: httpx.Client, agent: str, cid: str) -> None:
    for path, body in (
        ("accept", {"note": "ok"}),
        ("resolve", {"resolution": "fixed"}),
        ("return-visits", {"satisfied": True, "satisfaction": 4, "comment": "fine"}),
        ("close", {"summary": "done"}),
    ):
        ok(post(client, f"/v1/complaints/{cid}/{path}", agent, body))


def table_rows(page: Page, chart: str) -> list[list[str]]:
    """The rows of a chart's data table (its accessible twin), cell by cell."""
    figure = page.get_by_role("figure", name=chart)
    rows = figure.get_by_role("table").locator("tbody tr")
    expect(rows.first).to_be_visible()
    return [[cell.strip() for cell in row.locator("td").all_inner_texts()] for row in rows.all()]


def seeded_branch(client: httpx.Client, token: Token) -> str:
    branch = f"bst-{uuid.uuid4().hex[:6]}"
    agent = token("agent", branch)
    close_case(client, agent, file_case(client, agent))
    file_case(client, agent, channel="email", category="charging", target={"department": "billing"})
    file_case(client, agent, category="consulting")
    # Administration freezes the two months that have ended (CMP-12: only an ended month).
    admin = token("admin", branch)
    for month in (months_back(2), months_back(1)):
        assert ok(post(client, f"/v1/statistics/complaints/{month}/freeze", admin))["statistics"]["frozen"]
    return branch


def test_cmp_12_a_manager_reads_the_month_charts_tables_and_downloads_the_csv(
    page: Page, console_url: str, client: httpx.Client, token: Token
) -> None:
    branch = seeded_branch(client, token)
    current, last, before = months_back(0), months_back(1), months_back(2)

    login(page, console_url, roles=["manager"], branch=branch, grade=3)
    page.get_by_role("navigation").get_by_role("link", name="投诉统计").click()
    expect(page.get_by_role("heading", name="投诉统计", level=1)).to_be_visible()
    picker = page.get_by_label("统计月份")
    # The newest frozen month comes first; the running month is offered as a live preview.
    expect(picker).to_have_value(last)
    expect(page.get_by_test_id("stats-facts")).to_contain_text("已冻结")
    expect(page.locator("[data-fact=received]")).to_have_text("0")
    assert page.get_by_role("button", name="冻结月份…").count() == 0  # a manager does not freeze

    picker.select_option(current)
    expect(page.get_by_test_id("stats-facts")).to_contain_text("实时预览")
    expect(page.locator("[data-fact=received]")).to_have_text("3")
    expect(page.locator("[data-fact=closed]")).to_have_text("1")
    assert table_rows(page, "按投诉性质") == [["有效投诉", "2"], ["沟通类投诉", "1"]]
    assert table_rows(page, "按投诉渠道") == [["电话", "2"], ["电子邮件", "1"]]
    assert table_rows(page, "按分支机构") == [[branch, "3"]]
    assert table_rows(page, "按被投诉部门") == [["maintenance", "2"], ["billing", "1"]]
    assert sorted(table_rows(page, "按投诉类别")) == sorted([["维修", "1"], ["收费", "1"], ["咨询", "1"]])
    # Compliance over the frozen months: one row a month, oldest first (nothing closed in them).
    trend = table_rows(page, "各月服务时限达标率")
    assert [row[0] for row in trend] == [before, last]
    expect(page.locator(".trend-plot canvas")).to_be_attached()
    shoot(page, "statistics")

    with page.expect_download() as downloading:
        page.get_by_role("button", name="下载 CSV").click()
    download = downloading.value
    assert download.suggested_filename == f"complaint-statistics-all-{current}.csv"
    lines = download.path().read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == CSV_HEADER
    assert f"{branch},{current},no," in lines[1] and lines[1].endswith(",totals,received,3")
    # The token travelled in a header only: no request the page made carried it in its URL.
    assert "eyJ" not in page.url


def test_cmp_12_a_director_freezes_a_month_after_confirming(
    page: Page, console_url: str, client: httpx.Client, token: Token
) -> None:
    branch = seeded_branch(client, token)
    three_back = months_back(3)
    login(page, console_url, roles=["director"], branch=branch, grade=4)
    page.get_by_role("navigation").get_by_role("link", name="投诉统计").click()  # a reload would end the session
    page.get_by_role("button", name="冻结月份…").click()
    dialog = page.get_by_role("dialog", name="冻结月度统计")
    dialog.get_by_label("月份").fill(three_back)
    expect(dialog).to_contain_text(f"确定冻结 {three_back} 吗")
    shoot(page, "statistics-freeze")
    dialog.get_by_role("button", name="取消").click()
    expect(dialog).to_be_hidden()
    listed = client.get("/v1/statistics/complaints", headers={"Authorization": f"Bearer {token('manager', branch)}"})
    assert three_back not in [m["month"] for m in ok(listed)["items"]]  # cancelled: nothing frozen

    page.get_by_role("button", name="冻结月份…").click()
    dialog.get_by_label("月份").fill(three_back)
    dialog.get_by_role("button", name="确认冻结").click()
    expect(page.get_by_role("status").filter(has_text=f"{three_back} 已冻结")).to_be_visible()
    expect(page.get_by_label("统计月份")).to_have_value(three_back)
    expect(page.get_by_test_id("stats-facts")).to_contain_text("已冻结")
    trend = page.get_by_role("figure", name="各月服务时限达标率").locator("tbody tr td:first-child")
    expect(trend).to_have_text([three_back, months_back(2), months_back(1)])  # read again after the freeze
