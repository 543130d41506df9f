"""The work order's own rules (AFS-01, AFS-02, AFS-03, AFS-11, AFS-13) on the pure domain."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aftersales.domain.kinds import KeyLoan, OrderState, Party
from aftersales.orders.domain.copies import copy_fields, party_of_roles
from aftersales.orders.domain.model import WorkOrder
from aftersales.testing import ENGINEER, FRONT_DESK, OTHER_ENGINEER, POLICY, T0, opened, working

from cskit.domain import Forbidden, InvalidInput, RuleViolation


def test_afs_01_a_residents_order_names_the_unit_and_the_acknowledgement_clock_starts() -> None:
    order = opened()
    assert (order.state, order.kind.value, order.unit) == (OrderState.OPENED, "home_repair", "3-2-401")
    assert order.number.startswith("WO20261102-")
    assert order.acknowledge_due == T0 + timedelta(hours=24)  # AFS-13
    with pytest.raises(InvalidInput) as refused:
        WorkOrder.open(
            order_id="x", actor=FRONT_DESK.actor, branch_id="b1", policy=POLICY, kind="home_repair",
            origin="resident_call", requester_name="王芳", fault="漏水", now=T0,
        )  # fmt: skip
    assert refused.value.violations[0].field == "unit"


def test_afs_01_a_public_facility_is_reported_by_a_department() -> None:
    order = opened("public_facility")
    assert (order.facility, order.reporting_department) == ("2号楼电梯厅照明", "customer_service")
    with pytest.raises(InvalidInput):
        WorkOrder.open(
            order_id="x", actor=FRONT_DESK.actor, branch_id="b1", policy=POLICY, kind="public_facility",
            origin="resident_call", requester_name="王芳", facility="路灯", fault="不亮", now=T0,
        )  # fmt: skip


def test_afs_01_each_party_reads_its_own_copy() -> None:
    resident = copy_fields(Party.RESIDENT)
    engineering = copy_fields(Party.ENGINEERING)
    assert resident is not None and engineering is not None
    assert "requester_phone" not in resident and "key_set_id" not in resident
    assert {"requester_phone", "departure_due", "key_set_id"} <= engineering
    assert "acknowledged_by" not in engineering
    assert copy_fields(Party.CUSTOMER_SERVICE) is None  # the whole register
    assert party_of_roles(frozenset({"engineer"})) is Party.ENGINEERING
    assert party_of_roles(frozenset({"agent"})) is Party.CUSTOMER_SERVICE


def test_afs_02_the_engineer_accepts_and_leaves_within_five_minutes() -> None:
    order = opened()
    order.assign(FRONT_DESK.actor, engineer="engineer-1", basis="on_duty", now=T0)
    with pytest.raises(Forbidden):
        order.accept(OTHER_ENGINEER.actor, policy=POLICY, now=T0)
    order.accept(ENGINEER.actor, policy=POLICY, now=T0)
    assert order.departure_due == T0 + timedelta(minutes=5)
    order.departure_clock(T0 + timedelta(minutes=5))
    assert order.departure_overdue
    order.depart(ENGINEER.actor, tools_and_parts="扳手", now=T0 + timedelta(minutes=6))
    assert (order.state, order.departure_seconds) == (OrderState.DEPARTED, 360)
    assert order.pending[-1].late  # type: ignore[union-attr]


def test_afs_02_nobody_on_duty_books_an_appointment_and_a_public_facility_may_go_to_its_area() -> None:
    order = opened()
    with pytest.raises(InvalidInput):
        order.assign(FRONT_DESK.actor, engineer="engineer-1", basis="area", now=T0)  # not a public facility
    with pytest.raises(InvalidInput):
        order.assign(FRONT_DESK.actor, engineer="engineer-1", basis="appointment", now=T0)  # nothing booked
    order.book(FRONT_DESK.actor, appointment_at=T0 + timedelta(hours=3), note="", policy=POLICY, now=T0)
    order.assign(FRONT_DESK.actor, engineer="engineer-1", basis="appointment", now=T0)
    order.accept(ENGINEER.actor, policy=POLICY, now=T0)
    assert order.departure_due == T0 + timedelta(hours=3)
    public = opened("public_facility")
    public.assign(FRONT_DESK.actor, engineer="engineer-2", basis="area", now=T0)
    public.assign(FRONT_DESK.actor, engineer="engineer-1", basis="on_duty", reason="area engineer off", now=T0)
    assert (public.engineer, public.state) == ("engineer-1", OrderState.ASSIGNED)


def test_afs_03_a_minor_cannot_sign_at_home_and_unsigned_means_unfinished() -> None:
    order = working()
    with pytest.raises(RuleViolation) as minor:
        order.sign_off(
            ENGINEER.actor, signer_name="小明", signer_department="household", signer_position="", signer_age=12,
            signature_pointer="", note="", policy=POLICY, now=T0 + timedelta(hours=1),
        )  # fmt: skip
    assert minor.value.code == "signer_not_adult"
    assert order.state is OrderState.WORKING
    order.sign_off(
        ENGINEER.actor, signer_name="王芳", signer_department="household", signer_position="", signer_age=35,
        signature_pointer="", note="", policy=POLICY, now=T0 + timedelta(hours=1),
    )  # fmt: skip
    assert order.state.value == "completed"


def test_afs_03_a_public_facility_is_signed_by_the_reporting_departments_qualified_role() -> None:
    order = working("public_facility")
    sign = dict(signer_name="李四", signer_age=0, signature_pointer="", note="", policy=POLICY, now=T0)
    with pytest.raises(RuleViolation) as wrong:
        order.sign_off(ENGINEER.actor, signer_department="security", signer_position="shift_lead", **sign)  # type: ignore[arg-type]
    assert wrong.value.code == "signer_wrong_department"
    with pytest.raises(RuleViolation) as junior:
        order.sign_off(ENGINEER.actor, signer_department="customer_service", signer_position="agent", **sign)  # type: ignore[arg-type]
    assert junior.value.code == "signer_not_qualified"
    order.sign_off(ENGINEER.actor, signer_department="customer_service", signer_position="assistant", **sign)  # type: ignore[arg-type]
    assert order.state is OrderState.COMPLETED


def test_afs_11_an_undecided_warranty_is_decided_after_diagnosis_and_a_chargeable_job_is_quoted_first() -> None:
    order = working(warranty="undecided")
    with pytest.raises(RuleViolation) as undecided:
        order.start(ENGINEER.actor, now=T0)
    assert undecided.value.code == "warranty_undecided"
    order.decide_warranty(ENGINEER.actor, warranty="out_of_warranty", diagnosis="阀芯老化", now=T0)
    with pytest.raises(RuleViolation):
        order.decide_warranty(ENGINEER.actor, warranty="in_warranty", diagnosis="again", now=T0)
    with pytest.raises(RuleViolation) as unquoted:
        order.start(ENGINEER.actor, now=T0)
    assert unquoted.value.code == "quote_required"  # AFS-09, AFS-05
    order.accept_quote(ENGINEER.actor, quote_id="q-1", total="80.00", currency="CNY", now=T0)
    order.start(ENGINEER.actor, now=T0)
    assert order.state is OrderState.WORKING


def test_afs_13_extra_work_needs_the_customers_consent_within_bounds() -> None:
    order = working()
    now = T0 + timedelta(hours=1)
    with pytest.raises(InvalidInput):
        order.agree_extra_work(
            ENGINEER.actor, description="换角阀", consented_by="王芳", consent_channel="guess",
            consented_at=now, policy=POLICY, now=now,
        )  # fmt: skip
    with pytest.raises(InvalidInput):
        order.agree_extra_work(
            ENGINEER.actor, description="换角阀", consented_by="王芳", consent_channel="phone",
            consented_at=now + timedelta(hours=1), policy=POLICY, now=now,
        )  # fmt: skip
    order.agree_extra_work(
        ENGINEER.actor, description="换角阀", consented_by="王芳", consent_channel="phone",
        consented_at=now, policy=POLICY, now=now,
    )  # fmt: skip
    assert order.extra_work == ("换角阀",)


def test_afs_13_an_unacknowledged_order_is_flagged_once() -> None:
    order = opened()
    order.acknowledgement_clock(T0 + timedelta(hours=24))
    order.acknowledgement_clock(T0 + timedelta(hours=25))
    assert order.acknowledgement_overdue
    assert sum(type(e).__name__ == "AcknowledgementOverdue" for e in order.pending) == 1


def test_the_order_cannot_be_signed_off_while_its_repair_key_is_out() -> None:
    order = working()
    assert order.request_key(ENGINEER.actor, key_set_id="ks-1", now=T0)
    assert not order.request_key(ENGINEER.actor, key_set_id="ks-1", now=T0)  # asked already
    order.key_lent(loan_id="loan-1", now=T0)
    assert order.key_loan is KeyLoan.LENT
    with pytest.raises(RuleViolation) as out:
        order.sign_off(
            ENGINEER.actor, signer_name="王芳", signer_department="household", signer_position="", signer_age=35,
            signature_pointer="", note="", policy=POLICY, now=T0,
        )  # fmt: skip
    assert out.value.code == "key_out"
    order.request_key_return(ENGINEER.actor, key_count=2, now=T0)
    order.key_back(now=T0)
    assert order.key_loan.value == "returned"


def test_history_rebuilds_the_order() -> None:
    order = working()
    again = WorkOrder.rebuild(order.pending)
    assert (again.state, again.engineer, again.departure_seconds) == (
        order.state,
        order.engineer,
        order.departure_seconds,
    )
