"""The item: an event-sourced record of one branch. Commands validate, then ``_record``
events; ``_apply`` is the only code that changes state, so ``Item.rebuild(history)``
reproduces it exactly and ``to_document`` is what the read model stores."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import assert_never

from attendance.items.domain.events import ItemCompleted, ItemCreated, ItemEvent
from attendance.items.domain.states import TRANSITIONS, ItemAction, ItemStatus
from cskit.domain import Actor, InvalidInput
from cskit.domain.aggregate import EventSourced
from cskit.domain.text import clean_text

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_TITLE = 200


class Item(EventSourced[ItemEvent]):
    """Build it with ``create`` or ``rebuild``, never directly."""

    id: str
    branch_id: str
    title: str
    status: ItemStatus
    created_by: str
    completed_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = ""
        self.branch_id = ""
        self.title = ""
        self.status = ItemStatus.UNSPECIFIED
        self.created_by = ""
        self.completed_by = ""
        self.created_at = _EPOCH
        self.updated_at = _EPOCH

    @classmethod
    def create(cls, *, item_id: str, actor: Actor, title: str, now: datetime) -> Item:
        text = clean_text(title, "title", multiline=False).strip()
        if not text or len(text) > MAX_TITLE:
            raise InvalidInput.on("title", f"must be 1 to {MAX_TITLE} characters")
        item = cls()
        item._record(
            ItemCreated(item_id=item_id, branch_id=actor.branch_id, title=text, actor=actor.subject, occurred_at=now)
        )
        return item

    @classmethod
    def rebuild(cls, history: Sequence[ItemEvent]) -> Item:
        item = cls()
        item._replay(history)
        return item

    def complete(self, actor: Actor, now: datetime) -> None:
        TRANSITIONS.move(self.status, ItemAction.COMPLETE)
        self._record(ItemCompleted(item_id=self.id, actor=actor.subject, occurred_at=now))

    def _apply(self, event: ItemEvent) -> None:
        match event:
            case ItemCreated():
                self.id, self.branch_id, self.title = event.item_id, event.branch_id, event.title
                self.status, self.created_by, self.created_at = ItemStatus.OPEN, event.actor, event.occurred_at
            case ItemCompleted():
                self.status = TRANSITIONS.move(self.status, ItemAction.COMPLETE)
                self.completed_by = event.actor
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
