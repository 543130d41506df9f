"""How stock-take sessions are stored: the kit's event store, configured once."""

from __future__ import annotations

from archives.stocktake.domain.events import StocktakeEvent
from archives.stocktake.domain.model import StocktakeSession
from archives.stocktake.persistence.rows import StocktakeEventRow, StocktakeRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def stocktake_not_found(session_id: str) -> NotFound:
    return NotFound(f"stock-take {session_id} not found", code="stocktake_not_found")


def stocktake_columns(session: StocktakeSession) -> dict[str, object]:
    return {
        "kind": session.kind,
        "period": session.period,
        "slot": session.slot,
        "status": session.status.value,
        "counted_by": session.counted_by,
        "missing": session.missing,
        "misplaced": session.misplaced,
        "damaged": session.damaged,
        "recovered": session.recovered,
        "unknown": session.unknown,
        "lent_on_shelf": session.lent_on_shelf,
        "created_at": session.created_at,
        "closed_at": session.closed_at,
    }


STOCKTAKES: EventStore[StocktakeSession, StocktakeEvent] = EventStore(
    stream_of(
        StocktakeSession,
        record="stock-take",
        projection=StocktakeRow,
        events=StocktakeEventRow,
        stream_column="session_id",
        event_union=StocktakeEvent,
        columns=stocktake_columns,
        not_found=stocktake_not_found,
    )
)
