"""After-sales in the console (AFS-01, AFS-02, AFS-03, AFS-11): the front desk opens a work
order, a manager dispatches it to the engineer on duty, the engineer accepts, leaves, decides
the warranty after diagnosis (in warranty: no quote), starts and records the household's
signature — a minor's is refused beside the form, an adult's completes the order — and the
board shows it completed; customer service then records the return visit (AFS-06)."""

from __future__ import annotations

import re
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from gateway.auth import mint_dev_token

from ..conftest import ok, post
from .conftest import login, shoot

pytestmark = pytest.mark.e2e


def nav(page: Page, section: str) -> None:
    page.get_by_role("navigation", name="功能导航").get_by_role("link", name=section, exact=True).click()


def open_from_board(page: Page, number: str) -> None:
    nav(page, "售后服务")
    expect(page.get_by_role("heading", name="售后工单看板")).to_be_visible()
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=f"工单 {number}")).to_be_visible()


def facts(page: Page) -> Locator:
    return page.get_by_role("region", name="工单信息")


def state_is(page: Page, state: str) -> None:
    expect(page.get_by_test_id("order-state")).to_have_text(state)


def test_a_repair_from_the_front_desk_to_the_households_signature(page: Page, console_url: str) -> None:
    # The front desk opens the order; the warranty is not known yet at intake.
    login(page, console_url, roles=["agent"])
    nav(page, "售后服务")
    page.get_by_role("link", name="新开工单").click()
    form = page.get_by_role("form", name="新开售后工单")
    form.get_by_label("报修人姓名").fill("王芳")
    form.get_by_label("联系电话").fill("13812345678")
    form.get_by_label("房号").fill("3-2-401")
    form.get_by_label("保修情况").select_option(label="待判定")
    form.get_by_label("故障描述").fill("厨房水龙头漏水")
    form.get_by_role("button", name="开单").click()
    heading = page.get_by_role("heading", name=re.compile(r"^工单 WO\d{8}-"))
    expect(heading).to_be_visible()
    number = heading.inner_text().removeprefix("工单 ").strip()
    state_is(page, "待派工")
    expect(facts(page).get_by_text("138****5678")).to_be_visible()  # PLT-06: masked for the front desk

    # A manager dispatches it to the engineer on duty.
    login(page, console_url, roles=["manager"], grade=3)
    open_from_board(page, number)
    dispatch = page.get_by_role("form", name="派工")
    dispatch.get_by_label("工程师编号").fill("engineer-b1")
    dispatch.get_by_label("派工依据").select_option("on_duty")
    dispatch.get_by_role("button", name="派工给工程师").click()
    state_is(page, "已派工")

    # The engineer sees it on their board, accepts, leaves, diagnoses and decides the warranty.
    login(page, console_url, roles=["engineer"])
    open_from_board(page, number)
    expect(facts(page).get_by_text("13812345678")).to_be_visible()  # the engineer calls the resident
    page.get_by_role("form", name="接单").get_by_role("button", name="确认接单").click()
    state_is(page, "已接单")
    depart = page.get_by_role("form", name="出发")
    depart.get_by_label("携带的工具与配件").fill("扳手, 阀芯")
    depart.get_by_role("button", name="记录出发").click()
    state_is(page, "已出发")
    warranty = page.get_by_role("form", name="判定保修")
    warranty.get_by_label("保修判定").select_option("in_warranty")
    warranty.get_by_label("诊断结果").fill("阀芯磨损 保修期内")
    warranty.get_by_role("button", name="确定判定").click()
    expect(page.get_by_role("form", name="判定保修")).to_have_count(0)
    page.get_by_role("form", name="开始维修").get_by_role("button", name="开始维修").click()
    state_is(page, "维修中")

    # AFS-03: a child's signature is refused beside the form and changes nothing.
    sign = page.get_by_role("form", name="签字验收")
    sign.get_by_label("签字人姓名").fill("小明")
    sign.get_by_label("签字人年龄").fill("12")
    sign.get_by_role("button", name="记录签字并完成工单").click()
    expect(sign.get_by_role("alert")).to_contain_text("AFS-03")
    state_is(page, "维修中")
    sign.get_by_label("签字人姓名").fill("王芳")
    sign.get_by_label("签字人年龄").fill("35")
    sign.get_by_role("button", name="记录签字并完成工单").click()
    state_is(page, "已完成")
    history = page.get_by_role("region", name="工单记录")
    for step in ("开单", "派工", "接单", "出发", "判定保修", "开始维修", "签字验收"):
        expect(history.get_by_role("cell", name=step, exact=True)).to_be_visible()
    shoot(page, "aftersales-order")

    # The board shows it completed.
    page.get_by_role("link", name="返回看板").click()
    done = page.get_by_role("region", name=re.compile(r"^已完成"))
    expect(done.get_by_role("link", name=number)).to_be_visible()
    shoot(page, "aftersales-board")

    # Customer service calls the resident back (AFS-06): the visit appears once the sign-off's
    # timer ran, and the call's record closes it.
    login(page, console_url, roles=["agent"])
    nav(page, "售后服务 · 回访")
    expect(page.get_by_role("heading", name="售后回访")).to_be_visible()
    visit = page.get_by_role("row").filter(has=page.get_by_role("link", name=number))
    deadline = time.monotonic() + 30
    while visit.count() == 0 and time.monotonic() < deadline:
        page.get_by_role("form", name="筛选回访").get_by_role("button", name="筛选").click()
        page.wait_for_timeout(500)
    expect(visit).to_have_count(1)
    shoot(page, "aftersales-visits")
    visit.get_by_role("button", name="记录回访").click()
    record = page.get_by_role("form", name=re.compile(f"^记录回访.*{number}"))
    record.get_by_label("满意度").select_option("satisfied")
    record.get_by_label("客户意见").fill("修得很快")
    record.get_by_role("button", name="保存回访记录").click()
    expect(visit).to_have_count(0)  # the due list holds only open visits


