"""More of attendance in the console: an employee claims rest-day overtime in a week of more
than 40 hours (OT-01, OT-02) on the overtime tab and sees it awaiting approval in their list;
a supervisor opens the team's week (ATT-02 missed punches, ATT-10 weekly review); HR closes
last month (ATT-11), watches the progress bar reach its end and reads one payroll record per
employee. Screenshots: the overtime tab, the team tab, the month close.

The employees are hired through the API first, in a branch of this module's own ("bcon-att2").
The week of the overtime claim is seeded (roster and manual punches) before any test runs:
the month close freezes last month, and that week may lie in it."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Page, expect

from gateway.auth import mint_dev_token

from ..conftest import auth, employee, hire, ok, post
from .conftest import login, shoot

pytestmark = pytest.mark.e2e
BRANCH = "bcon-att2"
SH = ZoneInfo("Asia/Shanghai")


EMPLOYEES = [
    employee("att2-mgr", "manager", None, branch=BRANCH, department="cs-att2"),
    employee("att2-sup", "supervisor", "att2-mgr", branch=BRANCH, department="cs-att2"),
    employee("att2-emp", "staff", "att2-sup", branch=BRANCH, department="cs-att2"),
    employee("att2-emp2", "staff", "att2-sup", branch=BRANCH, department="cs-att2"),
]


def due_of(day: date) -> date:
    """The 21st closing the 21st-20th overtime cycle holding ``day`` (OT-02)."""
    first = day.replace(day=1)
    return (first if day.day < 21 else (first + timedelta(days=32)).replace(day=1)).replace(day=21)


def claimable_rest_day(today: date) -> date:
    """The latest past Saturday or Sunday whose cycle is not yet due: its Monday to Friday are
    worked in full before it, and the claim is still in time."""
    for back in range(1, 8):
        day = today - timedelta(days=back)
        if day.weekday() >= 5 and due_of(day) >= today:
            return day
    pytest.skip("no past weekend day of this week is in an open overtime cycle today")


@pytest.fixture(scope="module")
def rest_day(platform: Any) -> date:
    """Hires the branch; rosters the rest day and punches its week's Monday to Friday 08:55 to
    18:05 (5 x 540 minutes on the default 09:00-18:00 shift: over 40 hours, OT-01)."""
    today = datetime.now(SH).date()
    day = claimable_rest_day(today)
    lead = mint_dev_token("att2-sup", BRANCH, ["team_lead"], 2)
    with httpx.Client(base_url=str(platform.gateway_url), timeout=20.0) as api:
        hire(api, EMPLOYEES)
        ok(
            api.put(
                f"/v1/attendance/employees/att2-emp/roster/{day.isoformat()}",
                json={"rest_day": True},
                headers=auth(lead, **{"Idempotency-Key": uuid.uuid4().hex}),
            )
        )
        monday = day - timedelta(days=day.weekday())
        for offset in range(5):
            for at in (time(8, 55), time(18, 5)):
                moment = datetime.combine(monday + timedelta(days=offset), at, tzinfo=SH).isoformat()
                body = {"employee_id": "att2-emp", "source": "manual", "device_time": moment}
                ok(post(api, "/v1/attendance/punches", lead, body), 201)
    return day


def last_month() -> str:
    first = datetime.now(SH).date().replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


def open_attendance_tab(page: Page, tab: str) -> None:
    page.get_by_role("navigation", name="功能导航").get_by_role("link", name="考勤").click()
    expect(page.get_by_role("heading", name="我的考勤")).to_be_visible()
    page.get_by_role("navigation", name="考勤导航").get_by_role("link", name=tab, exact=True).click()


def test_an_employee_claims_overtime_and_sees_it_in_their_list(page: Page, console_url: str, rest_day: date) -> None:
    login(page, console_url, roles=["agent"], branch=BRANCH, sub="att2-emp", grade=1)
    open_attendance_tab(page, "加班")
    expect(page.get_by_role("heading", name="申请加班")).to_be_visible()
    form = page.get_by_role("form", name="申请加班")
    form.get_by_label("日期").fill(rest_day.isoformat())
    form.get_by_label("开始时间").fill("09:00")
    form.get_by_label("结束时间").fill("13:00")
    form.get_by_label("事由").fill("月底盘点")
    form.get_by_role("button", name="提交加班申请").click()
    expect(page.get_by_role("status").filter(has_text="等待审批")).to_be_visible()
    row = page.get_by_role("table").get_by_role("row").filter(has_text="月底盘点")
    expect(row).to_contain_text("待审批")
    expect(row).to_contain_text("4小时")
    expect(row).to_contain_text("休息日加班")
    # The form is empty again: the draft went with the claim.
    expect(form.get_by_label("事由")).to_have_value("")
    shoot(page, "attendance-overtime")


def test_a_supervisor_opens_the_teams_week(page: Page, console_url: str, rest_day: date) -> None:
    login(page, console_url, roles=["team_lead"], branch=BRANCH, sub="att2-sup", grade=2)
    open_attendance_tab(page, "团队")
    expect(page.get_by_role("heading", name="团队考勤")).to_be_visible()
    expect(page.get_by_role("heading", name="团队漏打卡")).to_be_visible()
    expect(page.get_by_role("heading", name="周考勤复核")).to_be_visible()
    expect(page.get_by_text("漏打卡周报")).to_be_visible()
    # No Monday timer has run on this platform: the review says it is not issued yet.
    expect(page.get_by_text("该周的复核尚未生成")).to_be_visible()
    shoot(page, "attendance-team")


def test_an_agent_sees_no_team_or_month_close_tab(page: Page, console_url: str, rest_day: date) -> None:
    login(page, console_url, roles=["agent"], branch=BRANCH, sub="att2-emp2", grade=1)
    open_attendance_tab(page, "外出")
    expect(page.get_by_role("form", name="外出登记")).to_be_visible()
    tabs = page.get_by_role("navigation", name="考勤导航")
    expect(tabs.get_by_role("link", name="团队")).to_have_count(0)
    expect(tabs.get_by_role("link", name="月结")).to_have_count(0)


def test_hr_closes_last_month_and_previews_one_payroll_record_per_employee(
    page: Page, console_url: str, rest_day: date
) -> None:
    count = len(EMPLOYEES)
    login(page, console_url, roles=["hr"], branch=BRANCH, sub="att2-hr", grade=2)
    open_attendance_tab(page, "月结")
    expect(page.get_by_role("heading", name="月结", exact=True)).to_be_visible()
    expect(page.get_by_label("结算月份")).to_have_value(last_month())
    expect(page.get_by_text("该月尚未结账")).to_be_visible()
    page.get_by_role("button", name="开始月结").click()
    progress = page.get_by_role("progressbar", name="月结进度")
    expect(progress).to_be_visible()
    # ATT-11: the job works through the branch's employees; the bar ends full.
    expect(page.get_by_role("status").filter(has_text=f"已处理 {count}/{count} 名员工")).to_be_visible(timeout=60_000)
    expect(progress).to_have_attribute("max", str(count))
    expect(progress).to_have_attribute("value", str(count))
    expect(page.get_by_text("已结账", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="工资数据预览")).to_be_visible()
    expect(page.get_by_test_id("payroll-count")).to_have_text(f"共 {count} 条记录")
    table = page.get_by_role("table")
    for person in EMPLOYEES:
        expect(
            table.get_by_role("row").filter(has=page.get_by_role("cell", name=person["id"], exact=True))
        ).to_have_count(1)
    shoot(page, "attendance-month-close")
