"""How discrepancy cases are stored: the kit's event store, configured once. Other
sub-domains open cases by adding to a repository of this store in their own unit of work."""

from __future__ import annotations

from cskit.eventstore import EventStore, stream_of
from keys.discrepancies.domain.events import DiscrepancyEvent
from keys.discrepancies.domain.model import Discrepancy
from keys.discrepancies.persistence.rows import DiscrepancyEventRow, DiscrepancyRow


def discrepancy_columns(case: Discrepancy) -> dict[str, object]:
    return {
        "key_set_id": case.key_set_id,
        "kind": case.kind.value,
        "status": case.status.value,
        "pinned_on": case.pinned_on,
        "source_ref": case.source_ref,
        "created_at": case.created_at,
    }


DISCREPANCIES: EventStore[Discrepancy, DiscrepancyEvent] = EventStore(
    stream_of(
        Discrepancy,
        record="discrepancy",
        projection=DiscrepancyRow,
        events=DiscrepancyEventRow,
        stream_column="discrepancy_id",
        event_union=DiscrepancyEvent,
        columns=discrepancy_columns,
    )
)
