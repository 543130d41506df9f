"""Attendance in the console (LV-01): an employee asks for a day of personal leave on the
leave page, the direct supervisor the people directory names (a day or less: the direct
supervisor, supervisor grade) finds it awaiting their approval and approves it, and the
employee sees it approved; a refusal needs its reason. Screenshots: the month, the leave
page, the approvals queue.

The employees are hired through the API first, in a branch of this module's own ("bcon-att")
so no other test's people or requests mix in."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Page, expect

from gateway.auth import mint_dev_token

from ..conftest import auth, employee, hire, ok
from .conftest import login, shoot

pytestmark = pytest.mark.e2e
BRANCH = "bcon-att"


EMPLOYEES = [
    employee("att-dir", "director", None, branch=BRANCH, department="cs-att"),
    employee("att-mgr", "manager", "att-dir", branch=BRANCH, department="cs-att"),
    employee("att-sup", "supervisor", "att-mgr", branch=BRANCH, department="cs-att"),
    employee("att-emp", "staff", "att-sup", branch=BRANCH, department="cs-att"),
    employee("att-emp2", "staff", "att-sup", branch=BRANCH, department="cs-att"),
]


def working_days_ahead(api: httpx.Client, who: str, count: int) -> list[date]:
    """The branch calendar's next working days, a week from now (LV-02: asked in advance)."""
    day = datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=7)
    found: list[date] = []
    while len(found) < count:
        month = ok(api.get(f"/v1/attendance/calendar/{day.year}", params={"month": day.month}, headers=auth(who)))
        working = {d["day"] for d in month["days"] if d["working"]}
        while len(found) < count and day.month == int(month["days"][0]["day"][5:7]):
            if day.isoformat() in working:
                found.append(day)
            day += timedelta(days=1)
    return found


@pytest.fixture(scope="module")
def leave_days(platform: Any) -> list[date]:
    with httpx.Client(base_url=str(platform.gateway_url), timeout=20.0) as api:
        hire(api, EMPLOYEES)
        return working_days_ahead(api, mint_dev_token("att-emp", BRANCH, ["agent"], 1), 2)


def row_of(page: Page, employee_id: str) -> Any:
    return page.get_by_role("row").filter(has=page.get_by_role("cell", name=employee_id, exact=True))


def open_attendance_tab(page: Page, tab: str) -> None:
    page.get_by_role("navigation", name="功能导航").get_by_role("link", name="考勤").click()
    expect(page.get_by_role("heading", name="我的考勤")).to_be_visible()
    page.get_by_role("navigation", name="考勤导航").get_by_role("link", name=tab, exact=True).click()


def request_personal_leave(page: Page, day: date, reason: str) -> None:
    form = page.get_by_role("form", name="申请请假")
    form.get_by_label("假别").select_option("personal")
    form.get_by_label("开始日期").fill(day.isoformat())
    form.get_by_label("结束日期").fill(day.isoformat())
    form.get_by_label("事由").fill(reason)
    form.get_by_role("button", name="提交申请").click()
    # LV-01: a day or less goes to the direct supervisor alone.
    expect(page.get_by_role("status").filter(has_text="等待 att-sup 审批")).to_be_visible()


def test_an_employee_requests_leave_and_the_direct_supervisor_approves_it(
    page: Page, console_url: str, leave_days: list[date]
) -> None:
    login(page, console_url, roles=["agent"], branch=BRANCH, sub="att-emp", grade=1)
    page.get_by_role("navigation", name="功能导航").get_by_role("link", name="考勤").click()
    expect(page.get_by_role("heading", name="我的考勤")).to_be_visible()
    expect(page.get_by_role("heading", name="每日考勤")).to_be_visible()
    expect(page.get_by_role("heading", name="本月汇总")).to_be_visible()
    expect(page.get_by_text("应出勤")).to_be_visible()
    shoot(page, "attendance-my-month")

    page.get_by_role("navigation", name="考勤导航").get_by_role("link", name="请假", exact=True).click()
    expect(page.get_by_role("heading", name="年休假余额")).to_be_visible()
    request_personal_leave(page, leave_days[0], "家中有事")
    mine = page.get_by_role("table")
    expect(mine.get_by_role("row").filter(has_text="事假")).to_contain_text("待审批")
    expect(mine).to_contain_text("待 att-sup 审批")
    shoot(page, "attendance-leave")
    page.get_by_role("button", name="退出登录").click()

    # Not the employee's manager's manager: the direct supervisor's queue holds it.
    login(page, console_url, roles=["team_lead"], branch=BRANCH, sub="att-sup", grade=2)
    open_attendance_tab(page, "待我审批")
    row = row_of(page, "att-emp")
    expect(row).to_contain_text("事假")
    expect(row).to_contain_text("第 1/1 级")
    shoot(page, "attendance-approvals")
    row.get_by_role("button", name="批准").click()
    expect(row_of(page, "att-emp")).to_have_count(0)
    page.get_by_role("button", name="退出登录").click()

    login(page, console_url, roles=["agent"], branch=BRANCH, sub="att-emp", grade=1)
    open_attendance_tab(page, "请假")
    approved = page.get_by_role("table").get_by_role("row").filter(has_text="事假")
    expect(approved).to_contain_text("已批准")
    expect(approved).to_contain_text("att-sup")


def test_a_refusal_needs_its_reason_and_the_employee_reads_it(
    page: Page, console_url: str, leave_days: list[date]
) -> None:
    login(page, console_url, roles=["agent"], branch=BRANCH, sub="att-emp2", grade=1)
    open_attendance_tab(page, "请假")
    request_personal_leave(page, leave_days[1], "私事")
    page.get_by_role("button", name="退出登录").click()

    login(page, console_url, roles=["team_lead"], branch=BRANCH, sub="att-sup", grade=2)
    open_attendance_tab(page, "待我审批")
    row = row_of(page, "att-emp2")
    row.get_by_role("button", name="驳回").click()
    expect(row.get_by_role("alert")).to_contain_text("驳回需填写理由")
    row.get_by_role("textbox").fill("当天人手不足")
    row.get_by_role("button", name="驳回").click()
    expect(row_of(page, "att-emp2")).to_have_count(0)
    page.get_by_role("button", name="退出登录").click()

    login(page, console_url, roles=["agent"], branch=BRANCH, sub="att-emp2", grade=1)
    open_attendance_tab(page, "请假")
    refused = page.get_by_role("table").get_by_role("row").filter(has_text="事假")
    expect(refused).to_contain_text("已驳回")
    expect(refused).to_contain_text("当天人手不足")
