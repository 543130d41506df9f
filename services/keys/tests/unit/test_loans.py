"""Lending and return (KEY-04, KEY-05, KEY-07, KEY-12, KEY-13): the loan's rules, pure, on a
frozen time (T0 = Monday 09:00 in Asia/Shanghai; the shift ends at 18:00 = 10:00 UTC)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from keys.discrepancies.domain.model import DiscrepancyKind
from keys.domain.kinds import KeyKind, KeyState
from keys.domain.policy import KeysPolicy
from keys.loans.domain.model import Loan
from keys.loans.domain.policy import LoansPolicy
from keys.loans.domain.returns import take_back
from keys.loans.domain.rules import Borrowing
from keys.loans.domain.states import LoanState
from keys.testing import AGENT, CUSTODIAN, LEAD, MANAGER, T0, actor, key_set

from cskit.domain import Forbidden, InvalidInput, RuleViolation
from cskit.domain.transitions import IllegalMove

KEYS = KeysPolicy()
POLICY = LoansPolicy()
SHIFT_END = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
STAFF = Borrowing(borrower_kind="staff", borrower="staff-7", borrower_role="engineer")
ENGINEER = actor("eng-1", "engineer")


def lend(kind: KeyKind = KeyKind.VACANT_UNIT, borrowing: Borrowing = STAFF, **kw: Any) -> tuple[Loan, Any]:
    keys = kw.pop("keys", None) or key_set(kind)
    args: dict[str, Any] = dict(
        loan_id="loan-1",
        key_set=keys,
        actor=kw.pop("by", CUSTODIAN.actor),
        borrowing=borrowing,
        purpose="show the unit",
        due_at=kw.pop("due_at", None),
        now=kw.pop("now", T0),
        keys=KEYS,
        policy=POLICY,
    )
    args.update(kw)
    return Loan.lend(**args), keys


def collector(**kw: Any) -> Borrowing:
    base: dict[str, Any] = dict(
        borrower_kind="owner_collector",
        borrower_name="Helper Li",
        collector_relation="helper",
        proof_kind="access_pass",
        proof_document_id="doc-77",
        owner_call_at=T0 - timedelta(minutes=10, seconds=42),
        owner_consent_at=T0 - timedelta(minutes=8),
    )
    base.update(kw)
    return Borrowing(**base)


# ---- KEY-04 ---------------------------------------------------------------------------------


def test_KEY_04_a_vacant_unit_key_is_due_by_the_end_of_the_shift_and_the_key_set_goes_out() -> None:
    loan, keys = lend()
    assert (loan.due_at, loan.state, loan.lender, loan.borrower) == (
        SHIFT_END,
        LoanState.OPEN,
        "custodian-1",
        "staff-7",
    )
    assert (keys.state, keys.ref, keys.due_at) == (KeyState.LENT, "loan-1", SHIFT_END)


def test_KEY_04_a_same_day_key_asked_for_after_the_shift_end_is_refused() -> None:
    for kind in (KeyKind.VACANT_UNIT, KeyKind.REPAIR):
        with pytest.raises(InvalidInput) as err:
            lend(kind, due_at=SHIFT_END + timedelta(minutes=1))
        assert err.value.rule_id == "KEY-04"
    with pytest.raises(RuleViolation):  # lent after the shift ended: nothing left of the day
        lend(now=SHIFT_END + timedelta(minutes=5))


def test_KEY_04_other_keys_take_a_due_time_within_the_longest_loan() -> None:
    loan, _ = lend(KeyKind.OWNER_ENTRUSTED, due_at=T0 + timedelta(days=3))
    assert loan.due_at == T0 + timedelta(days=3)
    for due in (None, T0 - timedelta(minutes=1), T0 + timedelta(days=31)):
        with pytest.raises(InvalidInput):
            lend(KeyKind.OWNER_ENTRUSTED, due_at=due)


def test_KEY_04_only_the_custodian_a_lead_or_a_manager_records_a_loan() -> None:
    for by in (CUSTODIAN, LEAD, MANAGER):
        lend(by=by.actor)
    with pytest.raises(Forbidden):
        lend(by=AGENT.actor)


def test_KEY_04_keys_go_to_named_property_staff_only() -> None:
    for bad in (Borrowing(borrower_kind="staff", borrower="", borrower_role="engineer"),
                Borrowing(borrower_kind="staff", borrower="x-1", borrower_role="visitor"),
                Borrowing(borrower_kind="friend")):  # fmt: skip
        with pytest.raises(InvalidInput):
            lend(borrowing=bad)
    with pytest.raises(Forbidden):  # an owner's collector takes the owner's keys only
        lend(KeyKind.VACANT_UNIT, collector())


def test_KEY_04_overdue_loans_escalate_to_the_team_lead_until_returned() -> None:
    loan, _ = lend()
    loan.escalate(actor("system", "system"), policy=POLICY, now=SHIFT_END)
    loan.escalate(actor("system", "system"), policy=POLICY, now=SHIFT_END + timedelta(hours=1))
    names = [type(e).__name__ for e in loan.pending]
    assert names[-3:] == ["LoanOverdue", "LoanEscalated", "LoanEscalated"]
    assert (loan.overdue, loan.escalations, loan.pending[-1].escalated_to) == (True, 2, "team_lead")


def test_a_hazardous_materials_key_is_never_lent() -> None:
    with pytest.raises(RuleViolation) as err:
        lend(KeyKind.HAZARDOUS, due_at=T0 + timedelta(hours=1))
    assert err.value.rule_id == "KEY-15"


# ---- KEY-05 ---------------------------------------------------------------------------------


def test_KEY_05_a_helper_with_the_access_pass_and_the_owners_consent_to_the_minute() -> None:
    loan, _ = lend(KeyKind.OWNER_ENTRUSTED, collector(), due_at=T0 + timedelta(hours=2))
    assert loan.owner_call_at == T0 - timedelta(minutes=11)  # truncated to the minute
    assert (loan.borrower_kind, loan.proof_document_id, loan.borrower) == ("owner_collector", "doc-77", "")


def test_KEY_05_each_relation_shows_its_own_proof() -> None:
    due = T0 + timedelta(hours=2)
    lend(KeyKind.OWNER_ENTRUSTED, collector(collector_relation="family", proof_kind="id_copy"), due_at=due)
    lend(KeyKind.OWNER_ENTRUSTED, collector(collector_relation="agent", proof_kind="authorisation_letter"), due_at=due)
    for bad in (collector(proof_kind="id_copy"), collector(proof_document_id=""), collector(borrower_name="")):
        with pytest.raises(InvalidInput) as err:
            lend(KeyKind.OWNER_ENTRUSTED, bad, due_at=due)
        assert err.value.rule_id == "KEY-05"


def test_KEY_05_the_owner_collecting_needs_proof_of_ownership_and_no_call() -> None:
    owner = collector(
        collector_relation="owner", proof_kind="ownership_proof", owner_call_at=None, owner_consent_at=None
    )
    loan, _ = lend(KeyKind.OWNER_ENTRUSTED, owner, due_at=T0 + timedelta(hours=2))
    assert loan.owner_consent_at is None


def test_KEY_05_consent_recorded_before_the_call_was_made_is_refused() -> None:
    due = T0 + timedelta(hours=2)
    early = collector(owner_call_at=T0 - timedelta(minutes=5), owner_consent_at=T0 - timedelta(minutes=9))
    with pytest.raises(InvalidInput) as err:
        lend(KeyKind.OWNER_ENTRUSTED, early, due_at=due)
    assert err.value.rule_id == "KEY-05" and "before the call" in str(err.value)


def test_KEY_05_a_call_in_the_future_a_missing_consent_or_an_old_one_is_refused() -> None:
    due = T0 + timedelta(hours=2)
    future = collector(owner_call_at=T0 + timedelta(minutes=2), owner_consent_at=T0 + timedelta(minutes=3))
    missing = collector(owner_consent_at=None)
    old = collector(owner_call_at=T0 - timedelta(hours=5), owner_consent_at=T0 - timedelta(hours=5))
    for bad in (future, missing, old):
        with pytest.raises(InvalidInput):
            lend(KeyKind.OWNER_ENTRUSTED, bad, due_at=due)
    # Within the minute of skew a client's clock is believed.
    lend(KeyKind.OWNER_ENTRUSTED, collector(owner_call_at=T0, owner_consent_at=T0 + timedelta(seconds=50)), due_at=due)


# ---- KEY-12 ---------------------------------------------------------------------------------


def contractor(**kw: Any) -> Borrowing:
    base: dict[str, Any] = dict(
        borrower_kind="contractor",
        borrower="eng-1",
        borrower_role="engineer",
        borrower_name="Worker Zhao",
        contractor_company="Fix Co",
        developer_paperwork_ref="DEV-2026-118",
    )
    base.update(kw)
    return Borrowing(**base)


def test_KEY_12_a_contractor_borrows_repair_keys_with_the_paperwork_signed_for_by_an_engineer() -> None:
    loan, _ = lend(KeyKind.REPAIR, contractor())
    assert (loan.borrower, loan.borrower_name, loan.developer_paperwork_ref) == ("eng-1", "Worker Zhao", "DEV-2026-118")


def test_KEY_12_no_paperwork_no_engineer_or_not_a_repair_key_is_refused() -> None:
    with pytest.raises(InvalidInput):
        lend(KeyKind.REPAIR, contractor(developer_paperwork_ref=""))
    with pytest.raises(Forbidden):
        lend(KeyKind.REPAIR, contractor(borrower_role="customer_service"))
    with pytest.raises(Forbidden):
        lend(KeyKind.PLANT_ROOM, contractor(), due_at=T0 + timedelta(hours=2))


def test_KEY_12_a_work_order_loan_is_an_engineers_own_repair_loan() -> None:
    loan, _ = lend(KeyKind.REPAIR, Borrowing(borrower_kind="staff", borrower="eng-1", borrower_role="engineer"),
                   by=ENGINEER, caller_service="aftersales", external_ref="WO-1")  # fmt: skip
    assert (loan.lender, loan.caller_service, loan.external_ref) == ("eng-1", "aftersales", "WO-1")
    with pytest.raises(Forbidden):
        lend(KeyKind.REPAIR, STAFF, by=AGENT.actor, caller_service="aftersales", external_ref="WO-2")
    with pytest.raises(InvalidInput):
        lend(KeyKind.VACANT_UNIT, STAFF, by=ENGINEER, caller_service="aftersales", external_ref="WO-3")


# ---- KEY-13 ---------------------------------------------------------------------------------


def test_KEY_13_customer_service_staff_take_plant_room_keys_only_in_an_approved_special_case() -> None:
    due = T0 + timedelta(hours=2)
    cs = Borrowing(borrower_kind="staff", borrower="agent-1", borrower_role="customer_service")
    with pytest.raises(Forbidden) as err:
        lend(KeyKind.PLANT_ROOM, cs, due_at=due)
    assert err.value.rule_id == "KEY-13"
    special = dataclasses.replace(
        cs, special_case_reason="water alarm in the pump room", special_case_approver="manager-1"
    )
    loan, _ = lend(KeyKind.PLANT_ROOM, special, due_at=due)
    assert loan.special_case_approver == "manager-1"
    lend(KeyKind.PLANT_ROOM, Borrowing(borrower_kind="staff", borrower="eng-1", borrower_role="engineer"), due_at=due)


def test_KEY_13_the_special_case_is_never_approved_by_the_requester() -> None:
    due = T0 + timedelta(hours=2)
    for approver in ("custodian-1", "agent-1"):
        own = Borrowing(borrower_kind="staff", borrower="agent-1", borrower_role="customer_service",
                        special_case_reason="alarm", special_case_approver=approver)  # fmt: skip
        with pytest.raises(Forbidden):
            lend(KeyKind.PLANT_ROOM, own, due_at=due)


# ---- KEY-07 ---------------------------------------------------------------------------------


def back(loan: Loan, keys: Any, **kw: Any) -> Any:
    args: dict[str, Any] = dict(
        roles=frozenset({"key_custodian"}), key_count=2, key_set_code=keys.code, lost=False, note="", case_id="case-1",
        now=T0 + timedelta(hours=3),
    )  # fmt: skip
    args.update(kw)
    return take_back(loan, keys, CUSTODIAN.actor, **args)


def test_KEY_07_the_keys_back_as_they_went_out_close_the_loan() -> None:
    loan, keys = lend()
    done = back(loan, keys)
    assert (done.case, loan.state, keys.state) == (None, LoanState.RETURNED, KeyState.IN_CABINET)


def test_KEY_07_returning_a_different_units_key_is_refused_and_pinned_on_the_lender() -> None:
    loan, keys = lend(by=LEAD.actor)
    other = key_set(unit="5-2-0801")
    done = back(loan, keys, key_set_code=other.code)
    assert done.refused and "tagged" in done.refused
    assert (loan.state, keys.state, loan.refused_returns) == (LoanState.OPEN, KeyState.LENT, 1)
    assert done.case is not None
    assert (done.case.kind, done.case.pinned_on, done.case.source_ref) == (
        DiscrepancyKind.RETURN_MISMATCH,
        "lead-1",
        "loan-1",
    )


def test_KEY_07_fewer_keys_than_went_out_is_refused() -> None:
    loan, keys = lend()
    done = back(loan, keys, key_count=1)
    assert done.refused and loan.is_open


def test_KEY_07_a_loss_declared_on_return_reports_the_key_set_lost_and_pins_it_on_the_lender() -> None:
    loan, keys = lend()
    done = back(loan, keys, lost=True, key_count=0, key_set_code="")
    assert (loan.state, keys.state) == (LoanState.LOST, KeyState.LOST)
    assert done.case is not None and (done.case.kind, done.case.pinned_on) == (DiscrepancyKind.LOSS, "custodian-1")


def test_KEY_07_a_closed_loan_is_not_returned_twice() -> None:
    loan, keys = lend()
    back(loan, keys)
    with pytest.raises(IllegalMove):
        back(loan, keys)
