"""Fault cases (AFS-09): the symptom, a first answer or escalation, the technical
department's call and decision, and a chargeable repair quoted and accepted before approval."""

from __future__ import annotations

import uuid

import pytest
from aftersales.domain.kinds import OrderKind
from aftersales.faults.domain.model import FaultCase
from aftersales.faults.domain.policy import FaultsPolicy
from aftersales.testing import ENGINEER, FRONT_DESK, T0

from cskit.domain import Forbidden, InvalidInput, RuleViolation
from cskit.domain.transitions import IllegalMove

POLICY = FaultsPolicy()


def recorded() -> FaultCase:
    return FaultCase.record(
        case_id=str(uuid.uuid4()),
        actor=FRONT_DESK.actor,
        branch_id="b1",
        customer_name="韩梅梅",
        customer_phone="13700000000",
        unit="5-1-302",
        product="热水器 H3",
        symptom="开机后显示 E4",
        now=T0,
    )


def decided(*, chargeable: bool, decision: str = "on_site") -> FaultCase:
    case = recorded()
    case.escalate(FRONT_DESK.actor, reason="需要技术判断", now=T0)
    case.record_call(ENGINEER.actor, summary="确认传感器故障", now=T0)
    case.decide(ENGINEER.actor, decision=decision, chargeable=chargeable, diagnosis="温度传感器损坏", now=T0)
    return case


def test_afs_09_a_first_answer_closes_the_fault() -> None:
    case = recorded()
    case.give_answer(FRONT_DESK.actor, answer="断电重启即可", now=T0)
    assert case.state.value == "answered"
    with pytest.raises(IllegalMove):
        case.escalate(FRONT_DESK.actor, reason="x", now=T0)


def test_afs_09_the_technical_department_calls_before_deciding() -> None:
    case = recorded()
    case.escalate(FRONT_DESK.actor, reason="x", now=T0)
    with pytest.raises(IllegalMove):
        case.decide(ENGINEER.actor, decision="on_site", chargeable=False, diagnosis="x", now=T0)
    with pytest.raises(Forbidden):
        case.record_call(FRONT_DESK.actor, summary="x", now=T0)
    case.record_call(ENGINEER.actor, summary="called", now=T0)
    with pytest.raises(InvalidInput):
        case.decide(ENGINEER.actor, decision="somewhere", chargeable=False, diagnosis="x", now=T0)


def test_afs_09_a_free_on_site_repair_is_approved_as_a_home_repair() -> None:
    case = decided(chargeable=False)
    assert case.approve_repair(ENGINEER.actor, work_order_id="wo-1", now=T0) is OrderKind.HOME_REPAIR
    assert (case.state.value, case.work_order_id) == ("repair_approved", "wo-1")


def test_afs_09_a_return_to_factory_opens_that_kind_of_order() -> None:
    case = decided(chargeable=False, decision="return_to_factory")
    assert case.approve_repair(ENGINEER.actor, work_order_id="wo-2", now=T0) is OrderKind.RETURN_TO_FACTORY


def test_afs_09_a_chargeable_repair_is_not_approved_without_an_accepted_quote() -> None:
    case = decided(chargeable=True)
    with pytest.raises(RuleViolation) as err:
        case.approve_repair(ENGINEER.actor, work_order_id="wo-3", now=T0)
    assert (err.value.code, err.value.rule_id) == ("quote_required", "AFS-09")
    case.quote(ENGINEER.actor, amount="180.5", policy=POLICY, now=T0)
    with pytest.raises(RuleViolation):
        case.approve_repair(ENGINEER.actor, work_order_id="wo-3", now=T0)
    case.accept_quote(FRONT_DESK.actor, accepted_by="韩梅梅", channel="phone", now=T0)
    case.approve_repair(ENGINEER.actor, work_order_id="wo-3", now=T0)
    assert (case.quote_amount, case.quote_accepted_by, case.state.value) == ("180.50", "韩梅梅", "repair_approved")


def test_afs_09_a_free_repair_is_not_quoted() -> None:
    case = decided(chargeable=False)
    with pytest.raises(RuleViolation):
        case.quote(ENGINEER.actor, amount="10", policy=POLICY, now=T0)


def test_afs_09_the_case_rebuilds_from_its_history() -> None:
    case = decided(chargeable=True)
    again = FaultCase.rebuild(case.pull_pending())
    assert (again.state, again.chargeable, again.calls) == (case.state, True, case.calls)


def test_afs_09_every_fault_event_has_its_payload() -> None:
    from aftersales.outbound import OUTBOUND

    case = decided(chargeable=True)
    case.quote(ENGINEER.actor, amount="10", policy=POLICY, now=T0)
    case.accept_quote(FRONT_DESK.actor, accepted_by="x", channel="written", now=T0)
    case.approve_repair(ENGINEER.actor, work_order_id="wo", now=T0)
    answered = recorded()
    answered.give_answer(FRONT_DESK.actor, answer="ok", now=T0)
    for record in (case, answered):
        for event in record.pull_pending():
            assert OUTBOUND(record, event)[0] == "cs.aftersales.v1"
