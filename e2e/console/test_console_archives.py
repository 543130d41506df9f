"""The archives in the console (ARC-01 ... ARC-07): an archivist files an original by hand and
finds it in the catalogue; a staff member's loan of it is requested, approved, counted out by
the archivist and confirmed by the borrower, counted back in and confirmed (the joint count
of ARC-06), every step through the console; the record's page shows the loan in its history.
A user of another branch searching the catalogue never sees the record's title (PLT-01).
An archivist counts the shelf (ARC-10) and is refused a destruction under retention (ARC-11)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from gateway.auth import mint_dev_token

from ..conftest import auth, ok, post
from .conftest import login, shoot

pytestmark = pytest.mark.e2e

ARCHIVIST = {"roles": ["archivist"], "branch": "b1", "sub": "ar-c1"}
BORROWER = {"roles": ["agent"], "branch": "b1", "sub": "ag-c1"}
LEAD = {"roles": ["team_lead"], "branch": "b1", "sub": "tl-c1", "grade": 2}
OTHER_BRANCH = {"roles": ["agent"], "branch": "b2", "sub": "ag-c2"}


def open_archives(page: Page) -> None:
    page.get_by_role("navigation", name="功能导航").get_by_role("link", name="档案管理").click()
    expect(page.get_by_role("heading", name="档案目录检索")).to_be_visible()


def search_title(page: Page, title: str) -> None:
    page.get_by_label("题名包含").fill(title)
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_text("共显示")).to_be_visible()


def open_loan(page: Page, loan_id: str) -> None:
    open_archives(page)
    page.get_by_role("navigation", name="档案管理分区").get_by_role("link", name="借阅登记").click()
    page.get_by_role("link", name=loan_id).click()
    expect(page.get_by_role("heading", name=f"借阅单 {loan_id}")).to_be_visible()


def count(page: Page, form_name: str, items: int, pages: int) -> None:
    form = page.get_by_role("form", name=form_name)
    form.get_by_label("件数").fill(str(items))
    form.get_by_label("页数").fill(str(pages))
    form.get_by_role("button").click()


def test_archivist_files_finds_and_a_loan_goes_out_and_back_with_the_joint_count(
    page: Page, console_url: str, platform: Any
) -> None:
    title = f"物业服务合同 {uuid.uuid4().hex[:8]}"

    # ARC-01, ARC-02: the archivist files the original with its handover record.
    login(page, console_url, **ARCHIVIST)
    open_archives(page)
    page.get_by_role("link", name="归档登记").click()
    form = page.get_by_role("form", name="归档登记")
    form.get_by_label("题名").fill(title)
    form.get_by_label("类别").select_option("contract")
    form.get_by_label("形成部门").fill("customer_service")
    form.get_by_label("移交人").fill("clerk-1")
    form.get_by_label("文件日期").fill("2025-03-01")
    form.get_by_label("存放位置").fill("A-03-2")
    form.get_by_role("button", name="登记归档").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_test_id("record-state")).to_have_text("在架")
    record_id = page.url.rstrip("/").rsplit("/", 1)[-1]

    # The catalogue search finds it (within the branch and the clearance).
    open_archives(page)
    search_title(page, title)
    expect(page.get_by_role("link", name=title)).to_be_visible()
    shoot(page, "archives-catalogue")

    # ARC-06: a staff member registers to borrow it for themself.
    login(page, console_url, **BORROWER)
    open_archives(page)
    search_title(page, title)
    page.get_by_role("link", name=title).click()
    request = page.get_by_role("form", name="申请借阅")
    request.get_by_label("借阅方式").select_option("lend")
    request.get_by_label("应还时间").fill((datetime.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"))
    request.get_by_label("借阅事由").fill("核对合同条款")
    request.get_by_role("button", name="提交借阅申请").click()
    expect(page.get_by_test_id("loan-state")).to_have_text("待审批")
    loan_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    # The borrower may not approve their own request: the decision is not offered to them.
    expect(page.get_by_role("form", name="审批借阅申请")).to_have_count(0)

    # A team lead approves within their rights.
    login(page, console_url, **LEAD)
    open_loan(page, loan_id)
    page.get_by_role("form", name="审批借阅申请").get_by_role("button", name="批准").click()
    expect(page.get_by_test_id("loan-state")).to_have_text("已批准")

    # The joint count out: the archivist counts, the borrower confirms the same count.
    login(page, console_url, **ARCHIVIST)
    open_loan(page, loan_id)
    count(page, "档案员借出清点", 1, 12)
    expect(page.get_by_test_id("loan-state")).to_have_text("借出清点待确认")
    login(page, console_url, **BORROWER)
    open_loan(page, loan_id)
    count(page, "借阅人确认借出清点", 1, 11)  # a different count is refused: count again
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_test_id("loan-state")).to_have_text("借出清点待确认")
    count(page, "借阅人确认借出清点", 1, 12)
    expect(page.get_by_test_id("loan-state")).to_have_text("借出中")

    # The joint count at return.
    login(page, console_url, **ARCHIVIST)
    open_loan(page, loan_id)
    count(page, "档案员归还清点", 1, 12)
    expect(page.get_by_test_id("loan-state")).to_have_text("归还清点待确认")
    expect(page.get_by_test_id("count-in")).to_contain_text("1 件 12 页")
    login(page, console_url, **BORROWER)
    open_loan(page, loan_id)
    count(page, "借阅人确认归还清点", 1, 12)
    expect(page.get_by_test_id("loan-state")).to_have_text("已归还")

    # The loans list, then the record's page: back on the shelf, its history names the loan.
    login(page, console_url, **ARCHIVIST)
    open_archives(page)
    page.get_by_role("navigation", name="档案管理分区").get_by_role("link", name="借阅登记").click()
    expect(page.get_by_role("link", name=loan_id)).to_be_visible()
    shoot(page, "archives-loans")
    page.get_by_role("link", name=record_id).first.click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_test_id("record-state")).to_have_text("在架")
    history = page.get_by_role("table", name="档案历史")
    expect(history).to_contain_text("借出")
    expect(history).to_contain_text("归还")
    shoot(page, "archives-record")

    # PLT-01: another branch's user searching the catalogue never sees the title.
    login(page, console_url, **OTHER_BRANCH)
    open_archives(page)
    search_title(page, title)
    expect(page.get_by_text("共显示 0 条")).to_be_visible()
    expect(page.get_by_text(title)).to_have_count(0)
    # ... nor by the record's own address (404, the title never travels).
    token = mint_dev_token(OTHER_BRANCH["sub"], "b2", OTHER_BRANCH["roles"], 1)
    answer = httpx.get(f"{platform.gateway_url}/v1/archives/records/{record_id}", headers=auth(token))
    assert answer.status_code == 404 and title not in answer.text


def test_archivist_counts_the_shelf_and_may_not_destroy_a_file_under_retention(
    page: Page, console_url: str, platform: Any
) -> None:
    # A branch of its own: the year's full check is one per branch (ARC-10).
    branch = f"bc{uuid.uuid4().hex[:6]}"
    archivist = {"roles": ["archivist"], "branch": branch, "sub": f"ar-{branch}"}
    token = mint_dev_token(archivist["sub"], branch, ["archivist"], 1)
    body = {
        "title": "值班记录 2025-03",
        "category": "duty_log",
        "department": "customer_service",
        "handed_over_by": "clerk-1",
        "document_date": "2025-03-31",
        "original": True,
        "location": "A-01",
    }
    with httpx.Client(base_url=str(platform.gateway_url), timeout=20.0) as api:
        record = ok(post(api, "/v1/archives/records", token, body), 201)

    login(page, console_url, **archivist)
    open_archives(page)
    page.get_by_role("navigation", name="档案管理分区").get_by_role("link", name="盘点").click()
    start = page.get_by_role("form", name="开始盘点")
    start.get_by_label("盘点类型").select_option("full")
    start.get_by_role("button", name="开始盘点").click()
    found = page.get_by_role("form", name="登记实物")
    found.get_by_label("档案编号").fill(record["id"])
    found.get_by_label("发现位置").fill("B-02")
    found.get_by_role("button", name="登记").click()
    lines = page.get_by_role("table", name="盘点明细")
    expect(lines).to_contain_text("B-02")
    page.get_by_role("button", name="结束盘点并核对").click()
    expect(page.get_by_role("heading", name="盘点报告")).to_be_visible()
    expect(lines).to_contain_text("错架")  # found elsewhere: moved to where it was found
    shoot(page, "archives-stocktake")

    # ARC-11: a file under its retention may not be proposed for destruction; the refusal shows.
    page.get_by_role("navigation", name="档案管理分区").get_by_role("link", name="销毁").click()
    propose = page.get_by_role("form", name="提出销毁申请")
    propose.get_by_label("档案编号").fill(record["id"])
    propose.get_by_label("销毁理由").fill("保管期满")
    propose.get_by_role("button", name="提交销毁申请").click()
    expect(propose.get_by_role("alert")).to_contain_text("ARC-11")
    expect(propose.get_by_label("销毁理由")).to_have_value("保管期满")  # nothing typed is lost
    shoot(page, "archives-destructions")
