"""Sealed custody (KEY-03) and emergency use (KEY-06), pure: the deposit and its seal, the
emergency's approvals (never the requester, PLT-02), the people entering, the bounded times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from keys.custody.domain.deposit import Deposit, DepositStatus
from keys.custody.domain.emergency import Emergency, EmergencyStatus, KeySetFacts, ResealTask
from keys.custody.domain.people import Person, StaffRole, check_people_entering, person
from keys.custody.domain.policy import CustodyPolicy
from keys.settings import KeysSettings
from keys.testing import AGENT, CUSTODIAN, LEAD, MANAGER, T0, call

from cskit.domain import Forbidden, InvalidInput
from cskit.domain.transitions import IllegalMove

POLICY = CustodyPolicy()
AGENT2 = call("agent-2", "agent")
GM = call("gm-1", "general_manager", grade=9)
LEAD_MANAGER = call("boss-1", "team_lead", "manager", grade=3)
CS = StaffRole.CUSTOMER_SERVICE


def deposit(now: datetime = T0) -> Deposit:
    return Deposit.record(
        deposit_id="d-1",
        key_set_id="k-1",
        actor=CUSTODIAN.actor,
        unit="3-1-1201",
        key_count=2,
        purpose="viewings and emergencies",
        form_ref="scan://forms/2026/1201",
        owner_name="Owner Wang",
        owner_phone="13800138000",
        now=now,
    )


def sealed(now: datetime = T0) -> Deposit:
    made = deposit(now)
    made.seal(CUSTODIAN.actor, seal_number="S-001", signature_ref="photo://seal-001", sealed_by_owner=True, now=now)
    return made


def emergency(*, is_sealed: bool = True, by: object = AGENT, policy: CustodyPolicy = POLICY) -> Emergency:
    facts = KeySetFacts(
        key_set_id="k-1", branch_id="b1", owner_entrusted=True, sealed=is_sealed, deposit_id="d-1" if is_sealed else ""
    )
    return Emergency.declare(
        emergency_id="e-1",
        actor=by.actor,  # type: ignore[attr-defined]
        key_set=facts,
        hazard="flood",
        description="water coming through the ceiling of 1101",
        policy=policy,
        now=T0,
    )


TEAM = (
    Person("Li Lei", CS, "agent-1"),
    Person("Han Meimei", CS, "agent-2"),
    Person("Zhang Wei", StaffRole.SECURITY),
)


def test_KEY_03_a_deposit_records_the_form_and_the_owner_seals_personally() -> None:
    made = sealed()
    assert (made.status, made.seal_number, made.signature_ref) == (DepositStatus.SEALED, "S-001", "photo://seal-001")
    with pytest.raises(InvalidInput) as not_owner:
        deposit().seal(CUSTODIAN.actor, seal_number="S-9", signature_ref="photo://x", sealed_by_owner=False, now=T0)
    assert (not_owner.value.rule_id, not_owner.value.code) == ("KEY-03", "owner_must_seal")
    with pytest.raises(InvalidInput):
        deposit().seal(CUSTODIAN.actor, seal_number="S-9", signature_ref=" ", sealed_by_owner=True, now=T0)
    with pytest.raises(Forbidden):
        deposit().seal(AGENT.actor, seal_number="S-9", signature_ref="photo://x", sealed_by_owner=True, now=T0)


def test_KEY_03_the_deposit_form_names_the_owners_phone_purpose_and_scan() -> None:
    base = dict(deposit_id="d", key_set_id="k", actor=CUSTODIAN.actor, unit="u", key_count=1, owner_name="W", now=T0)
    with pytest.raises(InvalidInput):
        Deposit.record(purpose="p", form_ref="f", owner_phone="", **base)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        Deposit.record(purpose="", form_ref="f", owner_phone="138", **base)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        Deposit.record(purpose="p", form_ref="", owner_phone="138", **base)  # type: ignore[arg-type]


def test_KEY_03_consent_is_to_the_minute_never_ahead_nor_before_the_deposit() -> None:
    made = sealed()
    now = T0 + timedelta(hours=2)
    with pytest.raises(InvalidInput) as ahead:
        made.open_with_consent(
            CUSTODIAN.actor, channel="phone", consented_at=now + timedelta(minutes=5), policy=POLICY, now=now
        )
    assert ahead.value.rule_id == "KEY-03"
    with pytest.raises(InvalidInput):
        made.open_with_consent(
            CUSTODIAN.actor, channel="phone", consented_at=T0 - timedelta(minutes=1), policy=POLICY, now=now
        )
    with pytest.raises(InvalidInput):
        made.open_with_consent(CUSTODIAN.actor, channel="phone", consented_at=None, policy=POLICY, now=now)
    opened = made.open_with_consent(
        CUSTODIAN.actor, channel="phone", consented_at=T0 + timedelta(minutes=7, seconds=42), policy=POLICY, now=now
    )
    assert opened.consented_at == datetime(2026, 11, 2, 1, 7, tzinfo=UTC)
    assert (made.status, opened.basis) == (DepositStatus.OPENED, "owner_consent")


def test_KEY_03_nobody_opens_a_seal_without_consent_or_an_approved_emergency() -> None:
    with pytest.raises(Forbidden) as refused:
        sealed().open_for_emergency(CUSTODIAN.actor, emergency_id="e-1", approved=False, now=T0)
    assert (refused.value.rule_id, refused.value.code) == ("KEY-03", "seal_opening_not_allowed")
    with pytest.raises(Forbidden):  # an agent does not open seals, consent or not
        sealed().open_with_consent(AGENT.actor, channel="phone", consented_at=T0, policy=POLICY, now=T0)
    with pytest.raises(IllegalMove):  # no seal to open
        deposit().open_for_emergency(CUSTODIAN.actor, emergency_id="e-1", approved=True, now=T0)
    made = sealed()
    made.open_for_emergency(CUSTODIAN.actor, emergency_id="e-1", approved=True, now=T0)
    assert (made.status, made.opened_by_emergency) == (DepositStatus.OPENED, "e-1")


def test_KEY_03_a_re_seal_takes_a_new_seal_number() -> None:
    made = sealed()
    made.open_for_emergency(CUSTODIAN.actor, emergency_id="e-1", approved=True, now=T0)
    with pytest.raises(InvalidInput):
        made.seal(CUSTODIAN.actor, seal_number="S-001", signature_ref="photo://2", sealed_by_owner=True, now=T0)
    again = made.seal(CUSTODIAN.actor, seal_number="S-002", signature_ref="photo://2", sealed_by_owner=True, now=T0)
    assert again.reseal and made.seal_numbers == ("S-001", "S-002") and made.opened_by_emergency == ""


def test_KEY_06_only_fire_flood_or_gas_and_only_an_owners_keys() -> None:
    facts = KeySetFacts(key_set_id="k", branch_id="b1", owner_entrusted=True, sealed=False, deposit_id="")
    with pytest.raises(InvalidInput):
        Emergency.declare(
            emergency_id="e",
            actor=AGENT.actor,
            key_set=facts,
            hazard="burglary",
            description="d",
            policy=POLICY,
            now=T0,
        )
    vacant = KeySetFacts(key_set_id="k", branch_id="b1", owner_entrusted=False, sealed=False, deposit_id="")
    with pytest.raises(InvalidInput) as not_owner:
        Emergency.declare(
            emergency_id="e", actor=AGENT.actor, key_set=vacant, hazard="fire", description="d", policy=POLICY, now=T0
        )
    assert not_owner.value.code == "not_owner_keys"


def test_PLT_02_an_emergency_requested_by_its_approver_is_refused() -> None:
    made = emergency(by=LEAD)
    with pytest.raises(Forbidden) as own:
        made.approve(LEAD.actor, reason="", now=T0)
    assert (own.value.rule_id, own.value.code) == ("PLT-02", "self_approval")
    assert made.approvals == ()


def test_KEY_06_approvals_are_one_per_role_by_different_people() -> None:
    made = emergency()
    with pytest.raises(Forbidden):
        made.approve(AGENT2.actor, reason="", now=T0)  # not an approver role
    made.approve(LEAD_MANAGER.actor, reason="", now=T0)
    with pytest.raises(Forbidden) as twice:
        made.approve(LEAD_MANAGER.actor, reason="", now=T0)  # holds both roles, approves once
    assert twice.value.code == "approver_twice"
    with pytest.raises(Forbidden):
        made.approve(call("lead-2", "team_lead").actor, reason="", now=T0)  # the lead's slot is taken
    made.approve(MANAGER.actor, reason="", now=T0)
    assert made.approved and [a.role for a in made.approvals] == ["team_lead", "manager"]


def test_KEY_06_keys_go_after_both_approvals_or_with_why_there_was_no_time() -> None:
    made = emergency()
    made.approve(LEAD.actor, reason="", now=T0)
    with pytest.raises(Forbidden) as early:
        made.use_keys(AGENT.actor, staff=TEAM, no_time_reason="", now=T0)
    assert (early.value.rule_id, early.value.code) == ("KEY-06", "emergency_not_approved")
    made.use_keys(AGENT.actor, staff=TEAM, no_time_reason="water pouring into 1101", now=T0)
    with pytest.raises(InvalidInput):  # after the fact: the reason is required
        made.approve(MANAGER.actor, reason="", now=T0 + timedelta(minutes=30))
    made.approve(MANAGER.actor, reason="approved by phone, recorded on return", now=T0 + timedelta(minutes=30))
    assert [a.after_the_fact for a in made.approvals] == [False, True]


def test_KEY_06_two_distinct_named_staff_enter() -> None:
    a = Person("Li Lei", CS, "agent-1")
    with pytest.raises(InvalidInput) as one:
        check_people_entering([a], sealed=False)
    assert one.value.code == "too_few_staff"
    for twice in (
        [a, a],  # one listed twice
        [a, Person("Lei Li", CS, "agent-1")],  # one id under two names
        [Person("Li Lei", CS), Person("  li   LEI ", StaffRole.ENGINEERING)],  # one name, folded
    ):
        with pytest.raises(InvalidInput) as same:
            check_people_entering(twice, sealed=False)
        assert (same.value.rule_id, same.value.code) == ("KEY-06", "staff_listed_twice")
    assert len(check_people_entering([a, Person("Wu Gang", StaffRole.ENGINEERING)], sealed=False)) == 2


def test_KEY_06_a_sealed_set_is_opened_with_two_customer_service_staff_and_a_guard() -> None:
    two_cs = TEAM[:2]
    with pytest.raises(InvalidInput) as no_guard:
        check_people_entering(two_cs, sealed=True)
    assert no_guard.value.code == "sealed_needs_guard"
    with pytest.raises(InvalidInput):
        check_people_entering([TEAM[0], TEAM[2], Person("Wu Gang", StaffRole.ENGINEERING)], sealed=True)
    assert check_people_entering(TEAM, sealed=True) == TEAM
    with pytest.raises(InvalidInput):
        person("Wu Gang", "plumber")


def test_KEY_06_the_owner_contact_is_to_the_minute_never_ahead_nor_before_the_emergency() -> None:
    made = emergency()
    now = T0 + timedelta(minutes=20)
    for wrong in (T0 - timedelta(minutes=1), now + timedelta(minutes=2), None):
        with pytest.raises(InvalidInput):
            made.record_owner_contact(AGENT.actor, contacted_at=wrong, channel="phone", note="", policy=POLICY, now=now)
    made.record_owner_contact(
        AGENT.actor,
        contacted_at=T0 + timedelta(minutes=3, seconds=59),
        channel="phone",
        note="",
        policy=POLICY,
        now=now,
    )
    assert made.owner_contacted_at == T0 + timedelta(minutes=3)


def test_KEY_06_closing_needs_approvals_contact_and_duty_log_then_the_owner_re_seals() -> None:
    made = emergency()
    made.approve(LEAD.actor, reason="", now=T0)
    made.approve(MANAGER.actor, reason="", now=T0)
    made.use_keys(AGENT.actor, staff=TEAM, no_time_reason="", now=T0)
    with pytest.raises(InvalidInput) as incomplete:
        made.close(AGENT.actor, now=T0)
    assert incomplete.value.code == "emergency_incomplete"
    made.record_owner_contact(AGENT.actor, contacted_at=T0, channel="phone", note="", policy=POLICY, now=T0)
    with pytest.raises(InvalidInput):
        made.close(AGENT.actor, now=T0)  # still no duty-log entry
    made.log_duty(AGENT.actor, entry="stopped the leak at the valve", now=T0)
    made.close(AGENT.actor, now=T0)
    assert (made.status, made.reseal_task) == (EmergencyStatus.CLOSED, ResealTask.OPEN)
    made.close_reseal_task(CUSTODIAN.actor, seal_number="S-002", now=T0)
    assert (made.reseal_task, made.resealed_with) == (ResealTask.DONE, "S-002")
    with pytest.raises(InvalidInput):
        made.close_reseal_task(CUSTODIAN.actor, seal_number="S-003", now=T0)


def test_KEY_06_an_unsealed_set_needs_no_re_seal() -> None:
    made = emergency(is_sealed=False)
    made.approve(LEAD.actor, reason="", now=T0)
    made.approve(MANAGER.actor, reason="", now=T0)
    made.use_keys(AGENT.actor, staff=TEAM[:2], no_time_reason="", now=T0)
    made.record_owner_contact(AGENT.actor, contacted_at=T0, channel="phone", note="", policy=POLICY, now=T0)
    made.log_duty(AGENT.actor, entry="gas smell checked", now=T0)
    made.close(AGENT.actor, now=T0)
    assert made.reseal_task is ResealTask.NONE


def test_KEY_06_approvals_missing_at_the_deadline_are_overdue_once() -> None:
    made = emergency()
    assert not made.mark_approval_overdue(AGENT.actor, now=T0 + timedelta(hours=23))
    assert made.mark_approval_overdue(AGENT.actor, now=T0 + timedelta(hours=24))
    assert not made.mark_approval_overdue(AGENT.actor, now=T0 + timedelta(hours=25))
    approved = emergency()
    approved.approve(LEAD.actor, reason="", now=T0)
    approved.approve(MANAGER.actor, reason="", now=T0)
    assert not approved.mark_approval_overdue(AGENT.actor, now=T0 + timedelta(hours=24))


def test_KEY_06_sealed_approvers_are_a_policy_setting_with_the_lead_and_project_manager_by_default() -> None:
    settings = KeysSettings()
    assert settings.policy().sealed_emergency_approver_roles == ("team_lead", "manager")
    alternative = KeysSettings(sealed_emergency_approver_roles="manager, general_manager").policy()
    policy = CustodyPolicy(sealed_approver_roles=alternative.sealed_emergency_approver_roles)
    made = emergency(policy=policy)
    with pytest.raises(Forbidden):
        made.approve(LEAD.actor, reason="", now=T0)
    made.approve(MANAGER.actor, reason="", now=T0)
    made.approve(GM.actor, reason="", now=T0)
    assert made.approved
    assert emergency(is_sealed=False, policy=policy).approver_roles == ("team_lead", "manager")
    with pytest.raises(ValueError, match="two distinct approver roles"):
        KeysSettings(sealed_emergency_approver_roles="manager")
