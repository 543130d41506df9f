"""How the charges' records are stored: the kit's event store, configured once per record."""

from __future__ import annotations

from aftersales.charges.domain.completion import Completion
from aftersales.charges.domain.events import CompletionEvent, PriceEvent, QuoteEvent
from aftersales.charges.domain.price import PriceItem
from aftersales.charges.domain.quote import Quote
from aftersales.charges.persistence.rows import (
    CompletionEventRow,
    CompletionRow,
    PriceItemEventRow,
    PriceItemRow,
    QuoteEventRow,
    QuoteRow,
)
from cskit.eventstore import EventStore, stream_of

PRICE_ITEMS: EventStore[PriceItem, PriceEvent] = EventStore(
    stream_of(
        PriceItem,
        record="price item",
        projection=PriceItemRow,
        events=PriceItemEventRow,
        stream_column="item_id",
        event_union=PriceEvent,
        columns=lambda i: {"code": i.code, "name": i.name, "active": i.active, "created_at": i.created_at},
    )
)

QUOTES: EventStore[Quote, QuoteEvent] = EventStore(
    stream_of(
        Quote,
        record="quote",
        projection=QuoteRow,
        events=QuoteEventRow,
        stream_column="quote_id",
        event_union=QuoteEvent,
        columns=lambda q: {"order_id": q.order_id, "state": q.state.value, "created_at": q.created_at},
    )
)

COMPLETIONS: EventStore[Completion, CompletionEvent] = EventStore(
    stream_of(
        Completion,
        record="completion",
        projection=CompletionRow,
        events=CompletionEventRow,
        stream_column="order_id",
        event_union=CompletionEvent,
        columns=lambda x: {"charged": x.charged, "filed": x.filed},
    )
)
