"""The item's domain: creation checks its title, the transition table is exactly the agreed
one, an illegal move is refused, and the history rebuilds the same item as the document."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from attendance.items.domain.events import ItemCompleted, ItemCreated
from attendance.items.domain.model import Item
from attendance.items.domain.states import TRANSITIONS, IllegalItemMove, ItemAction, ItemStatus

from cskit.domain import Actor, InvalidInput

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
AGENT = Actor(subject="agent-1", branch_id="b1", roles=frozenset({"agent"}))


def test_the_transition_table_is_exactly_open_to_done() -> None:
    assert dict(TRANSITIONS) == {(ItemStatus.OPEN, ItemAction.COMPLETE): ItemStatus.DONE}


def test_create_records_the_item_in_the_actors_branch() -> None:
    item = Item.create(item_id="i-1", actor=AGENT, title="  Replace the lobby lamp ", now=T0)
    assert (item.branch_id, item.title, item.status, item.created_by) == (
        "b1",
        "Replace the lobby lamp",
        ItemStatus.OPEN,
        "agent-1",
    )
    assert item.pull_pending() == [
        ItemCreated(item_id="i-1", branch_id="b1", title="Replace the lobby lamp", actor="agent-1", occurred_at=T0)
    ]


@pytest.mark.parametrize("title", ["", "   ", "x" * 201, "bell\x07"])
def test_a_blank_long_or_control_character_title_is_refused(title: str) -> None:
    with pytest.raises(InvalidInput):
        Item.create(item_id="i-1", actor=AGENT, title=title, now=T0)


def test_complete_moves_open_to_done_once() -> None:
    item = Item.create(item_id="i-1", actor=AGENT, title="Lamp", now=T0)
    item.complete(AGENT, T0 + timedelta(hours=1))
    assert (item.status, item.completed_by, item.updated_at) == (ItemStatus.DONE, "agent-1", T0 + timedelta(hours=1))
    with pytest.raises(IllegalItemMove):
        item.complete(AGENT, T0 + timedelta(hours=2))
    assert isinstance(item.history[-1], ItemCompleted)


def test_the_history_and_the_document_give_the_same_item() -> None:
    item = Item.create(item_id="i-1", actor=AGENT, title="Lamp", now=T0)
    item.complete(AGENT, T0 + timedelta(minutes=5))
    rebuilt = Item.rebuild(item.history)
    restored = Item.from_document(item.to_document(), item.version)
    assert rebuilt.to_document() == restored.to_document() == item.to_document()
    assert restored.version == rebuilt.version == 2
