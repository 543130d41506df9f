"""Item statuses and the ONE transition table: open -> done, once."""

from __future__ import annotations

from enum import StrEnum

from cskit.domain.transitions import IllegalMove, TransitionTable


class IllegalItemMove(IllegalMove):
    """An action the item's current status does not allow."""


class ItemStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    OPEN = "open"
    DONE = "done"


class ItemAction(StrEnum):
    COMPLETE = "complete"


TRANSITIONS: TransitionTable[ItemStatus, ItemAction] = TransitionTable(
    {(ItemStatus.OPEN, ItemAction.COMPLETE): ItemStatus.DONE},
    record="an item",
    rule="",
    error=IllegalItemMove,
)
