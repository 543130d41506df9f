"""How fault cases are stored: the kit's event store, configured once."""

from __future__ import annotations

from aftersales.faults.domain.events import FaultEvent
from aftersales.faults.domain.model import FaultCase
from aftersales.faults.persistence.rows import FaultCaseEventRow, FaultCaseRow
from cskit.eventstore import EventStore, stream_of


def fault_columns(case: FaultCase) -> dict[str, object]:
    return {
        "state": case.state.value,
        "decision": case.decision,
        "chargeable": case.chargeable,
        "work_order_id": case.work_order_id,
        "created_at": case.created_at,
    }


FAULTS: EventStore[FaultCase, FaultEvent] = EventStore(
    stream_of(
        FaultCase,
        record="fault case",
        projection=FaultCaseRow,
        events=FaultCaseEventRow,
        stream_column="case_id",
        event_union=FaultEvent,
        columns=fault_columns,
    )
)
