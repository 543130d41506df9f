"""One page of a record's append-only history (PLT-04), for every event-sourced record."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from complaints.app.ports import HistoryItem, Page
from cskit.pagination import PageTokens, page_size


class EventRow(Protocol):
    sequence: int
    event_type: str
    actor: str
    data: dict[str, Any]

    @property
    def occurred_at(self) -> Any: ...


async def history_page(
    session: AsyncSession,
    row: type[EventRow],
    owner: InstrumentedAttribute[str],
    owner_id: str,
    page: Page,
    tokens: PageTokens,
) -> tuple[list[HistoryItem], str]:
    """``owner_id``'s events after the page token's sequence, oldest first; the caller has
    already checked the record is visible."""
    size = page_size(page.size)
    kind = f"history:{owner.key}"  # a complaint's token never pages an agreement
    after = tokens.after_sequence(page.token, kind)
    sequence: Any = getattr(row, "sequence")  # noqa: B009 - a mapped column, not the int attribute
    rows = list(
        await session.scalars(select(row).where(owner == owner_id, sequence > after).order_by(sequence).limit(size + 1))
    )
    # The owner's id, who and when are columns of the entry already; the details are the rest.
    hidden = (owner.key, "actor", "occurred_at")
    items = [
        HistoryItem(
            sequence=r.sequence,
            event_type=r.event_type,
            actor=r.actor,
            occurred_at=r.occurred_at,
            details={k: v for k, v in r.data.items() if k not in hidden},
        )
        for r in rows[:size]
    ]
    return items, tokens.encode(kind, [items[-1].sequence]) if len(rows) > size else ""
