"""The two-level approval shared by out of office (ATT-07) and overtime (OT-01): who signs at
which level, and who may reject (PLT-02: never the requester)."""

from __future__ import annotations

from datetime import date

import pytest
from attendance.domain.approval import ApprovalLevels, approval_level, require_line_manager, signatures
from attendance.domain.people import Employee, Grade

from cskit.domain import Conflict, Forbidden


def person(employee_id: str, grade: Grade) -> Employee:
    return Employee(
        id=employee_id, branch_id="b1", department_id="d1", post="agent", grade=grade, hire_date=date(2020, 1, 1)
    )


SUP, MGR, DIR = person("sup", Grade.SUPERVISOR), person("mgr", Grade.MANAGER), person("dir", Grade.DIRECTOR)
CHAIN = [SUP, MGR, DIR]
LEVELS = ApprovalLevels()


def test_att_07_the_first_signature_is_level_1_and_a_higher_one_level_2() -> None:
    assert approval_level(requester_id="e1", chain=CHAIN, approver_id="sup", signed=[], levels=LEVELS) == 1
    assert approval_level(requester_id="e1", chain=CHAIN, approver_id="mgr", signed=["sup"], levels=LEVELS) == 2


def test_ot_01_the_second_level_is_above_the_first_with_its_grade_and_two_is_all() -> None:
    with pytest.raises(Forbidden) as below:
        approval_level(requester_id="e1", chain=CHAIN, approver_id="sup", signed=["mgr"], levels=LEVELS)
    assert below.value.code == "second_level_required"
    with pytest.raises(Forbidden) as grade:
        approval_level(requester_id="e1", chain=[SUP, person("sup2", Grade.SUPERVISOR)], approver_id="sup2",
                       signed=["sup"], levels=LEVELS)  # fmt: skip
    assert grade.value.code == "grade_required"
    with pytest.raises(Conflict):
        approval_level(requester_id="e1", chain=CHAIN, approver_id="dir", signed=["sup", "mgr"], levels=LEVELS)


def test_plt_02_a_line_manager_rejects_never_the_requester_nor_an_outsider() -> None:
    require_line_manager(requester_id="e1", chain=CHAIN, approver_id="mgr")
    with pytest.raises(Forbidden) as own:
        require_line_manager(requester_id="sup", chain=CHAIN, approver_id="sup")
    assert own.value.code == "self_approval"
    with pytest.raises(Forbidden) as outside:
        require_line_manager(requester_id="e1", chain=CHAIN, approver_id="sup2")
    assert outside.value.code == "not_in_line_management"


def test_signatures_keep_level_order_and_skip_an_unsigned_level() -> None:
    assert signatures("", "") == []
    assert signatures("sup", "") == ["sup"]
    assert signatures("sup", "mgr") == ["sup", "mgr"]
