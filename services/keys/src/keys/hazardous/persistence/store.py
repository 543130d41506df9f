"""How hazardous-key issues are stored: the kit's event store, configured once."""

from __future__ import annotations

from cskit.eventstore import EventStore, stream_of
from keys.hazardous.domain.events import HazardousEvent
from keys.hazardous.domain.model import HazardousIssue
from keys.hazardous.persistence.rows import HazardousIssueEventRow, HazardousIssueRow


def columns(record: HazardousIssue) -> dict[str, object]:
    return {"key_set_id": record.key_set_id, "status": record.status.value, "created_at": record.created_at}


HAZARDOUS_ISSUES: EventStore[HazardousIssue, HazardousEvent] = EventStore(
    stream_of(
        HazardousIssue,
        record="hazardous-key issue",
        projection=HazardousIssueRow,
        events=HazardousIssueEventRow,
        stream_column="issue_id",
        event_union=HazardousEvent,
        columns=columns,
    )
)
