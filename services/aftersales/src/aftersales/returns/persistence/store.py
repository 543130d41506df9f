"""How return cases are stored: the kit's event store, configured once."""

from __future__ import annotations

from aftersales.returns.domain.events import ReturnEvent
from aftersales.returns.domain.model import ReturnCase
from aftersales.returns.persistence.rows import ReturnCaseEventRow, ReturnCaseRow
from cskit.eventstore import EventStore, stream_of


def return_columns(case: ReturnCase) -> dict[str, object]:
    return {
        "situation": case.situation.value,
        "state": case.state.value,
        "order_ref": case.order_ref,
        "payment_means": case.payment_means.value,
        "refund_due": case.refund_due,
        "refund_overdue": case.refund_overdue,
        "created_at": case.created_at,
    }


RETURNS: EventStore[ReturnCase, ReturnEvent] = EventStore(
    stream_of(
        ReturnCase,
        record="return case",
        projection=ReturnCaseRow,
        events=ReturnCaseEventRow,
        stream_column="case_id",
        event_union=ReturnEvent,
        columns=return_columns,
    )
)
