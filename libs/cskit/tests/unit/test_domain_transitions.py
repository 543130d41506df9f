"""The kit's transition-table type: every pair not in the table is illegal and names its rule."""

from __future__ import annotations

import itertools
from enum import StrEnum

import pytest

from cskit.domain import RuleViolation
from cskit.domain.transitions import IllegalMove, TransitionTable


class Door(StrEnum):
    OPEN = "open"
    SHUT = "shut"
    LOCKED = "locked"


class Push(StrEnum):
    OPEN = "open"
    SHUT = "shut"
    LOCK = "lock"
    UNLOCK = "unlock"


class DoorStuck(IllegalMove):
    pass


MOVES = {
    (Door.SHUT, Push.OPEN): Door.OPEN,
    (Door.OPEN, Push.SHUT): Door.SHUT,
    (Door.SHUT, Push.LOCK): Door.LOCKED,
    (Door.LOCKED, Push.UNLOCK): Door.SHUT,
}
RULES = {Push.OPEN: "DOR-01", Push.SHUT: "DOR-01", Push.LOCK: "DOR-02", Push.UNLOCK: "DOR-02"}
TABLE: TransitionTable[Door, Push] = TransitionTable(
    MOVES, record="a door", rule=RULES, codes={Push.UNLOCK: "not_locked"}, error=DoorStuck
)


@pytest.mark.parametrize(("status", "action"), list(itertools.product(Door, Push)))
def test_every_pair_is_either_a_move_or_illegal_with_its_rule(status: Door, action: Push) -> None:
    if (status, action) in MOVES:
        assert TABLE.move(status, action) is MOVES[(status, action)]
        assert action in TABLE.allowed(status)
        assert TABLE.allows(status, action)
    else:
        with pytest.raises(DoorStuck) as caught:
            TABLE.move(status, action)
        assert isinstance(caught.value, RuleViolation)
        assert caught.value.rule_id == RULES[action]
        assert caught.value.code == ("not_locked" if action is Push.UNLOCK else "illegal_transition")
        assert caught.value.message == f"cannot {action.value} a door that is {status.value}"
        assert (caught.value.status, caught.value.action) == (status.value, action.value)
        assert action not in TABLE.allowed(status)


def test_the_table_reads_as_the_mapping_it_was_given() -> None:
    assert TABLE == MOVES
    assert len(TABLE) == 4 and set(TABLE) == set(MOVES)
    with pytest.raises(TypeError):
        TABLE[(Door.OPEN, Push.LOCK)] = Door.LOCKED  # type: ignore[index]


def test_one_rule_id_for_the_whole_table_and_the_default_error() -> None:
    table: TransitionTable[Door, Push] = TransitionTable(MOVES, record="a door", rule="DOR-09")
    with pytest.raises(IllegalMove) as caught:
        table.move(Door.LOCKED, Push.OPEN)
    assert caught.value.rule_id == "DOR-09"


def test_an_action_without_a_rule_id_is_refused_when_the_table_is_built() -> None:
    with pytest.raises(ValueError, match="lock"):
        TransitionTable(MOVES, record="a door", rule={Push.OPEN: "DOR-01", Push.SHUT: "DOR-01"})
