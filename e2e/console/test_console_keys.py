"""The keys section in the browser: a custodian registers a key set, lends it to a member of
staff with the identity check, sees it out, takes it back with the return check, and counts
the cabinet today (KEY-02, KEY-04, KEY-07, KEY-08, enforced by the keys service).

The e2e platform has no test clock, so the key lent is an owner-entrusted set with a due time
tomorrow: vacant-unit and repair keys are refused after the shift's end (KEY-04), and the
test must pass at any hour.

Sealed custody (KEY-03): a custodian records an owner's deposit, is refused a seal the owner did
not make personally, records the owner's seal, is refused an opening without the minute of the
owner's consent, then opens it with the consent and reads the deposit's history.

The emergency (KEY-06) is declared through the API by an agent and approved in the console by
a team lead: the one who asks never approves (PLT-02)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from gateway.auth import mint_dev_token

from ..conftest import ok, post
from .conftest import login, shoot

pytestmark = pytest.mark.e2e


def test_a_custodian_registers_lends_takes_back_and_counts_a_key_set(page: Page, console_url: str) -> None:
    tag = uuid.uuid4().hex[:6]
    code, cabinet = f"K-{tag}", f"C-{tag}"
    login(page, console_url, roles=["key_custodian"], sub="kc-console")
    page.get_by_role("navigation", name="功能导航").get_by_role("link", name="钥匙管理").click()
    expect(page.get_by_role("heading", name="钥匙登记册", level=1)).to_be_visible()

    form = page.get_by_role("form", name="登记钥匙")
    form.get_by_label("钥匙编号").fill(code)
    form.get_by_label("楼栋/单元").fill("3-1-1201")
    form.get_by_label("类型").select_option("owner_entrusted")
    form.get_by_label("钥匙数量").fill("2")
    form.get_by_label("钥匙柜").fill(cabinet)
    form.get_by_label("挂钩").fill("H1")
    form.get_by_label("业主姓名").fill("王先生")
    form.get_by_label("业主电话").fill("13800138000")
    form.get_by_role("button", name="登记").click()
    expect(page.get_by_role("status")).to_contain_text(f"已登记钥匙 {code}")
    row = page.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text("在柜")
    shoot(page, "keys-register")

    row.get_by_role("link", name=f"借出 {code}").click()
    lend = page.get_by_role("form", name="借出钥匙")
    expect(lend.get_by_label("钥匙")).not_to_have_value("")  # the register's link chose it
    lend.get_by_label("借用人类别").select_option("staff")
    lend.get_by_label("用途").fill("带客户看房")
    # Any future wall time will do: an owner-entrusted key needs a due time within the longest loan.
    lend.get_by_label("应还时间").fill((datetime.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    lend.get_by_label("借用员工编号").fill("eng-7")
    lend.get_by_label("借用人岗位").select_option("engineer")
    lend.get_by_role("button", name="确认借出").click()
    expect(page.get_by_role("status")).to_contain_text("已借出")
    out = page.get_by_role("row").filter(has_text=code)
    expect(out).to_contain_text("借出中")
    expect(out).to_contain_text("eng-7")
    shoot(page, "keys-loans")

    out.get_by_role("button", name=f"归还 {code}").click()
    back = page.get_by_role("form", name=f"归还钥匙 {code}")
    back.get_by_label("归还钥匙数量").fill("2")
    back.get_by_label("钥匙牌编号").fill(code)
    back.get_by_role("button", name="确认归还").click()
    expect(page.get_by_role("status")).to_contain_text(f"钥匙 {code} 已归还")
    page.get_by_label("显示").select_option("")
    expect(page.get_by_role("row").filter(has_text=code)).to_contain_text("已归还")

    page.get_by_role("link", name="钥匙登记册").click()
    expect(page.get_by_role("row").filter(has_text=code)).to_contain_text("在柜")

    page.get_by_role("link", name="今日盘点").click()
    start = page.get_by_role("form", name="开始盘点")
    start.get_by_label("钥匙柜").fill(cabinet)
    start.get_by_role("button", name="开始盘点").click()
    expect(page.get_by_role("heading", name=f"钥匙柜 {cabinet} 的盘点")).to_be_visible()
    page.get_by_role("button", name=f"{code} 与登记相符").click()
    expect(page.get_by_role("row").filter(has_text=code).filter(has_text="H1").last).to_contain_text("2")
    page.get_by_role("button", name="结束盘点并核对").click()
    summary = page.get_by_text("缺失 0 项")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("多出 0 项")
    expect(page.get_by_role("row").filter(has_text=code).last).to_contain_text("相符")
    shoot(page, "keys-count")


def test_a_team_lead_sees_an_emergency_waiting_for_approvals_and_approves_it(page: Page, platform: Any) -> None:
    tag = uuid.uuid4().hex[:6]
    custodian = mint_dev_token("kc-console2", "b1", ["key_custodian"], 1)
    agent = mint_dev_token("agent-console2", "b1", ["agent"], 1)
    with httpx.Client(base_url=str(platform.gateway_url), timeout=20.0) as api:
        body = {
            "code": f"K-{tag}",
            "unit": f"7-2-{tag}",
            "kind": "owner_entrusted",
            "key_count": 2,
            "cabinet": f"C-{tag}",
            "hook": "H2",
            "custodian": "kc-console2",
            "owner_name": "李女士",
            "owner_phone": "13900139000",
        }
        key_set = ok(post(api, "/v1/keys/key-sets", custodian, body), 201)
        declared = {"key_set_id": key_set["id"], "hazard": "flood", "description": f"楼上漏水 {tag}"}
        ok(post(api, "/v1/keys/emergencies", agent, declared), 201)

    login(page, f"{platform.gateway_url}/console/", roles=["team_lead"], sub="kl-console", grade=2)
    page.get_by_role("navigation", name="功能导航").get_by_role("link", name="钥匙管理").click()
    page.get_by_role("link", name="封存与紧急使用").click()
    row = page.get_by_role("row").filter(has_text=f"楼上漏水 {tag}")
    expect(row).to_contain_text("水浸")
    expect(row).to_contain_text("待 客服主管、项目经理 批准")
    row.get_by_role("button", name="批准").click()
    page.get_by_role("form", name=f"批准紧急使用 K-{tag}").get_by_role("button", name="批准").click()
    expect(row).to_contain_text("客服主管 kl-console")
    expect(row).to_contain_text("待 项目经理 批准")
    expect(row.get_by_role("button", name="批准")).to_have_count(0)  # one approval per person
    row.get_by_role("button", name="处理").click()
    steps = page.get_by_role("region", name=f"处理紧急使用 K-{tag}")
    steps.get_by_role("form", name="值班记录").get_by_label("记录内容").fill("已通知工程部关闭总阀")
    steps.get_by_role("form", name="值班记录").get_by_role("button", name="记录").click()
    expect(steps).to_contain_text("已通知工程部关闭总阀")
    shoot(page, "keys-custody")


def test_a_custodian_records_seals_and_opens_an_owners_deposit_only_with_consent(page: Page, console_url: str) -> None:
    tag = uuid.uuid4().hex[:6]
    unit, seal = f"9-1-{tag}", f"S-{tag}"
    login(page, console_url, roles=["key_custodian"], sub="kc-console3")
    page.get_by_role("navigation", name="功能导航").get_by_role("link", name="钥匙管理").click()
    page.get_by_role("link", name="封存与紧急使用").click()

    deposit = page.get_by_role("form", name="登记业主存放")
    deposit.get_by_label("钥匙编号").fill(f"D-{tag}")
    deposit.get_by_label("楼栋/单元").fill(unit)
    deposit.get_by_label("钥匙数量").fill("2")
    deposit.get_by_label("钥匙柜").fill(f"C-{tag}")
    deposit.get_by_label("挂钩").fill("H3")
    deposit.get_by_label("业主姓名").fill("赵先生")
    deposit.get_by_label("业主电话").fill("13700137000")
    deposit.get_by_label("存放用途").fill("出国期间托管")
    deposit.get_by_label("存放登记表编号").fill(f"F-{tag}")
    deposit.get_by_role("button", name="登记存放").click()
    expect(page.get_by_role("status").filter(has_text=f"已登记 {unit} 的存放")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=unit)
    expect(row).to_contain_text("已存放")

    row.get_by_role("button", name=f"封存 {unit}").click()
    sealing = page.get_by_role("form", name=f"封存 {unit}")
    sealing.get_by_label("封条编号").fill(seal)
    sealing.get_by_label("业主骑缝签名照片编号").fill(f"P-{tag}")
    sealing.get_by_role("button", name="记录封存").click()
    # The owner seals the envelope personally (KEY-03): unconfirmed, the service refuses.
    expect(sealing.get_by_role("alert")).to_contain_text("KEY-03")
    expect(sealing.get_by_label("封条编号")).to_have_value(seal)  # nothing typed is lost
    sealing.get_by_label("业主本人装袋封口并在封条上骑缝签名").check()
    sealing.get_by_role("button", name="记录封存").click()
    expect(page.get_by_role("status").filter(has_text=f"{unit}：已封存")).to_be_visible()
    expect(row).to_contain_text("已封存")
    expect(row).to_contain_text(seal)

    row.get_by_role("button", name=f"开封 {unit}").click()
    opening = page.get_by_role("form", name=f"经业主同意开封 {unit}")
    opening.get_by_label("开封原因").fill("业主委托维修漏水")
    opening.get_by_role("button", name="开封", exact=True).click()
    # Nobody opens a seal without the owner's consent: its minute is required, beside its field.
    expect(opening.get_by_label("业主同意时间")).to_have_attribute("aria-invalid", "true")
    expect(row).to_contain_text("已封存")
    opening.get_by_label("业主同意时间").fill(datetime.now().strftime("%Y-%m-%dT%H:%M"))
    opening.get_by_role("button", name="开封", exact=True).click()
    expect(page.get_by_role("status").filter(has_text=f"{unit}：已开封")).to_be_visible()
    expect(row).to_contain_text("已开封")

    history = page.get_by_role("region", name=f"{unit} 的存放记录")
    expect(history.get_by_role("row")).to_have_count(4)  # the header, recorded, sealed, opened
    expect(history).to_contain_text("业主同意")
    shoot(page, "keys-custody-deposit")
