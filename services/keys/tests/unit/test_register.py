"""The key set (KEY-01, KEY-02): what enters the register, and the ONE transition table every
key movement goes through."""

from __future__ import annotations

from datetime import timedelta

import pytest
from keys.domain.kinds import KeyKind, KeyState, due_same_day
from keys.register.domain.model import KeySet
from keys.register.domain.states import TRANSITIONS, IllegalKeySetMove, KeySetAction
from keys.testing import AGENT, CUSTODIAN, T0, key_set

from cskit.domain import Forbidden, InvalidInput


def test_KEY_01_every_kind_of_key_enters_the_register_in_the_cabinet() -> None:
    for kind in KeyKind:
        if kind is KeyKind.UNSPECIFIED:
            continue
        made = key_set(kind)
        assert (made.kind, made.state, made.key_count) == (kind, KeyState.IN_CABINET, 2)


def test_KEY_01_an_unknown_kind_and_an_owner_entrusted_set_without_owner_are_refused() -> None:
    base = dict(key_set_id="k", actor=CUSTODIAN.actor, code="A", unit="u", key_count=1, cabinet="C", hook="H", now=T0)
    with pytest.raises(InvalidInput):
        KeySet.register(kind="spare", custodian="c", **base)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as owner:
        KeySet.register(kind="owner_entrusted", custodian="c", **base)  # type: ignore[arg-type]
    assert owner.value.rule_id == "KEY-01"


def test_KEY_02_only_the_custodian_a_lead_or_a_manager_keeps_the_register() -> None:
    with pytest.raises(Forbidden):
        key_set(by=AGENT)
    made = key_set()
    with pytest.raises(Forbidden):
        made.update(AGENT.actor, cabinet="C2", hook="H2", custodian="x", note="", now=T0)
    made.update(CUSTODIAN.actor, cabinet="C2", hook="H9", custodian="deputy-1", note="moved", now=T0)
    assert (made.cabinet, made.hook, made.custodian) == ("C2", "H9", "deputy-1")


@pytest.mark.parametrize("count", [0, -1, 101])
def test_KEY_02_a_set_holds_one_to_a_hundred_keys(count: int) -> None:
    with pytest.raises(InvalidInput):
        key_set(key_count=count)


def test_KEY_02_text_is_checked_and_bounded() -> None:
    with pytest.raises(InvalidInput):
        key_set(unit="x" * 101)
    with pytest.raises(InvalidInput):
        key_set(unit="bad\x00unit")


def test_the_transition_table_is_the_agreed_one() -> None:
    S, A = KeyState, KeySetAction  # noqa: N806 - the table reads as the docstring draws it
    assert dict(TRANSITIONS) == {
        (S.IN_CABINET, A.LEND): S.LENT,
        (S.LENT, A.RETURN): S.IN_CABINET,
        (S.IN_CABINET, A.SEAL): S.SEALED,
        (S.SEALED, A.OPEN_SEAL): S.IN_CABINET,
        (S.IN_CABINET, A.REPORT_LOST): S.LOST,
        (S.LENT, A.REPORT_LOST): S.LOST,
        (S.SEALED, A.REPORT_LOST): S.LOST,
        (S.LOST, A.REPLACE): S.IN_CABINET,
        (S.IN_CABINET, A.RETIRE): S.RETIRED,
        (S.LOST, A.RETIRE): S.RETIRED,
    }


def test_KEY_04_a_lent_set_cannot_be_lent_again_and_returns_only_under_its_own_loan() -> None:
    made = key_set()
    made.lend(CUSTODIAN.actor, ref="loan-1", borrower="agent-1", due_at=T0 + timedelta(hours=2), now=T0)
    assert (made.state, made.ref, made.borrower) == (KeyState.LENT, "loan-1", "agent-1")
    with pytest.raises(IllegalKeySetMove) as again:
        made.lend(CUSTODIAN.actor, ref="loan-2", borrower="agent-2", due_at=T0, now=T0)
    assert (again.value.rule_id, again.value.code) == ("KEY-04", "key_set_not_available")
    with pytest.raises(InvalidInput):
        made.return_(CUSTODIAN.actor, ref="loan-2", now=T0)
    made.return_(CUSTODIAN.actor, ref="loan-1", now=T0)
    assert (made.state, made.ref, made.due_at) == (KeyState.IN_CABINET, "", None)


def test_KEY_03_sealed_keys_are_not_lent_and_the_seal_opens_with_a_reason() -> None:
    made = key_set(KeyKind.OWNER_ENTRUSTED)
    made.seal(CUSTODIAN.actor, ref="deposit-1", seal_number="S-001", now=T0)
    with pytest.raises(IllegalKeySetMove):
        made.lend(CUSTODIAN.actor, ref="loan", borrower="a", due_at=T0, now=T0)
    made.open_seal(CUSTODIAN.actor, ref="emergency-1", reason="water leak", now=T0)
    assert (made.state, made.seal_number) == (KeyState.IN_CABINET, "")


def test_KEY_09_lost_then_replaced_with_new_keys() -> None:
    made = key_set()
    made.report_lost(CUSTODIAN.actor, ref="loss-1", now=T0)
    with pytest.raises(IllegalKeySetMove):
        made.lend(CUSTODIAN.actor, ref="loan", borrower="a", due_at=T0, now=T0)
    made.replace(CUSTODIAN.actor, ref="loss-1", count=3, now=T0)
    assert (made.state, made.key_count) == (KeyState.IN_CABINET, 3)


def test_a_rebuilt_key_set_equals_the_live_one() -> None:
    made = key_set(KeyKind.OWNER_ENTRUSTED)
    made.seal(CUSTODIAN.actor, ref="deposit-1", seal_number="S-1", now=T0)
    history = made.pull_pending()
    assert KeySet.rebuild(history).to_document() == made.to_document()


def test_KEY_04_vacant_unit_and_repair_keys_are_due_the_same_day() -> None:
    assert {k for k in KeyKind if due_same_day(k)} == {KeyKind.VACANT_UNIT, KeyKind.REPAIR}