def test_finance_issues_a_delivery_note_and_approves_a_refund(page: Page, console_url: str, base_url: str) -> None:
    # Sales asked for a shipment with finance's payment confirmation (AFS-07); customer service
    # took a signed-for return to a refund request (AFS-10). Seeded through the REST API.
    suffix = uuid.uuid4().hex[:6].upper()
    sales, desk = mint_dev_token("sales-b1", "b1", ["sales"], 1), mint_dev_token("agent-b1", "b1", ["agent"], 1)
    paid = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    with httpx.Client(base_url=base_url, timeout=10.0) as client:
        ok(
            post(
                client, "/v1/aftersales/shipments", sales,
                {
                    "sales_order": f"SO-{suffix}", "customer_name": "李雷", "customer_phone": "13900001111",
                    "address": "幸福路 8 号", "product": "净水器", "amount": "1299.00",
                    "payment_reference": f"PAY-{suffix}", "payment_confirmed_by": "finance-b9",
                    "payment_confirmed_at": paid,
                },
            ),
            201,
        )  # fmt: skip
        case = ok(
            post(
                client, "/v1/aftersales/returns", desk,
                {
                    "situation": "signed", "order_ref": f"RO-{suffix}", "customer_name": "韩梅梅",
                    "product": "电热水壶", "reason": "外壳开裂", "original_amount": "299.00",
                    "payment_means": "bank_card",
                },
            ),
            201,
        )  # fmt: skip
        returns = f"/v1/aftersales/returns/{case['id']}"
        ok(post(client, f"{returns}/track", desk, {"waybill": f"SF{suffix}", "carrier": "顺丰"}))
        ok(post(client, f"{returns}/check", desk, {"items": ["水壶", "底座"]}))
        ok(post(client, f"{returns}/refund-request", desk, {"amount": "299.00", "reason": "质量问题"}))

    login(page, console_url, roles=["finance"])
    nav(page, "售后服务 · 发货")
    shipment = page.get_by_role("row").filter(has_text=f"SO-{suffix}")
    expect(shipment).to_contain_text("待开发货单")
    shipment.get_by_role("button", name="开具发货单").click()
    note = page.get_by_role("form", name=re.compile("^开具发货单"))
    note.get_by_label("发货单编号").fill(f"DN-{suffix}")
    note.get_by_role("button", name="确认收款并开具").click()
    expect(shipment).to_contain_text("已开发货单")
    shoot(page, "aftersales-shipping")

    nav(page, "售后服务 · 退款")
    refund = page.get_by_role("row").filter(has_text=f"RO-{suffix}")
    expect(refund).to_contain_text("待批退款")
    shoot(page, "aftersales-refunds")
    refund.get_by_role("button", name="批准退款").click()
    page.get_by_role("form", name=re.compile("^批准退款")).get_by_role("button", name="批准").click()
    expect(refund).to_have_count(0)  # the list shows refunds waiting for approval
